package generator

import (
	"math"
	"unicode"
)

// verdana11 holds the advance widths in pixels of the printable ASCII
// characters (space to ~) in Verdana at 11px, the font of shields.io
// badges. Other characters count as wide ones.
var verdana11 = [95]float64{
	3.87, 4.33, 5.05, 9.00, 6.99, 11.84, 7.99, 2.95, 4.99, 4.99, 6.99, 9.00, 4.00, 4.99, 4.00, 4.99, // space to /
	6.99, 6.99, 6.99, 6.99, 6.99, 6.99, 6.99, 6.99, 6.99, 6.99, // 0 to 9
	4.99, 4.99, 9.00, 9.00, 9.00, 5.99, 11.00, // : to @
	7.52, 7.54, 7.68, 8.48, 6.96, 6.32, 8.53, 8.27, 4.63, 5.00, 7.62, 6.12, 9.27, // A to M
	8.23, 8.66, 6.63, 8.66, 7.65, 7.52, 6.78, 8.05, 7.52, 10.88, 7.54, 6.77, 7.54, // N to Z
	4.99, 4.99, 4.99, 9.00, 6.99, 6.99, // [ to `
	6.61, 6.85, 5.73, 6.85, 6.55, 3.87, 6.85, 6.96, 3.02, 3.79, 6.51, 3.02, 10.70, // a to m
	6.96, 6.68, 6.85, 6.85, 4.69, 5.73, 4.33, 6.96, 6.51, 8.98, 6.51, 6.51, 5.78, // n to z
	6.98, 4.99, 6.98, 9.00, // { to ~
}

// textWidth is the width in whole pixels that s takes in Verdana 11px,
// rounded up so the text always fits: accented Latin letters count as a
// wide letter of their case, CJK and other wide characters as 11px, and
// anything else as a capital W.
func textWidth(s string) int {
	w := 0.0
	for _, r := range s {
		switch {
		case r >= ' ' && r <= '~':
			w += verdana11[r-' ']
		case r >= 0xC0 && r <= 0x24F && unicode.IsUpper(r):
			w += 8.66
		case r >= 0xC0 && r <= 0x24F:
			w += 6.96
		case r >= 0x1100:
			w += 11
		default:
			w += 10.88
		}
	}
	return int(math.Ceil(w - 1e-9)) // 62.000000001 is 62
}
