package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/candor-status/candor/notify"
)

// TestNotifyAnOldIncidentAddedToday: a repository with more incidents
// than the API lists gets a resolved incident dated months ago. It is in
// neither list of the API, yet every channel is told, the webhook with
// the incident's object as the API would serve it, and the dry run says
// what it would send.
func TestNotifyAnOldIncidentAddedToday(t *testing.T) {
	t.Parallel()
	n := newNotifyScenario(t)
	for i := range 60 {
		n.write(fmt.Sprintf("content/incidents/2026-10-%02d-old-%d.md", 1+i%28, i), fmt.Sprintf("---\ntitle: Old outage %d\ncomponents: [billing]\nimpact: minor\n"+
			"started: 2026-10-%02dT10:00:00Z\nresolved: 2026-10-%02dT11:00:00Z\nupdates:\n  - at: 2026-10-%02dT11:00:00Z\n    status: resolved\n    text: Fixed.\n---\n",
			i, 1+i%28, 1+i%28, 1+i%28))
	}
	n.step(200)
	n.write("content/incidents/2026-03-02-backfill.md", "---\ntitle: The March outage, written up\ncomponents: [billing]\nimpact: major\n"+
		"started: 2026-03-02T10:00:00Z\nresolved: 2026-03-02T12:00:00Z\nupdates:\n  - at: 2026-03-02T12:00:00Z\n    status: resolved\n    text: Written up after the fact.\n---\n")
	dry := n.step(200, "--dry-run-notify")
	if c := strings.Count(dry, "would send to"); c != 5 || strings.Contains(dry, "not on the page") {
		t.Errorf("dry run:\n%s", dry)
	}
	out := n.step(200)
	wantCounts(t, n.lb, 1, "after the old incident is added")
	for ch, msgs := range n.lb.messages() {
		if ch != "webhook" && !strings.Contains(msgs[0], "Resolved: The March outage, written up") {
			t.Errorf("%s got %q\nstdout:\n%s", ch, msgs[0], out)
		}
	}
	reqs := n.lb.hook.Requests()
	if len(reqs) != 1 {
		t.Fatalf("webhook requests %d", len(reqs))
	}
	decodeStatuspage(t, reqs[0].Header.Get(notify.EventHeader), reqs[0].Body)
	if b := string(reqs[0].Body); !strings.Contains(b, `"name":"The March outage, written up"`) || !strings.Contains(b, `"resolved_at":"2026-03-02T12:00:00.000Z"`) {
		t.Errorf("webhook body %s", b)
	}
	n.noSecretAnywhere()
}
