package history

import (
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor"
	"github.com/google/go-cmp/cmp"
)

// merged is a result of a round that merged three vantage points, one of
// which failed with a message holding the separators of the format.
func merged(at time.Time) candor.Result {
	r := candor.Result{Component: "api", At: at, Outcome: candor.Up, Latency: 132 * time.Millisecond, Attempts: 1, CertDaysLeft: -1, Message: "200 OK"}
	r.Vantages = []candor.VantageResult{
		{Vantage: "eu-1", Outcome: candor.Down, Latency: 10 * time.Second, Class: "time:out", Message: "status 503, want 2xx: a=b"},
		{Vantage: "us-1", Outcome: candor.Up, Latency: 132 * time.Millisecond},
		{Vantage: "ap-1", Outcome: candor.Unknown, Class: "blind", Message: "controls failed"},
	}
	return r
}

func TestVantagesRoundTrip(t *testing.T) {
	s := newStore(t, Options{})
	r := merged(t0)
	s.Record([]candor.Result{r})
	files, _ := s.Files()
	line := strings.Split(string(files["raw/api.tsv"]), "\n")[1]
	want := "2026-11-12T12:00:00Z\tup\t132\t1\t-1\t\t200 OK\teu-1=down:10000:time_out:status 503, want 2xx: a=b\tus-1=up:132\tap-1=unknown:0:blind:controls failed"
	if line != want {
		t.Errorf("raw line =\n%q\nwant\n%q", line, want)
	}
	back, probs := FromFiles(files, Options{})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	var got candor.Result
	for x := range back.Backward("api") {
		got = x
	}
	r.Vantages[0].Class = "time_out" // a colon cannot stand in a class
	if diff := cmp.Diff(r.Vantages, got.Vantages); diff != "" {
		t.Errorf("vantages read back (-want +got):\n%s", diff)
	}
	st, _ := back.State("api")
	if diff := cmp.Diff(r.Vantages, st.Last.Vantages); diff != "" {
		t.Errorf("state's last check vantages (-want +got):\n%s", diff)
	}
	m := back.Measured("api", t0.Add(time.Hour), candor.SLA{}, nil)
	if vs := m.RecentVantages; len(m.Recent) != 1 || len(vs) != 3 || vs[1].Vantage != "us-1" || vs[1].Latency != 132*time.Millisecond || !vs[1].At.Equal(t0) {
		t.Errorf("Recent = %+v, RecentVantages = %+v; want one check with its three vantage points", m.Recent, vs)
	}
	if one := newStore(t, Options{}); one.Record(every("api", t0, 5*time.Minute, 3, candor.Up)) == nil && one.Measured("api", t0.Add(time.Hour), candor.SLA{}, nil).RecentVantages != nil {
		t.Error("checks of one vantage point have vantage points")
	}
}

// TestOlderVersionsStillRead: raw v1 and state v2 files, written before
// vantage points, read as they did, and the next write moves them to the
// new version with the old lines unchanged.
func TestOlderVersionsStillRead(t *testing.T) {
	oldRaw := "# candor raw results v1: at outcome latency_ms attempts cert_days [class [message]]\n" +
		"2026-11-12T12:00:00Z\tup\t10\t1\t-1\t\t200 OK\n2026-11-12T12:05:00Z\tdown\t9000\t2\t-1\ttimeout\ttimed out\n"
	oldState := "# candor state v2: component outcome since failing passing refused refused_at | last check: at outcome latency_ms attempts cert_days [class [message]]\n" +
		"api\tdown\t2026-11-12T12:05:00Z\t1\t0\t0\t-\t2026-11-12T12:05:00Z\tdown\t9000\t2\t-1\ttimeout\ttimed out\n"
	s, probs := FromFiles(map[string][]byte{"raw/api.tsv": []byte(oldRaw), "state.tsv": []byte(oldState)}, Options{})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	st, _ := s.State("api")
	if st.Failing != 1 || st.Last.Class != "timeout" || st.Last.Message != "timed out" || st.Last.Vantages != nil {
		t.Errorf("state from v2 = %+v", st)
	}
	s.Record([]candor.Result{merged(t0.Add(10 * time.Minute))})
	files, _ := s.Files()
	raw := string(files["raw/api.tsv"])
	if !strings.HasPrefix(raw, rawHeader) || !strings.Contains(raw, "\n2026-11-12T12:05:00Z\tdown\t9000\t2\t-1\ttimeout\ttimed out\n") {
		t.Errorf("rewritten raw file:\n%s", raw)
	}
	if !strings.HasPrefix(string(files["state.tsv"]), stateHeader) {
		t.Errorf("state.tsv not moved to the current version:\n%s", files["state.tsv"])
	}
}

func TestDamagedVantageIsQuarantined(t *testing.T) {
	for name, field := range map[string]string{
		"no equals":     "eu-1:down:10",
		"bad outcome":   "eu-1=sideways:10",
		"bad latency":   "eu-1=down:-3",
		"no latency":    "eu-1=down",
		"bad id":        "../x=down:10",
		"twice":         "eu-1=down:10\teu-1=up:5",
		"empty field":   "",
		"control chars": "eu-1=down:10:x:\x01",
	} {
		t.Run(name, func(t *testing.T) {
			text := rawHeader + "2026-11-12T12:00:00Z\tup\t10\t1\t-1\t\t\t" + field + "\n2026-11-12T12:05:00Z\tup\t10\t1\t-1\n"
			rs, bad := decodeRaw("raw/api.tsv", []byte(text))
			if len(rs) != 1 || len(bad) != 1 || bad[0].line != 2 {
				t.Errorf("decodeRaw kept %d results and %d damaged lines %+v; want the line with %q damaged", len(rs), len(bad), bad, field)
			}
		})
	}
}

// TestCutShortLineIsDamage: a last line without its line break, what a
// crash in the middle of an append leaves, is quarantined even when what
// is left of it parses.
func TestCutShortLineIsDamage(t *testing.T) {
	text := rawHeader + "2026-11-12T12:00:00Z\tup\t10\t1\t-1\n2026-11-12T12:05:00Z\tup\t10\t1\t-1\t\t200 O"
	rs, bad := decodeRaw("raw/api.tsv", []byte(text))
	if len(rs) != 1 || len(bad) != 1 || bad[0].line != 3 || !strings.Contains(bad[0].problem.Message, "cut short") {
		t.Errorf("decodeRaw = %d results, damage %+v; want line 3 cut short", len(rs), bad)
	}
	if rs, bad := decodeRaw("raw/api.tsv", []byte(text+"K\n")); len(rs) != 2 || len(bad) != 0 {
		t.Errorf("the same line ended: %d results, %v", len(rs), bad)
	}
}
