package monitor

import (
	"bytes"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/history"
	"github.com/candor-status/candor/incident"
)

func TestOpenRaiseResolve(t *testing.T) {
	tests := []struct {
		name     string
		outcomes []candor.Outcome
		want     []EventKind // events of the last round
		impact   candor.Impact
		text     string // in the incident file
	}{
		{"one failure opens nothing", []candor.Outcome{up, down}, nil, "", ""},
		{"open_after failures open", []candor.Outcome{up, down, down}, []EventKind{Opened}, candor.ImpactMajor,
			"Checks of Public API have failed since 14:05 UTC: 2 checks in a row; the latest: status 503 Service Unavailable."},
		{"degraded opens minor", []candor.Outcome{slow, slow}, []EventKind{Opened}, candor.ImpactMinor, "have been degraded since 14:00 UTC"},
		{"down after degraded raises", []candor.Outcome{slow, slow, down}, []EventKind{Raised}, candor.ImpactMajor, "Impact raised from minor to major: checks of Public API fail outright"},
		{"degraded after down never lowers", []candor.Outcome{down, down, slow}, nil, candor.ImpactMajor, ""},
		{"one pass resolves nothing", []candor.Outcome{down, down, up}, nil, candor.ImpactMajor, ""},
		{"resolve_after passes resolve", []candor.Outcome{down, down, up, up}, []EventKind{Resolved}, candor.ImpactMajor, "Checks have passed since 14:10 UTC: 2 in a row."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, "")
			r.rounds(0, tc.outcomes...)
			if got := kinds(r.last.Events); !slices.Equal(got, tc.want) {
				t.Errorf("events of the last round = %v, want %v", got, tc.want)
			}
			if tc.impact == "" {
				if len(r.incidents()) != 0 {
					t.Errorf("incidents = %v, want none", r.names())
				}
				return
			}
			inc := r.parsed(r.names()[0])
			if inc.Impact != tc.impact || !inc.ByMonitor() {
				t.Errorf("incident impact %s, opened by %q; want %s by the monitor", inc.Impact, inc.OpenedBy, tc.impact)
			}
			if !strings.Contains(r.incidents()[r.names()[0]], tc.text) {
				t.Errorf("incident lacks %q:\n%s", tc.text, r.incidents()[r.names()[0]])
			}
		})
	}
}

func TestTitleFollowsImpact(t *testing.T) {
	r := newRig(t, "")
	r.rounds(0, slow, slow)
	if inc := r.parsed("2026-11-26-api.md"); inc.Title != "Public API is degraded" {
		t.Fatalf("title = %q, want the degraded title", inc.Title)
	}
	r.round(10, down)
	if inc := r.parsed("2026-11-26-api.md"); inc.Title != "Public API is failing checks" {
		t.Errorf("title after the raise = %q, want it to follow the impact", inc.Title)
	}
	// A title a person wrote stays theirs.
	r.rounds(15, up, up)
	r.write("content/incidents/2026-11-26-api.md", strings.Replace(string(r.store.content["content/incidents/2026-11-26-api.md"]), "title: Public API is failing checks", "title: Login errors", 1))
	r.rounds(25, slow, slow, down)
	if inc := r.parsed("2026-11-26-api.md"); inc.Title != "Login errors" {
		t.Errorf("title = %q, want the person's kept", inc.Title)
	}
}

func TestRaiseAfterAPersonLowered(t *testing.T) {
	r := newRig(t, "")
	r.rounds(0, down, down)
	p := "content/incidents/2026-11-26-api.md"
	r.write(p, strings.Replace(string(r.store.content[p]), "impact: major", "impact: minor", 1))
	r.round(10, down)
	file := r.incidents()["2026-11-26-api.md"]
	if !strings.Contains(file, "impact: major") || !strings.Contains(file, "Impact set back to major: it had been lowered to minor, but checks of Public API fail outright") {
		t.Errorf("the monitor did not say it set the lowered impact back:\n%s", file)
	}
}

// TestStreaksCountConsecutiveRoundsOnly: one failure, three hours without
// rounds, one more failure is two streaks of one, not an incident that
// "lasted 3 h".
func TestStreaksCountConsecutiveRoundsOnly(t *testing.T) {
	r := newRig(t, "")
	r.round(0, down)
	r.round(180, down)
	if len(r.incidents()) != 0 {
		t.Fatalf("failures three hours apart opened %v", r.names())
	}
	r.round(185, down)
	inc := r.parsed("2026-11-26-api.md")
	if !inc.Started.Equal(at(180)) {
		t.Errorf("started = %s, want %s: the gap ends the first streak", inc.Started.Format("15:04"), at(180).Format("15:04"))
	}
	if !strings.Contains(inc.Updates[0].Text, "since 17:00 UTC: 2 checks in a row") {
		t.Errorf("text = %q, want the two measured checks", inc.Updates[0].Text)
	}
}

// TestBlindRoundsDoNotBridgeAGap: three hours of blind rounds between two
// failures break the streak as three hours without rounds do, and the
// state says the same as the evidence.
func TestBlindRoundsDoNotBridgeAGap(t *testing.T) {
	tests := []struct {
		name      string
		blindTo   float64 // blind rounds every 5 minutes from +10 to here
		wantOpen  bool
		wantSince float64
	}{
		{"one blind round keeps the streak", 10, true, 5},
		{"three hours blind break it", 180, false, 185},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, "")
			r.round(0, up)
			r.round(5, down)
			for m := 10.0; m <= tt.blindTo; m += 5 {
				r.run(Round{Now: at(m), Blind: true, Results: []candor.Result{result(candor.Unknown)}})
			}
			r.round(tt.blindTo+5, down)
			if got := len(r.incidents()) == 1; got != tt.wantOpen {
				t.Fatalf("incidents %v, want open %v", r.names(), tt.wantOpen)
			}
			if !tt.wantOpen {
				st := r.state()
				if st.Failing != 1 || !st.Since.Equal(at(tt.wantSince)) {
					t.Errorf("state failing %d since %s, want 1 since %s", st.Failing, st.Since.Format("15:04"), at(tt.wantSince).Format("15:04"))
				}
				r.round(tt.blindTo+10, down)
				inc := r.parsed("2026-11-26-api.md")
				if !inc.Started.Equal(at(tt.wantSince)) || !strings.Contains(inc.Updates[0].Text, "2 checks in a row") {
					t.Errorf("started %s, text %q; want %s, the two measured checks", inc.Started.Format("15:04"), inc.Updates[0].Text, at(tt.wantSince).Format("15:04"))
				}
				return
			}
			if inc := r.parsed("2026-11-26-api.md"); !inc.Started.Equal(at(tt.wantSince)) {
				t.Errorf("started %s, want %s", inc.Started.Format("15:04"), at(tt.wantSince).Format("15:04"))
			}
		})
	}
}

func TestFlappingOpensAnIncident(t *testing.T) {
	tests := []struct {
		name   string
		policy string
		opens  int // the round (1-based) that opens, 0 for none
	}{
		{"default 3 of 6", "", 5},
		{"4 of 8", "  flapping: {failing: 4, rounds: 8}\n", 7},
		{"off", "  flapping: {failing: 0}\n", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, tc.policy)
			opened := 0
			for i := range 12 {
				o := up
				if i%2 == 0 {
					o = down
				}
				rep := r.round(float64(5*i), o)
				for _, e := range rep.Events {
					if e.Kind == Opened {
						if opened != 0 {
							t.Fatalf("opened twice: rounds %d and %d", opened, i+1)
						}
						opened = i + 1
					}
				}
			}
			if opened != tc.opens {
				t.Fatalf("opened in round %d, want %d", opened, tc.opens)
			}
			if tc.opens == 0 {
				return
			}
			inc := r.parsed(r.names()[0])
			if !inc.Open() || !strings.Contains(inc.Updates[0].Text, "fail intermittently") || !inc.Started.Equal(at(0)) {
				t.Errorf("flapping incident: open %v, started %s, text %q; want open since the first failure, saying the checks fail intermittently",
					inc.Open(), inc.Started.Format("15:04"), inc.Updates[0].Text)
			}
		})
	}
}

func TestALowerDeclarationCannotSilenceTheMonitor(t *testing.T) {
	person := func(impact string) string {
		return "---\ntitle: Reported slowness\ncomponents: [api]\nimpact: " + impact + "\nstarted: 2026-11-26T13:50:00Z\nupdates:\n  - at: 2026-11-26T13:55:00Z\n    status: investigating\n    text: Looking.\n---\n"
	}
	tests := []struct {
		impact   string
		measured candor.Outcome
		opens    bool
	}{
		{"none", down, true},
		{"minor", down, true},
		{"major", down, false},
		{"critical", down, false},
		{"none", slow, true},
		{"minor", slow, false},
	}
	for _, tc := range tests {
		t.Run(tc.impact+" declared, "+string(tc.measured)+" measured", func(t *testing.T) {
			r := newRig(t, "")
			r.write("content/incidents/2026-11-26-person.md", person(tc.impact))
			r.rounds(0, tc.measured, tc.measured, tc.measured)
			if got := len(r.incidents()) == 2; got != tc.opens {
				t.Errorf("the monitor opened its own: %v, want %v (incidents %v)", got, tc.opens, r.names())
			}
			if r.incidents()["2026-11-26-person.md"] != person(tc.impact) {
				t.Errorf("the monitor wrote into a person's incident")
			}
		})
	}
}

// TestBrokenOwnFileBlocksADuplicate: a YAML typo in a file the monitor
// opened is reported every round, and the monitor opens no second one.
func TestBrokenOwnFileBlocksADuplicate(t *testing.T) {
	r := newRig(t, "")
	r.rounds(0, down, down)
	p := "content/incidents/2026-11-26-api.md"
	good := string(r.store.content[p])
	r.write(p, strings.Replace(good, "impact: major", "impact: [major", 1))
	for i := range 3 {
		rep := r.round(float64(10+5*i), down)
		if len(r.incidents()) != 1 {
			t.Fatalf("round %d opened a duplicate beside the broken file: %v", i+1, r.names())
		}
		if len(rep.Problems) != 1 || rep.Problems[0].Path != p || !strings.Contains(rep.Problems[0].Message, "no longer parses") {
			t.Errorf("round %d problems = %v, want the broken file named", i+1, rep.Problems)
		}
	}
	r.write(p, good) // repaired: the monitor goes on with it
	r.rounds(25, up, up)
	if inc := r.parsed("2026-11-26-api.md"); inc.Open() {
		t.Errorf("the repaired incident did not resolve")
	}
}

func TestBackDatedRoundsChangeNoRecord(t *testing.T) {
	r := newRig(t, "")
	r.rounds(0, down, down, down, down) // 14:00–14:15 down, an incident open
	data, content := maps.Clone(r.store.data), maps.Clone(r.store.content)
	for _, m := range []float64{-10, 2, 7} {
		rep := r.round(m, up)
		if len(rep.Refused) != 1 || len(rep.Events) != 0 {
			t.Errorf("round at %+vm: refused %d, events %v; want it refused and nothing decided", m, len(rep.Refused), kinds(rep.Events))
		}
	}
	for p, b := range data {
		if p != "state.tsv" && !bytes.Equal(r.store.data[p], b) {
			t.Errorf("back-dated rounds changed %s", p)
		}
	}
	if !maps.EqualFunc(content, r.store.content, bytes.Equal) {
		t.Errorf("back-dated rounds changed the incidents")
	}
	f := r.history().Figures("api", at(0), at(30))
	if f.Minutes.Down != 25 || f.Checks.Down != 4 || f.Checks.Up != 0 {
		t.Errorf("figures = %+v %+v; want the 25 minutes down still measured, no up", f.Minutes, f.Checks)
	}
}

// TestClockAheadCannotBlindTheMonitor: after one round an hour ahead, the
// real rounds are refused and the record says the monitor cannot measure;
// once the clock passes it, the rounds count again.
func TestClockAheadCannotBlindTheMonitor(t *testing.T) {
	r := newRig(t, "")
	r.round(0, up)
	r.round(60, up)
	for _, m := range []float64{5, 10, 15, 20} {
		if rep := r.round(m, down); len(rep.Refused) != 1 {
			t.Fatalf("round at +%vm was recorded behind a later check", m)
		}
	}
	if st := r.state(); st.Measuring() || st.Refused != 4 {
		t.Errorf("state: measuring %v, refused %d; want not measuring, 4 refused", st.Measuring(), st.Refused)
	}
	r.rounds(65, down, down)
	if len(r.incidents()) != 1 {
		t.Errorf("failing rounds after the clock caught up opened %v, want one", r.names())
	}
}

// TestNoUpdateEarlierThanTheTimeline: a round dated before an incident's
// latest entry writes nothing into it and says so.
func TestNoUpdateEarlierThanTheTimeline(t *testing.T) {
	r := newRig(t, "")
	r.rounds(0, down, down, up, up) // opened 14:05, resolved 14:15
	content := incident.LoadFiles(r.store.content, r.cfg)
	ev := map[string]Evidence{"api": {State: candor.State{Component: "api", Outcome: candor.Down, Failing: 2, LastCheck: at(2)}, Since: at(1), Checks: 2, Worst: candor.Down}}
	for _, m := range []float64{-5, 2, 12} { // before started; before the latest update
		p, err := reconcile(r.cfg, at(m), content, r.store.content, nil, ev)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.changes) != 0 || len(p.problems) != 1 || !strings.Contains(p.problems[0].Message, "earlier than the incident's latest entry") {
			t.Errorf("reconcile at %+vm = %d changes, problems %v; want none written and the reason", m, len(p.changes), p.problems)
		}
	}
}

// TestEvidenceUpdatesKeepTheMonitorsPromise: an incident open and failing
// for two hours gets an evidence update before any update would be
// overdue.
func TestEvidenceUpdatesKeepTheMonitorsPromise(t *testing.T) {
	r := newRig(t, "  update_due: 30m\n")
	for i := range 25 {
		r.round(float64(5*i), down)
		if names := r.names(); len(names) == 1 {
			inc := r.parsed(names[0])
			if late := at(float64(5*i + 5)).Sub(inc.Latest().At); late > 30*time.Minute {
				t.Fatalf("at the round after %s the latest update is %s old, over update_due", at(float64(5*i)).Format("15:04"), late)
			}
		}
	}
	inc := r.parsed("2026-11-26-api.md")
	if n := len(inc.Updates); n < 5 {
		t.Errorf("%d updates in two hours of failing, want one at least every 25 minutes", n)
	}
	last := inc.Latest().Text
	if !strings.Contains(last, "still failing since 14:00 UTC") || !strings.Contains(last, "checks in a row; the latest: status 503") {
		t.Errorf("evidence update = %q, want the run and the latest result", last)
	}
}

// TestFlappingUpdatesSayIntermittent: the evidence updates of an incident
// opened on flapping say how many recent checks failed, not "1 check in a
// row".
func TestFlappingUpdatesSayIntermittent(t *testing.T) {
	r := newRig(t, "  update_due: 30m\n")
	for i := range 24 {
		r.round(float64(5*i), []candor.Outcome{down, up}[i%2])
	}
	inc := r.parsed(r.names()[0])
	if len(inc.Updates) < 2 {
		t.Fatalf("%d updates in two hours of flapping, want evidence updates", len(inc.Updates))
	}
	for _, u := range inc.Updates[1:] {
		if strings.Contains(u.Text, "in a row") || !strings.Contains(u.Text, "failing intermittently: 3 of the last 6 failed") {
			t.Errorf("evidence update %q, want the checks failing intermittently, with the count", u.Text)
		}
	}
}

func TestMaintenanceCountsOnlyWhenAnnouncedBeforeIt(t *testing.T) {
	window := func(starts, ends string) string {
		return "---\ntitle: Upgrade\ncomponents: [api]\nstarts: " + starts + "\nends: " + ends + "\n---\n"
	}
	const p = "content/maintenance/upgrade.md"
	tests := []struct {
		name  string
		setup func(r *rig) // from 14:00 on; rounds then fail from 14:15 to 14:40
		maint bool         // the failures count as maintenance
	}{
		{"announced before it starts", func(r *rig) {
			r.write(p, window("2026-11-26T14:15:00Z", "2026-11-26T15:00:00Z"))
			r.rounds(0, up, up, up)
		}, true},
		{"written during the outage, back-dated", func(r *rig) {
			r.rounds(0, up, up, up)
			r.round(15, down)
			r.write(p, window("2026-11-26T14:00:00Z", "2026-11-26T15:00:00Z"))
		}, false},
		{"written before any round, already begun", func(r *rig) {
			r.write(p, window("2026-11-26T13:00:00Z", "2026-11-26T15:00:00Z"))
			r.rounds(0, up, up, up)
		}, false},
		{"announced for later, moved to now during the outage", func(r *rig) {
			r.write(p, window("2026-11-27T10:00:00Z", "2026-11-27T11:00:00Z"))
			r.rounds(0, up, up, up)
			r.round(15, down)
			r.write(p, window("2026-11-26T14:15:00Z", "2026-11-26T15:00:00Z"))
		}, false},
		{"announced, removed, then put back after it began", func(r *rig) {
			r.write(p, window("2026-11-26T14:15:00Z", "2026-11-26T15:00:00Z"))
			r.rounds(0, up, up)
			delete(r.store.content, p)
			r.round(10, up)
			r.round(15, down)
			r.write(p, window("2026-11-26T14:15:00Z", "2026-11-26T15:00:00Z"))
		}, false},
		{"announced, then its start moved earlier while still ahead", func(r *rig) {
			r.write(p, window("2026-11-26T16:00:00Z", "2026-11-26T17:00:00Z"))
			r.rounds(0, up, up)
			r.write(p, window("2026-11-26T14:15:00Z", "2026-11-26T15:00:00Z"))
			r.round(10, up)
		}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, "")
			tc.setup(r)
			for m := 15.0; m <= 40; m += 5 {
				if r.last == nil || !r.last.Now.Equal(at(m)) {
					r.round(m, down)
				}
			}
			got := r.state().Outcome
			if want := map[bool]candor.Outcome{true: candor.UnderMaintenance, false: candor.Down}[tc.maint]; got != want {
				t.Errorf("recorded outcome = %s, want %s", got, want)
			}
			if opened := len(r.incidents()) > 0; opened == tc.maint {
				t.Errorf("incident opened: %v, want %v", opened, !tc.maint)
			}
		})
	}
}

func TestBlindMonitorDeclaresNothing(t *testing.T) {
	r := newRig(t, "")
	for i := range 4 {
		rep := r.run(Round{Now: at(float64(5 * i)), Results: []candor.Result{result(down)}, Blind: true})
		if len(rep.Events) != 0 || rep.Results[0].Outcome != candor.Unknown || rep.Results[0].Class != candor.ClassBlind {
			t.Fatalf("blind round %d: events %v, result %s/%s; want nothing declared and unknown recorded", i, kinds(rep.Events), rep.Results[0].Outcome, rep.Results[0].Class)
		}
	}
	if len(r.incidents()) != 0 {
		t.Errorf("a blind monitor opened %v", r.names())
	}
}

func TestRerunIsANoOp(t *testing.T) {
	r := newRig(t, "")
	r.rounds(0, down, down)
	data, content := maps.Clone(r.store.data), maps.Clone(r.store.content)
	rep := r.round(5, down)
	if rep.DataWritten || rep.ContentWritten || len(rep.Events) != 0 || len(rep.Refused) != 0 {
		t.Errorf("rerun: data written %v, content written %v, events %v, refused %d; want nothing", rep.DataWritten, rep.ContentWritten, kinds(rep.Events), len(rep.Refused))
	}
	if !maps.EqualFunc(data, r.store.data, bytes.Equal) || !maps.EqualFunc(content, r.store.content, bytes.Equal) {
		t.Error("rerun changed the store")
	}
}

// TestContentWriteReappliesOnNewerFiles: a person's incident that lands
// between the round's read and its write is kept, and the monitor, seeing
// it declares as much, opens nothing and reports no event.
func TestContentWriteReappliesOnNewerFiles(t *testing.T) {
	r := newRig(t, "")
	r.round(0, down)
	r.store.before = func(half string, files map[string][]byte) {
		if half == "content" {
			files["content/incidents/person.md"] = []byte("---\ntitle: API down\ncomponents: [api]\nimpact: major\nstarted: 2026-11-26T14:00:00Z\nupdates:\n  - at: 2026-11-26T14:04:00Z\n    status: identified\n    text: Known.\n---\n")
		}
	}
	rep := r.round(5, down)
	if len(rep.Events) != 0 || !slices.Equal(r.names(), []string{"person.md"}) {
		t.Errorf("events %v, incidents %v; want nothing opened beside the person's", kinds(rep.Events), r.names())
	}
	if len(rep.Content.Incidents) != 1 || rep.Content.Incidents[0].Path != "content/incidents/person.md" {
		t.Errorf("report content = %v, want the content as written", rep.Content.Incidents)
	}
}

// TestSeenRecordKeepsOwnIncidents: the monitor remembers what it opened,
// and forgets a file that is gone or a person took over.
func TestSeenRecordKeepsOwnIncidents(t *testing.T) {
	r := newRig(t, "")
	r.rounds(0, down, down)
	p := "content/incidents/2026-11-26-api.md"
	if o, ok := r.history().Owned()[p]; !ok || !o.Open || o.Impact != candor.ImpactMajor || !slices.Equal(o.Components, []string{"api"}) {
		t.Fatalf("owned = %+v, want the opened incident remembered", r.history().Owned())
	}
	r.write(p, strings.Replace(string(r.store.content[p]), "opened_by: monitor\n", "", 1))
	r.round(10, down)
	if _, ok := r.history().Owned()[p]; ok {
		t.Errorf("a file a person took over is still the monitor's")
	}
	_ = history.Own{}
}

// TestRaiseSaysWhenTheRaisedLevelBegan: slow from 14:00, failing outright
// from 14:15; the raise dates the outage from 14:15, not from the first
// slow check, and counts only the checks since.
func TestRaiseSaysWhenTheRaisedLevelBegan(t *testing.T) {
	r := newRig(t, "")
	r.rounds(0, slow, slow, slow, down)
	file := r.incidents()["2026-11-26-api.md"]
	if want := "Impact raised from minor to major: checks of Public API fail outright since 14:15 UTC: 1 check in a row; the latest: status 503"; !strings.Contains(file, want) {
		t.Errorf("raise text lacks %q:\n%s", want, file)
	}
	p := "content/incidents/2026-11-26-api.md"
	r.write(p, strings.Replace(string(r.store.content[p]), "impact: major", "impact: minor", 1))
	r.round(20, slow) // the run's worst is still down: the impact is set back
	file = r.incidents()["2026-11-26-api.md"]
	if want := "Impact set back to major: it had been lowered to minor, but checks of Public API fail outright since 14:15 UTC: 1 of the 2 checks since; the latest: slower than 300 ms"; !strings.Contains(file, want) {
		t.Errorf("set-back text lacks %q:\n%s", want, file)
	}
}

// TestMaintenanceCoversOnlyWhatWasAnnounced: a window covers a component's
// time only when that time of that component was announced before it
// began, and never an outage already under way when it was announced.
func TestMaintenanceCoversOnlyWhatWasAnnounced(t *testing.T) {
	window := func(comps, starts, ends string) string {
		return "---\ntitle: Upgrade\ncomponents: [" + comps + "]\nstarts: 2026-11-26T" + starts + ":00Z\nends: 2026-11-26T" + ends + ":00Z\n---\n"
	}
	type step struct {
		m      float64
		o      candor.Outcome
		window string // written before the round, when set
		want   candor.Outcome
	}
	const maint = candor.UnderMaintenance
	tests := []struct {
		name  string
		steps []step
	}{
		{"a component added during an outage", []step{
			{0, up, window("billing", "14:15", "15:00"), up}, {5, up, "", up}, {10, down, "", down}, {15, down, "", down},
			{20, down, window("billing, api", "14:15", "15:00"), down}, {25, down, "", down}, {30, down, "", down},
		}},
		{"an end moved later during an outage", []step{
			{0, up, window("api", "14:15", "14:30"), up}, {5, down, "", down}, {10, down, "", down}, {15, down, "", maint},
			{20, down, window("api", "14:15", "15:30"), maint}, {25, down, "", maint}, {30, down, "", down}, {35, down, "", down},
		}},
		{"an end moved later in advance, with no outage", []step{
			{0, up, window("api", "14:15", "14:30"), up}, {5, up, "", up}, {15, up, "", up},
			{20, up, window("api", "14:15", "15:30"), up}, {30, down, "", maint}, {35, down, "", maint},
		}},
		{"an end moved later after the window ended", []step{
			{0, up, window("api", "14:05", "14:15"), up}, {5, up, "", up}, {10, up, "", up}, {15, up, "", up},
			{20, down, window("api", "14:05", "15:30"), down}, {25, down, "", down}, {30, down, "", down},
		}},
		{"a window starting soon written during an outage, until the outage ends", []step{
			{0, up, "", up}, {5, up, "", up}, {10, down, "", down}, {15, down, "", down},
			{20, down, window("api", "14:25", "15:30"), down}, {25, down, "", down}, {30, down, "", down}, {35, down, "", down},
			{40, up, "", up}, {45, down, "", down}, {50, up, "", up}, {55, up, "", up}, {60, down, "", maint}, {65, down, "", maint},
		}},
		{"a component dropped from the window", []step{
			{0, up, window("billing, api", "14:15", "15:00"), up}, {5, up, "", up},
			{10, up, window("billing", "14:15", "15:00"), up}, {15, down, "", down}, {20, down, "", down},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, "")
			for _, s := range tc.steps {
				if s.window != "" {
					r.write("content/maintenance/upgrade.md", s.window)
				}
				rep := r.round(s.m, s.o)
				if got := rep.Results[0].Outcome; got != s.want {
					t.Errorf("at %s measuring %s: recorded %s, want %s", at(s.m).Format("15:04"), s.o, got, s.want)
				}
			}
		})
	}
}

// TestOwnIncidentKeepsItsPromiseDuringMaintenance: the monitor's incident
// is open when an announced window begins; the checks still run and fail,
// counted as maintenance, and the monitor keeps posting what they show, so
// the incident never goes overdue.
func TestOwnIncidentKeepsItsPromiseDuringMaintenance(t *testing.T) {
	r := newRig(t, "  update_due: 30m\n")
	r.write("content/maintenance/upgrade.md", "---\ntitle: Upgrade\ncomponents: [api]\nstarts: 2026-11-26T14:15:00Z\nends: 2026-11-26T16:00:00Z\n---\n")
	r.round(0, up)
	for m := 5.0; m < 120; m += 5 {
		r.round(m, down)
		if names := r.names(); len(names) == 1 {
			if late := at(m + 5).Sub(r.parsed(names[0]).Latest().At); late > 30*time.Minute {
				t.Fatalf("at the round after %s the latest update is %s old, over update_due", at(m).Format("15:04"), late)
			}
		}
	}
	if got := r.state().Outcome; got != candor.UnderMaintenance {
		t.Fatalf("outcome = %s, want the failures counted as maintenance", got)
	}
	last := r.parsed("2026-11-26-api.md").Latest().Text
	if want := `Checks of Public API still fail during the maintenance "Upgrade", until 16:00 UTC, counted as maintenance:`; !strings.HasPrefix(last, want) ||
		!strings.Contains(last, "checks in a row since 14:15 UTC; the latest: status 503") {
		t.Errorf("evidence update = %q, want it to say what the checks show in the window", last)
	}
}

// A run of slow checks is told as degraded in the evidence updates, never
// as failing: the words say no more than was measured.
func TestSlowUpdatesSayDegraded(t *testing.T) {
	r := newRig(t, "  update_due: 30m\n")
	for i := range 12 {
		r.round(float64(5*i), candor.Degraded)
	}
	inc := r.parsed(r.names()[0])
	if len(inc.Updates) < 2 {
		t.Fatalf("%d updates in an hour of slow checks, want evidence updates", len(inc.Updates))
	}
	for _, u := range inc.Updates[1:] {
		if strings.Contains(u.Text, "failing") || !strings.Contains(u.Text, "are still degraded since") {
			t.Errorf("evidence update %q, want the checks still degraded", u.Text)
		}
	}
}

// A rerun of a round whose incident commit never landed measures again at
// the same second and gets another latency: the record keeps the first
// check (another check at that second is refused), and the round still
// reconciles from the evidence recorded, opening the incident once.
func TestRerunAtTheSameSecondStillReconciles(t *testing.T) {
	r := newRig(t, "")
	r.rounds(0, down, down)
	if len(r.names()) != 1 {
		t.Fatalf("incidents %v after two failing rounds, want one", r.names())
	}
	for p := range r.incidents() {
		delete(r.store.content, incident.IncidentDir+"/"+p) // the commit that would have held it failed
	}
	again := result(down)
	again.Latency += 7 * time.Millisecond
	rep := r.run(Round{Now: at(5), Results: []candor.Result{again}})
	if len(rep.Refused) != 1 || rep.Refused[0].Reason != history.RefusedSameSecond {
		t.Fatalf("refused %v, want the second check at the same second", rep.Refused)
	}
	if len(r.names()) != 1 {
		t.Errorf("incidents %v after the rerun, want the one the first run could not commit", r.names())
	}
}

// A round that could not see, inside the maintenance, neither ends nor
// restarts the run the monitor's update counts, as in every other run.
func TestMaintenanceRunSkipsUnknownRounds(t *testing.T) {
	r := newRig(t, "  update_due: 30m\n")
	r.write("content/maintenance/upgrade.md", "---\ntitle: Upgrade\ncomponents: [api]\nstarts: 2026-11-26T14:15:00Z\nends: 2026-11-26T16:00:00Z\n---\n")
	r.round(0, up)
	for m := 5.0; m < 120; m += 5 {
		o := down
		if m == 60 {
			o = candor.Unknown
		}
		r.round(m, o)
	}
	if last := r.parsed("2026-11-26-api.md").Latest().Text; !strings.Contains(last, "checks in a row since 14:15 UTC") {
		t.Errorf("evidence update = %q, want the run counted from 14:15 across the unknown round", last)
	}
}
