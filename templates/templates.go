// Package templates holds candor's default theme: html/template files, CSS
// and a few lines of script, embedded in the binary. A status repository's
// own templates/ folder overrides any file here by name.
package templates

import (
	"embed"
	"io/fs"
)

//go:embed *.html *.css *.js
var files embed.FS

// FS returns the embedded default theme.
func FS() fs.FS { return files }
