package generator

import (
	"bytes"
	"strings"
	"testing"

	"github.com/candor-status/candor"

	"golang.org/x/net/html"
)

func TestEmbed(t *testing.T) {
	in := machineInput()
	in.Config.Title = `Acme <script>alert(1)</script>`
	page := buildMachine(t, in)["embed/index.html"]
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var links, scripts, external int
	var text strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script":
				scripts++
				for _, a := range n.Attr {
					if a.Key == "src" {
						external++
					}
				}
			case "link", "img", "iframe":
				// The icon is data: so the browser asks for no favicon.
				if !(n.Data == "link" && attr(n, "href") == "data:,") {
					external++
				}
			case "a":
				links++
				attrs := map[string]string{}
				for _, a := range n.Attr {
					attrs[a.Key] = a.Val
				}
				if attrs["href"] != "https://status.acme.test/" || attrs["target"] != "_top" {
					t.Errorf("link %v, want the home page in the top window", attrs)
				}
			}
		}
		if n.Type == html.TextNode && (n.Parent == nil || n.Parent.Data != "style" && n.Parent.Data != "title") {
			text.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	// One inline script, the theme's page.js, for the staleness banner.
	if scripts != 1 || external != 0 || links != 1 {
		t.Errorf("%d scripts, %d external resources, %d links; want 1 inline, 0, 1", scripts, external, links)
	}
	if !bytes.Contains(page, []byte(`data-stale-at="2026-11-26T15:20:00Z"`)) || !bytes.Contains(page, []byte(`id="banner"`)) {
		t.Error("embed page gives its script no banner or stale time")
	}
	// The status in words and an icon, not colour alone.
	if s := text.String(); !strings.Contains(s, "Partial System Outage") || !strings.Contains(s, "!") || !strings.Contains(s, "checked 26 Nov 15:55 CET") {
		t.Errorf("embed text %q", s)
	}
	if !bytes.Contains(page, []byte("&lt;script&gt;")) {
		t.Error("title not escaped")
	}
}

func TestEmbedLook(t *testing.T) {
	for _, tc := range []struct {
		statuses    []candor.Status
		class, icon string
	}{
		{[]candor.Status{candor.StatusOperational}, "ok", "✓"},
		{[]candor.Status{candor.StatusUnknown}, "unk", "?"},
		{[]candor.Status{candor.StatusUnknown, candor.StatusOperational}, "unk", "?"},
		{[]candor.Status{candor.StatusMajor}, "critical", "✕"},
		{[]candor.Status{candor.StatusMajor, candor.StatusOperational}, "major", "!"},
		{[]candor.Status{candor.StatusMaintenance}, "maintenance", "⚙"},
		{[]candor.Status{candor.StatusDegraded, candor.StatusOperational}, "minor", "!"},
	} {
		class, icon := embedLook(candor.OverallOf(tc.statuses))
		if class != tc.class || icon != tc.icon {
			t.Errorf("embedLook(%v) = %s %s, want %s %s", tc.statuses, class, icon, tc.class, tc.icon)
		}
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
