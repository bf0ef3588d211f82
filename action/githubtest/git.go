package githubtest

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

func (s *Server) hash(parts ...string) string {
	s.seq++
	h := sha1.Sum([]byte(strings.Join(parts, "\x00") + strconv.Itoa(s.seq)))
	return hex.EncodeToString(h[:])
}

// Seed commits files (path → content) on branch directly, as another
// writer would, on top of its head or as a root commit when the branch does
// not exist. It returns the commit's sha.
func (s *Server) Seed(branch, message string, files map[string]string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	tree := map[string]string{}
	var parents []string
	if head, ok := s.refs[branch]; ok {
		tree = maps.Clone(s.trees[s.commits[head].Tree])
		parents = []string{head}
	}
	maps.Copy(tree, files)
	treeSHA := s.hash("tree")
	s.trees[treeSHA] = tree
	sha := s.hash("commit", message)
	s.commits[sha] = Commit{SHA: sha, Tree: treeSHA, Parents: parents, Message: message}
	s.refs[branch] = sha
	return sha
}

// Remove commits the branch's head without paths, as a person's push that
// deletes them would, and returns the commit's SHA.
func (s *Server) Remove(branch, message string, paths ...string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	head := s.refs[branch]
	tree := maps.Clone(s.trees[s.commits[head].Tree])
	for _, p := range paths {
		delete(tree, p)
	}
	treeSHA := s.hash("tree")
	s.trees[treeSHA] = tree
	sha := s.hash("commit", message)
	s.commits[sha] = Commit{SHA: sha, Tree: treeSHA, Parents: []string{head}, Message: message}
	s.refs[branch] = sha
	return sha
}

// Files returns the files at the branch's head, or nil when the branch
// does not exist.
func (s *Server) Files(branch string) map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	head, ok := s.refs[branch]
	if !ok {
		return nil
	}
	return maps.Clone(s.trees[s.commits[head].Tree])
}

// Head returns the commit the branch points at, or "" when it does not
// exist.
func (s *Server) Head(branch string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refs[branch]
}

// History returns the branch's commits, newest first, following first
// parents.
func (s *Server) History(branch string) []Commit {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Commit
	for sha := s.refs[branch]; sha != ""; {
		c := s.commits[sha]
		c.Parents = slices.Clone(c.Parents)
		out = append(out, c)
		sha = ""
		if len(c.Parents) > 0 {
			sha = c.Parents[0]
		}
	}
	return out
}

func (s *Server) getRef(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := r.PathValue("branch")
	sha, ok := s.refs[b]
	if !ok {
		writeJSON(w, http.StatusNotFound, message("Not Found"))
		return
	}
	writeJSON(w, http.StatusOK, refJSON(b, sha))
}

func refJSON(branch, sha string) map[string]any {
	return map[string]any{"ref": "refs/heads/" + branch, "object": map[string]string{"sha": sha, "type": "commit"}}
}

func (s *Server) getCommit(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.commits[r.PathValue("sha")]
	if !ok {
		writeJSON(w, http.StatusNotFound, message("Not Found"))
		return
	}
	writeJSON(w, http.StatusOK, commitJSON(c))
}

func commitJSON(c Commit) map[string]any {
	parents := []map[string]string{}
	for _, p := range c.Parents {
		parents = append(parents, map[string]string{"sha": p})
	}
	return map[string]any{"sha": c.SHA, "message": c.Message, "tree": map[string]string{"sha": c.Tree}, "parents": parents}
}

// tarballLink redirects to codeload, as GitHub does.
func (s *Server) tarballLink(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	_, ok := s.commits[r.PathValue("sha")]
	s.mu.Unlock()
	if !ok {
		writeJSON(w, http.StatusNotFound, message("Not Found"))
		return
	}
	w.Header().Set("Location", s.URL+"/codeload/"+r.PathValue("sha"))
	w.WriteHeader(http.StatusFound)
}

// tarball serves the commit's tree the way codeload does: gzip, a pax
// global header, one top folder, folder entries.
func (s *Server) tarball(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	sha := r.PathValue("sha")
	c, ok := s.commits[sha]
	files := maps.Clone(s.trees[c.Tree])
	s.mu.Unlock()
	if !ok || len(sha) < 7 {
		http.NotFound(w, r)
		return
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	top := Owner + "-" + Repo + "-" + sha[:7] + "/"
	s.check(tw.WriteHeader(&tar.Header{Typeflag: tar.TypeXGlobalHeader, Name: "pax_global_header", PAXRecords: map[string]string{"comment": sha}}))
	s.check(tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: top, Mode: 0o755}))
	for _, p := range slices.Sorted(maps.Keys(files)) {
		s.check(tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: top + p, Mode: 0o644, Size: int64(len(files[p]))}))
		_, err := tw.Write([]byte(files[p]))
		s.check(err)
	}
	s.check(tw.Close())
	s.check(zw.Close())
	w.Header().Set("Content-Type", "application/x-gzip")
	w.Write(buf.Bytes())
}

func (s *Server) check(err error) {
	if err != nil {
		s.t.Errorf("githubtest: %v", err)
	}
}

type treeEntry struct {
	Path    string          `json:"path"`
	Mode    string          `json:"mode"`
	Type    string          `json:"type"`
	SHA     json.RawMessage `json:"sha"`
	Content *string         `json:"content"`
}

// createTree accepts what candor sends: blobs by content, and deletions
// (sha null) of paths that exist.
func (s *Server) createTree(w http.ResponseWriter, r *http.Request) {
	var in struct {
		BaseTree string      `json:"base_tree"`
		Tree     []treeEntry `json:"tree"`
	}
	if !decode(w, r, &in) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	files := map[string]string{}
	if in.BaseTree != "" {
		base, ok := s.trees[in.BaseTree]
		if !ok {
			writeJSON(w, http.StatusUnprocessableEntity, message("Invalid tree info"))
			return
		}
		files = maps.Clone(base)
	}
	for _, e := range in.Tree {
		if msg := s.apply(files, e); msg != "" {
			writeJSON(w, http.StatusUnprocessableEntity, message(msg))
			return
		}
	}
	sha := s.hash("tree")
	s.trees[sha] = files
	writeJSON(w, http.StatusCreated, map[string]string{"sha": sha})
}

// apply changes files by one tree entry, or says why GitHub would refuse it.
func (s *Server) apply(files map[string]string, e treeEntry) string {
	switch {
	case e.Mode != "100644" || e.Type != "blob":
		return "tree.mode or type is invalid"
	case e.Content != nil:
		files[e.Path] = *e.Content
	case string(e.SHA) == "null":
		if _, ok := files[e.Path]; !ok {
			return "GitRPC::BadObjectState"
		}
		delete(files, e.Path)
	default:
		s.t.Errorf("githubtest: tree entry %s: neither content nor sha null", e.Path)
	}
	return ""
}

func (s *Server) createCommit(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Message string   `json:"message"`
		Tree    string   `json:"tree"`
		Parents []string `json:"parents"`
	}
	if !decode(w, r, &in) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.trees[in.Tree]; !ok {
		writeJSON(w, http.StatusUnprocessableEntity, message("Tree SHA does not exist"))
		return
	}
	for _, p := range in.Parents {
		if _, ok := s.commits[p]; !ok {
			writeJSON(w, http.StatusUnprocessableEntity, message("Parent SHA does not exist or is not a commit object"))
			return
		}
	}
	c := Commit{SHA: s.hash("commit", in.Message), Tree: in.Tree, Parents: in.Parents, Message: in.Message}
	s.commits[c.SHA] = c
	writeJSON(w, http.StatusCreated, commitJSON(c))
}

func (s *Server) createRef(w http.ResponseWriter, r *http.Request) {
	var in struct{ Ref, SHA string }
	if !decode(w, r, &in) {
		return
	}
	branch, ok := strings.CutPrefix(in.Ref, "refs/heads/")
	s.hook(&s.beforeRef, branch)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, exists := s.refs[branch]; exists || !ok {
		writeJSON(w, http.StatusUnprocessableEntity, message("Reference already exists"))
		return
	}
	if _, ok := s.commits[in.SHA]; !ok {
		writeJSON(w, http.StatusUnprocessableEntity, message("Object does not exist"))
		return
	}
	s.refs[branch] = in.SHA
	writeJSON(w, http.StatusCreated, refJSON(branch, in.SHA))
}

// updateRef moves a branch, refusing what is not a fast forward unless
// forced, as GitHub does.
func (s *Server) updateRef(w http.ResponseWriter, r *http.Request) {
	var in struct {
		SHA   string `json:"sha"`
		Force bool   `json:"force"`
	}
	if !decode(w, r, &in) {
		return
	}
	branch := r.PathValue("branch")
	s.hook(&s.beforeRef, branch)
	if status, msg := s.move(branch, in.SHA, in.Force); status != http.StatusOK {
		writeJSON(w, status, message(msg))
		return
	}
	s.hook(&s.afterRef, branch)
	writeJSON(w, http.StatusOK, refJSON(branch, in.SHA))
}

func (s *Server) move(branch, sha string, force bool) (int, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, ok := s.refs[branch]
	switch {
	case !ok:
		return http.StatusUnprocessableEntity, "Reference does not exist"
	case !force && !s.descends(sha, cur):
		return http.StatusUnprocessableEntity, "Update is not a fast forward"
	}
	if force {
		s.forced = append(s.forced, branch)
	}
	s.refs[branch] = sha
	return http.StatusOK, ""
}

// descends reports whether ancestor is sha or one of its ancestors.
func (s *Server) descends(sha, ancestor string) bool {
	if sha == ancestor {
		return true
	}
	for _, p := range s.commits[sha].Parents {
		if s.descends(p, ancestor) {
			return true
		}
	}
	return false
}
