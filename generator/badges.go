package generator

import (
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/candor-status/candor"
)

// badge is one badge: a grey label and a coloured message. Colour never
// carries the status alone: the message says it in words.
type badge struct {
	label, message string
	fill           string // the message's background in the SVG, dark enough for white text
	shields        string // the shields.io colour name
}

// The badge colours: each passes WCAG AA contrast with white 11px text.
var (
	badgeGreen  = badge{fill: "#1a7f37", shields: "brightgreen"}
	badgeBlue   = badge{fill: "#0969da", shields: "blue"}
	badgeYellow = badge{fill: "#9a6700", shields: "yellow"}
	badgeOrange = badge{fill: "#bc4c00", shields: "orange"}
	badgeRed    = badge{fill: "#cf222e", shields: "red"}
	badgeGrey   = badge{fill: "#6e7781", shields: "lightgrey"}
)

// buildBadges writes badge.svg and badge.json (overall), and per component
// badges/<id>.svg and .json (status) and badges/<id>-uptime.svg and .json
// (90-day uptime), then the embeddable page.
func buildBadges(s *site, f *sink) error {
	put := func(path string, b badge) error {
		f.put(path+".svg", b.svg())
		return putJSON(f, path+".json", b.shieldsJSON())
	}
	if err := put("badge", overallBadge(s.overall, len(s.components))); err != nil {
		return err
	}
	for _, c := range s.components {
		if err := put("badges/"+c.ID, componentBadge(c)); err != nil {
			return err
		}
		if err := put("badges/"+c.ID+"-uptime", uptimeBadge(machineName(c)+" 90d uptime", c.Measured.Last90.Minutes)); err != nil {
			return err
		}
	}
	return buildEmbed(s, f)
}

// with returns b's colours with a label and message.
func (b badge) with(label, message string) badge {
	b.label, b.message = label, message
	return b
}

func statusBadge(label string, st candor.Status) badge {
	return statusColour(st).with(label, strings.ToLower(st.Label()))
}

// componentBadge is a component's status badge. A probed component whose
// measurement no longer stands (stale, or the monitor blind) is grey
// "unknown"; one never measured says "no data".
func componentBadge(c *component) badge {
	if c.Shown == candor.StatusUnknown && c.HasProbe && c.Measured.State != nil {
		return badgeGrey.with(machineName(c), "unknown")
	}
	return statusBadge(machineName(c), c.Shown)
}

func statusColour(st candor.Status) badge {
	switch st {
	case candor.StatusOperational:
		return badgeGreen
	case candor.StatusMaintenance:
		return badgeBlue
	case candor.StatusDegraded:
		return badgeYellow
	case candor.StatusPartial:
		return badgeOrange
	case candor.StatusMajor:
		return badgeRed
	}
	return badgeGrey
}

// overallBadge says the page-wide status in a few words.
// total is the number of components.
func overallBadge(o candor.Overall, total int) badge {
	switch {
	case o.Unmeasured && o.Stale:
		return badgeGrey.with("status", "unknown")
	case o.Unmeasured && o.Unknown == total:
		return badgeGrey.with("status", "no data")
	case o.Unmeasured:
		return badgeGrey.with("status", "partially unknown")
	}
	colour := map[candor.Indicator]badge{
		candor.IndicatorNone:        badgeGreen,
		candor.IndicatorMinor:       badgeYellow,
		candor.IndicatorMajor:       badgeOrange,
		candor.IndicatorCritical:    badgeRed,
		candor.IndicatorMaintenance: badgeBlue,
	}[o.Indicator]
	if colour.fill == "" {
		colour = badgeGrey
	}
	return colour.with("status", strings.ToLower(o.Description))
}

// uptimeBadge shows uptime truncated to two decimals (99.999 is 99.99%,
// never a rounded-up 100%), or "no data" when nothing was measured. It
// stays a figure of the past 90 days when the checks stop: the time since
// counts as unmeasured, which leaves the uptime as it was measured.
func uptimeBadge(label string, m candor.Minutes) badge {
	pct, ok := m.Uptime()
	if !ok {
		return badgeGrey.with(label, "no data")
	}
	colour := badgeRed
	switch {
	case pct >= 99.9:
		colour = badgeGreen
	case pct >= 99:
		colour = badgeYellow
	case pct >= 95:
		colour = badgeOrange
	}
	return colour.with(label, candor.Percent(pct, 2))
}

// shieldsJSON is the shields.io endpoint document.
func (b badge) shieldsJSON() any {
	return struct {
		SchemaVersion int    `json:"schemaVersion"`
		Label         string `json:"label"`
		Message       string `json:"message"`
		Color         string `json:"color"`
	}{1, b.label, b.message, b.shields}
}

// svg draws the badge in the flat shields.io style. Each text gets the
// width measured from the Verdana table, padded by 5px on each side, and a
// textLength so that a fallback font still fits its box.
func (b badge) svg() []byte {
	lw, mw := textWidth(b.label), textWidth(b.message)
	lbox, mbox := lw+10, mw+10
	w := lbox + mbox
	label, message := html.EscapeString(b.label), html.EscapeString(b.message)
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="20" role="img" aria-label="%s: %s">`+"\n", w, label, message)
	fmt.Fprintf(&sb, "  <title>%s: %s</title>\n", label, message)
	sb.WriteString(`  <linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>` + "\n")
	fmt.Fprintf(&sb, `  <clipPath id="r"><rect width="%d" height="20" rx="3" fill="#fff"/></clipPath>`+"\n", w)
	fmt.Fprintf(&sb, `  <g clip-path="url(#r)"><rect width="%d" height="20" fill="#555"/><rect x="%d" width="%d" height="20" fill="%s"/><rect width="%d" height="20" fill="url(#s)"/></g>`+"\n", lbox, lbox, mbox, b.fill, w)
	sb.WriteString(`  <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" text-rendering="geometricPrecision" font-size="11">` + "\n")
	for _, t := range []struct {
		x, w int
		s    string
	}{{lbox, lw, label}, {2*lbox + mbox, mw, message}} {
		// x is twice the centre: halves keep it exact.
		fmt.Fprintf(&sb, `    <text x="%s" y="15" fill="#010101" fill-opacity=".3" textLength="%d">%s</text>`+"\n", half(t.x), t.w, t.s)
		fmt.Fprintf(&sb, `    <text x="%s" y="14" textLength="%d">%s</text>`+"\n", half(t.x), t.w, t.s)
	}
	sb.WriteString("  </g>\n</svg>\n")
	return []byte(sb.String())
}

// half is n/2 as a decimal: "41", "41.5".
func half(n int) string {
	if n%2 == 0 {
		return strconv.Itoa(n / 2)
	}
	return strconv.Itoa(n/2) + ".5"
}

// machineName is the component's name, or its id when it has none.
func machineName(c *component) string {
	if c.Name == "" {
		return c.ID
	}
	return c.Name
}
