package action

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/candor-status/candor/action/githubtest"
	"github.com/google/go-cmp/cmp"
)

func TestDataBranchCompacts(t *testing.T) {
	f := githubtest.NewServer(t)
	r, _ := newTestRepo(t, f, Options{CompactAfter: 3})
	for i := range 4 {
		ok, err := r.Commit(t.Context(), "candor-data", "round", appendLines(map[string]string{"data/raw.txt": fmt.Sprint("r", i)}))
		if err != nil || !ok {
			t.Fatalf("round %d: Commit = %v, %v", i, ok, err)
		}
	}
	h := f.History("candor-data")
	if len(h) != 1 || len(h[0].Parents) != 0 {
		t.Fatalf("history after compaction = %d commits, want one root", len(h))
	}
	if !strings.Contains(h[0].Message, "4 commits squashed") || depthOf(h[0].Message) != 1 {
		t.Errorf("root message = %q", h[0].Message)
	}
	want := map[string]string{"data/raw.txt": "r0\nr1\nr2\nr3\n"}
	if got := f.Files("candor-data"); !cmp.Equal(got, want) {
		t.Errorf("files after compaction (-got +want):\n%s", cmp.Diff(got, want))
	}
	if !slices.Equal(f.Forced(), []string{"candor-data"}) {
		t.Errorf("forced = %v, want only the data branch once", f.Forced())
	}
	ok, err := r.Commit(t.Context(), "candor-data", "round", appendLines(map[string]string{"data/raw.txt": "r4"}))
	if err != nil || !ok || depthOf(f.History("candor-data")[0].Message) != 2 {
		t.Errorf("commit after compaction: %v, %v, depth %d", ok, err, depthOf(f.History("candor-data")[0].Message))
	}
}

func TestCompactionSkipsWhenBranchMoved(t *testing.T) {
	f := githubtest.NewServer(t)
	r, _ := newTestRepo(t, f, Options{CompactAfter: 1})
	if _, err := r.Commit(t.Context(), "candor-data", "round", appendLines(map[string]string{"d": "1"})); err != nil {
		t.Fatal(err)
	}
	// The next commit would compact; another writer lands between our
	// update and the squash: the squash must not drop its commit.
	f.AfterRefUpdate(func(branch string) {
		if f.Files(branch)["other"] == "" {
			f.Seed(branch, "other\n\nCandor-Depth: 3", map[string]string{"other": "x"})
		}
	})
	ok, err := r.Commit(t.Context(), "candor-data", "round", appendLines(map[string]string{"d": "2"}))
	if err != nil || !ok {
		t.Fatalf("Commit = %v, %v", ok, err)
	}
	if len(f.Forced()) != 0 || len(f.History("candor-data")) != 3 {
		t.Errorf("squashed over another writer: forced %v", f.Forced())
	}
	if got := f.Files("candor-data"); got["other"] != "x" || got["d"] != "1\n2\n" {
		t.Errorf("files = %v, want both writers' data", got)
	}
}

func TestNeverForcesDefaultBranch(t *testing.T) {
	f := githubtest.NewServer(t)
	f.Seed("main", "init\n\nCandor-Depth: 999", map[string]string{"a": "a"})
	r, _ := newTestRepo(t, f, Options{CompactAfter: 1})
	if _, err := r.Commit(t.Context(), "main", "m", appendLines(map[string]string{"b": "b"})); err != nil {
		t.Fatal(err)
	}
	if len(f.Forced()) != 0 || len(f.History("main")) != 2 {
		t.Errorf("default branch rewritten: forced %v, %d commits", f.Forced(), len(f.History("main")))
	}
}

func TestDepthTrailer(t *testing.T) {
	tests := []struct {
		msg  string
		want int
	}{
		{withDepth("round", true, 7), 7},
		{"round\n\nCandor-Depth: 12\n", 12},
		{"a person's commit", 0},
		{"x\n\nCandor-Depth: -3", 0},
		{"x\n\nCandor-Depth: many", 0},
	}
	for _, tt := range tests {
		if got := depthOf(tt.msg); got != tt.want {
			t.Errorf("depthOf(%q) = %d, want %d", tt.msg, got, tt.want)
		}
	}
	if got := withDepth("m", false, 3); got != "m" {
		t.Errorf("withDepth on the default branch = %q, want no trailer", got)
	}
}
