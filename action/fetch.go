package action

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"

	"github.com/google/go-github/v60/github"
)

// maxArchive bounds what Fetch reads of a branch, compressed or not.
const maxArchive = 512 << 20

// Fetch returns every file of branch, by slash path from the repository
// root. A branch that does not exist yet gives an empty map and no error.
//
// It reads the branch as one tarball (four requests whatever the number of
// files) rather than blob by blob, to stay inside GITHUB_TOKEN's 1,000
// requests an hour. Like git archive, the tarball honours export-ignore in
// .gitattributes; symbolic links and submodules are left out.
func (r *Repo) Fetch(ctx context.Context, branch string) (map[string][]byte, error) {
	h, err := r.head(ctx, branch)
	if errors.Is(err, errNoBranch) {
		return map[string][]byte{}, nil
	}
	if err != nil {
		return nil, err
	}
	return r.files(ctx, h.commit)
}

// files reads the tree of one commit.
func (r *Repo) files(ctx context.Context, commit string) (map[string][]byte, error) {
	link, _, err := r.gh.Repositories.GetArchiveLink(ctx, r.owner, r.name, github.Tarball,
		&github.RepositoryContentGetOptions{Ref: commit}, 1)
	if err != nil {
		return nil, fmt.Errorf("archive of %s: %w", commit, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, link.String(), nil)
	if err != nil {
		return nil, err
	}
	resp, err := r.download.Do(req)
	if err != nil {
		return nil, fmt.Errorf("download archive of %s: %w", commit, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("download archive of %s: %s", commit, resp.Status)
	}
	files, err := untar(io.LimitReader(resp.Body, maxArchive))
	if err != nil {
		return nil, fmt.Errorf("archive of %s: %w", commit, err)
	}
	return files, nil
}

// untar reads a GitHub tarball: one top folder (owner-repo-sha/) holding
// the tree.
func untar(rd io.Reader) (map[string][]byte, error) {
	zr, err := gzip.NewReader(rd)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	tr := tar.NewReader(zr)
	total := 0
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return files, nil
		}
		if err != nil {
			return nil, err
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		_, p, ok := strings.Cut(path.Clean(h.Name), "/")
		if !ok || p == "" || strings.HasPrefix(p, "../") {
			continue
		}
		total += int(h.Size)
		if total > maxArchive {
			return nil, fmt.Errorf("larger than %d bytes", maxArchive)
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			return nil, err
		}
		files[p] = b
	}
}
