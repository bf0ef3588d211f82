//go:build !unix && !windows

package workdir

import (
	"errors"
	"os"
)

var errBusy = errors.New("lock held")

// lock cannot lock where the system offers no file locks: one writer at a
// time is then the user's to keep.
func lock(f *os.File) error { return nil }

func unlock(f *os.File) {}

// noFollow makes an open fail on a symbolic link, where the system can.
const noFollow = 0
