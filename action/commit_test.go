package action

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor/action/githubtest"
	"github.com/google/go-cmp/cmp"
)

// appendLines is an ApplyFunc that merges: it appends lines to files,
// reading what is there now, as the history store appends measurements.
func appendLines(add map[string]string) ApplyFunc {
	return func(cur map[string][]byte) (map[string][]byte, error) {
		out := map[string][]byte{}
		for p, line := range add {
			out[p] = append(slices.Clone(cur[p]), line+"\n"...)
		}
		return out, nil
	}
}

func TestCommitCreatesDataBranchAsOrphan(t *testing.T) {
	f := githubtest.NewServer(t)
	f.Seed("main", "init", map[string]string{"candor.yml": "title: x\n"})
	r, _ := newTestRepo(t, f, Options{})
	ok, err := r.Commit(t.Context(), "candor-data", "candor: round", appendLines(map[string]string{"data/state.txt": "api up"}))
	if err != nil || !ok {
		t.Fatalf("Commit = %v, %v; want true, nil", ok, err)
	}
	if got, want := f.Files("candor-data"), map[string]string{"data/state.txt": "api up\n"}; !cmp.Equal(got, want) {
		t.Errorf("data branch files (-got +want):\n%s", cmp.Diff(got, want))
	}
	h := f.History("candor-data")
	if len(h) != 1 || len(h[0].Parents) != 0 {
		t.Fatalf("data branch history = %+v, want one root commit", h)
	}
	if !strings.Contains(h[0].Message, "Candor-Depth: 1") {
		t.Errorf("message %q lacks the depth trailer", h[0].Message)
	}
	if got := f.Files("main"); got["data/state.txt"] != "" {
		t.Error("orphan branch shares the default branch's files")
	}
}

func TestCommitRefusesMissingNonDataBranch(t *testing.T) {
	f := githubtest.NewServer(t)
	r, _ := newTestRepo(t, f, Options{})
	_, err := r.Commit(t.Context(), "main", "candor: incident", appendLines(map[string]string{"content/x.md": "x"}))
	if err == nil {
		t.Fatal("Commit to a missing default branch succeeded")
	}
	for _, req := range f.Requests() {
		if !strings.HasPrefix(req, "GET ") {
			t.Errorf("wrote %s for a missing branch", req)
		}
	}
}

func TestCommitWithoutChangesMakesNoCommit(t *testing.T) {
	f := githubtest.NewServer(t)
	f.Seed("main", "init", map[string]string{"content/a.md": "a"})
	r, _ := newTestRepo(t, f, Options{})
	apply := func(cur map[string][]byte) (map[string][]byte, error) {
		return map[string][]byte{"content/a.md": []byte("a"), "content/gone.md": nil}, nil
	}
	ok, err := r.Commit(t.Context(), "main", "nothing", apply)
	if err != nil || ok {
		t.Fatalf("Commit = %v, %v; want false, nil", ok, err)
	}
	if n := len(f.History("main")); n != 1 {
		t.Errorf("main has %d commits, want 1", n)
	}
}

func TestCommitWritesAndDeletes(t *testing.T) {
	f := githubtest.NewServer(t)
	f.Seed("main", "init", map[string]string{"content/a.md": "a", "content/b.md": "b", "README.md": "r"})
	r, _ := newTestRepo(t, f, Options{})
	apply := func(cur map[string][]byte) (map[string][]byte, error) {
		return map[string][]byte{"content/a.md": []byte("a2"), "content/b.md": nil, "content/c.md": []byte("c")}, nil
	}
	if ok, err := r.Commit(t.Context(), "main", "candor: incidents", apply); err != nil || !ok {
		t.Fatalf("Commit = %v, %v", ok, err)
	}
	want := map[string]string{"content/a.md": "a2", "content/c.md": "c", "README.md": "r"}
	if got := f.Files("main"); !cmp.Equal(got, want) {
		t.Errorf("files (-got +want):\n%s", cmp.Diff(got, want))
	}
	if h := f.History("main"); h[0].Message != "candor: incidents" {
		t.Errorf("default-branch message = %q, want no trailer", h[0].Message)
	}
	if len(f.Forced()) != 0 {
		t.Errorf("forced %v", f.Forced())
	}
}

// TestCommitRefMovesMidRound: another run commits to both branches while
// ours is between reading and writing. Ours re-reads and re-applies; no
// measurement and no incident of either writer is lost or doubled.
func TestCommitRefMovesMidRound(t *testing.T) {
	f := githubtest.NewServer(t)
	f.Seed("candor-data", "round 1", map[string]string{"data/raw/api.txt": "r1\n"})
	f.Seed("main", "init", map[string]string{"content/incidents/old.md": "old"})
	moved := map[string]bool{}
	f.BeforeRefUpdate(func(branch string) {
		if moved[branch] {
			return
		}
		moved[branch] = true
		switch branch {
		case "candor-data":
			f.Seed(branch, "other run", map[string]string{"data/raw/api.txt": "r1\nother\n", "data/raw/db.txt": "other\n"})
		case "main":
			f.Seed(branch, "other run", map[string]string{"content/incidents/theirs.md": "theirs"})
		}
	})
	r, s := newTestRepo(t, f, Options{})
	calls := 0
	data := func(cur map[string][]byte) (map[string][]byte, error) {
		calls++
		return appendLines(map[string]string{"data/raw/api.txt": "ours", "data/raw/db.txt": "ours"})(cur)
	}
	if ok, err := r.Commit(t.Context(), "candor-data", "candor: round", data); err != nil || !ok {
		t.Fatalf("data Commit = %v, %v", ok, err)
	}
	incident := func(cur map[string][]byte) (map[string][]byte, error) {
		if _, ok := cur["content/incidents/ours.md"]; ok {
			return nil, nil
		}
		return map[string][]byte{"content/incidents/ours.md": []byte("ours")}, nil
	}
	if ok, err := r.Commit(t.Context(), "main", "candor: open incident", incident); err != nil || !ok {
		t.Fatalf("content Commit = %v, %v", ok, err)
	}
	wantData := map[string]string{"data/raw/api.txt": "r1\nother\nours\n", "data/raw/db.txt": "other\nours\n"}
	if got := f.Files("candor-data"); !cmp.Equal(got, wantData) {
		t.Errorf("data (-got +want):\n%s", cmp.Diff(got, wantData))
	}
	wantContent := map[string]string{"content/incidents/old.md": "old", "content/incidents/theirs.md": "theirs", "content/incidents/ours.md": "ours"}
	if got := f.Files("main"); !cmp.Equal(got, wantContent) {
		t.Errorf("content (-got +want):\n%s", cmp.Diff(got, wantContent))
	}
	if calls != 2 {
		t.Errorf("apply called %d times, want 2 (once per head)", calls)
	}
	if n := len(f.History("candor-data")); n != 3 {
		t.Errorf("data branch has %d commits, want 3", n)
	}
	waits := s.all()
	if len(waits) != 2 || waits[0] < time.Second || waits[1] < time.Second {
		t.Errorf("waits = %v, want two of at least 1s", waits)
	}
	if len(f.Forced()) != 0 {
		t.Errorf("forced %v", f.Forced())
	}
}

func TestCommitGivesUpWhenBranchKeepsMoving(t *testing.T) {
	f := githubtest.NewServer(t)
	f.Seed("main", "init", map[string]string{"content/a.md": "a"})
	n := 0
	f.BeforeRefUpdate(func(branch string) {
		n++
		f.Seed(branch, "person", map[string]string{"content/a.md": fmt.Sprint("person ", n)})
	})
	r, s := newTestRepo(t, f, Options{Attempts: 3})
	_, err := r.Commit(t.Context(), "main", "candor", appendLines(map[string]string{"content/ours.md": "ours"}))
	if !errors.Is(err, ErrConflict) {
		t.Fatalf("Commit error = %v, want ErrConflict", err)
	}
	got := f.Files("main")
	if _, ok := got["content/ours.md"]; ok || got["content/a.md"] != "person 3" {
		t.Errorf("files after failure = %v, want the person's last commit only", got)
	}
	if len(s.all()) != 2 {
		t.Errorf("waited %d times, want 2 between 3 attempts", len(s.all()))
	}
}

func TestCommitApplyErrorWritesNothing(t *testing.T) {
	f := githubtest.NewServer(t)
	f.Seed("main", "init", map[string]string{"a": "a"})
	r, _ := newTestRepo(t, f, Options{})
	boom := errors.New("boom")
	_, err := r.Commit(t.Context(), "main", "m", func(map[string][]byte) (map[string][]byte, error) { return nil, boom })
	if !errors.Is(err, boom) {
		t.Fatalf("Commit error = %v, want boom", err)
	}
	if len(f.History("main")) != 1 {
		t.Error("a failed apply committed")
	}
}

func TestFetch(t *testing.T) {
	f := githubtest.NewServer(t)
	want := map[string]string{"data/state.txt": "s\n", "data/daily/2026-11.txt": "d\n", "empty": ""}
	f.Seed("candor-data", "seed", want)
	r, _ := newTestRepo(t, f, Options{})
	got, err := r.Fetch(t.Context(), "candor-data")
	if err != nil {
		t.Fatal(err)
	}
	gotS := map[string]string{}
	for p, b := range got {
		gotS[p] = string(b)
	}
	if !cmp.Equal(gotS, want) {
		t.Errorf("Fetch (-got +want):\n%s", cmp.Diff(gotS, want))
	}
	missing, err := r.Fetch(t.Context(), "nope")
	if err != nil || missing == nil || len(missing) != 0 {
		t.Errorf("Fetch(missing) = %v, %v; want empty map, nil", missing, err)
	}
}

func TestFetchUsesFewRequestsForManyFiles(t *testing.T) {
	f := githubtest.NewServer(t)
	many := map[string]string{}
	for i := range 300 {
		many[fmt.Sprintf("data/raw/c%03d.txt", i)] = "x\n"
	}
	f.Seed("candor-data", "seed", many)
	r, _ := newTestRepo(t, f, Options{})
	got, err := r.Fetch(t.Context(), "candor-data")
	if err != nil || len(got) != 300 {
		t.Fatalf("Fetch = %d files, %v", len(got), err)
	}
	if n := len(f.Requests()); n != 4 {
		t.Errorf("Fetch of 300 files made %d requests, want 4: %v", n, f.Requests())
	}
}

func TestNewRepo(t *testing.T) {
	tests := []struct {
		name, repo, api, ref, wantBase string
		wantErr                        bool
	}{
		{"github.com", "acme/status", "", "main", "https://api.github.com/", false},
		{"enterprise", "acme/status", "https://ghe.acme.com/api/v3", "main", "https://ghe.acme.com/api/v3/", false},
		{"no repository", "", "", "main", "", true},
		{"bad repository", "acme", "", "main", "", true},
		{"relative api", "acme/status", "ghe/api", "main", "", true},
		{"data branch is the workflow's branch", "acme/status", "", "candor-data", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"GITHUB_REPOSITORY": tt.repo, "GITHUB_API_URL": tt.api, "GITHUB_REF_NAME": tt.ref}
			r, err := NewRepo(func(k string) string { return env[k] }, "t", Options{DataBranch: "candor-data"})
			if (err != nil) != tt.wantErr {
				t.Fatalf("NewRepo error = %v, wantErr %v", err, tt.wantErr)
			}
			if err == nil && r.gh.BaseURL.String() != tt.wantBase {
				t.Errorf("base = %s, want %s", r.gh.BaseURL, tt.wantBase)
			}
		})
	}
}

// TestTwoFirstRunsRaceToCreateDataBranch: another run creates the data
// branch between our read (404) and our CreateRef (422 already exists).
func TestTwoFirstRunsRaceToCreateDataBranch(t *testing.T) {
	f := githubtest.NewServer(t)
	raced := false
	f.BeforeRefUpdate(func(branch string) {
		if !raced {
			raced = true
			f.Seed(branch, "other\n\nCandor-Depth: 1", map[string]string{"data/raw.txt": "theirs\n"})
		}
	})
	r, s := newTestRepo(t, f, Options{})
	ok, err := r.Commit(t.Context(), "candor-data", "round", appendLines(map[string]string{"data/raw.txt": "ours"}))
	if err != nil || !ok {
		t.Fatalf("Commit = %v, %v", ok, err)
	}
	if got := f.Files("candor-data")["data/raw.txt"]; got != "theirs\nours\n" {
		t.Errorf("data = %q, want both rounds once", got)
	}
	h := f.History("candor-data")
	if len(h) != 2 || depthOf(h[0].Message) != 2 {
		t.Errorf("history = %d commits, head depth %d; want 2 and 2", len(h), depthOf(h[0].Message))
	}
	if len(s.all()) != 1 {
		t.Errorf("waits = %v, want 1", s.all())
	}
}
