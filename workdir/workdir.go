// Package workdir is a status repository in the working directory, as the
// monitor's store: the measurements in a folder of their own, the content
// beside the config. One writer at a time: Open locks the measurements
// folder for as long as the Dir is open.
package workdir

import (
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
	order func(paths []string) []string
	lock  *os.File
}

// Options tune Open.
type Options struct {
	// Wait bounds how long Open waits for another run's lock; 0 means
	// DefaultWait.
	Wait time.Duration
	// DataOrder orders the measurement files of one write, so that a
	// crash between two of them leaves a state the reader accepts; nil
	// writes them in path order.
	DataOrder func(paths []string) []string
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
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
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
	d := &Dir{root: root, data: data, order: o.DataOrder, lock: f}
	if err := d.removeLeftovers(); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
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
	paths := slices.Sorted(maps.Keys(changes))
	if d.order != nil {
		paths = d.order(paths)
	}
	return true, writeAll(d.data, paths, changes)
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
	return true, writeAll(d.root, slices.Sorted(maps.Keys(changes)), changes)
}

// writeAll writes files under dir in the order of paths; a nil value
// removes the file.
func writeAll(dir string, paths []string, files map[string][]byte) error {
	for _, p := range paths {
		if !fs.ValidPath(p) {
			return fmt.Errorf("write %s: not a path inside %s", p, dir)
		}
		name := filepath.Join(dir, filepath.FromSlash(p))
		if files[p] == nil {
			if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			continue
		}
		if err := atomicfile.WriteFile(name, files[p]); err != nil {
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
