package probe

import (
	"context"
	"sync"

	"github.com/candor-status/candor"
)

// Round checks every component that has a probe, at most
// policy.Concurrency at once (DefaultConcurrency when 0), so a round lasts
// about as long as its slowest check, not the sum. Results come in the
// order of comps; components without a probe have none.
func (c *Checker) Round(ctx context.Context, comps []candor.Component, p candor.Policy) []candor.Result {
	var probed []candor.Component
	for _, comp := range comps {
		if comp.Probe != nil {
			probed = append(probed, comp)
		}
	}
	out := make([]candor.Result, len(probed))
	n := p.Concurrency
	if n <= 0 {
		n = DefaultConcurrency
	}
	sem := make(chan struct{}, n)
	var wg sync.WaitGroup
	for i, comp := range probed {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			out[i] = c.Check(ctx, comp, p)
		})
	}
	wg.Wait()
	return out
}

// Control checks the control URLs, which lie outside the product: a plain
// GET, no redirect followed, with the policy's retries and timeout; any
// HTTP answer below 500 means the URL was reached. blind is true when every
// control failed: the monitor cannot see the internet, and its other
// results say nothing about the product. Without control URLs the monitor
// is never blind. results holds one result per URL, its Component the URL.
func (c *Checker) Control(ctx context.Context, urls []string, p candor.Policy) (blind bool, results []candor.Result) {
	if len(urls) == 0 {
		return false, nil
	}
	none := 0
	comps := make([]candor.Component, len(urls))
	for i, u := range urls {
		comps[i] = candor.Component{ID: u, Probe: &candor.Probe{HTTP: &candor.HTTPProbe{
			URL:       u,
			Redirects: &none,
			Expect:    candor.HTTPExpect{Status: []string{"100-499"}},
		}}}
	}
	results = c.Round(ctx, comps, p)
	for _, r := range results {
		if r.Outcome == candor.Up {
			return false, results
		}
	}
	return true, results
}
