package generator

import (
	"io/fs"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/candor-status/candor/templates"
)

// TestPaletteContrast reads the theme's colours from style.css, light and
// dark, and holds every text colour to 4.5:1 against the backgrounds it is
// drawn on (WCAG AA for normal text).
func TestPaletteContrast(t *testing.T) {
	css, err := fs.ReadFile(templates.FS(), "style.css")
	if err != nil {
		t.Fatal(err)
	}
	themes := map[string]string{"light": string(css)}
	dark := strings.Index(string(css), "prefers-color-scheme:dark")
	if dark < 0 {
		t.Fatal("style.css has no dark theme (prefers-color-scheme:dark)")
	}
	themes["dark"] = string(css[dark:])
	texts := []string{"fg", "mu", "a", "ok", "deg", "part", "major", "maint", "unk"}
	for name, block := range themes {
		vars := palette(t, block)
		for _, bg := range []string{"bg", "card"} {
			for _, fg := range texts {
				r := contrast(vars[fg], vars[bg])
				if r < 4.5 {
					t.Errorf("%s theme: --%s %s on --%s %s has contrast %.2f, want at least 4.5", name, fg, vars[fg], bg, vars[bg], r)
				}
			}
		}
	}
}

var customProperty = regexp.MustCompile(`--([a-z]+):(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})\b`)

// TestBarPalette holds the colours of the 90-day bars apart for readers
// with colour-blindness: every pair of day classes stays at least 15 apart
// in CIELAB (ΔE*ab) as people with protanopia, deuteranopia and tritanopia
// see them (Machado, Oliveira and Fernandes 2009, full severity), and in
// full colour, in both themes; each stands out from the page at 3:1
// (WCAG 1.4.11, graphical objects).
func TestBarPalette(t *testing.T) {
	css, err := fs.ReadFile(templates.FS(), "style.css")
	if err != nil {
		t.Fatal(err)
	}
	dark := strings.Index(string(css), "prefers-color-scheme:dark")
	classes := []string{"bok", "bdeg", "bpart", "bmajor", "bmaint"}
	for name, block := range map[string]string{"light": string(css), "dark": string(css[dark:])} {
		vars := palette(t, block)
		for _, c := range classes {
			if vars[c] == "" {
				t.Fatalf("%s theme: --%s missing", name, c)
			}
			if r := contrast(vars[c], vars["bg"]); r < 3 {
				t.Errorf("%s theme: --%s %s on --bg has contrast %.2f, want at least 3", name, c, vars[c], r)
			}
		}
		for vision, m := range colourVision {
			for i, a := range classes {
				for _, b := range classes[i+1:] {
					if d := deltaE(seen(vars[a], m), seen(vars[b], m)); d < 15 {
						t.Errorf("%s theme, %s: --%s %s and --%s %s are %.1f apart, want at least 15", name, vision, a, vars[a], b, vars[b], d)
					}
				}
			}
		}
	}
}

// colourVision are the linear-RGB matrices of Machado et al. (2009) at
// severity 1.
var colourVision = map[string][3][3]float64{
	"full colour":  {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
	"protanopia":   {{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}},
	"deuteranopia": {{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}},
	"tritanopia":   {{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}},
}

// seen is a #rrggbb colour as CIELAB under a colour-vision matrix.
func seen(hex string, m [3][3]float64) [3]float64 {
	var v, rgb [3]float64
	for i := range v {
		n, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		v[i] = linear(float64(n) / 255)
	}
	for i := range rgb {
		rgb[i] = math.Max(0, math.Min(1, m[i][0]*v[0]+m[i][1]*v[1]+m[i][2]*v[2]))
	}
	x := (0.4124*rgb[0] + 0.3576*rgb[1] + 0.1805*rgb[2]) / 0.95047
	y := 0.2126*rgb[0] + 0.7152*rgb[1] + 0.0722*rgb[2]
	z := (0.0193*rgb[0] + 0.1192*rgb[1] + 0.9505*rgb[2]) / 1.08883
	f := func(t float64) float64 {
		if t > 0.008856 {
			return math.Cbrt(t)
		}
		return 7.787*t + 16.0/116
	}
	return [3]float64{116*f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))}
}

func linear(s float64) float64 {
	if s <= 0.04045 {
		return s / 12.92
	}
	return math.Pow((s+0.055)/1.055, 2.4)
}

func deltaE(a, b [3]float64) float64 { return math.Sqrt(sq(a[0]-b[0]) + sq(a[1]-b[1]) + sq(a[2]-b[2])) }

func sq(x float64) float64 { return x * x }

// The palette test would catch the colours the bars had: degraded and
// down under an hour 2.3 apart to a reader with deuteranopia.
func TestBarPaletteCatchesTheOldColours(t *testing.T) {
	if d := deltaE(seen("#9a6700", colourVision["deuteranopia"]), seen("#bc4c00", colourVision["deuteranopia"])); d > 5 {
		t.Errorf("old degraded and partial colours are %.1f apart with deuteranopia, want under 5", d)
	}
}

// palette reads the first :root block of custom colour properties in css.
func palette(t *testing.T, css string) map[string]string {
	t.Helper()
	i := strings.Index(css, ":root{")
	if i < 0 {
		t.Fatal("no :root block")
	}
	block := css[i : i+strings.Index(css[i:], "}")]
	vars := map[string]string{}
	for _, m := range customProperty.FindAllStringSubmatch(block, -1) {
		c := m[2]
		if len(c) == 4 {
			c = "#" + strings.Repeat(c[1:2], 2) + strings.Repeat(c[2:3], 2) + strings.Repeat(c[3:4], 2)
		}
		vars[m[1]] = c
	}
	for _, want := range []string{"bg", "card", "fg", "mu", "a", "ok", "deg", "part", "major", "maint", "unk"} {
		if vars[want] == "" {
			t.Fatalf("--%s missing from %s", want, block)
		}
	}
	return vars
}

// contrast is the WCAG contrast ratio of two #rrggbb colours.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

func luminance(hex string) float64 {
	var c [3]float64
	for i := range c {
		v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		s := float64(v) / 255
		if s <= 0.03928 {
			c[i] = s / 12.92
		} else {
			c[i] = math.Pow((s+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
}

func TestContrast(t *testing.T) {
	if got := contrast("#000000", "#ffffff"); math.Abs(got-21) > 0.01 {
		t.Errorf("contrast(black, white) = %.2f, want 21", got)
	}
	if got := contrast("#777777", "#ffffff"); math.Abs(got-4.48) > 0.01 {
		t.Errorf("contrast(#777, white) = %.2f, want 4.48", got)
	}
}
