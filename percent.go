package candor

import (
	"math"
	"strconv"
	"strings"
)

// Percent formats a percentage with at most places decimals, truncated,
// never rounded up: 99.899961 is "99.899%" at three places and 99.999 is
// "99.99%" at two, never "100%", which only an exact 100 may claim.
// Trailing zeros go ("99.9%", "100%"). Every figure candor publishes is
// formatted by it, so no surface can round a breach into a pass.
func Percent(v float64, places int) string {
	switch {
	case math.IsNaN(v):
		return "no data"
	case v >= 100:
		return "100%"
	case v <= 0:
		return "0%"
	}
	// The shortest decimal that reads back as v, cut: cutting digits of
	// that text cannot round up, where v*10^places in floating point can
	// land a hair above or below the decimal it stands for.
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if whole, frac, ok := strings.Cut(s, "."); ok {
		if len(frac) > places {
			frac = frac[:places]
		}
		frac = strings.TrimRight(frac, "0")
		s = whole
		if frac != "" {
			s += "." + frac
		}
	}
	return s + "%"
}
