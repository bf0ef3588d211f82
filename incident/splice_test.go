package incident

import (
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor"
)

// personal is an incident as a person writes one: odd spacing, comments
// aligned by hand, quotes they chose, keys in their own order.
const personal = `---
# Reported by support first.
title:   "Checkout: slow for EU customers"   # keep the quotes
impact: minor        # may raise
components: [api]
started: 2026-11-26T14:05:00Z     # from the first ticket
updates:
    -   at: 2026-11-26T14:12:00Z
        status: investigating   # we think
        text: >
          We are looking at the payment provider.
        next_update: 2026-11-26T14:45:00Z

# What we know so far:
opened_by:
---
Notes for the postmortem.
`

func TestAddUpdateKeepsEveryLine(t *testing.T) {
	at := time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)
	next := at.Add(30 * time.Minute)
	tests := []struct {
		name string
		src  string
		u    candor.Update
		want string
	}{
		{"a person's layout", personal, candor.Update{At: at, Status: candor.Identified, Text: "Fixed: the provider's EU gateway.", NextUpdate: next},
			strings.Replace(personal, "          We are looking at the payment provider.\n        next_update: 2026-11-26T14:45:00Z\n",
				"          We are looking at the payment provider.\n        next_update: 2026-11-26T14:45:00Z\n"+
					"    -   at: 2026-11-26T15:00:00Z\n        status: identified\n        text: 'Fixed: the provider''s EU gateway.'\n        next_update: 2026-11-26T15:30:00Z\n", 1)},
		{"resolved goes after started", personal, candor.Update{At: at, Status: candor.Resolved, Text: "Done."},
			strings.Replace(strings.Replace(personal, "# from the first ticket\n", "# from the first ticket\nresolved: 2026-11-26T15:00:00Z\n", 1),
				"        next_update: 2026-11-26T14:45:00Z\n", "        next_update: 2026-11-26T14:45:00Z\n    -   at: 2026-11-26T15:00:00Z\n        status: resolved\n        text: Done.\n", 1)},
		{"resolved in place, comment kept",
			"---\ntitle: x\nresolved:   2026-11-26T14:30:00Z   # first fix\nupdates:\n  - at: 2026-11-26T14:10:00Z\n    status: resolved\n    text: a\n---\n",
			candor.Update{At: at, Status: candor.Resolved, Text: "b\nc"},
			"---\ntitle: x\nresolved:   2026-11-26T15:00:00Z   # first fix\nupdates:\n  - at: 2026-11-26T14:10:00Z\n    status: resolved\n    text: a\n  - at: 2026-11-26T15:00:00Z\n    status: resolved\n    text: |-\n      b\n      c\n---\n"},
		{"reopening removes resolved only",
			"---\ntitle: x  # t\nresolved: 2026-11-26T14:30:00Z\nupdates:\n  - at: 2026-11-26T14:10:00Z\n    status: resolved\n    text: a\n---\nbody\n",
			candor.Update{At: at, Status: candor.Investigating, Text: "again"},
			"---\ntitle: x  # t\nupdates:\n  - at: 2026-11-26T14:10:00Z\n    status: resolved\n    text: a\n  - at: 2026-11-26T15:00:00Z\n    status: investigating\n    text: again\n---\nbody\n"},
		{"no updates yet", "---\ntitle: x    # t\nstarted: 2026-11-26T14:05:00Z\n---\n", candor.Update{At: at, Status: candor.Investigating, Text: "a"},
			"---\ntitle: x    # t\nstarted: 2026-11-26T14:05:00Z\nupdates:\n  - at: 2026-11-26T15:00:00Z\n    status: investigating\n    text: a\n---\n"},
		{"empty flow list", "---\ntitle: x    # t\nupdates: []   # none yet\nimpact: minor\n---\n", candor.Update{At: at, Status: candor.Investigating, Text: "a"},
			"---\ntitle: x    # t\nupdates:\n  - at: 2026-11-26T15:00:00Z\n    status: investigating\n    text: a\nimpact: minor\n---\n"},
		{"line breaks of the file", "---\r\ntitle: x   # t\r\nupdates:\r\n  - at: 2026-11-26T14:10:00Z\r\n    status: identified\r\n    text: a\r\n---\r\n",
			candor.Update{At: at, Status: candor.Monitoring, Text: "b"},
			"---\r\ntitle: x   # t\r\nupdates:\r\n  - at: 2026-11-26T14:10:00Z\r\n    status: identified\r\n    text: a\r\n  - at: 2026-11-26T15:00:00Z\r\n    status: monitoring\r\n    text: b\r\n---\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := AddUpdate([]byte(tt.src), tt.u)
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != tt.want {
				t.Errorf("AddUpdate =\n%s\nwant\n%s", out, tt.want)
			}
		})
	}
}

// Any incident file that parses still parses after an update, with the
// update last and every line before the update's as it was.
func FuzzAddUpdate(f *testing.F) {
	f.Add([]byte(personal), true)
	f.Add([]byte(goodIncident), false)
	f.Add([]byte("---\r\ntitle: x\r\nimpact: none\r\nstarted: 2026-11-26T14:05:00Z\r\nupdates: []\r\n---\r\n"), true)
	f.Fuzz(func(t *testing.T, data []byte, resolve bool) {
		inc, problems := ParseIncident("x.md", data, nil)
		if len(problems) > 0 {
			return
		}
		u := candor.Update{At: time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC), Status: candor.Identified, Text: "a: b"}
		if resolve {
			u.Status = candor.Resolved
		}
		out, err := AddUpdate(data, u)
		if err != nil {
			t.Fatalf("AddUpdate: %v", err)
		}
		after, problems := ParseIncident("x.md", out, nil)
		if len(problems) > 0 {
			t.Fatalf("after AddUpdate: %v\n%s", problems, out)
		}
		if len(after.Updates) != len(inc.Updates)+1 || after.Latest().Text != "a: b" || after.Open() == resolve || after.Body != inc.Body || after.Title != inc.Title {
			t.Fatalf("AddUpdate(%q) =\n%s", data, out)
		}
	})
}
