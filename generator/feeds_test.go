package generator

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
)

func parseFeed(t *testing.T, files Files, path string) *gofeed.Feed {
	t.Helper()
	b, ok := files[path]
	if !ok {
		t.Fatalf("%s not built", path)
	}
	// Well-formed XML first: gofeed is lenient.
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		if _, err := dec.Token(); err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("%s: not well-formed XML: %v", path, err)
			}
			break
		}
	}
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return feed
}

func TestFeedsReadBack(t *testing.T) {
	files := buildMachine(t, machineInput())
	open := machineInput().Incidents[1]
	for _, ext := range []string{"rss", "atom"} {
		t.Run(ext, func(t *testing.T) {
			feed := parseFeed(t, files, "history."+ext)
			if feed.FeedType != ext || feed.Title != "Acme Status - Incident History" {
				t.Errorf("feed %s %q", feed.FeedType, feed.Title)
			}
			// 4 incidents and 3 maintenance windows, by when they began or
			// were announced, newest first.
			var titles []string
			for _, it := range feed.Items {
				titles = append(titles, it.Title)
			}
			want := []string{"Edge certificates rotate", "Elevated errors on the public API", "Invoices are delayed",
				"Network move; Zürich → Frankfurt, overnight", "Slow website", "Database upgrade", "DNS outage"}
			if strings.Join(titles, "|") != strings.Join(want, "|") {
				t.Errorf("items %q\nwant %q", titles, want)
			}
			it := feed.Items[1]
			body := it.Description
			if ext == "atom" {
				body = it.Content
			}
			wantBody := "<p><small>Nov <var data-var='date'>26</var>, <var data-var='time'>14:30</var> UTC</small><br><strong>Update</strong> - " +
				"Still looking; &lt;script&gt;alert(1)&lt;/script&gt; is not HTML here.<br />Second line; with, punctuation.</p>" +
				"<p><small>Nov <var data-var='date'>26</var>, <var data-var='time'>14:12</var> UTC</small><br><strong>Investigating</strong> - " +
				"Requests fail with 503, we are investigating.</p>"
			if body != wantBody {
				t.Errorf("item markup\n got %s\nwant %s", body, wantBody)
			}
			link := "https://status.acme.test/incidents/" + open.ID + "/"
			if it.Link != link {
				t.Errorf("link %q, want %q", it.Link, link)
			}
			if ext == "rss" && it.GUID != link {
				t.Errorf("guid %q, want %q", it.GUID, link)
			}
			if ext == "atom" && it.GUID != "tag:status.acme.test,2005:Incident/"+open.ID {
				t.Errorf("atom id %q", it.GUID)
			}
			if it.UpdatedParsed == nil && it.PublishedParsed == nil {
				t.Error("item has no date")
			}
		})
	}
}

func TestFeedsMarkup(t *testing.T) {
	files := buildMachine(t, machineInput())
	dns := parseFeed(t, files, "history.rss").Items[6]
	// Day padded with a space, as Statuspage does and clients parse.
	if !strings.Contains(dns.Description, "Oct <var data-var='date'> 2</var>, <var data-var='time'>04:00</var> UTC</small><br><strong>Resolved</strong> - Resolved.</p>") {
		t.Errorf("DNS outage markup %s", dns.Description)
	}
	move := parseFeed(t, files, "history.atom").Items[3]
	scheduled := "<p><strong>THIS IS A SCHEDULED EVENT Dec <var data-var='date'> 1</var>, <var data-var='time'>22:00</var> - Dec <var data-var='date'> 2</var>, <var data-var='time'>01:00</var> UTC</strong></p>"
	if !strings.HasPrefix(move.Content, scheduled) {
		t.Errorf("maintenance markup %s\nwant prefix %s", move.Content, scheduled)
	}
	slow := parseFeed(t, files, "history.rss").Items[4]
	if want := "<p><small>Nov <var data-var='date'>20</var>, <var data-var='time'>10:30</var> UTC</small><br><strong>Postmortem</strong> - ## What happened<br /><br />A cache expired.</p><p>"; !strings.HasPrefix(slow.Description, want) {
		t.Errorf("postmortem markup %s\nwant prefix %s", slow.Description, want)
	}
	quiet := parseFeed(t, files, "history.rss").Items[2]
	if !strings.Contains(quiet.Description, "<strong>Investigating</strong> - No update has been posted yet.") {
		t.Errorf("incident without updates: %q", quiet.Description)
	}
}

func TestFeedsPerComponent(t *testing.T) {
	files := buildMachine(t, machineInput())
	for id, want := range map[string][]string{
		"api":     {"Elevated errors on the public API", "Network move; Zürich → Frankfurt, overnight", "Slow website"},
		"db":      {"Database upgrade"},
		"search":  nil,
		"billing": {"Invoices are delayed"},
	} {
		for _, ext := range []string{"rss", "atom"} {
			feed := parseFeed(t, files, "components/"+id+"/history."+ext)
			var got []string
			for _, it := range feed.Items {
				got = append(got, it.Title)
			}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("components/%s/history.%s items %q, want %q", id, ext, got, want)
			}
		}
	}
}

func TestFeedsBounded(t *testing.T) {
	files := buildMachine(t, manyIncidents(5000, 100))
	for _, path := range []string{"history.rss", "history.atom", "components/c7/history.rss", "components/c7/history.atom"} {
		feed := parseFeed(t, files, path)
		if len(feed.Items) != recentLimit {
			t.Errorf("%s: %d items, want %d", path, len(feed.Items), recentLimit)
		}
		titles := map[string]bool{}
		for _, it := range feed.Items {
			titles[it.Title] = true
		}
		if newest := "Incident 4997"; !strings.HasPrefix(path, "components") && (!titles[newest] || titles["Incident 0"]) {
			t.Errorf("%s: want the newest incidents, not the oldest", path)
		}
		if n := len(files[path]); n > 100_000 {
			t.Errorf("%s: %d bytes", path, n)
		}
	}
}
