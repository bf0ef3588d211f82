package githubtest

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
)

// Issues returns copies of the issues, by number from 1.
func (s *Server) Issues() []Issue {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Issue, len(s.issues))
	for i, is := range s.issues {
		out[i] = is.clone()
	}
	return out
}

// AddIssue adds an issue as if someone had opened it before the test; its
// Number is set to the next one, which AddIssue returns. It does not count
// in IssuesCreated.
func (s *Server) AddIssue(is Issue) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	is = is.clone()
	is.Number = len(s.issues) + 1
	s.issues = append(s.issues, &is)
	return is.Number
}

// IssuesCreated is how many issues were opened through the API.
func (s *Server) IssuesCreated() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issuesMade
}

// listIssues filters by one label and pages with a Link header. candor
// must ask for state=all (a closed issue is found again) and a page size.
func (s *Server) listIssues(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := r.URL.Query()
	label := q.Get("labels")
	perPage, _ := strconv.Atoi(q.Get("per_page"))
	page, _ := strconv.Atoi(q.Get("page"))
	if q.Get("state") != "all" || perPage <= 0 {
		s.t.Errorf("githubtest: list issues: query %s, want state=all and per_page", r.URL.RawQuery)
		perPage = max(perPage, 30)
	}
	page = max(page, 1)
	var match []*Issue
	for _, is := range s.issues {
		if label == "" || slices.Contains(is.Labels, label) {
			match = append(match, is)
		}
	}
	from, to := min((page-1)*perPage, len(match)), min(page*perPage, len(match))
	if to < len(match) {
		w.Header().Set("Link", fmt.Sprintf(`<%s%s?page=%d&per_page=%d&labels=%s&state=all>; rel="next"`, s.URL, r.URL.Path, page+1, perPage, label))
	}
	writeJSON(w, http.StatusOK, match[from:to])
}

func (s *Server) createIssue(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Title, Body string
		Labels      []string
		Assignees   []string
	}
	if !decode(w, r, &in) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.issuesMade++
	is := &Issue{Number: len(s.issues) + 1, Title: in.Title, Body: in.Body, State: "open", Labels: in.Labels, Assignees: in.Assignees}
	s.issues = append(s.issues, is)
	writeJSON(w, http.StatusCreated, is)
}

// issue is the issue the path names, or nil after answering 404.
func (s *Server) issue(w http.ResponseWriter, r *http.Request) *Issue {
	n, _ := strconv.Atoi(r.PathValue("n"))
	if n < 1 || n > len(s.issues) {
		writeJSON(w, http.StatusNotFound, message("Not Found"))
		return nil
	}
	return s.issues[n-1]
}

func (s *Server) editIssue(w http.ResponseWriter, r *http.Request) {
	var in struct{ State, StateReason string }
	if !decode(w, r, &in) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if is := s.issue(w, r); is != nil {
		if in.State != "" {
			is.State = in.State
		}
		writeJSON(w, http.StatusOK, is)
	}
}

func (s *Server) listComments(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if is := s.issue(w, r); is != nil {
		out := []map[string]string{}
		for _, c := range is.Comments {
			out = append(out, map[string]string{"body": c})
		}
		writeJSON(w, http.StatusOK, out)
	}
}

func (s *Server) createComment(w http.ResponseWriter, r *http.Request) {
	var in struct{ Body string }
	if !decode(w, r, &in) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if is := s.issue(w, r); is != nil {
		is.Comments = append(is.Comments, in.Body)
		writeJSON(w, http.StatusCreated, map[string]string{"body": in.Body})
	}
}

func (s *Server) enable(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.enabled = append(s.enabled, r.PathValue("file"))
	w.WriteHeader(http.StatusNoContent)
}
