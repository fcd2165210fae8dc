package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestAppSkillSearch: the profile form's skill search finds skills by
// the words of its own hint ("fiets") and what coaches type ("koken",
// "klantvriendelijk"), as one types (htmx against GET /vaardigheden?q=).
func TestAppSkillSearch(t *testing.T) {
	env := appService(t)
	b := appTab(t)
	b.login(env.url, "fatma", "/deelnemers")
	b.open(env.url + "/deelnemers/nieuw")
	for q, want := range map[string]string{
		"fiets":            "monteren van mechanische producten",
		"koken":            "bereiden van voedsel en dranken",
		"klantvriendelijk": "zorgen voor klantgerichtheid",
	} {
		b.js(`document.getElementById('vaardigheid-resultaten').innerHTML = ''; document.getElementById('vaardigheid-zoek').value = ''`)
		b.do(chromedp.SendKeys(`#vaardigheid-zoek`, q))
		b.until(`document.querySelectorAll('#vaardigheid-resultaten input[name=vaardigheid]').length > 0`)
		if got := eval[string](b, `document.getElementById('vaardigheid-resultaten').innerText`); !strings.Contains(got, want) {
			t.Errorf("searching %q shows %q, want %q among them", q, got, want)
		}
	}
}
