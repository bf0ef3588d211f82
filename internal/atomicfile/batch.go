package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sync"
)

// Write is one file of a stage: its new bytes, or, with Append, the bytes
// it grows by.
type Write struct {
	Data []byte
	// Append adds Data to the end of the file as it stands, in place: for
	// a file that only grows (a record taking a round's line). A crash
	// mid-append can leave part of Data at the end of the file: a reader
	// must take a last line without its line break for cut short.
	Append bool
}

// writers is how many files WriteFiles writes at once where each must be
// synced on its own: a file system commits its journal once for the syncs
// that wait together, and no more files are open at once than this.
const writers = 32

// WriteFiles writes every file of one stage of a write: each is written
// to a temporary file (or appended to), all are synced, and only then is
// each temporary file renamed over its old one. A crash leaves each file
// old or new, never half of one (but for a cut-short append, above); when
// WriteFiles returns every file is new, so a stage after it (the caller's
// next call) never lands before it. Keys are names on disk. On error no
// file is replaced.
func WriteFiles(files map[string]Write) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	tmps := make([]string, len(names))
	err := each(names, syncEach, func(i int) (err error) {
		w := files[names[i]]
		if w.Append {
			return appendTo(names[i], w.Data, syncEach)
		}
		tmps[i], err = writeTemp(names[i], w.Data, syncEach)
		return err
	})
	if err == nil && !syncEach {
		err = syncFolders(names)
	}
	for i := 0; err == nil && i < len(names); i++ {
		if tmps[i] == "" {
			continue
		}
		if err = os.Rename(tmps[i], names[i]); err == nil {
			tmps[i] = ""
		}
	}
	for _, t := range tmps {
		if t != "" {
			os.Remove(t)
		}
	}
	return err
}

// each runs fn for every index, writers at once when parallel, else in
// order (writes that wait on no sync are faster one by one), and joins
// the errors.
func each(names []string, parallel bool, fn func(i int) error) error {
	errs := make([]error, len(names))
	if !parallel {
		for i := range names {
			errs[i] = fn(i)
		}
		return errors.Join(errs...)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(writers, len(names)) {
		wg.Go(func() {
			for i := range next {
				errs[i] = fn(i)
			}
		})
	}
	for i := range names {
		next <- i
	}
	close(next)
	wg.Wait()
	return errors.Join(errs...)
}

// syncFolders syncs the file systems of the names' folders, once each.
func syncFolders(names []string) error {
	done := map[string]bool{}
	for _, name := range names {
		dir := filepath.Dir(name)
		if done[dir] {
			continue
		}
		done[dir] = true
		if err := syncFS(dir); err != nil {
			return err
		}
	}
	return nil
}

// writeTemp writes b to a new temporary file beside name, synced when
// sync, closed, and returns its name.
func writeTemp(name string, b []byte, sync bool) (string, error) {
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(name)+".*"+TempSuffix)
	if err != nil {
		return "", err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if err == nil && sync {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// appendTo adds b to the end of the file name, which must exist.
func appendTo(name string, b []byte, sync bool) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if err == nil && sync {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
