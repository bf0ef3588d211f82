package generator

import (
	"bytes"
	"errors"
	"strings"
	"sync"
	"testing"
)

// TestBuildToEmitsWhatBuildReturns: the files given to emit as they are
// made are those Build returns, each once; emit's error is the build's.
func TestBuildToEmitsWhatBuildReturns(t *testing.T) {
	in := sampleInput()
	want, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	got := map[string][]byte{}
	twice := ""
	if err := BuildTo(in, func(p string, b []byte) error {
		mu.Lock()
		defer mu.Unlock()
		if _, ok := got[p]; ok {
			twice = p
		}
		got[p] = b
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if twice != "" {
		t.Errorf("%s emitted twice", twice)
	}
	if len(got) != len(want) {
		t.Errorf("BuildTo emitted %d files, Build returned %d", len(got), len(want))
	}
	for p, b := range want {
		if !bytes.Equal(got[p], b) {
			t.Errorf("%s differs between BuildTo and Build", p)
		}
	}
	full := errors.New("disk full")
	err = BuildTo(in, func(p string, b []byte) error {
		if strings.HasSuffix(p, ".html") {
			return full
		}
		return nil
	})
	if !errors.Is(err, full) || !strings.Contains(err.Error(), ".html") {
		t.Errorf("BuildTo = %v, want emit's error naming the file", err)
	}
}
