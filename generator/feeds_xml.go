package generator

import (
	"bytes"
	"time"
)

// RSS 2.0 and Atom 1.0 documents in the layout of Statuspage's history
// feeds.

type rssDoc struct {
	XMLName struct{}   `xml:"rss"`
	Version string     `xml:"version,attr"`
	DC      string     `xml:"xmlns:dc,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title       string    `xml:"title"`
	Link        string    `xml:"link"`
	Description string    `xml:"description"`
	PubDate     string    `xml:"pubDate"`
	Items       []rssItem `xml:"item"`
}

type rssItem struct {
	Title       string `xml:"title"`
	Description string `xml:"description"`
	PubDate     string `xml:"pubDate"`
	Link        string `xml:"link"`
	GUID        string `xml:"guid"`
}

type atomDoc struct {
	XMLName struct{}    `xml:"feed"`
	Lang    string      `xml:"xml:lang,attr"`
	NS      string      `xml:"xmlns,attr"`
	ID      string      `xml:"id"`
	Links   []atomLink  `xml:"link"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
	Href string `xml:"href,attr"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	ID        string      `xml:"id"`
	Published string      `xml:"published"`
	Updated   string      `xml:"updated"`
	Link      atomLink    `xml:"link"`
	Title     string      `xml:"title"`
	Content   atomContent `xml:"content"`
}

type atomContent struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

func rssTime(t time.Time) string  { return t.UTC().Format(time.RFC1123Z) }
func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func (s *site) putRSS(f *sink, b *bytes.Buffer, fd feed) error {
	doc := rssDoc{Version: "2.0", DC: "http://purl.org/dc/elements/1.1/", Channel: rssChannel{
		Title:       fd.title,
		Link:        fd.link,
		Description: "Statuspage",
		PubDate:     rssTime(fd.updated),
	}}
	for _, e := range fd.entries {
		doc.Channel.Items = append(doc.Channel.Items, rssItem{
			Title:       e.title,
			Description: e.html,
			PubDate:     rssTime(e.updated),
			Link:        e.link,
			GUID:        e.link,
		})
	}
	return putXML(f, b, fd.path+".rss", doc)
}

func (s *site) putAtom(f *sink, b *bytes.Buffer, fd feed) error {
	tag := "tag:" + s.tagHost() + ",2005:"
	doc := atomDoc{
		Lang: "en-US",
		NS:   "http://www.w3.org/2005/Atom",
		ID:   tag + "/" + fd.path,
		Links: []atomLink{
			{Rel: "alternate", Type: "text/html", Href: fd.link},
			{Rel: "self", Type: "application/atom+xml", Href: s.url(fd.path + ".atom")},
		},
		Title:   fd.title,
		Updated: atomTime(fd.updated),
		Author:  atomAuthor{Name: s.apiTitle()},
	}
	for _, e := range fd.entries {
		doc.Entries = append(doc.Entries, atomEntry{
			ID:        tag + "Incident/" + e.id,
			Published: atomTime(e.published),
			Updated:   atomTime(e.updated),
			Link:      atomLink{Rel: "alternate", Type: "text/html", Href: e.link},
			Title:     e.title,
			Content:   atomContent{Type: "html", Body: e.html},
		})
	}
	return putXML(f, b, fd.path+".atom", doc)
}
