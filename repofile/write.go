package repofile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"time"
)

// StaleAfter is how long a temporary file or folder of candor's must have
// been left untouched before the next run removes it. A live write touches
// its temporary within seconds (a site of 5,000 incidents is written in a
// few); older ones are what a run killed half-way left behind.
const StaleAfter = 2 * time.Minute

// tempFile names the temporary files WriteAtomic makes, and those earlier
// versions made (".<name>.tmp-<digits>").
var tempFile = regexp.MustCompile(`^\..+\.([0-9]+\.tmp|tmp-[0-9]+)$`)

// WriteAtomic writes data to name through a temporary file beside it
// (".<base>.<digits>.tmp"), synced, then renamed over name, so a reader
// sees the old file or the new one, never half of one. The folder must
// exist.
func WriteAtomic(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// IsTemp reports whether a file name is one of WriteAtomic's temporaries.
func IsTemp(name string) bool { return tempFile.MatchString(name) }

// RemoveStale removes the entries of dir whose name ours matches and that
// nothing touched for StaleAfter: for a folder, neither it nor any entry
// directly inside it. It returns the names removed. A missing dir has
// nothing to remove.
func RemoveStale(dir string, ours func(name string) bool) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	cutoff := time.Now().Add(-StaleAfter)
	var removed []string
	var errs []error
	for _, e := range entries {
		if !ours(e.Name()) || e.Type()&fs.ModeSymlink != 0 {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if !touchedBefore(p, cutoff) {
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

// touchedBefore reports whether p, and for a folder every entry directly
// inside it, was last modified before cutoff.
func touchedBefore(p string, cutoff time.Time) bool {
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
