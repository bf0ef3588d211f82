package monitor

import "context"

// Apply computes a write from the current files: it returns the files to
// write, by slash path (a nil value deletes the path). A Store may call it
// more than once in one write, each time with newer files, when another
// writer got there first; it must compute the change afresh from what it
// is given, and change nothing when the files already hold its change.
// Returning no files writes nothing.
//
// It is an alias, so that a store outside this package implements Store
// without importing it.
type Apply = func(current map[string][]byte) (map[string][]byte, error)

// Store holds a status repository's two halves: the measurements (the
// data folder, or the data branch) and the content people edit (incident
// and maintenance files). Each method is one compare-and-swap write of its
// half, described by message; it reports whether anything was written.
//
// Data's paths are relative to the measurements' folder (state.tsv,
// raw/api.tsv). Content's are relative to the config's folder and cover
// content/incidents and content/maintenance (content/incidents/x.md).
type Store interface {
	Data(ctx context.Context, message string, apply Apply) (bool, error)
	Content(ctx context.Context, message string, apply Apply) (bool, error)
}
