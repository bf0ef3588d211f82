// Package atomicfile writes files so that a crash leaves either the old
// file or the new, never half of one.
package atomicfile

import (
	"os"
	"strings"
)

// TempSuffix ends the names of the temporary files WriteFile makes, which
// start with a dot: a reader of a folder skips them, and a run after a
// crash knows them for litter.
const TempSuffix = ".tmp"

// WriteFile writes b to name through a temporary file in the same folder,
// synced, then renamed over the old one. It makes the folder.
func WriteFile(name string, b []byte) error {
	tmp, err := writeTemp(name, b, true)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, name); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// IsTemp reports whether a file name is one of WriteFile's temporary files.
func IsTemp(name string) bool {
	return strings.HasPrefix(name, ".") && strings.HasSuffix(name, TempSuffix)
}
