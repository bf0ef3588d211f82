package generator

import (
	"errors"
	"io/fs"
	"sort"
)

// Overlay returns a file system where each file of top replaces the file of
// the same name in bottom: a repository's templates/ over the default theme.
// Only a file top does not have comes from bottom: one top refuses (a
// symbolic link, a file too large) is an error. top may be nil.
func Overlay(top, bottom fs.FS) fs.FS {
	if top == nil {
		return bottom
	}
	return overlay{top, bottom}
}

type overlay struct{ top, bottom fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	f, err := o.top.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return o.bottom.Open(name)
	}
	return f, err
}

func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	a, errA := fs.ReadDir(o.top, name)
	b, errB := fs.ReadDir(o.bottom, name)
	if errA != nil && errB != nil {
		return nil, errors.Join(errA, errB)
	}
	seen := map[string]bool{}
	var out []fs.DirEntry
	for _, e := range append(a, b...) {
		if !seen[e.Name()] {
			seen[e.Name()] = true
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}
