package repofile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLimitedFile checks the limit holds on the bytes read, whatever the
// file claimed when it was opened: a file that grows is refused.
func TestLimitedFile(t *testing.T) {
	name := filepath.Join(t.TempDir(), "grows")
	if err := os.WriteFile(name, []byte(strings.Repeat("a", 5000)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		limit int64
		ok    bool
	}{{4999, false}, {5000, true}, {1 << 20, true}, {0, false}} {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(&limitedFile{f: f, name: "grows", left: tt.limit})
		f.Close()
		var refused *RefusedError
		if tt.ok != (err == nil) || !tt.ok && (!errors.As(err, &refused) || int64(len(data)) > tt.limit) {
			t.Errorf("limit %d: read %d bytes, %v; want ok %v and never more than the limit", tt.limit, len(data), err, tt.ok)
		}
	}
}
