package history

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestOpenRefusesLinks checks that measurement files that are symbolic
// links (to the environment, to an endless device) are reported and left
// out, and that the store still opens with the rest.
func TestOpenRefusesLinks(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the targets are Unix files")
	}
	dir := t.TempDir()
	s := emptyStore(dir, Options{})
	sample(s)
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	for name, to := range map[string]string{"raw/evil.tsv": "/proc/self/environ", "daily/zero.tsv": "/dev/zero"} {
		if err := os.Symlink(to, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Skipf("cannot make a symbolic link: %v", err)
		}
	}
	got, problems, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var text []string
	for _, p := range problems {
		text = append(text, p.Error())
	}
	joined := strings.Join(text, "\n")
	for _, want := range []string{"raw/evil.tsv: a symbolic link to /proc/self/environ", "daily/zero.tsv: a symbolic link to /dev/zero"} {
		if !strings.Contains(joined, want) {
			t.Errorf("problems =\n%s\nwant one naming %s", joined, want)
		}
	}
	if _, ok := got.series["api"]; !ok {
		t.Errorf("the store lost the api series beside the refused files")
	}
}
