package repofile_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor/repofile"
)

func TestWriteAtomic(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "state.tsv")
	for _, data := range []string{"one\n", "two\n"} {
		if err := repofile.WriteAtomic(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(name); string(got) != data {
			t.Errorf("after WriteAtomic(%q) the file holds %q", data, got)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d entries after two writes, want the file alone", len(entries))
	}
}

// TestRemoveStale leaves, as a run killed half-way would, temporary files
// and site folders, old and fresh, beside files that are not candor's, and
// checks that only the old ones of candor's are removed.
func TestRemoveStale(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-repofile.StaleAfter - time.Minute)
	mk := func(name string, age time.Time) string {
		p := filepath.Join(dir, filepath.FromSlash(name))
		write(t, p, "x")
		if err := os.Chtimes(p, age, age); err != nil {
			t.Fatal(err)
		}
		return p
	}
	mk(".state.tsv.123456.tmp", old)     // ours, stale
	mk(".x.md.tmp-987", old)             // an earlier version's, stale
	mk(".api.tsv.42.tmp", time.Now())    // ours, being written
	mk("state.tsv", old)                 // not a temporary
	mk(".hidden.tmp", old)               // not ours: no digits
	mk(".candor-site-1/index.html", old) // a stale site folder
	mk(".candor-site-2/index.html", old) // a site folder still being written into
	mk(".candor-site-2/api/x.json", time.Now())
	for _, d := range []string{".candor-site-1", ".candor-site-2"} {
		os.Chtimes(filepath.Join(dir, d), old, old)
	}
	os.Chtimes(filepath.Join(dir, ".candor-site-2", "api"), time.Now(), time.Now())
	site := func(name string) bool { return strings.HasPrefix(name, ".candor-site-") }
	removed, err := repofile.RemoveStale(dir, func(n string) bool { return repofile.IsTemp(n) || site(n) })
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(removed)
	if want := []string{".candor-site-1", ".state.tsv.123456.tmp", ".x.md.tmp-987"}; !slices.Equal(removed, want) {
		t.Errorf("RemoveStale removed %q, want %q", removed, want)
	}
	var left []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		left = append(left, e.Name())
	}
	if want := []string{".api.tsv.42.tmp", ".candor-site-2", ".hidden.tmp", "state.tsv"}; !slices.Equal(left, want) {
		t.Errorf("left %q, want %q", left, want)
	}
	if removed, err := repofile.RemoveStale(filepath.Join(dir, "none"), repofile.IsTemp); err != nil || removed != nil {
		t.Errorf("RemoveStale of a missing folder = %q, %v", removed, err)
	}
}
