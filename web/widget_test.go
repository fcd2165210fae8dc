package web_test

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/api"
	"github.com/iederz/plekwijzer/seed"
	"github.com/iederz/plekwijzer/store/storetest"
	"github.com/iederz/plekwijzer/web"
)

// chromium returns the browser to test in. CI (PLEKWIJZER_REQUIRE_BROWSER=1)
// fails without it; elsewhere the test is skipped.
func chromium(t *testing.T) string {
	t.Helper()
	const path = "/usr/bin/chromium"
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("PLEKWIJZER_REQUIRE_BROWSER") == "1" {
			t.Fatalf("PLEKWIJZER_REQUIRE_BROWSER=1 but %s is missing (apt-get install -y chromium)", path)
		}
		t.Skipf("%s is missing; install Debian's chromium to run the browser tests", path)
	}
	return path
}

// browser starts headless Chromium with the flags this project uses.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium(t)),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// serve serves h on a new loopback port: each port is its own origin.
func serve(t *testing.T, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &httptest.Server{Listener: ln, Config: &http.Server{Handler: h}}
	s.Start()
	t.Cleanup(s.Close)
	return s.URL
}

// reserve picks a loopback origin for a server started later.
func reserve(t *testing.T) (net.Listener, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln, "http://" + ln.Addr().String()
}

const malicious = `Sorteren en prijzen. <img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`

// service runs the API with the widget on a fresh SQLite database holding
// three open offers (one with a hostile description) and a closed one.
func service(t *testing.T, allowed string) string {
	t.Helper()
	db := storetest.New(t, "sqlite")
	ctx := context.Background()
	if err := seed.Catalogue(ctx, db); err != nil {
		t.Fatal(err)
	}
	org := &plekwijzer.Organisation{Name: "Kringloop <b>Stad</b>", Kind: "sociale-onderneming", Postcode: "9723", Place: "Groningen"}
	if err := db.CreateOrganisation(ctx, org); err != nil {
		t.Fatal(err)
	}
	for _, o := range []struct{ title, workType, desc string }{
		{"Fietsen repareren", "fietsenreparatie", "Banden plakken en remmen afstellen."},
		{"Kleding sorteren", "kringloop", malicious},
		{"Tuin onderhouden", "groenvoorziening", "Snoeien en maaien."},
		{"Gesloten plek", "inpakken", "Niet meer open."},
	} {
		offer := &plekwijzer.Offer{OrganisationID: org.ID, Title: o.title, Description: o.desc, WorkTypeID: seed.WorkTypeID(o.workType),
			Supervision: 2, PhysicalLoad: plekwijzer.LoadLow, Capacity: plekwijzer.Capacity{"ma-ochtend": 2, "wo-middag": 1}, Postcode: "9723"}
		if o.title == "Gesloten plek" {
			offer.Status = plekwijzer.OfferClosed
		}
		if err := db.CreateOffer(ctx, offer); err != nil {
			t.Fatal(err)
		}
	}
	srv, err := api.New(db, slog.New(slog.DiscardHandler), api.Config{CORSOrigins: []string{allowed}})
	if err != nil {
		t.Fatal(err)
	}
	web.NewWidget(srv, []string{allowed}).Mount(srv.Echo())
	srv.SetReady(true)
	return serve(t, srv)
}

func hostPage(serviceURL string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html lang="nl"><head><title>Intranet</title>
<style>h2 { display: none } li { color: rgb(255, 0, 0) }</style></head><body>
<h1>Intranet van de gemeente</h1>
<script src="%[1]s/widget.js" async></script>
<plekwijzer-werkplekken limiet="10" style="--plekwijzer-kleur: rgb(0, 128, 0)"></plekwijzer-werkplekken>
<iframe id="lijst" src="%[1]s/widget/werkplekken" title="Werkplekken"></iframe>
</body></html>`, serviceURL)
	})
}

// inShadow evaluates a JavaScript expression with `root` bound to the
// widget's shadow root (null until it exists).
func inShadow(expr string) string {
	return `(() => { const el = document.querySelector('plekwijzer-werkplekken'); const root = el && el.shadowRoot; return (` + expr + `); })()`
}

// page drives one tab: each step fails the test on error.
type tab struct {
	t   *testing.T
	ctx context.Context
}

func (b tab) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.t.Fatal(err)
	}
}

// waitFor polls a JavaScript condition in the page.
func (b tab) waitFor(expr string) {
	b.t.Helper()
	b.do(chromedp.Steps(func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(15*time.Second))(ctx, t)
		return chromedp.Void{}, err
	}))
}

func eval[T any](b tab, expr string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// frameURL is the address the page's iframe shows.
func (b tab) frameURL() string {
	b.t.Helper()
	res, err := chromedp.Call(b.ctx, page.GetFrameTree, cdp.Empty{})
	if err != nil {
		b.t.Fatal(err)
	}
	url := ""
	for _, child := range res.FrameTree.ChildFrames {
		url = child.Frame.URL
	}
	return url
}

func TestWidgetEmbeddedCrossOrigin(t *testing.T) {
	b := tab{t, browser(t)}
	hostLn, allowed := reserve(t)
	svc := service(t, allowed)
	host := &httptest.Server{Listener: hostLn, Config: &http.Server{Handler: hostPage(svc)}}
	host.Start()
	t.Cleanup(host.Close)

	b.do(chromedp.Navigate(host.URL))
	b.waitFor(inShadow(`root && root.querySelectorAll('li').length === 3`))
	texts := eval[string](b, inShadow(`root.textContent`))
	if strings.Contains(texts, "Gesloten plek") || !strings.Contains(texts, "Fietsen repareren") {
		t.Fatalf("rendered: %s", texts)
	}
	// Partner texts stay inert text.
	pwned := eval[bool](b, `window.__pwned !== undefined`)
	tags := eval[int](b, inShadow(`root.querySelectorAll('img, script, b').length`))
	if pwned || tags != 0 || !strings.Contains(texts, `<img src=x onerror="window.__pwned=1">`) || !strings.Contains(texts, "Kringloop <b>Stad</b>") {
		t.Fatalf("partner text must stay inert text: pwned=%v, tags=%d, text %q", pwned, tags, texts)
	}
	// The intranet's CSS does not reach into the widget; the theme
	// property does.
	display := eval[string](b, inShadow(`getComputedStyle(root.querySelector('h2')).display`))
	colour := eval[string](b, inShadow(`getComputedStyle(root.querySelector('h2')).color`))
	if display == "none" || colour != "rgb(0, 128, 0)" {
		t.Fatalf("styles leak: heading display %q, colour %q", display, colour)
	}

	// Filtering by work type, then by words.
	eval[bool](b, inShadow(`(() => { const s = root.querySelector('select[name=werksoort]'); s.value = 'fietsenreparatie'; s.dispatchEvent(new Event('change')); return true })()`))
	b.waitFor(inShadow(`root.querySelectorAll('li').length === 1 && root.querySelector('li a').textContent === 'Fietsen repareren'`))
	eval[bool](b, inShadow(`(() => { const s = root.querySelector('select[name=werksoort]'); s.value = ''; s.dispatchEvent(new Event('change')); const q = root.querySelector('input[type=search]'); q.value = 'sorteren'; q.dispatchEvent(new Event('input')); return true })()`))
	b.waitFor(inShadow(`root.querySelectorAll('li').length === 1 && root.querySelector('li a').textContent === 'Kleding sorteren'`))
	if status := eval[string](b, inShadow(`root.querySelector('[role=status]').textContent`)); status != "1 werkplek gevonden." {
		t.Fatalf("status for screen readers: %q", status)
	}

	// Keyboard: the first tab stop is the widget's search box.
	b.do(chromedp.KeyEvent("\t"))
	if focused := eval[string](b, inShadow(`root.activeElement ? root.activeElement.getAttribute('type') : ''`)); focused != "search" {
		t.Fatalf("first tab stop: %q", focused)
	}

	// The iframe variant is allowed in this parent.
	b.waitFor(`document.getElementById('lijst').contentWindow !== null`)
	deadline := time.Now().Add(10 * time.Second)
	for !strings.HasPrefix(b.frameURL(), svc+"/widget/werkplekken") {
		if time.Now().After(deadline) {
			t.Fatalf("iframe in an allowed parent shows %q", b.frameURL())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestWidgetRefusesOtherOrigins(t *testing.T) {
	b := tab{t, browser(t)}
	_, allowed := reserve(t)
	svc := service(t, allowed)
	other := serve(t, hostPage(svc)) // not the allowed origin

	b.do(chromedp.Navigate(other))
	b.waitFor(inShadow(`root && root.querySelector('[role=status]').textContent.includes('konden niet worden geladen')`))
	if n := eval[int](b, inShadow(`root.querySelectorAll('li').length`)); n != 0 {
		t.Fatalf("%d offers shown to a refused origin", n)
	}
	// The iframe variant refuses this parent (frame-ancestors): Chromium
	// shows its error page instead.
	b.waitFor(`document.readyState === 'complete'`)
	if src := b.frameURL(); strings.HasPrefix(src, svc) || !strings.HasPrefix(src, "chrome-error://") {
		t.Fatalf("the iframe variant loaded in a parent that is not allowed: %q", src)
	}
}

// widget.js stays small: at most 15 KB gzipped.
func TestWidgetScriptIsSmallAndCacheable(t *testing.T) {
	_, allowed := reserve(t)
	svc := service(t, allowed)
	res, err := http.Get(svc + "/widget.js")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	var gz strings.Builder
	w, _ := gzip.NewWriterLevel(nopWriter{&gz}, gzip.BestCompression)
	w.Write(body)
	w.Close()
	t.Logf("widget.js: %d bytes, %d gzipped", len(body), gz.Len())
	if gz.Len() > 15*1024 {
		t.Fatalf("widget.js is %d bytes gzipped, more than 15 KB", gz.Len())
	}
	if res.Header.Get("ETag") == "" || !strings.HasPrefix(res.Header.Get("Cache-Control"), "public") || res.Header.Get("Set-Cookie") != "" {
		t.Fatalf("headers: %v", res.Header)
	}
	page, err := http.Get(svc + "/widget/werkplekken")
	if err != nil {
		t.Fatal(err)
	}
	page.Body.Close()
	if csp := page.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'self' "+allowed) || !strings.Contains(csp, "default-src 'none'") {
		t.Fatalf("iframe CSP: %q", csp)
	}
}

type nopWriter struct{ b *strings.Builder }

func (w nopWriter) Write(p []byte) (int, error) { return w.b.Write(p) }
