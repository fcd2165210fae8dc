// Plekwijzer widget: open work offers for the municipal intranet.
//
// Embed with
//   <script src="https://<host>/widget.js" async></script>
//   <plekwijzer-werkplekken werksoort="" dagdeel="" limiet="6"></plekwijzer-werkplekken>
//
// Safe by construction: offer texts come from partners and are only ever
// set as text (textContent), never parsed as HTML; requests send no
// credentials; nothing is stored in the browser. Shadow DOM keeps the
// intranet's styles and the widget's apart. Theme with CSS custom
// properties on the element: --plekwijzer-kleur, --plekwijzer-tekst,
// --plekwijzer-achtergrond, --plekwijzer-rand.
(() => {
  'use strict';
  if (customElements.get('plekwijzer-werkplekken')) return;

  const script = document.currentScript;
  const BASE = new URL(script && script.src ? script.src : location.href).origin;
  const DAGDELEN = ['ma-ochtend', 'ma-middag', 'di-ochtend', 'di-middag', 'wo-ochtend',
    'wo-middag', 'do-ochtend', 'do-middag', 'vr-ochtend', 'vr-middag'];
  const DAG = { ma: 'maandag', di: 'dinsdag', wo: 'woensdag', do: 'donderdag', vr: 'vrijdag' };
  const dagdeelTekst = (d) => { const [dag, deel] = d.split('-'); return DAG[dag] + ' ' + deel; };

  const CSS = `
:host { display: block; font: inherit; color: var(--plekwijzer-tekst, #1a1a1a);
  --k: var(--plekwijzer-kleur, #154273); }
* { box-sizing: border-box; }
.pw { background: var(--plekwijzer-achtergrond, #fff); border: 1px solid var(--plekwijzer-rand, #b4b4b4);
  border-radius: 4px; padding: 1rem; }
h2 { font-size: 1.25rem; margin: 0 0 .75rem; color: var(--k); }
h3 { margin: 0; font-size: 1rem; }
form { display: flex; flex-wrap: wrap; gap: .75rem; margin-bottom: .75rem; }
label { display: flex; flex-direction: column; font-size: .9rem; gap: .25rem; flex: 1 1 12rem; }
input, select { font: inherit; padding: .4rem; border: 1px solid #6b6b6b; border-radius: 3px; min-height: 2.5rem; }
input:focus-visible, select:focus-visible, a:focus-visible { outline: 3px solid #ffbf47; outline-offset: 1px; }
ul { list-style: none; margin: 0; padding: 0; display: grid; gap: .75rem;
  grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); }
li { border: 1px solid var(--plekwijzer-rand, #b4b4b4); border-radius: 4px; padding: .75rem; }
a { color: var(--k); font-weight: bold; text-decoration: underline; }
.meta, .vrij { font-size: .9rem; margin: .25rem 0 0; }
.omschrijving { margin: .5rem 0 0; overflow-wrap: anywhere; }
.nieuw { display: inline-block; margin-left: .4rem; padding: 0 .4rem; font-size: .8rem; font-weight: bold;
  color: #fff; background: #39870c; border-radius: 3px; vertical-align: middle; }
.status { font-size: .9rem; margin: .5rem 0; }
.fout { color: #d52b1e; font-weight: bold; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

  const el = (tag, props, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
    }
    for (const c of children) if (c) e.append(c);
    return e;
  };

  async function getJSON(path, params) {
    const url = new URL('/api/v1/' + path, BASE);
    for (const [k, v] of params) url.searchParams.append(k, v);
    const res = await fetch(url, { credentials: 'omit', mode: 'cors', referrerPolicy: 'no-referrer' });
    if (!res.ok) throw new Error('status ' + res.status);
    return res.json();
  }

  class Werkplekken extends HTMLElement {
    static get observedAttributes() { return ['werksoort', 'dagdeel', 'limiet']; }

    connectedCallback() {
      if (this.shadowRoot) return;
      const root = this.attachShadow({ mode: 'open' });
      // A constructed style sheet works under an intranet CSP that forbids
      // inline styles; older browsers get a style element.
      if ('adoptedStyleSheets' in root && 'replaceSync' in CSSStyleSheet.prototype) {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
        root.adoptedStyleSheets = [sheet];
      } else {
        root.append(el('style', { text: CSS }));
      }
      this.zoek = el('input', { type: 'search', name: 'q', autocomplete: 'off' });
      this.soort = el('select', { name: 'werksoort' }, el('option', { value: '', text: 'Alle werksoorten' }));
      this.dagdeel = el('select', { name: 'dagdeel' }, el('option', { value: '', text: 'Alle dagdelen' }),
        ...DAGDELEN.map((d) => el('option', { value: d, text: dagdeelTekst(d) })));
      this.status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
      this.lijst = el('ul', { 'aria-label': 'Werkplekken' });
      const form = el('form', { role: 'search' },
        el('label', {}, el('span', { text: 'Zoeken' }), this.zoek),
        el('label', {}, el('span', { text: 'Werksoort' }), this.soort),
        el('label', {}, el('span', { text: 'Dagdeel met een vrije plaats' }), this.dagdeel));
      form.addEventListener('submit', (e) => { e.preventDefault(); this.laad(); });
      root.append(el('section', { class: 'pw', 'aria-label': 'Werkplekken' },
        el('h2', { text: this.getAttribute('titel') || 'Werk bij iederz en partners' }), form, this.status, this.lijst));
      this.soort.value = this.getAttribute('werksoort') || '';
      this.dagdeel.value = this.getAttribute('dagdeel') || '';
      let wacht;
      this.zoek.addEventListener('input', () => { clearTimeout(wacht); wacht = setTimeout(() => this.laad(), 250); });
      this.soort.addEventListener('change', () => this.laad());
      this.dagdeel.addEventListener('change', () => this.laad());
      this.laadWerksoorten();
      this.laad();
    }

    attributeChangedCallback(name, oud, nieuw) {
      if (!this.shadowRoot || oud === nieuw) return;
      if (name === 'werksoort') this.soort.value = nieuw || '';
      if (name === 'dagdeel') this.dagdeel.value = nieuw || '';
      this.laad();
    }

    async laadWerksoorten() {
      try {
        const data = await getJSON('publiek/werksoorten', [['paginaGrootte', '100']]);
        const gekozen = this.soort.value;
        for (const w of data.items) {
          if (!w.werkplekken) continue;
          this.soort.append(el('option', { value: w.code,
            text: w.naam + ' (' + w.werkplekken + ')' + (w.nieuw ? ' – nieuw' : '') }));
        }
        this.soort.value = gekozen;
      } catch (e) { /* the list of offers reports the failure */ }
    }

    async laad() {
      const limiet = Math.min(Math.max(parseInt(this.getAttribute('limiet'), 10) || 6, 1), 100);
      const params = [['paginaGrootte', String(limiet)]];
      if (this.soort.value) params.push(['werksoort', this.soort.value]);
      if (this.dagdeel.value) params.push(['dagdeel', this.dagdeel.value]);
      if (this.zoek.value.trim()) params.push(['q', this.zoek.value.trim().slice(0, 200)]);
      const vraag = (this.vraag = (this.vraag || 0) + 1);
      this.setAttribute('aria-busy', 'true');
      try {
        const data = await getJSON('publiek/werkplekken', params);
        if (vraag !== this.vraag) return;
        this.toon(data);
      } catch (e) {
        if (vraag !== this.vraag) return;
        this.lijst.replaceChildren();
        this.status.replaceChildren(el('span', { class: 'fout', text: 'De werkplekken konden niet worden geladen. Probeer het later opnieuw.' }));
      } finally {
        if (vraag === this.vraag) this.removeAttribute('aria-busy');
      }
    }

    toon(data) {
      const n = data.totaal;
      this.status.textContent = n === 0 ? 'Geen werkplekken gevonden.'
        : n === 1 ? '1 werkplek gevonden.'
          : n + ' werkplekken gevonden' + (data.items.length < n ? ', de eerste ' + data.items.length + ' staan hieronder.' : '.');
      this.lijst.replaceChildren(...data.items.map((w) => {
        const titel = el('a', { href: new URL(w.link, BASE).href, target: '_blank', rel: 'noopener noreferrer', text: w.titel });
        const kop = el('h3', {}, titel);
        if (w.nieuw) kop.append(el('span', { class: 'nieuw', text: 'nieuw' }));
        const vrij = DAGDELEN.filter((d) => w.vrij[d] > 0);
        return el('li', {}, kop,
          el('p', { class: 'meta', text: w.werksoort.naam + ' · ' + w.organisatie.naam + (w.plaats ? ' · ' + w.plaats : '') }),
          el('p', { class: 'vrij', text: w.vrijePlaatsen === 0 ? 'Nu geen vrije plaats'
            : w.vrijePlaatsen + (w.vrijePlaatsen === 1 ? ' vrije plaats' : ' vrije plaatsen') + ' op ' + vrij.map(dagdeelTekst).join(', ') }),
          w.omschrijving ? el('p', { class: 'omschrijving', text: w.omschrijving.length > 240 ? w.omschrijving.slice(0, 237) + '…' : w.omschrijving }) : null);
      }));
    }
  }

  customElements.define('plekwijzer-werkplekken', Werkplekken);
})();
