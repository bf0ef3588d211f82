package history

import (
	"errors"
	"github.com/candor-status/candor/internal/atomicfile"
	"path/filepath"
	"strings"
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
	if s.seen.dirty {
		out[seenFile] = encodeSeen(s.seen)
	}
	if s.ledgerDirty {
		out[ledgerFile] = encodeLedger(s.ledger)
	}
	for id, se := range s.series {
		if se.rawDirty {
			out[rawDir+"/"+id+".tsv"] = encodeRaw(se.raw)
		}
		if se.dailyDirty {
			out[dailyDir+"/"+id+".tsv"] = encodeDaily(se.days)
		}
	}
	s.quarantineFiles(out)
	return out, nil
}

// Save writes every changed file under the store's folder, quarantine files first. Each write is
// atomic: a temporary file in the same folder, synced, then renamed over
// the old one, so a crash leaves either the old file or the new. Daily
// files go first, then raw, then state: a crash between them leaves
// results both folded and raw (Open drops the raw copies) or recorded but
// not yet in the state (the next Record of them is a no-op), never lost.
func (s *Store) Save() error {
	if s.dir == "" {
		return errors.New("store read from files has no folder: use Files")
	}
	files, err := s.Files()
	if err != nil {
		return err
	}
	stages := make([]map[string]atomicfile.Write, WriteStage(stateFile)+1)
	for rel, b := range files {
		st := WriteStage(rel)
		if stages[st] == nil {
			stages[st] = map[string]atomicfile.Write{}
		}
		stages[st][filepath.Join(s.dir, filepath.FromSlash(rel))] = atomicfile.Write{Data: b}
	}
	for _, stage := range stages {
		if err := atomicfile.WriteFiles(stage); err != nil {
			return err
		}
	}
	s.stateDirty, s.seen.dirty, s.ledgerDirty = false, false, false
	for _, se := range s.series {
		se.rawDirty, se.dailyDirty = false, false
	}
	for src, q := range s.quarantine {
		if len(q.added) > 0 {
			q.kept, q.added = files[src+QuarantineSuffix], nil
		}
	}
	return nil
}

// WriteStage is when in one write of the store's files path p must land:
// quarantine files first (0: damaged lines reach them before they leave
// their file), then daily (1), raw (2), and state and the rest last (3).
// Files of one stage may land in any order; a stage lands only after the
// one before it.
func WriteStage(p string) int {
	switch {
	case strings.HasSuffix(p, QuarantineSuffix):
		return 0
	case strings.HasPrefix(p, dailyDir+"/"):
		return 1
	case strings.HasPrefix(p, rawDir+"/"):
		return 2
	}
	return 3
}
