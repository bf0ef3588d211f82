package generator

import (
	"bytes"
	"encoding/xml"
	"sort"
	"time"
)

// feedEntry is one incident or maintenance window in a history feed.
type feedEntry struct {
	id        string
	title     string
	link      string
	published time.Time // when it began (incident) or was announced (maintenance)
	updated   time.Time // its latest change
	html      string    // the item markup
}

// feed is one history feed before it is written as RSS and Atom.
type feed struct {
	path    string // without extension: "history", "components/api/history"
	title   string
	link    string // the HTML page it mirrors
	updated time.Time
	entries []feedEntry // newest first, at most recentLimit
}

// buildFeeds writes history.rss and history.atom for the whole site and
// for each component: every incident and maintenance, the recentLimit most
// recent first.
func buildFeeds(s *site, f *sink) error {
	title := s.apiTitle()
	memo := map[string]feedEntry{} // an incident's entry is the same in every feed
	feeds := []feed{s.feedFor(memo, "history", title+" - Incident History", s.apiPageURL(), s.incidents, s.maintenance)}
	for _, c := range s.components {
		var ms []*maint
		for _, m := range s.maintenance {
			if m.Affects(c.ID) {
				ms = append(ms, m)
			}
		}
		path := "components/" + c.ID + "/history"
		feeds = append(feeds, s.feedFor(memo, path, title+" - "+machineName(c)+" - Incident History", s.url("components/"+c.ID+"/"), c.Incidents, ms))
	}
	var buf bytes.Buffer // one for every feed: a site may have tens of thousands
	for _, fd := range feeds {
		if err := s.putRSS(f, &buf, fd); err != nil {
			return err
		}
		if err := s.putAtom(f, &buf, fd); err != nil {
			return err
		}
	}
	return nil
}

// feedFor merges incidents and maintenance (each newest first) into the
// recentLimit most recently begun entries, reusing entries from memo.
func (s *site) feedFor(memo map[string]feedEntry, path, title, link string, incs []*incident, ms []*maint) feed {
	type ref struct {
		at  time.Time
		id  string
		inc *incident
		m   *maint
	}
	refs := make([]ref, 0, min(len(incs), recentLimit)+len(ms))
	for _, inc := range incs[:min(len(incs), recentLimit)] {
		refs = append(refs, ref{at: inc.Started, id: inc.ID, inc: inc})
	}
	for _, m := range ms {
		refs = append(refs, ref{at: apiMaintCreated(m), id: m.ID, m: m})
	}
	sort.SliceStable(refs, func(i, j int) bool {
		if !refs[i].at.Equal(refs[j].at) {
			return refs[i].at.After(refs[j].at)
		}
		return refs[i].id < refs[j].id
	})
	fd := feed{path: path, title: title, link: link}
	for _, r := range refs[:min(len(refs), recentLimit)] {
		e, ok := memo[r.id]
		switch {
		case ok:
		case r.inc != nil:
			e = s.feedIncident(r.inc)
		default:
			e = s.feedMaint(r.m)
		}
		memo[r.id] = e
		fd.entries = append(fd.entries, e)
		fd.updated = latestOf(fd.updated, e.updated)
	}
	if fd.updated.IsZero() {
		fd.updated = s.apiUpdatedAt()
	}
	return fd
}

func (s *site) feedIncident(inc *incident) feedEntry {
	return feedEntry{
		id:        inc.ID,
		title:     inc.Title,
		link:      s.apiIncidentURL(inc.ID),
		published: inc.Started,
		updated:   apiIncidentChanged(inc.Incident),
		html:      feedPostmortem(inc.Incident) + feedUpdates(inc.Updates, inc.Started),
	}
}

func (s *site) feedMaint(m *maint) feedEntry {
	return feedEntry{
		id:        m.ID,
		title:     m.Title,
		link:      s.apiMaintURL(m.ID),
		published: apiMaintCreated(m),
		updated:   apiMaintChanged(m, s.in.Now),
		html:      feedScheduled(m.Starts, m.Ends) + feedUpdates(m.Updates, time.Time{}),
	}
}

// putXML writes v as an indented XML document.
// It encodes into b, reused from feed to feed, and keeps a copy of just
// the document's bytes: a file must not hold the buffer's spare capacity.
func putXML(f *sink, b *bytes.Buffer, path string, v any) error {
	b.Reset()
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(b)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	b.WriteByte('\n')
	f.put(path, bytes.Clone(b.Bytes()))
	return nil
}
