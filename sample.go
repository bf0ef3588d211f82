package candor

import (
	"embed"
	"io/fs"
)

//go:embed candor.yml content
var sample embed.FS

// Sample is the sample status repository (candor.yml and content/) that
// the demo runs on, embedded so the binary carries it.
func Sample() fs.FS { return sample }
