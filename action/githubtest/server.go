// Package githubtest provides a fake GitHub REST API for tests, in the
// manner of net/http/httptest: a loopback server that behaves like GitHub
// where candor depends on it (refs that move between read and write and
// refuse a non-fast-forward update, a missing branch, tarballs, issues,
// workflows) and fails the test on any request it does not expect.
//
// Faults queued with Fail (rate limits with their headers, 5xx, a reset
// connection) are served before the real handler, in order, each to the
// first request it matches. Hooks set with BeforeRefUpdate and
// AfterRefUpdate let a test move a ref in the middle of a write, as
// another writer would.
//
// A test seeds branches, points the code under test at the server through
// Env and Token, and reads back what was committed:
//
//	gh := githubtest.NewServer(t)
//	gh.Seed("main", "init", map[string]string{"candor.yml": cfg})
//	env := gh.Env()
//	repo, err := action.NewRepo(func(k string) string { return env[k] }, githubtest.Token, action.Options{})
//	...
//	if got := gh.Files("main")["content/incidents/2026-11-26-api.md"]; got == "" { ... }
package githubtest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
)

// The repository the server holds and the token it accepts.
const (
	Owner = "acme"
	Repo  = "status"
	Token = "test-token"
)

// Reset as a Fault's Status closes the connection without an answer.
const Reset = -1

// Fault is an answer served instead of the real one.
type Fault struct {
	Method string
	Path   string // matched as a suffix of the request's path
	Status int    // an HTTP status, or Reset
	Header map[string]string
	Body   string // the error message; the status text when empty
}

// Commit is a commit the server holds.
type Commit struct {
	SHA     string
	Tree    string
	Parents []string
	Message string
}

// Issue is an issue the server holds.
type Issue struct {
	Number    int      `json:"number"`
	Title     string   `json:"title"`
	Body      string   `json:"body"`
	State     string   `json:"state"` // open or closed
	Labels    []string `json:"-"`
	Assignees []string `json:"-"`
	Comments  []string `json:"-"` // bodies, oldest first
}

func (is Issue) clone() Issue {
	is.Labels, is.Assignees, is.Comments = slices.Clone(is.Labels), slices.Clone(is.Assignees), slices.Clone(is.Comments)
	return is
}

// Server is a fake GitHub API for the repository Owner/Repo. Its methods
// are safe to call from hooks and from other goroutines.
type Server struct {
	// URL is the API base, for GITHUB_API_URL.
	URL string

	t   testing.TB
	srv *httptest.Server

	mu         sync.Mutex
	trees      map[string]map[string]string // sha → files
	commits    map[string]Commit
	refs       map[string]string // branch → commit sha
	seq        int
	faults     []Fault
	beforeRef  func(branch string)
	afterRef   func(branch string)
	forced     []string // branches updated with force
	log        []string // "METHOD path" of every request
	issues     []*Issue
	enabled    []string // workflow files enabled
	issuesMade int      // POST /issues served
}

// NewServer starts a fake API with no branches; t's cleanup closes it.
// Requests must carry "Bearer " + Token, except tarball downloads.
func NewServer(t testing.TB) *Server {
	t.Helper()
	s := &Server{t: t, trees: map[string]map[string]string{}, commits: map[string]Commit{}, refs: map[string]string{}}
	s.srv = httptest.NewServer(s.middleware(s.routes()))
	s.URL = s.srv.URL
	t.Cleanup(s.srv.Close)
	return s
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	p := "/repos/" + Owner + "/" + Repo
	mux.HandleFunc("GET "+p+"/git/ref/heads/{branch...}", s.getRef)
	mux.HandleFunc("GET "+p+"/git/commits/{sha}", s.getCommit)
	mux.HandleFunc("GET "+p+"/tarball/{sha}", s.tarballLink)
	mux.HandleFunc("GET /codeload/{sha}", s.tarball)
	mux.HandleFunc("POST "+p+"/git/trees", s.createTree)
	mux.HandleFunc("POST "+p+"/git/commits", s.createCommit)
	mux.HandleFunc("POST "+p+"/git/refs", s.createRef)
	mux.HandleFunc("PATCH "+p+"/git/refs/heads/{branch...}", s.updateRef)
	mux.HandleFunc("GET "+p+"/issues", s.listIssues)
	mux.HandleFunc("POST "+p+"/issues", s.createIssue)
	mux.HandleFunc("PATCH "+p+"/issues/{n}", s.editIssue)
	mux.HandleFunc("GET "+p+"/issues/{n}/comments", s.listComments)
	mux.HandleFunc("POST "+p+"/issues/{n}/comments", s.createComment)
	mux.HandleFunc("PUT "+p+"/actions/workflows/{file}/enable", s.enable)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.t.Errorf("githubtest: unexpected request %s %s", r.Method, r.URL)
		writeJSON(w, http.StatusNotFound, message("Not Found"))
	})
	return mux
}

// Env holds the variables that point candor at the server:
// GITHUB_REPOSITORY and GITHUB_API_URL.
func (s *Server) Env() map[string]string {
	return map[string]string{"GITHUB_REPOSITORY": Owner + "/" + Repo, "GITHUB_API_URL": s.URL}
}

func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.log = append(s.log, r.Method+" "+r.URL.Path)
		ft, ok := s.takeFault(r)
		s.mu.Unlock()
		if !strings.HasPrefix(r.URL.Path, "/codeload/") && r.Header.Get("Authorization") != "Bearer "+Token {
			s.t.Errorf("githubtest: %s %s: Authorization = %q", r.Method, r.URL.Path, r.Header.Get("Authorization"))
		}
		switch {
		case ok && ft.Status == Reset:
			if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
				conn.Close()
			}
		case ok:
			for k, v := range ft.Header {
				w.Header().Set(k, v)
			}
			writeJSON(w, ft.Status, message(cmp.Or(ft.Body, http.StatusText(ft.Status))))
		default:
			next.ServeHTTP(w, r)
		}
	})
}

func (s *Server) takeFault(r *http.Request) (Fault, bool) {
	for i, ft := range s.faults {
		if ft.Method == r.Method && strings.HasSuffix(r.URL.Path, ft.Path) {
			s.faults = slices.Delete(s.faults, i, i+1)
			return ft, true
		}
	}
	return Fault{}, false
}

// Fail queues a fault for the next request matching its method and path.
func (s *Server) Fail(ft Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, ft)
}

// BeforeRefUpdate sets a hook that runs before a ref update or creation
// is judged, with no lock held: it may call Seed to move the branch, as
// another writer would between a client's read and its write. nil removes
// it.
func (s *Server) BeforeRefUpdate(fn func(branch string)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.beforeRef = fn
}

// AfterRefUpdate sets a hook that runs after a ref update succeeded,
// before the client reads the answer. nil removes it.
func (s *Server) AfterRefUpdate(fn func(branch string)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.afterRef = fn
}

func (s *Server) hook(which *func(string), branch string) {
	s.mu.Lock()
	fn := *which
	s.mu.Unlock()
	if fn != nil {
		fn(branch)
	}
}

// Requests returns "METHOD path" of every request served so far.
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.log)
}

// Forced returns the branches updated with force, in order.
func (s *Server) Forced() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.forced)
}

// Enabled returns the workflow files enabled through the API, in order.
func (s *Server) Enabled() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.enabled)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func message(m string) map[string]string { return map[string]string{"message": m} }

func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		writeJSON(w, http.StatusBadRequest, message("Problems parsing JSON"))
		return false
	}
	return true
}

// String describes the branches, for failure messages.
func (s *Server) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var b strings.Builder
	for _, br := range slices.Sorted(maps.Keys(s.refs)) {
		fmt.Fprintf(&b, "%s at %.7s: %v\n", br, s.refs[br], slices.Sorted(maps.Keys(s.trees[s.commits[s.refs[br]].Tree])))
	}
	return b.String()
}
