package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"time"
)

// StaleAfter is how long a temporary file or folder must have been left
// untouched before a run that cannot know its writer is gone takes it for
// litter. A live write touches its temporary within seconds (a site of
// 5,000 incidents is written in a few); older ones are what a run killed
// half-way left behind.
const StaleAfter = 2 * time.Minute

// leftover names the temporary files WriteFile makes (os.CreateTemp puts
// digits where the * is) and those of earlier versions of candor
// (".<name>.tmp-<digits>"): nothing else is taken for litter.
var leftover = regexp.MustCompile(`^\..+\.([0-9]+` + regexp.QuoteMeta(TempSuffix) + `|tmp-[0-9]+)$`)

// IsLeftover reports whether name is a temporary file WriteFile, or an
// earlier version of it, makes: what a crash leaves behind.
func IsLeftover(name string) bool { return leftover.MatchString(name) }

// RemoveStale removes the entries of dir that ours names and that nothing
// touched for age: for a folder, neither it nor any entry directly inside
// it. An age of 0 removes them all, for a folder whose writers the caller
// has locked out. It returns the names removed; a missing dir has none.
// Symbolic links are left alone.
func RemoveStale(dir string, ours func(name string) bool, age time.Duration) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	cutoff := time.Now().Add(-age)
	var removed []string
	var errs []error
	for _, e := range entries {
		if !ours(e.Name()) || e.Type()&fs.ModeSymlink != 0 {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if age > 0 && !untouchedSince(p, cutoff) {
			continue
		}
		if err := os.RemoveAll(p); err != nil {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, e.Name())
	}
	return removed, errors.Join(errs...)
}

// untouchedSince reports whether p, and for a folder every entry directly
// inside it, was last modified before cutoff.
func untouchedSince(p string, cutoff time.Time) bool {
	st, err := os.Lstat(p)
	if err != nil || !st.ModTime().Before(cutoff) {
		return false
	}
	if !st.IsDir() {
		return true
	}
	entries, err := os.ReadDir(p)
	if err != nil {
		return false
	}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || !info.ModTime().Before(cutoff) {
			return false
		}
	}
	return true
}
