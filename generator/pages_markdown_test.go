package generator

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// TestPlainMarkdown holds the plain-text shortcut to goldmark's own output:
// every text the shortcut takes must come out of goldmark the same.
func TestPlainMarkdown(t *testing.T) {
	m := newMarkdowner(NewMarkdown())
	if !m.plain {
		t.Fatal("the default goldmark does not take the plain-text shortcut")
	}
	texts := []string{"Fixed.", "We are looking into errors on svc-1.", "It's back; 99% of requests (all regions) succeed.", "Ça marche — à peu près", "Costs 5$ per 1/2 hour?"}
	rng := rand.New(rand.NewPCG(1, 2))
	// Half the texts from characters the shortcut takes, half with markup.
	const plain, markup = "aZ09 .,;?()/%$'wWé—", "-*_~`#>+=!|[]<>&\"\\:@\n\t\x00"
	for i := range 20000 {
		alphabet := plain
		if i%2 == 1 {
			alphabet += markup
		}
		b := strings.Builder{}
		b.WriteByte("aZw"[i%3])
		for range rng.IntN(12) {
			if rng.IntN(4) == 0 {
				b.WriteString([]string{"www.", "http://x", "a@b.c", "1. ", "- ", "Fix", "ed", "  "}[rng.IntN(8)])
				continue
			}
			b.WriteByte(alphabet[rng.IntN(len(alphabet))])
		}
		texts = append(texts, b.String())
	}
	taken := 0
	for _, src := range texts {
		if !isPlain(src) {
			continue
		}
		taken++
		want, err := m.goldmark(src)
		if err != nil {
			t.Fatal(err)
		}
		if got := string(m.render(src)); got != want {
			t.Errorf("render(%q) = %q, goldmark gives %q", src, got, want)
		}
	}
	if taken < 1000 {
		t.Errorf("only %d of %d texts took the shortcut: the test checks too little", taken, len(texts))
	}
	for _, src := range []string{"**bold**", "1. one", "see www.example.com", "a <b>", "x\ny", "Fixed ", "# Head", "a & b", "mail a@b.c"} {
		if isPlain(src) {
			t.Errorf("isPlain(%q) = true, want false", src)
		}
	}
}

// TestPlainMarkdownCalibrates turns the shortcut off for a goldmark that
// rewrites plain text, such as one with a typographer.
func TestPlainMarkdownCalibrates(t *testing.T) {
	m := newMarkdowner(goldmark.New(goldmark.WithExtensions(extension.Typographer)))
	if m.plain {
		t.Fatal("a typographer goldmark takes the plain-text shortcut")
	}
	if got, want := string(m.render("It's done...")), "<p>It&rsquo;s done&hellip;</p>\n"; got != want {
		t.Errorf("render = %q, want %q", got, want)
	}
}

func FuzzPlainMarkdown(f *testing.F) {
	for _, s := range []string{"Fixed.", "It's 5$ (or 1/2)", "Ça va"} {
		f.Add(s)
	}
	m := newMarkdowner(NewMarkdown())
	f.Fuzz(func(t *testing.T, src string) {
		if !isPlain(src) {
			return
		}
		want, err := m.goldmark(src)
		if err != nil {
			t.Fatal(err)
		}
		if got := string(m.render(src)); got != want {
			t.Errorf("render(%q) = %q, goldmark gives %q", src, got, want)
		}
	})
}
