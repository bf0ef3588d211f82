package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFiles(t *testing.T) {
	dir := t.TempDir()
	files := map[string]Write{}
	for i := range 100 {
		files[filepath.Join(dir, "raw", fmt.Sprintf("c%03d.tsv", i))] = Write{Data: []byte(fmt.Sprintf("new %d\n", i))}
	}
	old := filepath.Join(dir, "raw", "c007.tsv")
	os.MkdirAll(filepath.Dir(old), 0o755)
	os.WriteFile(old, []byte("old\n"), 0o600)
	grown := filepath.Join(dir, "raw", "c008.tsv")
	os.WriteFile(grown, []byte("line 1\n"), 0o644)
	files[grown] = Write{Data: []byte("line 2\n"), Append: true}
	if err := WriteFiles(files); err != nil {
		t.Fatal(err)
	}
	files[grown] = Write{Data: []byte("line 1\nline 2\n")}
	for name, want := range files {
		got, err := os.ReadFile(name)
		if err != nil || string(got) != string(want.Data) {
			t.Errorf("%s = %q, %v; want %q", name, got, err, want.Data)
		}
		if st, _ := os.Stat(name); st.Mode().Perm() != 0o644 {
			t.Errorf("%s: mode %v, want 0644", name, st.Mode().Perm())
		}
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "raw"))
	if len(entries) != 100 {
		t.Errorf("%d entries in the folder, want the 100 files and no temporary one", len(entries))
	}
}

// TestWriteFilesChangesNothingOnFailure: when one file cannot be written,
// no file of the stage is replaced and no temporary file is left.
func TestWriteFilesChangesNothingOnFailure(t *testing.T) {
	dir := t.TempDir()
	keep := filepath.Join(dir, "a.tsv")
	os.WriteFile(keep, []byte("old\n"), 0o644)
	blocked := filepath.Join(dir, "file")
	os.WriteFile(blocked, nil, 0o644)
	err := WriteFiles(map[string]Write{keep: {Data: []byte("new\n")}, filepath.Join(blocked, "b.tsv"): {Data: []byte("x")}})
	if err == nil {
		t.Fatal("WriteFiles under a file succeeded")
	}
	if got, _ := os.ReadFile(keep); string(got) != "old\n" {
		t.Errorf("a.tsv = %q: replaced though the stage failed", got)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if IsTemp(e.Name()) {
			t.Errorf("left %s behind", e.Name())
		}
	}
}
