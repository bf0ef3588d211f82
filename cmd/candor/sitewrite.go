package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/candor-status/candor/generator"
	"github.com/candor-status/candor/internal/atomicfile"
)

// siteWriter makes a folder hold exactly the files put into it, in place:
// a file already holding its bytes is not touched, a changed one is
// written over, and the files of an earlier build the site no longer has
// are removed when it closes. A large site changes a few files a round
// (its pages say when they were last checked) and keeps tens of thousands
// as they were; creating them all anew each round is what costs. It never
// writes through a symbolic link: whatever stands at a site path and is
// not a plain file is removed first.
type siteWriter struct {
	root *os.Root
	jobs chan siteFile
	wg   sync.WaitGroup

	mu    sync.Mutex
	old   map[string]fs.FileMode // what the folder held, by slash path and type
	dirs  map[string]bool        // folders made
	paths map[string]bool        // files put
	api   generator.Files
	err   error
}

type siteFile struct {
	path  string
	data  []byte
	there bool // a plain file stands at path
}

// siteWriters is how many files a siteWriter compares and writes at once:
// the time goes to system calls that wait on the file system.
const siteWriters = 8

// openSite opens dir for a site. It refuses a folder that holds anything
// and is not an earlier site (no .nojekyll), so a wrong --out cannot wipe
// a repository.
func openSite(dir string) (*siteWriter, error) {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		if _, err := os.Lstat(filepath.Join(dir, ".nojekyll")); err != nil {
			return nil, fmt.Errorf("%s is not empty and holds no earlier site: refusing to replace it", dir)
		}
	}
	parent := filepath.Dir(filepath.Clean(dir))
	if _, err := atomicfile.RemoveStale(parent, isSiteTemp, atomicfile.StaleAfter); err != nil {
		return nil, fmt.Errorf("remove leftover site folders: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	// The mark of a site goes in first: a build that fails or is killed
	// halfway leaves a folder the next build knows for its own and repairs.
	if _, err := root.Lstat(".nojekyll"); errors.Is(err, fs.ErrNotExist) {
		if err := root.WriteFile(".nojekyll", nil, 0o644); err != nil {
			root.Close()
			return nil, err
		}
	}
	old, err := siteTree(root)
	if err != nil {
		root.Close()
		return nil, err
	}
	w := &siteWriter{root: root, jobs: make(chan siteFile, 4*siteWriters), old: old,
		dirs: map[string]bool{".": true}, paths: map[string]bool{}, api: generator.Files{}}
	for range siteWriters {
		w.wg.Go(func() {
			var buf []byte // what is there, read into one buffer a writer keeps
			for f := range w.jobs {
				var err error
				if buf, err = writeChanged(root, f.path, f.data, f.there, buf); err != nil {
					w.fail(err)
				}
			}
		})
	}
	return w, nil
}

// put writes one file of the site (a generator.Emit): several goroutines
// may put at once. It returns the first error the writer met.
func (w *siteWriter) put(p string, b []byte) error {
	w.mu.Lock()
	err := w.prepare(p)
	if strings.HasPrefix(p, "api/v2/") {
		w.api[p] = b
	}
	_, there := w.old[p]
	w.mu.Unlock()
	if err != nil {
		w.fail(err)
		return err
	}
	w.jobs <- siteFile{path: p, data: b, there: there}
	return w.failed()
}

// prepare makes p's folders and clears what is in the way; w.mu is held.
func (w *siteWriter) prepare(p string) error {
	w.paths[p] = true
	if t, there := w.old[p]; there && !t.IsRegular() {
		if err := w.root.RemoveAll(p); err != nil { // a link, a folder: never written through
			return err
		}
		delete(w.old, p)
	}
	var missing []string
	for d := path.Dir(p); !w.dirs[d]; d = path.Dir(d) {
		if t, there := w.old[d]; there && !t.IsDir() {
			if err := w.root.Remove(d); err != nil { // a file where the site now has a folder
				return err
			}
			delete(w.old, d)
		}
		w.dirs[d] = true
		missing = append(missing, d)
	}
	if len(missing) > 0 {
		return w.root.MkdirAll(missing[0], 0o755)
	}
	return nil
}

func (w *siteWriter) fail(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err == nil {
		w.err = err
	}
}

func (w *siteWriter) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// close waits for the writes, removes what the site no longer has (unless
// the build failed: then nothing more is removed) and closes the folder.
func (w *siteWriter) close(buildErr error) (builtSite, error) {
	close(w.jobs)
	w.wg.Wait()
	defer w.root.Close()
	err := errors.Join(buildErr, w.failed())
	if err == nil {
		err = w.removeStale()
	}
	return builtSite{files: len(w.paths), api: w.api}, err
}

// removeStale removes the plain files and links of the earlier build that
// the site no longer has, and the folders none of its files are in.
func (w *siteWriter) removeStale() error {
	needed := map[string]bool{}
	for p := range w.paths {
		for d := path.Dir(p); d != "." && !needed[d]; d = path.Dir(d) {
			needed[d] = true
		}
	}
	for _, p := range slices.Sorted(maps.Keys(w.old)) {
		if w.paths[p] || needed[p] || !needed[path.Dir(p)] && path.Dir(p) != "." {
			continue // kept, or inside a folder removed whole below
		}
		if err := w.root.RemoveAll(p); err != nil {
			return err
		}
	}
	return nil
}

// siteTree is every entry under root by slash path, with its type.
func siteTree(root *os.Root) (map[string]fs.FileMode, error) {
	out := map[string]fs.FileMode{}
	err := fs.WalkDir(root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == "." {
			return err
		}
		out[p] = d.Type()
		return nil
	})
	return out, err
}

// siteTempPrefix starts the names of the folders earlier versions of
// candor built a site in beside the out folder: ".candor-site-<digits>",
// and the old site moved aside as ".candor-site-<digits>.old".
const siteTempPrefix = ".candor-site-"

var siteTemp = regexp.MustCompile(`^` + regexp.QuoteMeta(siteTempPrefix) + `[0-9]+(\.old)?$`)

// isSiteTemp reports whether name is one of those folders, which a build
// killed half-way left behind.
func isSiteTemp(name string) bool { return siteTemp.MatchString(name) }

// writeChanged writes b to p unless p, a plain file when there, holds it.
// It reads what is there into buf, and returns buf for the next file. A
// file that is there is opened once, to compare and, when it differs, to
// write: a site has tens of thousands, and opening costs system calls.
func writeChanged(root *os.Root, p string, b []byte, there bool, buf []byte) ([]byte, error) {
	if !there {
		return buf, root.WriteFile(p, b, 0o644)
	}
	f, err := root.OpenFile(p, os.O_RDWR, 0)
	if err != nil {
		return buf, root.WriteFile(p, b, 0o644)
	}
	same, size, err := holds(f, b, &buf)
	if err == nil && !same {
		// Written over in place, then cut to length. Truncating to zero
		// first makes ext4 (auto_da_alloc) start writing the file back
		// when it is closed, which made close and truncate the costliest
		// system calls of a round that rewrites ten thousand pages.
		if _, err = f.WriteAt(b, 0); err == nil && size > int64(len(b)) {
			err = f.Truncate(int64(len(b)))
		}
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return buf, err
}

// holds reports whether f holds exactly b, and f's size; a file of
// another size is not read.
func holds(f *os.File, b []byte, buf *[]byte) (bool, int64, error) {
	st, err := f.Stat()
	if err != nil {
		return false, 0, err
	}
	if !st.Mode().IsRegular() {
		return false, 0, fmt.Errorf("%s: not a plain file", f.Name())
	}
	size := st.Size()
	if size != int64(len(b)) {
		return false, size, nil
	}
	if len(b) == 0 {
		return true, size, nil
	}
	if cap(*buf) < len(b)+1 {
		*buf = make([]byte, len(b)+1)
	}
	n, err := io.ReadFull(f, (*buf)[:len(b)+1]) // one byte more: the file may have grown
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return false, size, err
	}
	if n > len(b) {
		size = max(size, int64(n)) // grown since: cut back to b's length
	}
	return n == len(b) && bytes.Equal((*buf)[:n], b), size, nil
}
