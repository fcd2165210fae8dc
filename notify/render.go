package notify

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	htmltemplate "html/template"
	"strconv"
	"strings"
	texttemplate "text/template"

	"github.com/iederz/plekwijzer"
)

// A mail carries what the notification holds — the sentence (with the
// participant's pseudonymous code and the offer's title) and a link — and
// nothing else: no profile field, no voordracht or message text, which the
// notification row does not even have (docs/SECURITY.md).

// mailItem is one notification as a mail shows it.
type mailItem struct {
	Label, Text, URL string
}

// mailView is what the templates get.
type mailView struct {
	Name     string
	Digest   bool
	Items    []mailItem
	PrefsURL string
}

const textBody = `Beste {{.Name}},
{{if .Digest}}
Dit zijn je meldingen van Plekwijzer van de afgelopen tijd:
{{range .Items}}
- {{.Text}}
  {{.URL}}
{{end}}{{else}}{{with index .Items 0}}
{{.Text}}

Bekijk het in Plekwijzer:
{{.URL}}
{{end}}{{end}}
Log in om meer te zien. In deze e-mail staat met opzet niets over de deelnemer.

Welke meldingen je per e-mail krijgt, kies je zelf: {{.PrefsURL}}
`

const htmlBody = `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Plekwijzer</title></head>
<body style="font-family: sans-serif; line-height: 1.5">
<p>Beste {{.Name}},</p>
{{if .Digest}}<p>Dit zijn je meldingen van Plekwijzer van de afgelopen tijd:</p>
<ul>{{range .Items}}<li>{{.Text}} <a href="{{.URL}}">Bekijk in Plekwijzer</a></li>{{end}}</ul>
{{else}}{{with index .Items 0}}<p>{{.Text}}</p>
<p><a href="{{.URL}}">Bekijk het in Plekwijzer</a></p>{{end}}{{end}}
<p>Log in om meer te zien. In deze e-mail staat met opzet niets over de deelnemer.</p>
<p><small>Welke meldingen je per e-mail krijgt, kies je zelf: <a href="{{.PrefsURL}}">meldingen instellen</a>.</small></p>
</body></html>
`

var (
	textTmpl = texttemplate.Must(texttemplate.New("text").Parse(textBody))
	htmlTmpl = htmltemplate.Must(htmltemplate.New("html").Parse(htmlBody))
)

// PreferencesPath is the page where a user chooses their mail.
const PreferencesPath = "/meldingen/voorkeuren"

// rendered is a mail ready to send.
type rendered struct {
	Subject, Text, HTML, MessageID string
}

// render builds the subject, both bodies and the Message-ID of m. base is
// PLEKWIJZER_BASE_URL without a trailing slash; host its host name.
func render(m *plekwijzer.OutgoingMail, base, host string) (*rendered, error) {
	v := mailView{Name: m.Name, Digest: m.Digest, PrefsURL: base + PreferencesPath}
	for _, n := range m.Notifications {
		link := n.Link
		if link == "" {
			link = "/meldingen"
		}
		v.Items = append(v.Items, mailItem{Label: n.Kind.Label(), Text: n.Text, URL: base + link})
	}
	r := &rendered{MessageID: messageID(m, host)}
	if m.Digest {
		r.Subject = "Plekwijzer: je meldingen (" + strconv.Itoa(len(v.Items)) + ")"
	} else {
		r.Subject = "Plekwijzer: " + v.Items[0].Label
	}
	var t, h bytes.Buffer
	if err := textTmpl.Execute(&t, v); err != nil {
		return nil, err
	}
	if err := htmlTmpl.Execute(&h, v); err != nil {
		return nil, err
	}
	r.Text, r.HTML = t.String(), h.String()
	return r, nil
}

// messageID is stable for the same notifications, so a mail sent twice
// (a worker died between the server's accept and recording it) carries the
// same Message-ID and mail clients can tell it is the same mail.
func messageID(m *plekwijzer.OutgoingMail, host string) string {
	if !m.Digest {
		return "melding-" + m.Notifications[0].ID + "@" + host
	}
	sum := sha256.Sum256([]byte(strings.Join(m.IDs(), ",")))
	return "overzicht-" + hex.EncodeToString(sum[:12]) + "@" + host
}
