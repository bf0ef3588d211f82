package history

import (
	"strings"
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

// detail is the rarely set text of a result, and its vantage points'
// checks when the round merged several.
type detail struct {
	class, message string
	vantages       []vantage
}

// vantage is one vantage point's check inside a merged result.
type vantage struct {
	id             string
	outcome        candor.Outcome
	latency        int32 // milliseconds
	class, message string
}

func fromResult(r candor.Result) raw {
	x := raw{
		at:       r.At.Unix(),
		latency:  millis(r.Latency),
		cert:     int32(max(min(r.CertDaysLeft, 1<<31-1), -1)),
		outcome:  r.Outcome,
		attempts: int32(max(min(r.Attempts, 1<<31-1), 0)),
	}
	if !x.outcome.Valid() {
		x.outcome = candor.Unknown
	}
	if r.Class != "" || r.Message != "" || len(r.Vantages) > 0 {
		x.detail = &detail{class: clean(string(r.Class)), message: clean(r.Message), vantages: fromVantages(r.Vantages)}
	}
	return x
}

func fromVantages(vs []candor.VantageResult) []vantage {
	if len(vs) == 0 {
		return nil
	}
	out := make([]vantage, len(vs))
	for i, v := range vs {
		out[i] = vantage{id: v.Vantage, outcome: v.Outcome, latency: millis(v.Latency),
			class: strings.ReplaceAll(clean(string(v.Class)), ":", "_"), message: clean(v.Message)}
		if !out[i].outcome.Valid() {
			out[i].outcome = candor.Unknown
		}
	}
	return out
}

// millis is d in whole milliseconds, within an int32.
func millis(d time.Duration) int32 { return int32(max(min(d.Milliseconds(), 1<<31-1), 0)) }

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
		r.Vantages = x.detail.results()
	}
	return r
}

func (d *detail) results() []candor.VantageResult {
	if d == nil || len(d.vantages) == 0 {
		return nil
	}
	out := make([]candor.VantageResult, len(d.vantages))
	for i, v := range d.vantages {
		out[i] = candor.VantageResult{Vantage: v.id, Outcome: v.outcome, Latency: ms(v.latency), Class: candor.Class(v.class), Message: v.message}
	}
	return out
}

func (x raw) time() time.Time { return time.Unix(x.at, 0).UTC() }

// answered reports whether the check got an answer, so its latency counts.
func (x raw) answered() bool { return x.outcome == candor.Up || x.outcome == candor.Degraded }
