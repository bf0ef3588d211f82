package probe_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"syscall"
	"testing"
	"time"

	"github.com/candor-status/candor"
)

// BenchmarkRound checks rounds of loopback targets that each answer after
// 100 ms, one server per target. A round must take about 100 ms × targets
// ÷ concurrency, not the sum. Reported: wall time per round (ms/round), CPU
// time per round of the whole process, test servers included
// (cpu-ms/round), and memory (B/op, allocs/op). Run with a small
// -benchtime, such as 3x.
func BenchmarkRound(b *testing.B) {
	for _, bc := range []struct{ targets, concurrency int }{
		{100, 20}, {100, 100}, {500, 20}, {500, 500},
	} {
		b.Run(fmt.Sprintf("targets=%d/concurrency=%d", bc.targets, bc.concurrency), func(b *testing.B) {
			comps := slowTargets(b, bc.targets, 100*time.Millisecond)
			pol := candor.Policy{Timeout: 10 * time.Second, Concurrency: bc.concurrency}
			c := newChecker(nil, nil)
			b.ReportAllocs()
			cpu := cpuTime()
			b.ResetTimer()
			for b.Loop() {
				for _, r := range c.Round(b.Context(), comps, pol) {
					if r.Outcome != candor.Up {
						b.Fatalf("%s: %s %s", r.Component, r.Outcome, r.Message)
					}
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/round")
			b.ReportMetric(float64((cpuTime()-cpu).Milliseconds())/float64(b.N), "cpu-ms/round")
		})
	}
}

// slowTargets starts n servers that answer after delay and returns a
// component probing each.
func slowTargets(b *testing.B, n int, delay time.Duration) []candor.Component {
	comps := make([]candor.Component, n)
	for i := range comps {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(delay)
			w.Write([]byte("ok"))
		}))
		b.Cleanup(srv.Close)
		comps[i] = candor.Component{ID: fmt.Sprint("target-", i), Probe: httpProbe(srv.URL)}
	}
	return comps
}

// cpuTime is the user and system time the process used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
