package action

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/candor-status/candor/action/githubtest"
)

// sleeps records the waits a Repo asked for, without waiting.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.d = append(s.d, d)
	return ctx.Err()
}

func (s *sleeps) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.d)
}

// newTestRepo returns a Repo on the fake, with candor-data as its data
// branch, the given clock and recorded sleeps.
func newTestRepo(t *testing.T, f *githubtest.Server, o Options) (*Repo, *sleeps) {
	t.Helper()
	s := &sleeps{}
	o.Sleep = s.sleep
	if o.DataBranch == "" {
		o.DataBranch = "candor-data"
	}
	env := f.Env()
	r, err := NewRepo(func(k string) string { return env[k] }, githubtest.Token, o)
	if err != nil {
		t.Fatal(err)
	}
	return r, s
}
