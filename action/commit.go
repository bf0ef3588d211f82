package action

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"

	"github.com/google/go-github/v60/github"
)

// ApplyFunc computes a change from a branch's current files. It returns
// the files to write, by slash path; a nil value deletes the path. It may be
// called more than once in one Commit, each time with the files of a newer
// head, and must compute the change afresh from them (merge, not overwrite).
// It should also be idempotent: given files that already hold its change it
// changes nothing, since a write whose answer was lost is tried again.
type ApplyFunc func(current map[string][]byte) (changes map[string][]byte, err error)

// ErrConflict is returned, wrapped, when another writer kept moving the
// branch through every attempt.
var ErrConflict = errors.New("branch kept moving")

// Commit writes apply's changes to branch as one commit:
// GetRef → read the files → apply → CreateTree on the current tree →
// CreateCommit → UpdateRef without force. When another writer moved the
// branch meanwhile (422 "Update is not a fast forward"), it reads the new
// head and calls apply again, up to Options.Attempts times with jittered
// backoff of a second or more. It reports false when apply changed nothing:
// no commit is made then.
//
// A missing branch is an error, except for Options.DataBranch, which is
// created as an orphan (a root commit of its own). Only that branch is ever
// rewritten with force, when it is compacted; see DefaultCompactAfter.
// On error the branch is left as it was.
func (r *Repo) Commit(ctx context.Context, branch, message string, apply ApplyFunc) (committed bool, err error) {
	for attempt := 1; ; attempt++ {
		committed, err := r.try(ctx, branch, message, apply)
		if !errors.Is(err, errMoved) {
			return committed, err
		}
		if attempt >= r.attempts {
			return false, fmt.Errorf("commit to %s: %w after %d attempts", branch, ErrConflict, attempt)
		}
		if err := r.sleep(ctx, backoff(attempt)); err != nil {
			return false, err
		}
	}
}

// errMoved means the branch changed between read and write.
var errMoved = errors.New("branch moved")

// try is one read-modify-write.
func (r *Repo) try(ctx context.Context, branch, message string, apply ApplyFunc) (bool, error) {
	h, err := r.head(ctx, branch)
	missing := errors.Is(err, errNoBranch)
	if missing && branch != r.dataBranch {
		return false, fmt.Errorf("commit to %s: %w", branch, err)
	}
	if err != nil && !missing {
		return false, err
	}
	current := map[string][]byte{}
	if !missing {
		if current, err = r.files(ctx, h.commit); err != nil {
			return false, err
		}
	}
	changes, err := apply(maps.Clone(current))
	if err != nil {
		return false, err
	}
	entries := treeEntries(current, changes)
	if len(entries) == 0 {
		return false, nil
	}
	depth := 0
	if branch == r.dataBranch && !missing {
		depth = depthOf(h.message)
	}
	sha, tree, err := r.write(ctx, h, entries, withDepth(message, branch == r.dataBranch, depth+1))
	if err != nil {
		return false, err
	}
	if err := r.move(ctx, branch, h, sha, missing); err != nil {
		return false, err
	}
	if branch == r.dataBranch && r.compactAfter > 0 && depth+1 > r.compactAfter {
		if err := r.compact(ctx, branch, sha, tree, depth+1); err != nil {
			return true, fmt.Errorf("%w: %s: %w", ErrCompact, branch, err)
		}
	}
	return true, nil
}

// treeEntries turns changes into tree entries, leaving out what would not
// change anything: equal content, and deleting a path that is not there.
func treeEntries(current, changes map[string][]byte) []*github.TreeEntry {
	var entries []*github.TreeEntry
	for _, p := range slices.Sorted(maps.Keys(changes)) {
		b := changes[p]
		old, exists := current[p]
		e := &github.TreeEntry{Path: github.String(p), Mode: github.String("100644"), Type: github.String("blob")}
		switch {
		case b == nil && !exists, b != nil && exists && bytes.Equal(old, b):
			continue
		case b != nil:
			e.Content = github.String(string(b))
		}
		entries = append(entries, e)
	}
	return entries
}

// write creates the tree and the commit; it changes no branch.
func (r *Repo) write(ctx context.Context, h head, entries []*github.TreeEntry, message string) (commit, tree string, err error) {
	t, _, err := r.gh.Git.CreateTree(ctx, r.owner, r.name, h.tree, entries)
	if err != nil {
		return "", "", fmt.Errorf("create tree: %w%s", err, hint(err))
	}
	c := &github.Commit{Message: github.String(message), Tree: &github.Tree{SHA: t.SHA}}
	if h.commit != "" {
		c.Parents = []*github.Commit{{SHA: github.String(h.commit)}}
	}
	made, _, err := r.gh.Git.CreateCommit(ctx, r.owner, r.name, c, nil)
	if err != nil {
		return "", "", fmt.Errorf("create commit: %w", err)
	}
	return made.GetSHA(), t.GetSHA(), nil
}

// move points branch at sha without force, or creates it. errMoved when
// another writer got there first.
func (r *Repo) move(ctx context.Context, branch string, h head, sha string, create bool) error {
	ref := &github.Reference{Ref: github.String("refs/heads/" + branch), Object: &github.GitObject{SHA: github.String(sha)}}
	if create {
		_, _, err := r.gh.Git.CreateRef(ctx, r.owner, r.name, ref)
		if unprocessable(err, "already exists") {
			return errMoved
		}
		if err != nil {
			return fmt.Errorf("create branch %s: %w%s", branch, err, hint(err))
		}
		return nil
	}
	_, _, err := r.gh.Git.UpdateRef(ctx, r.owner, r.name, ref, false)
	if unprocessable(err, "not a fast forward") {
		return errMoved
	}
	if err != nil {
		return fmt.Errorf("update branch %s from %s: %w%s", branch, h.commit, err, hint(err))
	}
	return nil
}

// hint says what to do about a permission error, the usual reason a first
// run's write fails.
func hint(err error) string {
	if status(err) == http.StatusForbidden {
		return " (the workflow's token needs permissions: contents: write)"
	}
	return ""
}
