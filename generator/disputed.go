package generator

import (
	"time"

	"github.com/candor-status/candor"
)

// disputedMinutes is how much of the component's measured downtime inside
// [from, to) incidents dispute, in minutes: time a check measured down,
// never unmeasured or future time. The figures themselves stay as
// measured.
func (c *component) disputedMinutes(from, to time.Time) float64 {
	return candor.DisputedWithin(c.Measured.Disputed, from, to)
}
