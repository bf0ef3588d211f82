// Package workdir is a status repository in the working directory, as the
// monitor's store: the measurements in a folder of their own, the content
// beside the config. One writer at a time: Open locks the measurements
// folder for as long as the Dir is open.
package workdir

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/candor-status/candor/incident"
	"github.com/candor-status/candor/internal/atomicfile"
)

// LockFile is the lock's name inside the measurements folder.
const LockFile = ".lock"

// DefaultWait is how long Open waits for another run's lock.
const DefaultWait = 30 * time.Second

// ErrLocked is returned, wrapped, when another run kept the lock for
// longer than Open would wait.
var ErrLocked = errors.New("another candor run is writing")

// Dir is a status repository on disk. Its methods implement monitor.Store.
type Dir struct {
	root  string // the config's folder
	data  string // the measurements folder
	stage func(path string) int
	lock  *os.File
}

// Options tune Open.
type Options struct {
	// Wait bounds how long Open waits for another run's lock; 0 means
	// DefaultWait.
	Wait time.Duration
	// DataStage says when in one write of the measurements a file must
	// land, so that a crash between two of them leaves a state the reader
	// accepts: every file of a stage lands (synced, renamed into place)
	// before any of the next. nil writes them all as one stage.
	DataStage func(path string) int
}

// Open locks the measurements folder data (creating it) and returns the
// repository whose config's folder is root. When another run holds the
// lock it waits up to Options.Wait, then fails with ErrLocked, naming the
// holder. The lock is the operating system's: a run that crashes releases
// it.
func Open(ctx context.Context, root, data string, o Options) (*Dir, error) {
	if err := os.MkdirAll(data, 0o755); err != nil {
		return nil, err
	}
	if o.Wait <= 0 {
		o.Wait = DefaultWait
	}
	name := filepath.Join(data, LockFile)
	f, err := openLock(name)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(o.Wait)
	for {
		err := lock(f)
		if err == nil {
			break
		}
		if !errors.Is(err, errBusy) || time.Now().After(deadline) {
			holder, _ := os.ReadFile(name)
			f.Close()
			if errors.Is(err, errBusy) {
				return nil, fmt.Errorf("%w on %s (%s); waited %s", ErrLocked, data, strings.TrimSpace(string(holder)), o.Wait)
			}
			return nil, fmt.Errorf("lock %s: %w", name, err)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
	f.Truncate(0)
	fmt.Fprintf(f, "pid %d since %s\n", os.Getpid(), time.Now().UTC().Format(time.RFC3339))
	d := &Dir{root: root, data: data, stage: o.DataStage, lock: f}
	if err := d.removeLeftovers(); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// openLock opens, or creates, the lock file, refusing one that is not a
// regular file: the run writes its pid there, and a symbolic link (a
// repository can hold one) would have it write wherever the link points.
// Where the system has O_NOFOLLOW, a link put there after the check fails
// the open too.
func openLock(name string) (*os.File, error) {
	notRegular := func(fi os.FileInfo) error {
		return fmt.Errorf("%s: the lock is not a regular file (%s): remove it", name, strings.TrimSpace(fi.Mode().Type().String()))
	}
	if fi, err := os.Lstat(name); err == nil && !fi.Mode().IsRegular() {
		return nil, notRegular(fi)
	}
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|noFollow, 0o644)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		if err != nil {
			return nil, err
		}
		return nil, notRegular(fi)
	}
	return f, nil
}

// removeLeftovers removes the temporary files a run killed half-way left.
// In the measurements folder every one goes: only a run holding the lock
// writes there. In the content folders, which candor new writes without
// it, only those untouched for atomicfile.StaleAfter.
func (d *Dir) removeLeftovers() error {
	err := filepath.WalkDir(d.data, func(name string, e fs.DirEntry, err error) error {
		if err != nil || !e.IsDir() {
			return err
		}
		_, err = atomicfile.RemoveStale(name, atomicfile.IsLeftover, 0)
		return err
	})
	for _, dir := range []string{incident.IncidentDir, incident.MaintenanceDir} {
		if err == nil {
			_, err = atomicfile.RemoveStale(filepath.Join(d.root, filepath.FromSlash(dir)), atomicfile.IsLeftover, atomicfile.StaleAfter)
		}
	}
	if err != nil {
		return fmt.Errorf("remove leftover temporary files: %w", err)
	}
	return nil
}

// Close releases the lock, leaving the lock file empty.
func (d *Dir) Close() error {
	if d.lock == nil {
		return nil
	}
	d.lock.Truncate(0)
	unlock(d.lock)
	err := d.lock.Close()
	d.lock = nil
	return err
}

// Data applies a change to the measurements folder: every file in it (the
// lock and temporary files aside) by slash path. The lock makes the write
// its own; message is not kept.
func (d *Dir) Data(ctx context.Context, message string, apply func(map[string][]byte) (map[string][]byte, error)) (bool, error) {
	files, err := readTree(d.data)
	if err != nil {
		return false, err
	}
	changes, err := apply(files)
	if err != nil || len(changes) == 0 {
		return false, err
	}
	return true, writeAll(d.data, files, changes, d.stage)
}

// Content applies a change to the incident and maintenance files beside
// the config.
func (d *Dir) Content(ctx context.Context, message string, apply func(map[string][]byte) (map[string][]byte, error)) (bool, error) {
	files, _, err := incident.ReadFiles(d.root)
	if err != nil {
		return false, err
	}
	changes, err := apply(files)
	if err != nil || len(changes) == 0 {
		return false, err
	}
	return true, writeAll(d.root, nil, changes, nil)
}

// writeAll writes files under dir, stage by stage (nil: one stage); a nil
// value removes the file, once the files of its stage are written. A file
// whose new bytes only add to its old ones (old, by the same paths) is
// appended to.
func writeAll(dir string, old, files map[string][]byte, stage func(string) int) error {
	byStage := map[int]map[string][]byte{}
	for _, p := range slices.Sorted(maps.Keys(files)) {
		if !fs.ValidPath(p) {
			return fmt.Errorf("write %s: not a path inside %s", p, dir)
		}
		st := 0
		if stage != nil {
			st = stage(p)
		}
		if byStage[st] == nil {
			byStage[st] = map[string][]byte{}
		}
		byStage[st][p] = files[p]
	}
	for _, st := range slices.Sorted(maps.Keys(byStage)) {
		if err := writeStage(dir, old, byStage[st]); err != nil {
			return err
		}
	}
	return nil
}

func writeStage(dir string, old, files map[string][]byte) error {
	write := map[string]atomicfile.Write{}
	var remove []string
	for p, b := range files {
		name := filepath.Join(dir, filepath.FromSlash(p))
		was, there := old[p]
		switch {
		case b == nil:
			remove = append(remove, name)
		case there && len(was) > 0 && len(b) > len(was) && bytes.HasPrefix(b, was) && was[len(was)-1] == '\n':
			write[name] = atomicfile.Write{Data: b[len(was):], Append: true}
		default:
			write[name] = atomicfile.Write{Data: b}
		}
	}
	if err := atomicfile.WriteFiles(write); err != nil {
		return err
	}
	for _, name := range remove {
		if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// readTree reads every regular file under dir by slash path, but the lock
// and temporary files. A missing dir is empty.
func readTree(dir string) (map[string][]byte, error) {
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(name string, e fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && name == dir {
			return fs.SkipDir
		}
		if err != nil {
			return err
		}
		if !e.Type().IsRegular() || atomicfile.IsTemp(e.Name()) || e.Name() == LockFile {
			return nil
		}
		rel, err := filepath.Rel(dir, name)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		out[filepath.ToSlash(rel)] = b
		return nil
	})
	return out, err
}
