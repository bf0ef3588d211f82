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
