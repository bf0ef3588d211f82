//go:build unix

package workdir

import (
	"errors"
	"os"
	"syscall"
)

var errBusy = errors.New("lock held")

func lock(f *os.File) error {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return errBusy
	}
	return err
}

func unlock(f *os.File) { syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }

// noFollow makes an open fail on a symbolic link, where the system can.
const noFollow = syscall.O_NOFOLLOW
