package config

import "github.com/candor-status/candor"

// CheckText records a problem at field when s holds what the site drops
// (see candor.UnsafeRune): a control character, a noncharacter or a
// bidirectional control, which would change what the text says or break
// a feed or badge. In a one-line field (a title, a name) a tab or a line
// break is a mistake too.
func (d *Decoder) CheckText(field, s string, oneLine bool) {
	n := 0
	for _, r := range s {
		n++
		switch {
		case oneLine && (r == '\n' || r == '\r'):
			d.Errorf(field, "holds a line break (character %d): this field is one line", n)
		case oneLine && r == '\t':
			d.Errorf(field, "holds a tab (character %d): this field is one line", n)
		case candor.UnsafeRune(r):
			d.Errorf(field, "holds %U, %s (character %d): remove it", r, candor.UnsafeKind(r), n)
		default:
			continue
		}
		return
	}
}
