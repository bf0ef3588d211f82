package generator

import (
	"bytes"
	"testing"

	"github.com/candor-status/candor/templates"
)

// Build, with the default theme, writes every machine-readable file, the
// same bytes as the steps alone.
func TestBuildWritesMachineFiles(t *testing.T) {
	in := machineInput()
	in.Templates = templates.FS()
	site, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	want := buildMachine(t, machineInput())
	for _, path := range want.Paths() {
		if !bytes.Equal(site[path], want[path]) {
			t.Errorf("Build: %s missing or different", path)
		}
	}
}
