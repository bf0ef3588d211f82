package candor

import (
	"math"
	"strconv"
	"strings"
)

// Percent formats a percentage with at most places decimals, truncated,
// never rounded up: 99.899961 is "99.899%" at three places and 99.999 is
// "99.99%" at two, never "100%", which only an exact 100 may claim.
// Trailing zeros go ("99.9%", "100%"). Every percentage candor publishes
// is formatted by it (or cut by Truncate), so no surface can round a
// breach into a pass.
func Percent(v float64, places int) string {
	switch {
	case math.IsNaN(v):
		return "no data"
	case v >= 100: // what Truncate makes of it, without formatting: most days and periods are all up
		return "100%"
	case v <= 0:
		return "0%"
	}
	return strconv.FormatFloat(Truncate(v, places), 'f', -1, 64) + "%"
}

// Truncate cuts v to at most places decimals, toward zero, clamped to
// [0, 100]: the number Percent writes, for JSON.
func Truncate(v float64, places int) float64 {
	switch {
	case math.IsNaN(v) || v <= 0:
		return 0
	case v >= 100:
		return 100
	}
	// Cut the shortest decimal that reads back as v: cutting its digits
	// cannot round up, where v*10^places in floating point can land a
	// hair above or below the decimal it stands for.
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if whole, frac, ok := strings.Cut(s, "."); ok && len(frac) > places {
		s = whole + "." + frac[:places]
	}
	t, _ := strconv.ParseFloat(s, 64)
	return t
}
