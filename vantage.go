package candor

import (
	"fmt"
	"strings"
	"time"
)

// VantagePoint is a place candor probes from: a runner, a machine the team
// runs, as candor.yml declares it under vantages.
type VantagePoint struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"` // shown name; default the id
}

// VantageResult is one vantage point's check of a component in a round
// that merged several.
type VantageResult struct {
	Vantage string  // the vantage point's id
	Outcome Outcome // unknown when it could not see
	Latency time.Duration
	Class   Class // ClassBlind when its own control checks failed
	Message string
}

// Sees reports whether the vantage point could see the component: it was
// not blind and its check measured something.
func (v VantageResult) Sees() bool {
	return v.Outcome == Up || v.Outcome.Failing()
}

// VantageName is the shown name of vantage point id, or the id when the
// config does not declare it.
func (c *Config) VantageName(id string) string {
	for _, v := range c.Vantages {
		if v.ID == id {
			return v.Name
		}
	}
	return id
}

// DefaultVantage is the vantage point a round's own probes stand for when
// it does not name one: the first declared, "" when none are.
func (c *Config) DefaultVantage() string {
	if len(c.Vantages) == 0 {
		return ""
	}
	return c.Vantages[0].ID
}

// Vantage reports whether the config declares vantage point id.
func (c *Config) Vantage(id string) bool {
	for _, v := range c.Vantages {
		if v.ID == id {
			return true
		}
	}
	return false
}

// Agreement is how the vantage points of a merged result agree.
type Agreement struct {
	Total   int             // vantage points with a check of the component
	Seeing  int             // of them, those that could see
	Failing []VantageResult // of those, the ones that failed, in order
}

// Agreement counts r's vantage points. The zero Agreement means r comes
// from one vantage point only.
func (r Result) Agreement() Agreement {
	a := Agreement{Total: len(r.Vantages)}
	for _, v := range r.Vantages {
		if v.Sees() {
			a.Seeing++
		}
		if v.Outcome.Failing() {
			a.Failing = append(a.Failing, v)
		}
	}
	return a
}

// Dissent reports whether some vantage points failed the check but not
// enough of them to count: the result stands as up, as the others measured.
func (r Result) Dissent() bool {
	return len(r.Vantages) > 1 && r.Outcome == Up && len(r.Agreement().Failing) > 0
}

// Locations says in words how r's vantage points agree, naming each one
// that failed by name(id): "2 of 3 locations failing: Frankfurt (timed out
// after 10s), Virginia (answered 503 Service Unavailable; expected 2xx)",
// "1 of 3 locations failing: not confirmed — Frankfurt (…)", "1 of 3
// locations failing, 1 could not see: not confirmed — …". It is "" for
// a result of one vantage point, and when none failed.
func (r Result) Locations(name func(id string) string) string {
	a := r.Agreement()
	if a.Total < 2 || len(a.Failing) == 0 {
		return ""
	}
	parts := make([]string, len(a.Failing))
	for i, v := range a.Failing {
		msg := strings.TrimRight(v.Message, ". ")
		if msg == "" {
			msg = string(v.Outcome)
		}
		parts[i] = name(v.Vantage) + " (" + msg + ")"
	}
	head := fmt.Sprintf("%d of %d locations failing", len(a.Failing), a.Total)
	list := strings.Join(parts, ", ")
	// A failure inside announced maintenance was confirmed all the same:
	// only a failing merged outcome is ever counted as maintenance.
	if r.Outcome.Failing() || r.Outcome == UnderMaintenance {
		return head + ": " + list
	}
	if blind := a.Total - a.Seeing; blind > 0 {
		head += fmt.Sprintf(", %d could not see", blind)
	}
	return head + ": not confirmed — " + list
}
