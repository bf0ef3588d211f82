package repofile_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/candor-status/candor/repofile"
)

// repo makes a repository folder with a regular candor.yml and
// templates/style.css, and returns its path.
func repo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "candor.yml"), "title: x\n")
	write(t, filepath.Join(dir, "templates", "style.css"), "body{}")
	return dir
}

func write(t *testing.T, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, to, name string) {
	t.Helper()
	if err := os.Symlink(to, name); err != nil {
		t.Skipf("cannot make a symbolic link here: %v", err)
	}
}

// TestReadFileRefuses builds repositories holding what a hostile pull
// request could add and checks that each is refused with its path and
// reason, at once, and that nothing of what it points to is read.
func TestReadFileRefuses(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		read  string
		want  string // the error says
	}{
		{"symlink to the environment", func(t *testing.T, dir string) {
			symlink(t, "/proc/self/environ", filepath.Join(dir, "templates", "page.js"))
		}, "templates/page.js", "templates/page.js: a symbolic link to /proc/self/environ: candor reads only regular files inside the repository"},
		{"symlink to /etc/passwd", func(t *testing.T, dir string) {
			symlink(t, "/etc/passwd", filepath.Join(dir, "content", "incidents", "x.md"))
		}, "content/incidents/x.md", "content/incidents/x.md: a symbolic link to /etc/passwd"},
		{"symlink to /dev/zero", func(t *testing.T, dir string) {
			symlink(t, "/dev/zero", filepath.Join(dir, "candor.big"))
		}, "candor.big", "candor.big: a symbolic link to /dev/zero"},
		{"symlink inside the repository", func(t *testing.T, dir string) {
			symlink(t, "../candor.yml", filepath.Join(dir, "templates", "home.html"))
		}, "templates/home.html", "templates/home.html: a symbolic link to ../candor.yml"},
		{"symlinked folder", func(t *testing.T, dir string) {
			symlink(t, "/etc", filepath.Join(dir, "content"))
		}, "content/passwd", "content: a symbolic link to /etc"},
		{"a folder", func(t *testing.T, dir string) {
			os.MkdirAll(filepath.Join(dir, "content", "incidents", "x.md"), 0o755)
		}, "content/incidents/x.md", "content/incidents/x.md: a folder: candor reads only regular files"},
		{"too large", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "big.md"), strings.Repeat("a", 101))
		}, "big.md", "big.md: file too large (101 bytes; the limit is 100)"},
		{"a file as a folder", func(t *testing.T, dir string) {}, "candor.yml/x", "candor.yml: not a folder"},
		{"outside", func(t *testing.T, dir string) {}, "../x", "../x: not a path inside the repository"},
	}
	if runtime.GOOS != "windows" {
		tests = append(tests, struct {
			name  string
			setup func(t *testing.T, dir string)
			read  string
			want  string
		}{"a named pipe", func(t *testing.T, dir string) { mkfifo(t, filepath.Join(dir, "pipe.md")) },
			"pipe.md", "pipe.md: a named pipe: candor reads only regular files"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := repo(t)
			tt.setup(t, dir)
			r, err := repofile.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			start := time.Now()
			data, err := r.ReadFile(tt.read, 100)
			var refused *repofile.RefusedError
			if !errors.As(err, &refused) || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("ReadFile(%s) = %q, %v; want a refusal %q", tt.read, data, err, tt.want)
			}
			if took := time.Since(start); took > time.Second {
				t.Errorf("ReadFile took %s, want at once", took)
			}
		})
	}
}

func TestReadFile(t *testing.T) {
	dir := repo(t)
	r, err := repofile.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if data, err := r.ReadFile("templates/style.css", 6); err != nil || string(data) != "body{}" {
		t.Errorf("ReadFile(templates/style.css) = %q, %v; want body{}", data, err)
	}
	if _, err := r.ReadFile("templates/none.css", 100); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadFile of a missing file = %v, want fs.ErrNotExist", err)
	}
	if data, err := repofile.ReadFile(filepath.Join(dir, "candor.yml"), 100); err != nil || string(data) != "title: x\n" {
		t.Errorf("repofile.ReadFile(candor.yml) = %q, %v", data, err)
	}
	link := filepath.Join(dir, "link.yml")
	symlink(t, "candor.yml", link)
	if _, err := repofile.ReadFile(link, 100); err == nil || !strings.HasPrefix(err.Error(), link+": a symbolic link to candor.yml") {
		t.Errorf("repofile.ReadFile(link) = %v, want a refusal naming %s", err, link)
	}
}

// TestFS checks the templates file system against the fs.FS contract and
// that a refused file is an error, not a missing file another layer could
// stand in for.
func TestFS(t *testing.T) {
	dir := repo(t)
	write(t, filepath.Join(dir, "templates", "home.html"), "<p>home</p>")
	r, err := repofile.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	fsys := r.FS("templates", 1000)
	if err := fstest.TestFS(fsys, "style.css", "home.html"); err != nil {
		t.Fatal(err)
	}
	symlink(t, "/proc/self/environ", filepath.Join(dir, "templates", "page.js"))
	_, err = fs.ReadFile(fsys, "page.js")
	if err == nil || errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "templates/page.js: a symbolic link") {
		t.Errorf("ReadFile(page.js) = %v, want a refusal that is not fs.ErrNotExist", err)
	}
	if _, err := fs.ReadFile(fsys, "none.js"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadFile(none.js) = %v, want fs.ErrNotExist", err)
	}
}
