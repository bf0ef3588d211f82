package action

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeGitHub behaves like the GitHub REST API where candor depends on it:
// refs, commits, trees, tarballs, issues, workflows. Any other request
// fails the test. Faults queued with fail are served before the real
// handler, in order, to the first request they match.
type fakeGitHub struct {
	t   *testing.T
	srv *httptest.Server

	mu          sync.Mutex
	trees       map[string]map[string]string // sha → files
	commits     map[string]fakeCommit
	refs        map[string]string // branch → commit sha
	seq         int
	faults      []fault
	onUpdate    func(branch string) // runs before a ref update is judged
	afterUpdate func(branch string) // runs after a ref update succeeded
	forced      []string            // branches updated with force
	log         []string            // "METHOD path" of every request

	issues   []*fakeIssue
	enabled  []string // workflow files enabled
	creating int      // POST /issues seen
}

type fakeCommit struct {
	tree    string
	parents []string
	message string
}

type fakeIssue struct {
	Number   int      `json:"number"`
	Title    string   `json:"title"`
	Body     string   `json:"body"`
	State    string   `json:"state"`
	Labels   []string `json:"-"`
	Assign   []string `json:"-"`
	Comments []string `json:"-"`
}

type fault struct {
	method, path string // path is matched as a suffix
	status       int
	header       map[string]string
	body         string
}

// reset as a fault's status closes the connection without an answer.
const reset = -1

const (
	testOwner = "acme"
	testRepo  = "status"
	testToken = "test-token"
)

func newFake(t *testing.T) *fakeGitHub {
	t.Helper()
	f := &fakeGitHub{t: t, trees: map[string]map[string]string{}, commits: map[string]fakeCommit{}, refs: map[string]string{}}
	mux := http.NewServeMux()
	p := "/repos/" + testOwner + "/" + testRepo
	mux.HandleFunc("GET "+p+"/git/ref/heads/{branch...}", f.getRef)
	mux.HandleFunc("GET "+p+"/git/commits/{sha}", f.getCommit)
	mux.HandleFunc("GET "+p+"/tarball/{sha}", f.tarballLink)
	mux.HandleFunc("GET /codeload/{sha}", f.tarball)
	mux.HandleFunc("POST "+p+"/git/trees", f.createTree)
	mux.HandleFunc("POST "+p+"/git/commits", f.createCommit)
	mux.HandleFunc("POST "+p+"/git/refs", f.createRef)
	mux.HandleFunc("PATCH "+p+"/git/refs/heads/{branch...}", f.updateRef)
	mux.HandleFunc("GET "+p+"/issues", f.listIssues)
	mux.HandleFunc("POST "+p+"/issues", f.createIssue)
	mux.HandleFunc("PATCH "+p+"/issues/{n}", f.editIssue)
	mux.HandleFunc("GET "+p+"/issues/{n}/comments", f.listComments)
	mux.HandleFunc("POST "+p+"/issues/{n}/comments", f.createComment)
	mux.HandleFunc("PUT "+p+"/actions/workflows/{file}/enable", f.enable)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL)
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "Not Found"})
	})
	f.srv = httptest.NewServer(f.middleware(mux))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeGitHub) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.log = append(f.log, r.Method+" "+r.URL.Path)
		ft, ok := f.takeFault(r)
		f.mu.Unlock()
		if !strings.HasPrefix(r.URL.Path, "/codeload/") && r.Header.Get("Authorization") != "Bearer "+testToken {
			f.t.Errorf("%s %s: Authorization = %q", r.Method, r.URL.Path, r.Header.Get("Authorization"))
		}
		if ok && ft.status == reset {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		if ok {
			for k, v := range ft.header {
				w.Header().Set(k, v)
			}
			writeJSON(w, ft.status, map[string]string{"message": or(ft.body, http.StatusText(ft.status))})
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (f *fakeGitHub) takeFault(r *http.Request) (fault, bool) {
	for i, ft := range f.faults {
		if ft.method == r.Method && strings.HasSuffix(r.URL.Path, ft.path) {
			f.faults = slices.Delete(f.faults, i, i+1)
			return ft, true
		}
	}
	return fault{}, false
}

// fail queues a fault for the next request matching method and path suffix.
func (f *fakeGitHub) fail(ft fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults = append(f.faults, ft)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func (f *fakeGitHub) hash(parts ...string) string {
	f.seq++
	h := sha1.Sum([]byte(strings.Join(parts, "\x00") + strconv.Itoa(f.seq)))
	return hex.EncodeToString(h[:])
}

// seed makes a commit on branch directly, as another writer would. It
// returns the commit's sha.
func (f *fakeGitHub) seed(branch, message string, change map[string]string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.seedLocked(branch, message, change)
}

func (f *fakeGitHub) seedLocked(branch, message string, change map[string]string) string {
	files := map[string]string{}
	var parents []string
	if head, ok := f.refs[branch]; ok {
		files = maps.Clone(f.trees[f.commits[head].tree])
		parents = []string{head}
	}
	for p, c := range change {
		files[p] = c
	}
	tree := f.hash("tree")
	f.trees[tree] = files
	sha := f.hash("commit", message)
	f.commits[sha] = fakeCommit{tree: tree, parents: parents, message: message}
	f.refs[branch] = sha
	return sha
}

// files is the tree at the branch's head.
func (f *fakeGitHub) files(branch string) map[string]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	head, ok := f.refs[branch]
	if !ok {
		return nil
	}
	return maps.Clone(f.trees[f.commits[head].tree])
}

// history is the branch's commits, newest first, following first parents.
func (f *fakeGitHub) history(branch string) []fakeCommit {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []fakeCommit
	for sha := f.refs[branch]; sha != ""; {
		c := f.commits[sha]
		out = append(out, c)
		sha = ""
		if len(c.parents) > 0 {
			sha = c.parents[0]
		}
	}
	return out
}

func (f *fakeGitHub) requests() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.log)
}

func (f *fakeGitHub) getRef(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	b := r.PathValue("branch")
	sha, ok := f.refs[b]
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "Not Found"})
		return
	}
	writeJSON(w, http.StatusOK, refJSON(b, sha))
}

func refJSON(branch, sha string) map[string]any {
	return map[string]any{"ref": "refs/heads/" + branch, "object": map[string]string{"sha": sha, "type": "commit"}}
}

func (f *fakeGitHub) getCommit(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.commits[r.PathValue("sha")]
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "Not Found"})
		return
	}
	writeJSON(w, http.StatusOK, commitJSON(r.PathValue("sha"), c))
}

func commitJSON(sha string, c fakeCommit) map[string]any {
	parents := []map[string]string{}
	for _, p := range c.parents {
		parents = append(parents, map[string]string{"sha": p})
	}
	return map[string]any{"sha": sha, "message": c.message, "tree": map[string]string{"sha": c.tree}, "parents": parents}
}

func (f *fakeGitHub) tarballLink(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	_, ok := f.commits[r.PathValue("sha")]
	f.mu.Unlock()
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "Not Found"})
		return
	}
	w.Header().Set("Location", f.srv.URL+"/codeload/"+r.PathValue("sha"))
	w.WriteHeader(http.StatusFound)
}

// tarball serves the commit's tree the way codeload does: gzip, a pax
// global header, one top folder, folder entries.
func (f *fakeGitHub) tarball(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	sha := r.PathValue("sha")
	files := maps.Clone(f.trees[f.commits[sha].tree])
	f.mu.Unlock()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	top := testOwner + "-" + testRepo + "-" + sha[:7] + "/"
	must(f.t, tw.WriteHeader(&tar.Header{Typeflag: tar.TypeXGlobalHeader, Name: "pax_global_header", PAXRecords: map[string]string{"comment": sha}}))
	must(f.t, tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: top, Mode: 0o755}))
	for _, p := range slices.Sorted(maps.Keys(files)) {
		must(f.t, tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: top + p, Mode: 0o644, Size: int64(len(files[p]))}))
		_, err := tw.Write([]byte(files[p]))
		must(f.t, err)
	}
	must(f.t, tw.Close())
	must(f.t, zw.Close())
	w.Header().Set("Content-Type", "application/x-gzip")
	w.Write(buf.Bytes())
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Error(err)
	}
}

func (f *fakeGitHub) createTree(w http.ResponseWriter, r *http.Request) {
	var in struct {
		BaseTree string `json:"base_tree"`
		Tree     []struct {
			Path    string          `json:"path"`
			Mode    string          `json:"mode"`
			Type    string          `json:"type"`
			SHA     json.RawMessage `json:"sha"`
			Content *string         `json:"content"`
		} `json:"tree"`
	}
	if !decode(w, r, &in) {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	files := map[string]string{}
	if in.BaseTree != "" {
		base, ok := f.trees[in.BaseTree]
		if !ok {
			writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"message": "Invalid tree info"})
			return
		}
		files = maps.Clone(base)
	}
	for _, e := range in.Tree {
		switch {
		case e.Mode != "100644" || e.Type != "blob":
			writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"message": "tree.mode or type is invalid"})
			return
		case e.Content != nil:
			files[e.Path] = *e.Content
		case string(e.SHA) == "null":
			if _, ok := files[e.Path]; !ok {
				writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"message": "GitRPC::BadObjectState"})
				return
			}
			delete(files, e.Path)
		default:
			f.t.Errorf("tree entry %s: neither content nor sha null", e.Path)
		}
	}
	sha := f.hash("tree")
	f.trees[sha] = files
	writeJSON(w, http.StatusCreated, map[string]string{"sha": sha})
}

func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "Problems parsing JSON"})
		return false
	}
	return true
}

func (f *fakeGitHub) createCommit(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Message string   `json:"message"`
		Tree    string   `json:"tree"`
		Parents []string `json:"parents"`
	}
	if !decode(w, r, &in) {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.trees[in.Tree]; !ok {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"message": "Tree SHA does not exist"})
		return
	}
	for _, p := range in.Parents {
		if _, ok := f.commits[p]; !ok {
			writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"message": "Parent SHA does not exist or is not a commit object"})
			return
		}
	}
	c := fakeCommit{tree: in.Tree, parents: in.Parents, message: in.Message}
	sha := f.hash("commit", in.Message)
	f.commits[sha] = c
	writeJSON(w, http.StatusCreated, commitJSON(sha, c))
}

func (f *fakeGitHub) createRef(w http.ResponseWriter, r *http.Request) {
	var in struct{ Ref, SHA string }
	if !decode(w, r, &in) {
		return
	}
	branch, ok := strings.CutPrefix(in.Ref, "refs/heads/")
	if f.onUpdate != nil {
		f.onUpdate(branch)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, exists := f.refs[branch]; exists || !ok {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"message": "Reference already exists"})
		return
	}
	f.refs[branch] = in.SHA
	writeJSON(w, http.StatusCreated, refJSON(branch, in.SHA))
}

func (f *fakeGitHub) updateRef(w http.ResponseWriter, r *http.Request) {
	var in struct {
		SHA   string `json:"sha"`
		Force bool   `json:"force"`
	}
	if !decode(w, r, &in) {
		return
	}
	branch := r.PathValue("branch")
	if f.onUpdate != nil {
		f.onUpdate(branch)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	cur, ok := f.refs[branch]
	switch {
	case !ok:
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"message": "Reference does not exist"})
		return
	case !in.Force && !f.descends(in.SHA, cur):
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"message": "Update is not a fast forward"})
		return
	}
	if in.Force {
		f.forced = append(f.forced, branch)
	}
	f.refs[branch] = in.SHA
	writeJSON(w, http.StatusOK, refJSON(branch, in.SHA))
	if f.afterUpdate != nil {
		f.mu.Unlock()
		f.afterUpdate(branch)
		f.mu.Lock()
	}
}

// descends reports whether ancestor is sha or one of its ancestors.
func (f *fakeGitHub) descends(sha, ancestor string) bool {
	if sha == ancestor {
		return true
	}
	for _, p := range f.commits[sha].parents {
		if f.descends(p, ancestor) {
			return true
		}
	}
	return false
}

func (f *fakeGitHub) listIssues(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	label := r.URL.Query().Get("labels")
	perPage, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	if r.URL.Query().Get("state") != "all" || perPage <= 0 {
		f.t.Errorf("list issues: query %s, want state=all and per_page", r.URL.RawQuery)
	}
	page = max(page, 1)
	var match []*fakeIssue
	for _, is := range f.issues {
		if label == "" || slices.Contains(is.Labels, label) {
			match = append(match, is)
		}
	}
	from, to := min((page-1)*perPage, len(match)), min(page*perPage, len(match))
	if to < len(match) {
		w.Header().Set("Link", fmt.Sprintf(`<%s%s?page=%d&per_page=%d&labels=%s&state=all>; rel="next"`, f.srv.URL, r.URL.Path, page+1, perPage, label))
	}
	writeJSON(w, http.StatusOK, match[from:to])
}

func (f *fakeGitHub) createIssue(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Title, Body string
		Labels      []string
		Assignees   []string
	}
	if !decode(w, r, &in) {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.creating++
	is := &fakeIssue{Number: len(f.issues) + 1, Title: in.Title, Body: in.Body, State: "open", Labels: in.Labels, Assign: in.Assignees}
	f.issues = append(f.issues, is)
	writeJSON(w, http.StatusCreated, is)
}

func (f *fakeGitHub) issue(w http.ResponseWriter, r *http.Request) *fakeIssue {
	n, _ := strconv.Atoi(r.PathValue("n"))
	if n < 1 || n > len(f.issues) {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "Not Found"})
		return nil
	}
	return f.issues[n-1]
}

func (f *fakeGitHub) editIssue(w http.ResponseWriter, r *http.Request) {
	var in struct{ State, StateReason string }
	if !decode(w, r, &in) {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if is := f.issue(w, r); is != nil {
		is.State = in.State
		writeJSON(w, http.StatusOK, is)
	}
}

func (f *fakeGitHub) listComments(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if is := f.issue(w, r); is != nil {
		out := []map[string]string{}
		for _, c := range is.Comments {
			out = append(out, map[string]string{"body": c})
		}
		writeJSON(w, http.StatusOK, out)
	}
}

func (f *fakeGitHub) createComment(w http.ResponseWriter, r *http.Request) {
	var in struct{ Body string }
	if !decode(w, r, &in) {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if is := f.issue(w, r); is != nil {
		is.Comments = append(is.Comments, in.Body)
		writeJSON(w, http.StatusCreated, map[string]string{"body": in.Body})
	}
}

func (f *fakeGitHub) enable(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.enabled = append(f.enabled, r.PathValue("file"))
	w.WriteHeader(http.StatusNoContent)
}

// sleeps records the waits a Repo asked for, without waiting.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.d = append(s.d, d)
	return ctx.Err()
}

func (s *sleeps) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.d)
}

// newTestRepo returns a Repo on the fake, with candor-data as its data
// branch, the given clock and recorded sleeps.
func newTestRepo(t *testing.T, f *fakeGitHub, o Options) (*Repo, *sleeps) {
	t.Helper()
	s := &sleeps{}
	o.Sleep = s.sleep
	if o.DataBranch == "" {
		o.DataBranch = "candor-data"
	}
	env := map[string]string{"GITHUB_REPOSITORY": testOwner + "/" + testRepo, "GITHUB_API_URL": f.srv.URL}
	r, err := NewRepo(func(k string) string { return env[k] }, testToken, o)
	if err != nil {
		t.Fatal(err)
	}
	return r, s
}
