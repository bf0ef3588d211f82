package history

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor"
)

// TestDamagedDailyRowIsNotMadeUp: the last daily row, damaged, goes to
// quarantine and its day is never folded again from the raw result kept
// as context: the day's totals are in quarantine, not invented.
func TestDamagedDailyRowIsNotMadeUp(t *testing.T) {
	opt := Options{Interval: 5 * time.Minute, RawWindow: 48 * time.Hour}
	start := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	s, _ := FromFiles(nil, opt)
	for at := start; !at.After(now); at = at.Add(5 * time.Minute) {
		o := candor.Up
		if d := at.Day(); (d == 22 || d == 23) && at.Hour() >= 10 && at.Hour() < 12 {
			o = candor.Down
		}
		s.Record([]candor.Result{{Component: "api", At: at, Outcome: o, Latency: 100 * time.Millisecond, Attempts: 1, CertDaysLeft: -1}})
	}
	s.Fold(now)
	files := mustFiles(t, s)
	daily := string(files["daily/api.tsv"])
	if !strings.Contains(daily, "\n2026-11-23\t79200\t0\t7200\t") {
		t.Fatalf("daily/api.tsv does not end with 2026-11-23's two hours down:\n%s", daily)
	}
	files["daily/api.tsv"] = []byte(strings.Replace(daily, "2026-11-23\t79200\t", "2026-11-23\t7920x\t", 1))
	from, to := start, now
	for round := range 3 { // damaged; then kept in quarantine, twice
		s, probs := FromFiles(files, opt)
		if len(probs) == 0 {
			t.Fatalf("round %d: the damaged row is not reported", round)
		}
		s.Record([]candor.Result{{Component: "api", At: now.Add(time.Duration(round+1) * 5 * time.Minute), Outcome: candor.Up, Attempts: 1, CertDaysLeft: -1}})
		s.Fold(now.Add(time.Duration(round+1) * 5 * time.Minute))
		out := mustFiles(t, s)
		for p, b := range out {
			files[p] = b
		}
		if d := string(files["daily/api.tsv"]); strings.Contains(d, "\n2026-11-23\t") {
			t.Errorf("round %d: a row for 2026-11-23 was made up beside the one in quarantine:\n%s", round, d)
		}
		if got := s.Figures("api", from, to).Minutes.Down; got != 120 {
			t.Errorf("round %d: down minutes = %v, want 120: 2026-11-22's, and 2026-11-23's in quarantine", round, got)
		}
		if got := s.HeldDays("api", from, to); !slices.Equal(got, []string{"2026-11-23"}) {
			t.Errorf("round %d: HeldDays = %v, want [2026-11-23]", round, got)
		}
	}
	s, _ = FromFiles(files, opt)
	cfg := &candor.Config{Location: time.UTC, Interval: opt.Interval, Components: []candor.Component{{ID: "api", Name: "api"}}}
	var b strings.Builder
	s.Report(cfg, 2026, time.November, now, nil, nil).WriteText(&b)
	if !strings.Contains(b.String(), "damaged   the totals of 2026-11-23 are in quarantine (daily/api.tsv.quarantine)") {
		t.Errorf("the report does not say the day's totals are in quarantine:\n%s", b.String())
	}
	if q := string(files["daily/api.tsv.quarantine"]); strings.Count(q, "\n2026-11-23\t7920x\t") != 1 {
		t.Errorf("the quarantine does not hold the row once, verbatim:\n%s", q)
	}
}

func mustFiles(t *testing.T, s *Store) map[string][]byte {
	t.Helper()
	out, err := s.Files()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRecordAnotherCheckAtTheSameSecond: the same check again changes
// nothing, silently; another at its second is refused out loud, and the
// state still measures.
func TestRecordAnotherCheckAtTheSameSecond(t *testing.T) {
	s, _ := FromFiles(nil, Options{Interval: 5 * time.Minute})
	first := check(0, candor.Up, 120*time.Millisecond)
	s.Record([]candor.Result{first})
	if refused := s.Record([]candor.Result{first}); len(refused) != 0 {
		t.Errorf("the same check again is refused: %v", refused)
	}
	other := check(0, candor.Down, 2*time.Second)
	refused := s.Record([]candor.Result{other})
	if len(refused) != 1 || refused[0].Reason != RefusedSameSecond {
		t.Fatalf("Record(another check at the same second) = %v, want it refused", refused)
	}
	if st, _ := s.State("api"); st.Refused != 0 || st.Outcome != candor.Up {
		t.Errorf("state after another check at the same second: refused %d, outcome %s; want 0, up", st.Refused, st.Outcome)
	}
}

// TestSeenUnknownKind: a seen.tsv line of an unknown kind says the kind,
// not the number of fields.
func TestSeenUnknownKind(t *testing.T) {
	_, probs := FromFiles(map[string][]byte{seenFile: []byte("incidnet\tcontent/incidents/x.md\tmajor\tapi\topen\n")}, Options{})
	if len(probs) != 1 || !strings.Contains(probs[0].Message, `kind: want maintenance, announced or incident; got "incidnet"`) {
		t.Errorf("problems = %v, want the unknown kind named", probs)
	}
}

// TestLossInQuarantineIsNotARepair: the quarantine's record of a lost raw
// file is not a damaged line to repair and move back.
func TestLossInQuarantineIsNotARepair(t *testing.T) {
	s, _ := FromFiles(nil, Options{Interval: 5 * time.Minute})
	s.Record([]candor.Result{check(0, candor.Up, time.Millisecond), check(5, candor.Up, time.Millisecond)})
	files := mustFiles(t, s)
	delete(files, "raw/api.tsv")
	s, _ = FromFiles(files, Options{Interval: 5 * time.Minute})
	for p, b := range mustFiles(t, s) {
		files[p] = b
	}
	_, probs := FromFiles(files, Options{Interval: 5 * time.Minute})
	var found bool
	for _, p := range probs {
		if strings.HasSuffix(p.Path, "raw/api.tsv.quarantine") {
			found = true
			if strings.Contains(p.Message, "move it back") || !strings.Contains(p.Message, "a loss of raw/api.tsv is kept on record here") {
				t.Errorf("the loss is reported as %q", p.Message)
			}
		}
	}
	if !found {
		t.Errorf("the loss is not reported from the quarantine: %v", probs)
	}
}
