package githubtest

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// recorder keeps the errors a Server reports instead of failing the test.
type recorder struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *recorder) errors() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.errs
}

func do(t *testing.T, method, url, token string) int {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, url, strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestServerFailsTheTestOnWhatItDoesNotExpect(t *testing.T) {
	tests := []struct {
		name, method, path, token, want string
	}{
		{"unknown endpoint", "GET", "/repos/acme/status/contents/x", Token, "unexpected request GET /repos/acme/status/contents/x"},
		{"another repository", "GET", "/repos/acme/other/git/ref/heads/main", Token, "unexpected request"},
		{"no token", "GET", "/repos/acme/status/git/ref/heads/main", "", "Authorization"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{TB: t}
			s := NewServer(rec)
			do(t, tt.method, s.URL+tt.path, tt.token)
			if errs := rec.errors(); len(errs) != 1 || !strings.Contains(errs[0], tt.want) {
				t.Errorf("%s %s reported %q, want one error containing %q", tt.method, tt.path, errs, tt.want)
			}
		})
	}
}

func TestServerRefusesNonFastForward(t *testing.T) {
	s := NewServer(t)
	first := s.Seed("main", "one", map[string]string{"a": "1"})
	s.Seed("main", "two", map[string]string{"a": "2"})
	if code, _ := s.move("main", first, false); code != http.StatusUnprocessableEntity {
		t.Errorf("moving main back without force = %d, want 422", code)
	}
	if code, _ := s.move("main", first, true); code != http.StatusOK || s.Head("main") != first || len(s.Forced()) != 1 {
		t.Errorf("forced move = %d, head %s, forced %v", code, s.Head("main"), s.Forced())
	}
	if got := len(s.History("main")); got != 1 {
		t.Errorf("history after force = %d commits, want 1", got)
	}
}
