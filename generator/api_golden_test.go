package generator

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// machineGolden is where the machine-readable outputs of machineInput are
// kept; go test ./generator -update rewrites them.
const machineGolden = "testdata/machine"

func TestMachineGolden(t *testing.T) {
	files := buildMachine(t, machineInput())
	if *update {
		if err := os.RemoveAll(machineGolden); err != nil {
			t.Fatal(err)
		}
		for path, b := range files {
			p := filepath.Join(machineGolden, filepath.FromSlash(path))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	seen := map[string]bool{}
	err := filepath.WalkDir(machineGolden, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(machineGolden, p)
		rel = filepath.ToSlash(rel)
		seen[rel] = true
		want, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		got, ok := files[rel]
		switch {
		case !ok:
			t.Errorf("%s: golden file not built any more", rel)
		case !bytes.Equal(got, want):
			t.Errorf("%s differs from its golden file (go test ./generator -update rewrites it):\n%s", rel, firstDiff(got, want))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range files.Paths() {
		if !seen[path] {
			t.Errorf("%s: built but has no golden file", path)
		}
	}
}

func TestMachineDeterministic(t *testing.T) {
	a, b := buildMachine(t, machineInput()), buildMachine(t, machineInput())
	for path, got := range a {
		if !bytes.Equal(got, b[path]) {
			t.Errorf("%s differs between two builds of the same input", path)
		}
	}
}

// firstDiff shows the first differing line of got and want.
func firstDiff(got, want []byte) string {
	g, w := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
	for i := range max(len(g), len(w)) {
		var gl, wl []byte
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if !bytes.Equal(gl, wl) {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + string(gl) + "\nwant: " + string(wl)
		}
	}
	return "(same lines)"
}
