package demo

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/history"
	"github.com/candor-status/candor/monitor"
)

// measured is a stretch in which a component's checks had one outcome, in
// the sample's own times: what the probes saw of the sample's incidents.
type measured struct {
	component string
	outcome   candor.Outcome
	from, to  string
}

// story is what the sample's incidents looked like to the probes. The
// database failover is disputed: its TCP check passed for the first nine
// minutes while writes failed.
var story = [...]measured{
	{"api", candor.Degraded, "2026-09-03T08:10:00Z", "2026-09-03T09:05:00Z"},
	{"dashboard", candor.Down, "2026-09-14T13:40:00Z", "2026-09-14T14:50:00Z"},
	{"cdn", candor.Down, "2026-10-02T17:00:00Z", "2026-10-02T18:30:00Z"},
	{"dashboard", candor.Degraded, "2026-10-02T17:05:00Z", "2026-10-02T18:30:00Z"},
	{"dns", candor.Down, "2026-10-09T02:10:00Z", "2026-10-09T03:00:00Z"},
	{"api", candor.Down, "2026-10-09T02:15:00Z", "2026-10-09T02:55:00Z"},
	{"api", candor.Down, "2026-10-21T10:30:00Z", "2026-10-21T10:55:00Z"},
	{"database", candor.Down, "2026-10-21T10:40:00Z", "2026-10-21T10:55:00Z"},
	{"api", candor.Down, "2026-11-04T14:05:00Z", "2026-11-04T15:40:00Z"},
	{"dashboard", candor.Degraded, "2026-11-12T09:00:00Z", "2026-11-12T10:20:00Z"},
	{"dashboard", candor.Degraded, "2026-11-25T11:00:00Z", "2026-11-25T12:05:00Z"},
}

// gaps are when the monitor did not run at all: no component has a check.
var gaps = [...]measured{{"", candor.Unknown, "2026-10-14T03:00:00Z", "2026-10-14T05:10:00Z"}}

// base is each probed component's usual latency: what the simulated
// services take on loopback, so that the written days and the rounds'
// checks look alike.
var base = map[string]time.Duration{
	"api": 12 * time.Millisecond, "dashboard": 20 * time.Millisecond, "database": time.Millisecond,
	"cdn": 3 * time.Millisecond, "dns": time.Millisecond,
}

// History returns the measurement files of the checks of [from, to), one
// round every interval, as the probes would have recorded them: up, with a
// latency that is higher in the working day and wanders from check to
// check; the sample's incidents as the story tells them (moved by shift,
// with it, see Shift); now and then a check that fails alone, too short to
// open an incident; and a stretch in which the monitor did not run. The
// same arguments give the same files.
func History(cfg *candor.Config, from, to time.Time, shift time.Duration) (map[string][]byte, error) {
	hs, _ := history.FromFiles(nil, monitor.HistoryOptions(cfg))
	rng := rand.New(rand.NewPCG(1, 2))
	at := func(s string) time.Time {
		t, _ := time.Parse(time.RFC3339, s)
		return t.Add(shift)
	}
	within := func(list []measured, id string, t time.Time) (candor.Outcome, bool) {
		for _, m := range list {
			if (m.component == "" || m.component == id) && !t.Before(at(m.from)) && t.Before(at(m.to)) {
				return m.outcome, true
			}
		}
		return "", false
	}
	var round []candor.Result
	for t := from; t.Before(to); t = t.Add(cfg.Interval) {
		if _, gap := within(gaps[:], "", t); gap {
			continue
		}
		round = round[:0]
		for _, c := range cfg.Components {
			if c.Probe == nil {
				continue
			}
			o, ok := within(story[:], c.ID, t)
			if !ok {
				o = candor.Up
				if rng.IntN(6000) == 0 { // about once in three weeks
					o = candor.Degraded // a slow check alone
				} else if rng.IntN(15000) == 0 {
					o = candor.Down
				}
			}
			round = append(round, result(c, t, o, rng))
		}
		hs.Record(round)
	}
	hs.Fold(to)
	return hs.Files()
}

// result is one simulated check of c at t with outcome o.
func result(c candor.Component, t time.Time, o candor.Outcome, rng *rand.Rand) candor.Result {
	b := base[c.ID]
	hour := float64(t.Hour()) + float64(t.Minute())/60
	busy := 1 + 0.25*math.Max(0, math.Sin((hour-7)/12*math.Pi)) // the working day in Europe
	lat := time.Duration(float64(b) * busy * (0.85 + 0.3*rng.Float64()))
	r := candor.Result{Component: c.ID, At: t, Outcome: o, Latency: lat, Attempts: 1, CertDaysLeft: -1}
	if c.Probe.TLS != nil {
		r.CertDaysLeft = 60 + int(t.Unix()/86400%30)
	}
	switch o {
	case candor.Degraded:
		r.Latency = b*3 + time.Duration(rng.IntN(int(b)+1))
		r.Class, r.Message = "slow", "answered in "+r.Latency.Round(time.Millisecond).String()+", slower than expected"
	case candor.Down:
		r.Attempts = 2
		switch {
		case c.Probe.HTTP != nil:
			r.Class, r.Message = "status", "status 503 Service Unavailable, want 2xx"
		case c.Probe.TCP != nil:
			r.Class, r.Message = "banner", "the server's greeting did not contain \"ready\""
		case c.Probe.TLS != nil:
			r.Latency, r.Class, r.Message = 3*time.Second, "timeout", "no TLS handshake within 3s"
		case c.Probe.DNS != nil:
			r.Class, r.Message = "dns", "the resolver answered SERVFAIL"
		}
	}
	return r
}
