package generator

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"

	"github.com/candor-status/candor"
)

// embedPage is embed/index.html: the overall status for an iframe on
// another site. No request beyond itself: inline CSS, and the theme's
// page.js inline, which turns the status to unknown when the visitor's
// clock passes data-stale-at, as on every page. It reads fully without
// script; the link opens the status page in the top window.
var embedPage = template.Must(template.New("embed").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">
<title>{{.Title}}: {{.Status}}</title>
<style>
body{margin:0;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#fff}
a{display:flex;align-items:center;gap:.5em;padding:.5em .75em;color:inherit;text-decoration:none}
a:hover strong,a:focus strong{text-decoration:underline}
.i{display:inline-flex;align-items:center;justify-content:center;width:1.4em;height:1.4em;border-radius:50%;color:#fff;font-weight:700;flex:none}
.ok .i{background:#1a7f37}.minor .i{background:#9a6700}.major .i{background:#bc4c00}.critical .i{background:#cf222e}.maintenance .i{background:#0969da}.unk .i{background:#6e7781}
h1{font-size:1em;font-weight:400;margin:0}small{color:#59636e}
@media (prefers-color-scheme:dark){body{color:#e6edf3;background:#0d1117}small{color:#9198a1}}
</style>
</head>
<body data-last-check="{{.LastCheck}}" data-stale-at="{{.StaleAt}}"><main>
<a id="banner" class="banner {{.Class}}" href="{{.Home}}" target="_top"><span class="i" aria-hidden="true">{{.Icon}}</span><h1><strong class="t">{{.Status}}</strong><br><small>{{.Title}} · {{.Checked}}</small></h1></a>
</main>{{with .Script}}<script>{{.}}</script>{{end}}
</body>
</html>
`))

// embedView is what the embed page shows.
type embedView struct {
	Title, Status, Class, Icon, Home, Checked string
	LastCheck, StaleAt                        string // for the script
	Script                                    template.JS
}

// buildEmbed writes embed/index.html.
func buildEmbed(s *site, f *sink) error {
	js, err := fs.ReadFile(s.in.Templates, scriptFile)
	if err != nil {
		return fmt.Errorf("build embed: %w", err)
	}
	v := embedView{Title: s.apiTitle(), Status: s.overall.Description, Home: s.base, Checked: "no check yet",
		LastCheck: newStamp(s.fresh.LastCheck, s.loc()).ISO, StaleAt: newStamp(s.fresh.StaleAt, s.loc()).ISO, Script: template.JS(js)}
	v.Class, v.Icon = embedLook(s.overall)
	if s.fresh.Stale {
		// What the home page's banner says, without script.
		v.Status, v.Class, v.Icon = s.staleText(), "unk", "?"
	}
	if !s.in.LastCheck.IsZero() {
		v.Checked = "checked " + s.in.LastCheck.In(s.loc()).Format("2 Jan 15:04 MST")
	}
	var b bytes.Buffer
	if err := embedPage.Execute(&b, v); err != nil {
		return err
	}
	f.put("embed/index.html", b.Bytes())
	return nil
}

// embedLook is the colour class and icon of the overall status: the icon
// and the words carry it, the colour only repeats it.
func embedLook(o candor.Overall) (class, icon string) {
	switch o.Indicator {
	case candor.IndicatorCritical:
		return "critical", "✕"
	case candor.IndicatorMajor:
		return "major", "!"
	case candor.IndicatorMinor:
		if o.Unmeasured {
			return "unk", "?"
		}
		return "minor", "!"
	case candor.IndicatorMaintenance:
		return "maintenance", "⚙"
	}
	if o.Unknown > 0 {
		return "unk", "?"
	}
	return "ok", "✓"
}
