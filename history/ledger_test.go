package history

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor"
	"github.com/google/go-cmp/cmp"
)

func opened(id string, at time.Time) candor.Change {
	return candor.Change{Kind: candor.IncidentOpened, Subject: id, At: at, Update: 1, Components: []string{"api"}, Impact: candor.ImpactMajor}
}

func all(string) bool { return true }

func TestLedgerRoundTripThroughTheStore(t *testing.T) {
	s := newStore(t, Options{})
	l := s.Ledger()
	l.Round = t0
	l.Incidents["k3j9x0a1b2c3"] = SeenIncident{Path: "content/incidents/2026-11-12-api.md", Open: true, Impact: candor.ImpactMajor, Updates: 2, LastSeen: t0}
	l.Maintenance["m1"] = SeenMaintenance{Path: "content/maintenance/db.md", Status: candor.Scheduled, LastSeen: t0}
	l.Components["api"] = candor.StatusPartial
	l.Enqueue("slack", opened("k3j9x0a1b2c3", t0), t0)
	l.Enqueue("hook", candor.Change{Kind: candor.ComponentStatus, Subject: "api", At: t0, From: candor.StatusOperational, To: candor.StatusMajor}, t0)
	claimed, _ := l.Claim("tok1", t0, all)
	l.Settle("tok1", []Outcome{{Key: claimed[0].Key(), Result: Failed, Note: "status 502\tBad Gateway\n"}}, t0)
	s.SetLedger(l)
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	again, probs, err := Open(s.dir, Options{})
	if err != nil || len(probs) > 0 {
		t.Fatalf("Open = %v, %v", probs, err)
	}
	got := again.Ledger()
	l.Sends[0].Note = "status 502 Bad Gateway" // one line, one field
	if diff := cmp.Diff(l, got); diff != "" {
		t.Errorf("ledger after save and open (-want +got):\n%s", diff)
	}
	// Setting the same ledger again writes nothing.
	again.SetLedger(got)
	if files, _ := again.Files(); len(files) != 0 {
		t.Errorf("an unchanged ledger is written again: %v", files)
	}
}

func TestLedgerKeepsCyclesAndReadsLinesWrittenBeforeThem(t *testing.T) {
	s := newStore(t, Options{})
	l := s.Ledger()
	l.Round = t0
	l.Incidents["i"] = SeenIncident{Path: "content/incidents/i.md", Impact: candor.ImpactCritical, Updates: 1, LastSeen: t0, Reopened: 2}
	l.Maintenance["m"] = SeenMaintenance{Path: "content/maintenance/m.md", Status: candor.InProgress, LastSeen: t0, Restarts: 1}
	l.Enqueue("slack", candor.Change{Kind: candor.IncidentRaised, Subject: "i", At: t0, Update: 1, Impact: candor.ImpactCritical, Cycle: 2}, t0)
	s.SetLedger(l)
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	again, probs, err := Open(s.dir, Options{})
	if err != nil || len(probs) > 0 {
		t.Fatalf("Open = %v, %v", probs, err)
	}
	if diff := cmp.Diff(l, again.Ledger()); diff != "" {
		t.Errorf("ledger after save and open (-want +got):\n%s", diff)
	}

	old := ledgerHeader + "round\t2026-11-12T12:00:00Z\nincident\ti\tcontent/incidents/i.md\topen\tmajor\t2\t2026-11-12T12:00:00Z\n" +
		"maintenance\tm\tcontent/maintenance/m.md\tscheduled\t2026-11-12T12:00:00Z\n" +
		"send\tslack\tincident.raised\ti\t2026-11-12T12:00:00Z\t2\t-\t-\t2026-11-12T12:00:00Z\tpending\t0\t-\t2026-11-12T12:00:00Z\t-\n"
	hs, probs := FromFiles(map[string][]byte{ledgerFile: []byte(old)}, Options{})
	got := hs.Ledger()
	if len(probs) > 0 || got.Incidents["i"].Reopened != 0 || got.Maintenance["m"].Restarts != 0 || len(got.Sends) != 1 {
		t.Fatalf("a ledger of before cycles: %v, %+v", probs, got)
	}
	// Its deliveries keep the ids they were queued with.
	c := got.Sends[0].Change
	if want := candor.StableID("change:incident.raised|i|" + strconv.FormatInt(t0.Unix(), 10) + "|2||"); c.ID() != want {
		t.Errorf("an old raise's id = %s, want %s as before", c.ID(), want)
	}
}

func TestLedgerDamagedLineIsQuarantined(t *testing.T) {
	files := map[string][]byte{ledgerFile: []byte(ledgerHeader + "round\t2026-11-12T12:00:00Z\nsend\tslack\tincident.exploded\tx\n")}
	s, probs := FromFiles(files, Options{})
	if len(probs) != 1 || !strings.Contains(probs[0].Error(), "notify.tsv:3") {
		t.Fatalf("problems = %v, want one at notify.tsv:3", probs)
	}
	if got := s.Ledger().Round; !got.Equal(t0) {
		t.Errorf("the good lines were lost: round %v", got)
	}
	out, _ := s.Files()
	if !bytes.Contains(out[ledgerFile+QuarantineSuffix], []byte("incident.exploded")) {
		t.Errorf("the damaged line is not kept in quarantine: %q", out[ledgerFile+QuarantineSuffix])
	}
}

func TestLedgerEnqueueOnce(t *testing.T) {
	l := newLedger()
	c := opened("a", t0)
	if !l.Enqueue("slack", c, t0) || l.Enqueue("slack", c, t0.Add(time.Minute)) {
		t.Error("the same change was queued twice for one channel")
	}
	if !l.Enqueue("hook", c, t0) || len(l.Sends) != 2 {
		t.Errorf("the change was not queued for a second channel: %+v", l.Sends)
	}
}

func TestLedgerClaim(t *testing.T) {
	tests := []struct {
		name  string
		d     Delivery
		now   time.Time
		live  bool
		want  DeliveryState
		claim string
	}{
		{"pending is claimed", Delivery{State: Pending}, t0, true, Claimed, "mine"},
		{"another round's claim stands within the lease", Delivery{State: Claimed, Claim: "theirs", Since: t0}, t0.Add(Lease - time.Second), true, Claimed, "theirs"},
		{"a claim past its lease is taken over", Delivery{State: Claimed, Claim: "theirs", Since: t0}, t0.Add(Lease), true, Claimed, "mine"},
		{"found more than a day ago is dropped", Delivery{State: Pending, Attempts: 3, Note: "status 500"}, t0.Add(GiveUp + time.Second), true, Dropped, ""},
		{"found within the day is tried, however old the time it tells of", Delivery{State: Pending, Attempts: 3,
			Change: candor.Change{Kind: candor.IncidentResolved, Subject: "a", At: t0.AddDate(0, -3, 0)}}, t0.Add(GiveUp - time.Second), true, Claimed, "mine"},
		{"a channel gone from the config is dropped", Delivery{State: Pending}, t0, false, Dropped, ""},
		{"sent stays sent", Delivery{State: Sent, Since: t0}, t0.Add(time.Hour), true, Sent, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.d
			d.Channel, d.Queued = "slack", t0
			if d.Change.Kind == "" {
				d.Change = opened("a", t0)
			}
			if d.Since.IsZero() {
				d.Since = t0
			}
			l := Ledger{Sends: []Delivery{d}}
			claimed, dropped := l.Claim("mine", tt.now, func(string) bool { return tt.live })
			got := l.Sends[0]
			if got.State != tt.want || got.Claim != tt.claim {
				t.Errorf("after Claim: %s claimed by %q, want %s by %q", got.State, got.Claim, tt.want, tt.claim)
			}
			if (len(claimed) == 1) != (tt.claim == "mine") || (len(dropped) == 1) != (tt.want == Dropped) {
				t.Errorf("Claim returned %d claimed, %d dropped", len(claimed), len(dropped))
			}
			if tt.want == Dropped && got.Note == "" {
				t.Error("a dropped delivery does not say why")
			}
		})
	}
	t.Run("done deliveries leave the record after KeepDone", func(t *testing.T) {
		l := Ledger{Sends: []Delivery{{Channel: "c", Change: opened("a", t0), State: Sent, Since: t0}}}
		l.Claim("mine", t0.Add(KeepDone+time.Second), all)
		if len(l.Sends) != 0 {
			t.Errorf("a sent delivery older than %s is still on record", KeepDone)
		}
	})
}

func TestLedgerSettleOnlyWhatTheTokenClaimed(t *testing.T) {
	l := newLedger()
	l.Enqueue("slack", opened("a", t0), t0)
	l.Enqueue("slack", opened("b", t0), t0)
	l.Enqueue("slack", opened("c", t0), t0)
	claimed, _ := l.Claim("mine", t0, all)
	l.Sends[2].Claim = "theirs" // taken over after the lease
	l.Settle("mine", []Outcome{
		{Key: claimed[0].Key(), Result: Delivered},
		{Key: claimed[1].Key(), Result: Failed, Note: "timeout"},
		{Key: claimed[2].Key(), Result: Delivered},
	}, t0.Add(time.Minute))
	want := []struct {
		state    DeliveryState
		attempts int
	}{{Sent, 0}, {Pending, 1}, {Claimed, 0}}
	for i, w := range want {
		if d := l.Sends[i]; d.State != w.state || d.Attempts != w.attempts {
			t.Errorf("delivery %d: %s after %d attempts, want %s after %d", i, d.State, d.Attempts, w.state, w.attempts)
		}
	}
	deferred := newLedger()
	deferred.Enqueue("slack", opened("a", t0), t0)
	c, _ := deferred.Claim("mine", t0, all)
	deferred.Settle("mine", []Outcome{{Key: c[0].Key(), Result: Deferred, Note: "an earlier change failed"}}, t0)
	if d := deferred.Sends[0]; d.State != Pending || d.Attempts != 0 {
		t.Errorf("deferred: %s after %d attempts, want pending with none counted", d.State, d.Attempts)
	}
}

func FuzzDecodeLedger(f *testing.F) {
	f.Add([]byte(ledgerHeader + "round\t2026-11-12T12:00:00Z\nincident\tabc\tcontent/incidents/x.md\topen\tmajor\t2\t2026-11-12T12:00:00Z\n" +
		"maintenance\tm\tcontent/maintenance/m.md\tscheduled\t-\ncomponent\tapi\tmajor_outage\n" +
		"send\tslack\tcomponent.status\tapi\t2026-11-12T12:00:00Z\t0\toperational\tmajor_outage\t2026-11-12T12:00:00Z\tpending\t1\t-\t2026-11-12T12:00:00Z\tstatus  502\n"))
	f.Add([]byte("round\t-\nsend\ts\tincident.opened\tx\t-\t1\t-\t-\t-\tclaimed\t0\ttok\t-\t-\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		l, _ := decodeLedger("notify.tsv", b)
		enc := encodeLedger(l)
		again, probs := decodeLedger("notify.tsv", enc)
		if len(probs) > 0 {
			t.Fatalf("re-reading a written ledger: %v\n%q", probs, enc)
		}
		if enc2 := encodeLedger(again); !bytes.Equal(enc, enc2) {
			t.Fatalf("round trip not stable:\n%q\n%q", enc, enc2)
		}
	})
}
