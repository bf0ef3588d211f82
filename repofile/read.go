// Package repofile reads the files of a status repository from disk:
// only inside the repository's folder, only regular files, and only up to
// a size limit.
//
// A repository is hostile input: a pull request can add any file,
// symbolic links included, and candor publishes what it reads. So a
// symbolic link is refused wherever it stands in a path, even one that
// points inside the repository (a checkout's .git/config can hold the
// job's token), and so are devices, pipes and sockets; the size limit is
// enforced on the bytes read, not only on what the file claims.
package repofile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// MaxSize is the size limit of every file candor reads from a repository:
// the config, incident and maintenance files and templates are text a
// person writes.
const MaxSize = 1 << 20

// RefusedError is a file a Root will not read, and why.
type RefusedError struct {
	Path   string // slash path relative to the root
	Reason string
}

func (e *RefusedError) Error() string { return e.Path + ": " + e.Reason }

// Root is a repository's folder. Every read names a slash path inside it.
type Root struct {
	dir  string
	root *os.Root

	mu      sync.Mutex
	folders map[string]bool // folders found to be folders, not links
}

// Open opens the folder dir as a Root.
func Open(dir string) (*Root, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &Root{dir: dir, root: r}, nil
}

// Close releases the folder.
func (r *Root) Close() error { return r.root.Close() }

// ReadFile returns the content of the regular file name, a slash path
// inside the root. It returns a *RefusedError when a component of the path
// is a symbolic link, the file is not a regular file, or it holds more
// than limit bytes; an error wrapping fs.ErrNotExist when it does not
// exist.
func (r *Root) ReadFile(name string, limit int64) ([]byte, error) {
	f, err := r.open(name, limit)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data := make([]byte, 0, f.size+1) // the size it had when opened, and room to see EOF
	for {
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		switch {
		case err == io.EOF:
			return data, nil
		case err != nil:
			return nil, err
		case len(data) == cap(data):
			data = append(data, 0)[:len(data)] // it grew: make room
		}
	}
}

// ReadDir lists the folder name, a slash path inside the root ("." for
// the root), sorted by name. A symbolic link among its components is
// refused.
func (r *Root) ReadDir(name string) ([]fs.DirEntry, error) {
	if err := r.walk(name, true); err != nil {
		return nil, err
	}
	d, err := r.root.Open(name)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	entries, err := d.ReadDir(-1)
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, err
}

// open checks name and opens it for reading at most limit bytes.
func (r *Root) open(name string, limit int64) (*limitedFile, error) {
	if err := r.walk(name, false); err != nil {
		return nil, err
	}
	f, err := r.root.Open(name)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err == nil {
		err = regular(name, st.Mode(), st.Size(), limit)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return &limitedFile{f: f, name: name, left: limit, size: st.Size()}, nil
}

// walk checks every component of name with Lstat, which does not follow
// links: the folders must be folders and the last one a regular file, or a
// folder when dir is set. Checking before opening keeps a named pipe from
// blocking the open. A folder found good is not checked again.
func (r *Root) walk(name string, dir bool) error {
	if !fs.ValidPath(name) {
		return &RefusedError{Path: name, Reason: "not a path inside the repository"}
	}
	if name == "." {
		return nil
	}
	for i := 0; i <= len(name); i++ {
		if i < len(name) && name[i] != '/' {
			continue
		}
		p, last := name[:i], i == len(name)
		if !last && r.folderChecked(p) {
			continue
		}
		st, err := r.root.Lstat(p)
		if err != nil {
			return err
		}
		switch {
		case st.Mode()&fs.ModeSymlink != 0:
			return r.symlink(p)
		case (!last || dir) && !st.IsDir():
			return &RefusedError{Path: p, Reason: "not a folder"}
		case last && !dir:
			return regular(p, st.Mode(), st.Size(), -1)
		}
		r.markFolder(p)
	}
	return nil
}

func (r *Root) folderChecked(p string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.folders[p]
}

func (r *Root) markFolder(p string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.folders == nil {
		r.folders = map[string]bool{}
	}
	r.folders[p] = true
}

// symlink refuses the link at p, saying where it points.
func (r *Root) symlink(p string) error {
	reason := "a symbolic link: candor reads only regular files inside the repository"
	if to, err := r.root.Readlink(p); err == nil {
		reason = fmt.Sprintf("a symbolic link to %s: candor reads only regular files inside the repository", to)
	}
	return &RefusedError{Path: p, Reason: reason}
}

// regular refuses anything but a regular file of at most limit bytes (no
// limit when negative).
func regular(name string, mode fs.FileMode, size, limit int64) error {
	var kind string
	switch {
	case mode.IsRegular():
		if limit >= 0 && size > limit {
			return &RefusedError{Path: name, Reason: fmt.Sprintf("file too large (%d bytes; the limit is %d)", size, limit)}
		}
		return nil
	case mode.IsDir():
		kind = "a folder"
	case mode&fs.ModeNamedPipe != 0:
		kind = "a named pipe"
	case mode&fs.ModeSocket != 0:
		kind = "a socket"
	case mode&fs.ModeDevice != 0:
		kind = "a device"
	default:
		kind = "not a regular file"
	}
	return &RefusedError{Path: name, Reason: kind + ": candor reads only regular files"}
}

// limitedFile reads at most left bytes and fails past them: a file that
// grows while it is read is refused, not read without end. It offers no
// method but these, so no copy can go around the limit.
type limitedFile struct {
	f    *os.File
	name string
	left int64
	size int64 // when opened
}

func (f *limitedFile) Stat() (fs.FileInfo, error) { return f.f.Stat() }
func (f *limitedFile) Close() error               { return f.f.Close() }

func (f *limitedFile) Read(b []byte) (int, error) {
	if int64(len(b)) > f.left+1 {
		b = b[:f.left+1]
	}
	n, err := f.f.Read(b)
	if int64(n) > f.left {
		return int(f.left), &RefusedError{Path: f.name, Reason: "file too large: it grew past the limit while it was read"}
	}
	f.left -= int64(n)
	return n, err
}

// FS returns the folder dir of the root (a slash path) as a file system
// whose files pass the same checks as ReadFile, with limit bytes each. A
// file that does not exist gives an error wrapping fs.ErrNotExist; any
// other error means the file is there and refused.
func (r *Root) FS(dir string, limit int64) fs.FS { return rootFS{r: r, dir: dir, limit: limit} }

type rootFS struct {
	r     *Root
	dir   string
	limit int64
}

func (f rootFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	full := path.Join(f.dir, name)
	if name == "." {
		if err := f.r.walk(full, true); err != nil {
			return nil, err
		}
		return f.r.root.Open(full)
	}
	file, err := f.r.open(full, f.limit)
	if err != nil {
		return nil, err
	}
	return file, nil
}

func (f rootFS) ReadDir(name string) ([]fs.DirEntry, error) {
	return f.r.ReadDir(path.Join(f.dir, name))
}

// ReadFile reads the file name, a path on disk, as a Root of its folder
// would. It is for single files named by a person or a flag.
func ReadFile(name string, limit int64) ([]byte, error) {
	r, err := Open(filepath.Dir(name))
	if err != nil {
		return nil, err
	}
	defer r.Close()
	data, err := r.ReadFile(filepath.Base(name), limit)
	var refused *RefusedError
	if errors.As(err, &refused) {
		refused.Path = name
	}
	return data, err
}
