package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestNotifyAChannelURLTheLibraryRefuses: a ${NAME} that expands to a URL
// the library refuses (the Teams URL lacking its fourth part, a scheme no
// service has) is reported by its key every round, even with nothing
// due, and listed as such by notify test; the URL never shows.
func TestNotifyAChannelURLTheLibraryRefuses(t *testing.T) {
	t.Parallel()
	teams := "teams://group@tenant/altId/groupOwner?host=acme.webhook.office.com"
	s := newScenario(t, "notify:\n  channels:\n    - url: \"${TEAMS_URL}\"\n    - url: \"${CHAT_URL}\"\n")
	s.env = map[string]string{"TEAMS_URL": teams, "CHAT_URL": "slak://tok-5c4b3a2918@channel"}
	cfg := filepath.Join(s.dir, "candor.yml")
	want := []string{
		"notify.channels[0].url: teams: invalid URL format: missing extraId component: the channel is skipped",
		`notify.channels[1].url: unknown service "slak": the channel is skipped`,
	}
	var outs []string
	for round := range 2 {
		out, errOut := s.runArgsBoth([]string{"run", "--config", cfg, "--data", filepath.Join(s.dir, "data"), "--out", filepath.Join(s.dir, "public"),
			"--now", s.at(5 * round).Format("2006-01-02T15:04:05Z")}, s.at(5*round), 0)
		for _, w := range want {
			if !strings.Contains(errOut, w) {
				t.Errorf("round %d: stderr lacks %q:\n%s", round, w, errOut)
			}
		}
		outs = append(outs, out, errOut)
	}
	list := s.runArgs([]string{"notify", "test", "--config", cfg}, s.start, 0)
	if strings.Contains(list, "ready") || !strings.Contains(list, "teams: invalid URL format: missing extraId component") {
		t.Errorf("notify test lists:\n%s", list)
	}
	_, errOut := s.runArgsBoth([]string{"notify", "test", "--config", cfg, "--channel", "1"}, s.start, 1)
	if !strings.Contains(errOut, "notify.channels[0] (teams): notify.channels[0].url: teams: invalid URL format") {
		t.Errorf("notify test --channel 1: %s", errOut)
	}
	for _, o := range append(outs, list, errOut) {
		if strings.Contains(o, "groupOwner") || strings.Contains(o, "tok-5c4b3a2918") {
			t.Errorf("the URL shows:\n%s", o)
		}
	}
}

// In Actions, a channel URL the library refuses is a warning of every
// round and a line of the step summary, by its key.
func TestActionsNotifyAChannelURLTheLibraryRefuses(t *testing.T) {
	t.Parallel()
	g := newGHScenario(t, "notify:\n  channels:\n    - url: \"${TEAMS_URL}\"\n", nil)
	g.inputs["TEAMS_URL"] = "teams://group@tenant/altId/groupOwner?host=acme.webhook.office.com"
	const want = "notify.channels[0].url: teams: invalid URL format: missing extraId component: the channel is skipped"
	for round := range 2 {
		r := g.next(200)
		if !strings.Contains(r.stdout, "::warning::"+want) || !strings.Contains(r.summary, "url: teams: invalid URL format: missing extraId component") {
			t.Errorf("round %d: stdout:\n%s\nsummary:\n%s", round, r.stdout, r.summary)
		}
		var shown []string // all but the masks, which name what to hide
		for _, line := range strings.Split(r.stdout+r.stderr+r.summary, "\n") {
			if !strings.HasPrefix(line, "::add-mask::") {
				shown = append(shown, line)
			}
		}
		if strings.Contains(strings.Join(shown, "\n"), "groupOwner") {
			t.Errorf("round %d: the URL shows", round)
		}
	}
}
