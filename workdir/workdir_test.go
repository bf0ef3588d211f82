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
