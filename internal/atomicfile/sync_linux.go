package atomicfile

import (
	"os"

	"golang.org/x/sys/unix"
)

// syncEach is false on Linux: one syncfs(2) of the folder's file system
// makes a whole stage durable, where a sync of each of ten thousand files
// would wait on the disk ten thousand times.
const syncEach = false

func syncFS(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return unix.Syncfs(int(d.Fd()))
}
