package workdir

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestOneWriterAtATime(t *testing.T) {
	root := t.TempDir()
	data := filepath.Join(root, "data")
	a, err := Open(t.Context(), root, data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = Open(t.Context(), root, data, Options{Wait: 200 * time.Millisecond})
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "pid ") || !strings.Contains(err.Error(), "waited 200ms") {
		t.Fatalf("second Open = %v, want ErrLocked naming the holder and the wait", err)
	}
	if waited := time.Since(start); waited < 200*time.Millisecond {
		t.Errorf("second Open gave up after %s, before its wait", waited)
	}
	// The second writer gets the lock as soon as the first lets go.
	done := make(chan error)
	go func() {
		b, err := Open(t.Context(), root, data, Options{Wait: 5 * time.Second})
		if err == nil {
			err = b.Close()
		}
		done <- err
	}()
	time.Sleep(100 * time.Millisecond)
	a.Close()
	if err := <-done; err != nil {
		t.Errorf("Open after the first writer closed = %v", err)
	}
}

func TestDataReadsAndWritesTheFolder(t *testing.T) {
	root := t.TempDir()
	data := filepath.Join(root, "data")
	os.MkdirAll(filepath.Join(data, "raw"), 0o755)
	os.WriteFile(filepath.Join(data, "raw", "api.tsv"), []byte("x\n"), 0o644)
	os.WriteFile(filepath.Join(data, "raw", ".api.tsv.123.tmp"), []byte("crashed\n"), 0o644)
	d, err := Open(t.Context(), root, data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var seen map[string][]byte
	wrote, err := d.Data(t.Context(), "", func(cur map[string][]byte) (map[string][]byte, error) {
		seen = cur
		return map[string][]byte{"raw/api.tsv": nil, "state.tsv": []byte("s\n")}, nil
	})
	if err != nil || !wrote {
		t.Fatalf("Data = %v, %v", wrote, err)
	}
	if len(seen) != 1 || string(seen["raw/api.tsv"]) != "x\n" {
		t.Errorf("apply saw %v, want only raw/api.tsv (no lock, no temporary file)", seen)
	}
	if _, err := os.Stat(filepath.Join(data, "raw", "api.tsv")); !os.IsNotExist(err) {
		t.Errorf("a nil change did not remove the file")
	}
	if b, _ := os.ReadFile(filepath.Join(data, "state.tsv")); string(b) != "s\n" {
		t.Errorf("state.tsv = %q", b)
	}
	if _, err := d.Data(t.Context(), "", func(map[string][]byte) (map[string][]byte, error) {
		return map[string][]byte{"../escape": []byte("x")}, nil
	}); err == nil {
		t.Error("a write outside the folder was accepted")
	}
}

// TestDataAppendsToGrownFiles: a file whose new bytes only add to its old
// ones is appended to in place (the same file); one that changed, or
// whose last line was cut short, is replaced.
func TestDataAppendsToGrownFiles(t *testing.T) {
	root := t.TempDir()
	data := filepath.Join(root, "data")
	write := func(rel, text string) {
		p := filepath.Join(data, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(text), 0o644)
	}
	write("raw/a.tsv", "line 1\n")
	write("raw/b.tsv", "line 1\n")
	write("raw/c.tsv", "line 1") // cut short: rewritten, never appended to
	before := map[string]os.FileInfo{}
	for _, f := range []string{"a", "b", "c"} {
		before[f], _ = os.Stat(filepath.Join(data, "raw", f+".tsv"))
	}
	d, err := Open(t.Context(), root, data, Options{DataStage: func(p string) int {
		if p == "state.tsv" {
			return 1
		}
		return 0
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	_, err = d.Data(t.Context(), "round", func(cur map[string][]byte) (map[string][]byte, error) {
		return map[string][]byte{"raw/a.tsv": []byte("line 1\nline 2\n"), "raw/b.tsv": []byte("other\n"),
			"raw/c.tsv": []byte("line 1\nline 2\n"), "state.tsv": []byte("s\n")}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for f, same := range map[string]bool{"a": true, "b": false, "c": false} {
		after, _ := os.Stat(filepath.Join(data, "raw", f+".tsv"))
		if os.SameFile(before[f], after) != same {
			t.Errorf("raw/%s.tsv: same file after the write = %v, want %v", f, !same, same)
		}
	}
	for f, want := range map[string]string{"raw/a.tsv": "line 1\nline 2\n", "raw/b.tsv": "other\n", "raw/c.tsv": "line 1\nline 2\n", "state.tsv": "s\n"} {
		if got, _ := os.ReadFile(filepath.Join(data, f)); string(got) != want {
			t.Errorf("%s = %q, want %q", f, got, want)
		}
	}
}

// TestLockNotALink checks that a lock file that is a symbolic link (a
// repository can hold one) or a folder is refused, and what a link points
// to is left as it was.
func TestLockNotALink(t *testing.T) {
	root := t.TempDir()
	data := filepath.Join(root, "data")
	os.MkdirAll(data, 0o755)
	victim := filepath.Join(t.TempDir(), "victim")
	os.WriteFile(victim, []byte("keep me\n"), 0o644)
	if err := os.Symlink(victim, filepath.Join(data, LockFile)); err != nil {
		t.Skipf("cannot make a symbolic link here: %v", err)
	}
	if d, err := Open(t.Context(), root, data, Options{}); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		if d != nil {
			d.Close()
		}
		t.Errorf("Open with a linked lock = %v, want refused as not a regular file", err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep me\n" {
		t.Errorf("the link's target now holds %q", b)
	}
	os.Remove(filepath.Join(data, LockFile))
	os.Mkdir(filepath.Join(data, LockFile), 0o755)
	if _, err := Open(t.Context(), root, data, Options{}); err == nil {
		t.Errorf("Open with a folder for the lock = nil, want an error")
	}
}
