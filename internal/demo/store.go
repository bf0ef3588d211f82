package demo

import (
	"context"
	"maps"
)

// Store is a status repository in memory, as the monitor's store (it
// implements monitor.Store): the demo runs its rounds on it, each a real
// round of the monitor, and writes the outcome to disk once.
type Store struct {
	data, content map[string][]byte
}

// NewStore holds measurement files (by path in the data folder) and
// content files (by path beside the config, content/incidents/x.md).
func NewStore(data, content map[string][]byte) *Store {
	return &Store{data: maps.Clone(data), content: maps.Clone(content)}
}

// Data applies a change to the measurements.
func (s *Store) Data(ctx context.Context, message string, apply func(map[string][]byte) (map[string][]byte, error)) (bool, error) {
	return change(s.data, apply)
}

// Content applies a change to the incident and maintenance files.
func (s *Store) Content(ctx context.Context, message string, apply func(map[string][]byte) (map[string][]byte, error)) (bool, error) {
	return change(s.content, apply)
}

// Files returns what the store holds now.
func (s *Store) Files() (data, content map[string][]byte) {
	return maps.Clone(s.data), maps.Clone(s.content)
}

// change applies a change to files: a nil value removes the path.
func change(files map[string][]byte, apply func(map[string][]byte) (map[string][]byte, error)) (bool, error) {
	changes, err := apply(maps.Clone(files))
	if err != nil || len(changes) == 0 {
		return false, err
	}
	for p, b := range changes {
		if b == nil {
			delete(files, p)
		} else {
			files[p] = b
		}
	}
	return true, nil
}
