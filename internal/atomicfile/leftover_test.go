package atomicfile

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func put(t *testing.T, dir, name string, at time.Time) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for q := p; q != dir; q = filepath.Dir(q) {
		os.Chtimes(q, at, at)
	}
}

func names(t *testing.T, dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// TestRemoveStale leaves, as a run killed half-way would, temporary files
// and site folders, old and fresh, beside files that are not candor's, and
// checks that only the old ones of candor's go.
func TestRemoveStale(t *testing.T) {
	dir := t.TempDir()
	old, now := time.Now().Add(-StaleAfter-time.Minute), time.Now()
	put(t, dir, ".state.tsv.123456.tmp", old)     // WriteFile's, stale
	put(t, dir, ".x.md.tmp-987", old)             // an earlier version's, stale
	put(t, dir, ".api.tsv.42.tmp", now)           // being written
	put(t, dir, "state.tsv", old)                 // not a temporary
	put(t, dir, ".hidden.tmp", old)               // no digits: not WriteFile's
	put(t, dir, ".candor-site-1/index.html", old) // a stale site folder
	put(t, dir, ".candor-site-2/index.html", old) // a site folder still being written into
	put(t, dir, ".candor-site-2/api/x.json", now)
	site := func(n string) bool { return strings.HasPrefix(n, ".candor-site-") }
	removed, err := RemoveStale(dir, func(n string) bool { return IsLeftover(n) || site(n) }, StaleAfter)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{".candor-site-1", ".state.tsv.123456.tmp", ".x.md.tmp-987"}; !slices.Equal(removed, want) {
		t.Errorf("RemoveStale removed %q, want %q", removed, want)
	}
	if got, want := names(t, dir), []string{".api.tsv.42.tmp", ".candor-site-2", ".hidden.tmp", "state.tsv"}; !slices.Equal(got, want) {
		t.Errorf("left %q, want %q", got, want)
	}
	// With the writers locked out, age does not matter.
	if removed, err := RemoveStale(dir, IsLeftover, 0); err != nil || !slices.Equal(removed, []string{".api.tsv.42.tmp"}) {
		t.Errorf("RemoveStale(0) = %q, %v; want the fresh temporary", removed, err)
	}
	if removed, err := RemoveStale(filepath.Join(dir, "none"), IsLeftover, 0); err != nil || removed != nil {
		t.Errorf("RemoveStale of a missing folder = %q, %v", removed, err)
	}
}

// TestIsLeftover checks that WriteFile's own temporaries are recognised.
func TestIsLeftover(t *testing.T) {
	dir := t.TempDir()
	f, err := os.CreateTemp(dir, ".state.tsv.*"+TempSuffix)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if name := filepath.Base(f.Name()); !IsLeftover(name) || !IsTemp(name) {
		t.Errorf("IsLeftover(%q) = false, want true", name)
	}
	for _, n := range []string{"state.tsv", ".tmp", "..tmp", ".a.tmp", "x.1.tmp"} {
		if IsLeftover(n) {
			t.Errorf("IsLeftover(%q) = true, want false", n)
		}
	}
}
