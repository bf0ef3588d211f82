package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// pathTarget answers 503 to the vantage points in failing, told apart by
// the User-Agent every probe sends ("… vantage/eu"), and 200 to the rest:
// the network path of one location failing while the product is fine.
type pathTarget struct {
	*httptest.Server
	mu      sync.Mutex
	failing map[string]bool
	seen    map[string]int // requests by vantage point
}

func newPathTarget(t *testing.T) *pathTarget {
	p := &pathTarget{failing: map[string]bool{}, seen: map[string]int{}}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, v, _ := strings.Cut(r.UserAgent(), " vantage/")
		p.mu.Lock()
		p.seen[v]++
		fail := p.failing[v]
		p.mu.Unlock()
		if fail {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		w.Write([]byte("ok"))
	}))
	t.Cleanup(p.Close)
	return p
}

func (p *pathTarget) fail(vantages ...string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.failing = map[string]bool{}
	for _, v := range vantages {
		p.failing[v] = true
	}
}

// TestThreeVantagePointsEndToEnd runs three candor probe processes, one
// per vantage point, against a loopback target that fails on the path of
// some of them, and merges their files with candor run --results: one
// dissent opens nothing; two that agree open an incident naming them; the
// page and the JSON show each location's outcome.
func TestThreeVantagePointsEndToEnd(t *testing.T) {
	bin, err := exec.LookPath("candor") // this test binary, as testscript.Main installs it
	if err != nil {
		t.Fatal(err)
	}
	target := newPathTarget(t)
	s := newScenario(t, "  quorum: 2\nvantages:\n  - {id: eu, name: Frankfurt}\n  - {id: us, name: Virginia}\n  - {id: ap, name: Singapore}\n")
	cfgText, _ := os.ReadFile(filepath.Join(s.dir, "candor.yml"))
	s.write("candor.yml", strings.Replace(string(cfgText), s.api.URL+"/health", target.URL+"/health", 1))
	roundAt := func(i int) string {
		t.Helper()
		now := s.start.Add(time.Duration(i) * 5 * time.Minute).Format(time.RFC3339)
		dir := filepath.Join(t.TempDir(), "results")
		var wg sync.WaitGroup
		errs := make([]string, 3)
		for k, v := range []string{"eu", "us", "ap"} {
			wg.Go(func() {
				cmd := exec.Command(bin, "probe", "--config", filepath.Join(s.dir, "candor.yml"), "--vantage", v,
					"--out", filepath.Join(dir, v+".json"), "--now", now)
				cmd.Env = append(os.Environ(), "GITHUB_ACTIONS=")
				if out, err := cmd.CombinedOutput(); err != nil {
					errs[k] = v + ": " + err.Error() + "\n" + string(out)
				}
			})
		}
		wg.Wait()
		if msg := strings.Join(errs, ""); msg != "" {
			t.Fatalf("round %d: candor probe failed:\n%s", i, msg)
		}
		var out, errb bytes.Buffer
		args := []string{"run", "--config", filepath.Join(s.dir, "candor.yml"), "--results", dir, "--probe=false", "--now", now}
		if code := run(t.Context(), args, func(string) string { return "" }, &out, &errb); code != 0 {
			t.Fatalf("round %d: run = %d\n%s\n%s", i, code, out.String(), errb.String())
		}
		if errb.Len() > 0 {
			t.Errorf("round %d: run complained:\n%s", i, errb.String())
		}
		return out.String()
	}

	target.fail("eu")
	for i := range 3 {
		out := roundAt(i)
		if !strings.Contains(out, "1 of 3 locations failing: not confirmed — Frankfurt (answered 503 Service Unavailable; expected 2xx)") {
			t.Errorf("round %d with eu alone failing:\n%s", i, out)
		}
	}
	if n := len(s.incidents()); n != 0 {
		t.Fatalf("one location's failure opened %d incidents", n)
	}
	page := s.read("public/components/api/index.html")
	for _, want := range []string{"1 of 3 locations failing: not confirmed", `<th scope="row">Frankfurt</th>`, "<td>down</td>", "<td>up</td>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the component page after a lone dissent lacks %q", want)
		}
	}
	if got := vantageOutcomes(t, s.read("public/api/candor.json")); got != "eu=down us=up ap=up shown=operational" {
		t.Errorf("api/candor.json: %s", got)
	}

	target.fail("eu", "us")
	roundAt(3)
	out := roundAt(4)
	incs := s.incidents()
	if len(incs) != 1 {
		t.Fatalf("two locations failing for two rounds: incidents %v\n%s", keys(incs), out)
	}
	for _, text := range incs {
		if !strings.Contains(text, "2 of 3 locations failing: Frankfurt (answered 503 Service Unavailable; expected 2xx), Virginia (answered 503 Service Unavailable; expected 2xx)") {
			t.Errorf("the incident does not say which locations failed:\n%s", text)
		}
	}
	if got := vantageOutcomes(t, s.read("public/api/candor.json")); got != "eu=down us=down ap=up shown=major_outage" {
		t.Errorf("api/candor.json: %s", got)
	}
	target.mu.Lock()
	defer target.mu.Unlock()
	if target.seen["eu"] != 5 || target.seen["us"] != 5 || target.seen["ap"] != 5 || target.seen[""] != 0 {
		t.Errorf("requests by vantage point = %v, want 5 from each and none from the merging run", target.seen)
	}
}

// vantageOutcomes reads api's latest outcome per vantage point and its
// shown status from api/candor.json.
func vantageOutcomes(t *testing.T, doc string) string {
	t.Helper()
	var d struct {
		Components []struct {
			ID          string `json:"id"`
			ShownStatus string `json:"shown_status"`
			Vantages    []struct {
				ID      string  `json:"id"`
				Outcome *string `json:"outcome"`
			} `json:"vantages"`
		} `json:"components"`
	}
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		t.Fatal(err)
	}
	var parts []string
	for _, v := range d.Components[0].Vantages {
		o := "none"
		if v.Outcome != nil {
			o = *v.Outcome
		}
		parts = append(parts, v.ID+"="+o)
	}
	return strings.Join(append(parts, "shown="+d.Components[0].ShownStatus), " ")
}
