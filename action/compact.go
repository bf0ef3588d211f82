package action

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/google/go-github/v60/github"
)

// DefaultCompactAfter is the data branch's length, in commits, past which
// Commit squashes it to a single root commit holding the same files. At one
// commit per 5-minute round that is about 42 hours of history; older states
// stay readable in the rollups, which are kept for good.
const DefaultCompactAfter = 500

// depthTrailer carries, in each data-branch commit message, the number of
// commits from the root, so Commit knows when to compact without listing
// history.
const depthTrailer = "Candor-Depth: "

// ErrCompact is returned, wrapped, with committed true, when the round's
// commit landed but squashing the data branch failed. Nothing is lost; the
// next commit tries again.
var ErrCompact = errors.New("data branch compaction failed")

// withDepth appends the depth trailer to data-branch commit messages.
func withDepth(message string, data bool, depth int) string {
	if !data {
		return message
	}
	return strings.TrimRight(message, "\n") + "\n\n" + depthTrailer + strconv.Itoa(depth) + "\n"
}

// depthOf reads the trailer; a commit without one (a person's) counts as 0.
func depthOf(message string) int {
	i := strings.LastIndex(message, depthTrailer)
	if i < 0 {
		return 0
	}
	rest, _, _ := strings.Cut(message[i+len(depthTrailer):], "\n")
	n, err := strconv.Atoi(strings.TrimSpace(rest))
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// compact replaces the data branch's history by one root commit with tree,
// the tree of sha, which Commit has just written. It forces the ref, so it
// first checks that the branch still points at sha and skips the squash if
// not: a writer that moved it keeps its commit, and the squash waits for the
// next round. (The REST API has no compare-and-swap for a forced update; the
// window left is the one between that check and the update.)
func (r *Repo) compact(ctx context.Context, branch, sha, tree string, depth int) error {
	if branch != r.dataBranch || branch == "" {
		return fmt.Errorf("refusing to rewrite %s", branch)
	}
	msg := withDepth(fmt.Sprintf("candor: compact data branch (%d commits squashed)", depth), true, 1)
	root, _, err := r.gh.Git.CreateCommit(ctx, r.owner, r.name,
		&github.Commit{Message: github.String(msg), Tree: &github.Tree{SHA: github.String(tree)}}, nil)
	if err != nil {
		return fmt.Errorf("create root commit: %w", err)
	}
	ref, _, err := r.gh.Git.GetRef(ctx, r.owner, r.name, "heads/"+branch)
	if err != nil {
		return fmt.Errorf("read branch: %w", err)
	}
	if ref.GetObject().GetSHA() != sha {
		return nil
	}
	ref.Object = &github.GitObject{SHA: root.SHA}
	if _, _, err := r.gh.Git.UpdateRef(ctx, r.owner, r.name, ref, true); err != nil {
		return fmt.Errorf("move branch to root: %w", err)
	}
	return nil
}
