package probe_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/probe"
)

// inflight is a server that answers after delay and counts the most
// requests it held at once.
type inflight struct {
	mu       sync.Mutex
	now, max int
}

func (f *inflight) handler(delay time.Duration) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.now++
		f.max = max(f.max, f.now)
		f.mu.Unlock()
		time.Sleep(delay)
		f.mu.Lock()
		f.now--
		f.mu.Unlock()
	}
}

func TestRoundOrderAndSkips(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	comps := []candor.Component{
		{ID: "api", Probe: httpProbe(srv.URL)},
		{ID: "billing"},
		{ID: "db", Probe: &candor.Probe{TCP: &candor.TCPProbe{Address: closedPort(t)}}},
		{ID: "web", Probe: httpProbe(srv.URL)},
	}
	rs := newChecker(nil, nil).Round(t.Context(), comps, fast)
	var got []string
	for _, r := range rs {
		got = append(got, fmt.Sprintf("%s:%s", r.Component, r.Outcome))
	}
	if want := "[api:up db:down web:up]"; fmt.Sprint(got) != want {
		t.Errorf("Round = %v, want %s", got, want)
	}
}

// TestRoundConcurrency checks that a round runs checks at once, never more
// than the policy allows, and takes about delay × targets ÷ concurrency.
func TestRoundConcurrency(t *testing.T) {
	const delay = 100 * time.Millisecond
	tests := []struct{ targets, concurrency, wantMax int }{
		{12, 4, 4},
		{10, 0, 10}, // the default, 20, is more than the targets
	}
	for _, tt := range tests {
		f := &inflight{}
		srv := httptest.NewServer(f.handler(delay))
		comps := make([]candor.Component, tt.targets)
		for i := range comps {
			comps[i] = candor.Component{ID: fmt.Sprint(i), Probe: httpProbe(srv.URL)}
		}
		pol := candor.Policy{Timeout: 5 * time.Second, Concurrency: tt.concurrency}
		start := time.Now()
		rs := newChecker(nil, nil).Round(t.Context(), comps, pol)
		took := time.Since(start)
		srv.Close()
		waves := (tt.targets + tt.wantMax - 1) / tt.wantMax
		if len(rs) != tt.targets || f.max != tt.wantMax || took > time.Duration(waves)*delay+400*time.Millisecond {
			t.Errorf("Round(%d targets, concurrency %d) = %d results, %d at once, in %s; want %d, %d, about %s",
				tt.targets, tt.concurrency, len(rs), f.max, took, tt.targets, tt.wantMax, time.Duration(waves)*delay)
		}
	}
}

func TestControl(t *testing.T) {
	notFound := httptest.NewServer(http.NotFoundHandler())
	defer notFound.Close()
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
	}))
	defer broken.Close()
	moved := httptest.NewServer(http.RedirectHandler("http://"+closedPort(t)+"/", http.StatusFound))
	defer moved.Close()
	closed := "http://" + closedPort(t) + "/"
	tests := []struct {
		name  string
		urls  []string
		blind bool
	}{
		{"none configured", nil, false},
		{"a 404 is an answer", []string{closed, notFound.URL}, false},
		{"a redirect is an answer, not followed", []string{moved.URL}, false},
		{"every control fails", []string{closed, broken.URL}, true},
	}
	c := newChecker(nil, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blind, rs := c.Control(t.Context(), tt.urls, fast)
			if blind != tt.blind || len(rs) != len(tt.urls) {
				t.Errorf("Control = %v with %d results, want %v with %d", blind, len(rs), tt.blind, len(tt.urls))
			}
			for i, r := range rs {
				if r.Component != tt.urls[i] {
					t.Errorf("result %d is for %q, want %q", i, r.Component, tt.urls[i])
				}
			}
		})
	}
}

// TestLeakCheckerSees checks the leak checker itself: while a check hangs,
// it must see the check's goroutines.
func TestLeakCheckerSees(t *testing.T) {
	s := serve(t, hang)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		newChecker(nil, nil).Check(ctx, candor.Component{ID: "c", Probe: httpProbe("http://" + s.addr)}, fast)
		close(done)
	}()
	deadline := time.Now().Add(2 * time.Second)
	for len(leaked()) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	seen := len(leaked()) > 0
	cancel()
	<-done
	if !seen {
		t.Errorf("leaked() saw nothing while a check was in flight")
	}
	s.stop()
	noLeak(t)
}

func ExampleChecker_Check() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"status":"ok"}`))
	}))
	defer srv.Close()
	c := probe.New(probe.Options{UserAgent: probe.UserAgent("v1.0.0", "https://status.acme.com/")})
	comp := candor.Component{ID: "api", Probe: &candor.Probe{HTTP: &candor.HTTPProbe{
		URL:    srv.URL + "/health",
		Expect: candor.HTTPExpect{JSON: &candor.JSONExpect{Path: "status", Equals: "ok"}},
	}}}
	r := c.Check(context.Background(), comp, candor.Policy{})
	fmt.Println(r.Component, r.Outcome, r.Attempts, r.Message)
	// Output: api up 1 200 OK
}

func ExampleUserAgent() {
	fmt.Println(probe.UserAgent("v1.2.0", "https://status.acme.com/"))
	// Output: candor/v1.2.0 (+https://status.acme.com/)
}
