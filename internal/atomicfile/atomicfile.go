// Package atomicfile writes files so that a crash leaves either the old
// file or the new, never half of one.
package atomicfile

import (
	"os"
	"path/filepath"
	"strings"
)

// TempSuffix ends the names of the temporary files WriteFile makes, which
// start with a dot: a reader of a folder skips them, and a run after a
// crash knows them for litter.
const TempSuffix = ".tmp"

// WriteFile writes b to name through a temporary file in the same folder,
// synced, then renamed over the old one. It makes the folder.
func WriteFile(name string, b []byte) error {
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(name)+".*"+TempSuffix)
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(b)
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

// IsTemp reports whether a file name is one of WriteFile's temporary files.
func IsTemp(name string) bool {
	return strings.HasPrefix(name, ".") && strings.HasSuffix(name, TempSuffix)
}
