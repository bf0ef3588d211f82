package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor/generator"
)

// TestWriteFilesInPlace: an earlier site is updated in place: unchanged
// files are left as they are, changed ones rewritten, files and folders
// the site no longer has removed, and nothing is written through a link.
func TestWriteFilesInPlace(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	outside := filepath.Join(t.TempDir(), "precious.txt")
	os.WriteFile(outside, []byte("keep me"), 0o644)
	first := generator.Files{".nojekyll": {}, "index.html": []byte("home v1"), "badges/api.svg": []byte("badge"),
		"components/gone/index.html": []byte("old"), "components/api/index.html": []byte("api v1"), "feed": []byte("f")}
	if err := writeFiles(dir, first); err != nil {
		t.Fatal(err)
	}
	stat := func(p string) os.FileInfo {
		st, err := os.Lstat(filepath.Join(dir, p))
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	past := time.Now().Add(-time.Hour)
	os.Chtimes(filepath.Join(dir, "badges/api.svg"), past, past)
	badge := stat("badges/api.svg")
	// A link where a site file goes, pointing outside the folder.
	os.Remove(filepath.Join(dir, "index.html"))
	if err := os.Symlink(outside, filepath.Join(dir, "index.html")); err != nil {
		t.Fatal(err)
	}
	second := generator.Files{".nojekyll": {}, "index.html": []byte("home v2"), "badges/api.svg": []byte("badge"),
		"components/api/index.html": []byte("api v2"), "feed/index.html": []byte("now a folder")}
	if err := writeFiles(dir, second); err != nil {
		t.Fatal(err)
	}
	for p, want := range second {
		got, err := os.ReadFile(filepath.Join(dir, p))
		if err != nil || string(got) != string(want) {
			t.Errorf("%s = %q, %v; want %q", p, got, err, want)
		}
	}
	if b, _ := os.ReadFile(outside); string(b) != "keep me" {
		t.Errorf("the build wrote through a link: %q", b)
	}
	if st := stat("index.html"); !st.Mode().IsRegular() {
		t.Errorf("index.html is %v, want a plain file in place of the link", st.Mode())
	}
	if st := stat("badges/api.svg"); !os.SameFile(badge, st) || !st.ModTime().Equal(badge.ModTime()) {
		t.Error("an unchanged file was written again")
	}
	if _, err := os.Lstat(filepath.Join(dir, "components/gone")); !os.IsNotExist(err) {
		t.Errorf("the folder of a page the site no longer has is still there: %v", err)
	}
}

// TestChangedFileWrittenOverInPlace: a changed file is written over where
// it is, the same file, and holds exactly its new bytes whether they are
// shorter, longer or as long as the old.
func TestChangedFileWrittenOverInPlace(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	first := generator.Files{".nojekyll": {}, "short": []byte("a long page of the last round"), "long": []byte("brief"),
		"same": []byte("0123456789"), "empty": []byte("was something")}
	if err := writeFiles(dir, first); err != nil {
		t.Fatal(err)
	}
	before := map[string]os.FileInfo{}
	for p := range first {
		st, err := os.Stat(filepath.Join(dir, p))
		if err != nil {
			t.Fatal(err)
		}
		before[p] = st
	}
	second := generator.Files{".nojekyll": {}, "short": []byte("new"), "long": []byte("a page that grew since the last round"),
		"same": []byte("abcdefghij"), "empty": {}}
	if err := writeFiles(dir, second); err != nil {
		t.Fatal(err)
	}
	for p, want := range second {
		got, err := os.ReadFile(filepath.Join(dir, p))
		if err != nil || string(got) != string(want) {
			t.Errorf("%s = %q, %v; want %q", p, got, err, want)
		}
		if st, err := os.Stat(filepath.Join(dir, p)); err != nil || !os.SameFile(st, before[p]) {
			t.Errorf("%s: not written over in place", p)
		}
	}
}

// writeFiles makes dir hold exactly files, as writeSite does through a
// siteWriter.
func writeFiles(dir string, files generator.Files) error {
	w, err := openSite(dir)
	if err != nil {
		return err
	}
	for _, p := range files.Paths() {
		if err := w.put(p, files[p]); err != nil {
			break
		}
	}
	_, err = w.close(nil)
	return err
}

// TestSiteWriterRefusesLinkOnPath: a folder the writer made, replaced by a
// link while it writes, is not written through.
func TestSiteWriterRefusesLinkOnPath(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	outside := t.TempDir()
	w, err := openSite(dir)
	if err != nil {
		t.Fatal(err)
	}
	w.put(".nojekyll", nil)
	if err := w.put("a/x.html", []byte("x")); err != nil {
		t.Fatal(err)
	}
	w.close(nil)
	w, err = openSite(dir)
	if err != nil {
		t.Fatal(err)
	}
	// The folder is known to be there. Only prepared, not queued: a
	// queued write could land inside it while it is being removed.
	w.mu.Lock()
	err = w.prepare("a/x.html")
	w.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(dir, "a")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "a")); err != nil {
		t.Fatal(err)
	}
	w.put("a/y.html", []byte("y"))
	if _, err := w.close(nil); err == nil {
		t.Error("writing under a link succeeded")
	}
	if entries, _ := os.ReadDir(outside); len(entries) > 0 {
		t.Errorf("wrote through the link: %v", entries)
	}
}

// BenchmarkSiteWrite writes 20,000 small files in 2,000 folders: into an
// empty folder (fresh) and over the same files (again).
func BenchmarkSiteWrite(b *testing.B) {
	files := generator.Files{".nojekyll": {}}
	for i := range 2000 {
		for _, name := range []string{"index.html", "history.rss", "history.atom"} {
			files[fmt.Sprintf("components/c%04d/%s", i, name)] = []byte(strings.Repeat("x", 2000+i))
		}
		for _, name := range []string{".svg", ".json", "-uptime.svg", "-uptime.json"} {
			files[fmt.Sprintf("badges/c%04d%s", i, name)] = []byte(strings.Repeat("y", 500+i))
		}
	}
	for _, again := range []bool{false, true} {
		b.Run(map[bool]string{false: "fresh", true: "again"}[again], func(b *testing.B) {
			dir := b.TempDir()
			if again {
				writeFiles(filepath.Join(dir, "public"), files)
			}
			b.ResetTimer()
			for i := range b.N {
				out := filepath.Join(dir, "public")
				if !again {
					out = filepath.Join(dir, fmt.Sprint(i))
				}
				if err := writeFiles(out, files); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestHalfBuiltSiteIsRepaired: a first build that fails (or is killed)
// after writing some files leaves a folder the next build knows for a
// site and repairs, while a folder that never held one is still refused.
func TestHalfBuiltSiteIsRepaired(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	w, err := openSite(dir)
	if err != nil {
		t.Fatal(err)
	}
	w.put("api/v2/status.json", []byte("{}"))
	if _, err := w.close(errors.New("build: a template refused")); err == nil {
		t.Fatal("close(a failed build) = nil, want its error")
	}
	if err := writeFiles(dir, generator.Files{".nojekyll": {}, "index.html": []byte("home")}); err != nil {
		t.Fatalf("the build after a failed first one: %v, want it to repair the site", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "api/v2/status.json")); !os.IsNotExist(err) {
		t.Errorf("a file of the failed build is still there: %v", err)
	}
	other := filepath.Join(t.TempDir(), "repo")
	os.MkdirAll(other, 0o755)
	os.WriteFile(filepath.Join(other, "main.go"), []byte("package main"), 0o644)
	if _, err := openSite(other); err == nil || !strings.Contains(err.Error(), "holds no earlier site") {
		t.Errorf("openSite(a folder with other files) = %v, want it refused", err)
	}
	if _, err := os.Stat(filepath.Join(other, ".nojekyll")); !os.IsNotExist(err) {
		t.Errorf("openSite marked a folder it refused: %v", err)
	}
}
