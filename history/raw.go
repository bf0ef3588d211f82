package history

import (
	"time"

	"github.com/candor-status/candor"
)

// raw is one check result as the store keeps it: compact, because a
// store may hold millions of them.
type raw struct {
	at       int64 // unix seconds
	latency  int32 // milliseconds
	cert     int32 // days left, -1 none
	outcome  candor.Outcome
	attempts int32
	detail   *detail // nil when the check said nothing more
}

// detail is the rarely set text of a result.
type detail struct {
	class, message string
}

func fromResult(r candor.Result) raw {
	x := raw{
		at:       r.At.Unix(),
		latency:  int32(max(min(r.Latency.Milliseconds(), 1<<31-1), 0)),
		cert:     int32(max(min(r.CertDaysLeft, 1<<31-1), -1)),
		outcome:  r.Outcome,
		attempts: int32(max(min(r.Attempts, 1<<31-1), 0)),
	}
	if !x.outcome.Valid() {
		x.outcome = candor.Unknown
	}
	if r.Class != "" || r.Message != "" {
		x.detail = &detail{class: clean(string(r.Class)), message: clean(r.Message)}
	}
	return x
}

func (x raw) result(id string) candor.Result {
	r := candor.Result{
		Component:    id,
		At:           x.time(),
		Outcome:      x.outcome,
		Latency:      time.Duration(x.latency) * time.Millisecond,
		Attempts:     int(x.attempts),
		CertDaysLeft: int(x.cert),
	}
	r.Phases.Total = r.Latency
	if x.detail != nil {
		r.Class, r.Message = candor.Class(x.detail.class), x.detail.message
	}
	return r
}

func (x raw) time() time.Time { return time.Unix(x.at, 0).UTC() }

// answered reports whether the check got an answer, so its latency counts.
func (x raw) answered() bool { return x.outcome == candor.Up || x.outcome == candor.Degraded }
