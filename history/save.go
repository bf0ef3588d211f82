package history

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/candor-status/candor/repofile"
)

// Files returns the bytes of every file changed since Open or the last
// Save, by slash path relative to the store's folder (state.tsv,
// raw/<id>.tsv, daily/<id>.tsv). It changes nothing, so the GitHub glue
// can commit them through the API without touching disk.
func (s *Store) Files() (map[string][]byte, error) {
	out := map[string][]byte{}
	if s.stateDirty {
		out[stateFile] = encodeState(s.states)
	}
	for id, se := range s.series {
		if se.rawDirty {
			out[rawDir+"/"+id+".tsv"] = encodeRaw(se.raw)
		}
		if se.dailyDirty {
			out[dailyDir+"/"+id+".tsv"] = encodeDaily(se.days)
		}
	}
	return out, nil
}

// Save writes every changed file under the store's folder. Each write is
// atomic: a temporary file in the same folder, synced, then renamed over
// the old one, so a crash leaves either the old file or the new. Daily
// files go first, then raw, then state: a crash between them leaves
// results both folded and raw (Open drops the raw copies) or recorded but
// not yet in the state (the next Record of them is a no-op), never lost.
// Temporary files such a crash left, untouched for repofile.StaleAfter,
// are removed.
func (s *Store) Save() error {
	if s.dir == "" {
		return errors.New("store read from files has no folder: use Files")
	}
	files, err := s.Files()
	if err != nil {
		return err
	}
	for _, rel := range saveOrder(files) {
		if err := writeAtomic(filepath.Join(s.dir, filepath.FromSlash(rel)), files[rel]); err != nil {
			return err
		}
	}
	s.stateDirty = false
	for _, se := range s.series {
		se.rawDirty, se.dailyDirty = false, false
	}
	return s.removeLeftovers()
}

func writeAtomic(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return repofile.WriteAtomic(path, b)
}

// removeLeftovers removes the temporary files a Save that died half-way
// left in the store's folders (see repofile.RemoveStale).
func (s *Store) removeLeftovers() error {
	for _, sub := range []string{".", dailyDir, rawDir} {
		if _, err := repofile.RemoveStale(filepath.Join(s.dir, sub), repofile.IsTemp); err != nil {
			return fmt.Errorf("remove leftover temporary files: %w", err)
		}
	}
	return nil
}

// saveOrder lists the files daily first, then raw, then state.
func saveOrder(files map[string][]byte) []string {
	rank := func(p string) int {
		switch {
		case strings.HasPrefix(p, dailyDir+"/"):
			return 0
		case strings.HasPrefix(p, rawDir+"/"):
			return 1
		}
		return 2
	}
	out := slices.Collect(maps.Keys(files))
	slices.SortFunc(out, func(a, b string) int {
		if d := rank(a) - rank(b); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	return out
}
