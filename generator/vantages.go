package generator

import (
	"time"

	"github.com/candor-status/candor"
)

// vantageWindow is how far back a vantage point's latest check is looked
// for: the raw checks of the 24-hour chart. A vantage point that checks
// only on a failure (a second opinion) may have none in it.
const vantageWindow = 24 * time.Hour

// vantageCheck is a vantage point's latest check of a component.
type vantageCheck struct {
	candor.VantagePoint
	At     time.Time // zero when it has none in the window
	Result candor.VantageResult
}

// vantages is each declared vantage point's latest check of c in the last
// 24 hours, in the config's order; nil when the config declares none.
func (s *site) vantages(c *component) []vantageCheck {
	vps := s.in.Config.Vantages
	if len(vps) == 0 || !c.HasProbe {
		return nil
	}
	out := make([]vantageCheck, len(vps))
	left := len(vps)
	for i, vp := range vps {
		out[i].VantagePoint = vp
	}
	start := s.in.Now.Add(-vantageWindow)
	recent := c.Measured.RecentVantages
	for i := len(recent) - 1; i >= 0 && left > 0 && !recent[i].At.Before(start); i-- {
		for j := range out {
			if out[j].ID == recent[i].Vantage && out[j].At.IsZero() {
				out[j].At, out[j].Result = recent[i].At, recent[i].VantageResult
				left--
			}
		}
	}
	return out
}

// locations says how the vantage points of c's latest check agree, in
// words; "" when it had one, or none failed.
func (s *site) locations(c *component) string {
	st := c.Measured.State
	if st == nil {
		return ""
	}
	return st.Last.Locations(s.in.Config.VantageName)
}
