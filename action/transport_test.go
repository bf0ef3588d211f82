package action

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor/action/githubtest"
)

var testNow = time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)

func TestRateLimitsAreWaitedOut(t *testing.T) {
	reset := strconv.FormatInt(testNow.Add(30*time.Second).Unix(), 10)
	tests := []struct {
		name     string
		fault    githubtest.Fault
		wantWait time.Duration
	}{
		{"403 primary with reset", githubtest.Fault{Method: "GET", Path: "/git/ref/heads/main", Status: 403,
			Header: map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}, Body: "API rate limit exceeded"}, 31 * time.Second},
		{"429 with retry-after", githubtest.Fault{Method: "POST", Path: "/git/trees", Status: 429,
			Header: map[string]string{"Retry-After": "7"}}, 7 * time.Second},
		{"429 with reset only", githubtest.Fault{Method: "POST", Path: "/git/commits", Status: 429,
			Header: map[string]string{"X-RateLimit-Reset": reset}}, 31 * time.Second},
		{"403 secondary with retry-after", githubtest.Fault{Method: "PATCH", Path: "/git/refs/heads/main", Status: 403,
			Header: map[string]string{"Retry-After": "60"}, Body: "You have exceeded a secondary rate limit"}, 60 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := githubtest.NewServer(t)
			f.Seed("main", "init", map[string]string{"a": "a"})
			f.Fail(tt.fault)
			r, s := newTestRepo(t, f, Options{Now: func() time.Time { return testNow }})
			ok, err := r.Commit(t.Context(), "main", "m", appendLines(map[string]string{"b": "b"}))
			if err != nil || !ok {
				t.Fatalf("Commit = %v, %v; want it to wait and succeed", ok, err)
			}
			if got := s.all(); len(got) != 1 || got[0] != tt.wantWait {
				t.Errorf("waits = %v, want [%v]", got, tt.wantWait)
			}
			if f.Files("main")["b"] != "b\n" {
				t.Error("change not written")
			}
		})
	}
}

func TestRateLimitTooLongFailsAndLeavesBranch(t *testing.T) {
	f := githubtest.NewServer(t)
	head := f.Seed("main", "init", map[string]string{"a": "a"})
	f.Fail(githubtest.Fault{Method: "POST", Path: "/git/commits", Status: 403, Header: map[string]string{
		"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": strconv.FormatInt(testNow.Add(time.Hour).Unix(), 10)}})
	r, s := newTestRepo(t, f, Options{Now: func() time.Time { return testNow }})
	_, err := r.Commit(t.Context(), "main", "m", appendLines(map[string]string{"b": "b"}))
	if err == nil || !strings.Contains(err.Error(), "rate limit") && !strings.Contains(err.Error(), "403") {
		t.Fatalf("Commit error = %v, want a rate-limit error", err)
	}
	if len(s.all()) != 0 {
		t.Errorf("waited %v for an hour-long limit", s.all())
	}
	if f.Head("main") != head {
		t.Error("branch moved after a failed write")
	}
}

func TestForbiddenWithoutRateLimitIsNotRetried(t *testing.T) {
	f := githubtest.NewServer(t)
	f.Seed("main", "init", map[string]string{"a": "a"})
	f.Fail(githubtest.Fault{Method: "PATCH", Path: "/git/refs/heads/main", Status: 403, Body: "Resource not accessible by integration"})
	r, s := newTestRepo(t, f, Options{})
	_, err := r.Commit(t.Context(), "main", "m", appendLines(map[string]string{"b": "b"}))
	if err == nil {
		t.Fatal("Commit succeeded through a 403")
	}
	if !strings.Contains(err.Error(), "contents: write") {
		t.Errorf("Commit error = %v, want a hint at the permission", err)
	}
	if len(s.all()) != 0 {
		t.Errorf("retried a permission error: waits %v", s.all())
	}
}

func TestServerErrorsRetryBounded(t *testing.T) {
	t.Run("transient", func(t *testing.T) {
		f := githubtest.NewServer(t)
		f.Seed("main", "init", map[string]string{"a": "a"})
		f.Fail(githubtest.Fault{Method: "GET", Path: "/git/ref/heads/main", Status: 502})
		f.Fail(githubtest.Fault{Method: "POST", Path: "/git/trees", Status: 503})
		f.Fail(githubtest.Fault{Method: "PATCH", Path: "/git/refs/heads/main", Status: 500})
		r, s := newTestRepo(t, f, Options{})
		if ok, err := r.Commit(t.Context(), "main", "m", appendLines(map[string]string{"b": "b"})); err != nil || !ok {
			t.Fatalf("Commit = %v, %v", ok, err)
		}
		if got := s.all(); len(got) != 3 {
			t.Errorf("waits = %v, want 3", got)
		}
		if n := len(f.History("main")); n != 2 {
			t.Errorf("main has %d commits, want 2 (no doubles)", n)
		}
	})
	t.Run("persistent", func(t *testing.T) {
		f := githubtest.NewServer(t)
		head := f.Seed("main", "init", map[string]string{"a": "a"})
		for range serverRetries + 1 {
			f.Fail(githubtest.Fault{Method: "POST", Path: "/git/commits", Status: 502})
		}
		r, s := newTestRepo(t, f, Options{})
		if _, err := r.Commit(t.Context(), "main", "m", appendLines(map[string]string{"b": "b"})); err == nil {
			t.Fatal("Commit succeeded through persistent 502s")
		}
		if got := s.all(); len(got) != serverRetries {
			t.Errorf("waits = %v, want %d", got, serverRetries)
		}
		for i, w := range s.all() {
			if lo := time.Second << i; w < lo || w > lo*3/2 {
				t.Errorf("wait %d = %v, want %v to %v", i, w, lo, lo*3/2)
			}
		}
		if f.Head("main") != head {
			t.Error("branch moved after a failed write")
		}
	})
	t.Run("issue creation is not replayed", func(t *testing.T) {
		f := githubtest.NewServer(t)
		f.Fail(githubtest.Fault{Method: "POST", Path: "/issues", Status: 502})
		r, s := newTestRepo(t, f, Options{})
		if _, err := r.Notify(t.Context(), Notice{IncidentID: "abc", Title: "t"}); err == nil {
			t.Fatal("Notify succeeded through a 502")
		}
		if len(s.all()) != 0 {
			t.Errorf("replayed a POST /issues: waits %v", s.all())
		}
	})
}

func TestConnectionResetOnReadIsRetried(t *testing.T) {
	f := githubtest.NewServer(t)
	f.Seed("candor-data", "seed", map[string]string{"a": "a"})
	f.Fail(githubtest.Fault{Method: "GET", Path: "/git/ref/heads/candor-data", Status: githubtest.Reset})
	f.Fail(githubtest.Fault{Method: "GET", Path: "/tarball/" + f.Head("candor-data"), Status: 502})
	r, s := newTestRepo(t, f, Options{})
	got, err := r.Fetch(t.Context(), "candor-data")
	if err != nil || string(got["a"]) != "a" {
		t.Fatalf("Fetch = %v, %v", got, err)
	}
	if len(s.all()) != 2 {
		t.Errorf("waits = %v, want 2", s.all())
	}
}
