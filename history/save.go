package history

import (
	"os"
	"path/filepath"
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
// the old one, so a crash leaves either the old file or the new.
func (s *Store) Save() error {
	files, err := s.Files()
	if err != nil {
		return err
	}
	for rel, b := range files {
		if err := writeAtomic(filepath.Join(s.dir, filepath.FromSlash(rel)), b); err != nil {
			return err
		}
	}
	s.stateDirty = false
	for _, se := range s.series {
		se.rawDirty, se.dailyDirty = false, false
	}
	return nil
}

func writeAtomic(path string, b []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}
