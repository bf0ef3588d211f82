package action

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor/action/githubtest"
)

func TestNotifyOpensOnceAndResolvesOnce(t *testing.T) {
	f := githubtest.NewServer(t)
	r, _ := newTestRepo(t, f, Options{})
	n := Notice{IncidentID: "k3j9x0a1b2c3", Title: "Public API is down", URL: "https://status.acme.com/incidents/k3j9x0a1b2c3/",
		Assignees: []string{"oncall"}, Labels: []string{"incident"}}
	for range 2 { // a rerun must not open a second issue
		num, err := r.Notify(t.Context(), n)
		if err != nil || num != 1 {
			t.Fatalf("Notify = %d, %v; want issue 1", num, err)
		}
	}
	if f.IssuesCreated() != 1 {
		t.Fatalf("opened %d issues, want 1", f.IssuesCreated())
	}
	is := f.Issues()[0]
	if !slices.Equal(is.Labels, []string{IssueLabel, "incident"}) || !slices.Equal(is.Assignees, []string{"oncall"}) {
		t.Errorf("labels %v, assignees %v", is.Labels, is.Assignees)
	}
	if !strings.Contains(is.Body, n.URL) || !strings.Contains(is.Body, marker(n.IncidentID)) {
		t.Errorf("body %q lacks the link or the marker", is.Body)
	}
	for range 2 {
		if err := r.NotifyResolved(t.Context(), n.IncidentID, n.URL); err != nil {
			t.Fatal(err)
		}
	}
	if is = f.Issues()[0]; is.State != "closed" || len(is.Comments) != 1 || !strings.Contains(is.Comments[0], n.URL) {
		t.Errorf("after resolve: state %s, comments %q", is.State, is.Comments)
	}
}

func TestNotifyResolvedRerunAfterCommentDoesNotRepeatIt(t *testing.T) {
	f := githubtest.NewServer(t)
	r, _ := newTestRepo(t, f, Options{})
	if _, err := r.Notify(t.Context(), Notice{IncidentID: "a", Title: "t"}); err != nil {
		t.Fatal(err)
	}
	f.Fail(githubtest.Fault{Method: "PATCH", Path: "/issues/1", Status: 422, Body: "Validation Failed"})
	if err := r.NotifyResolved(t.Context(), "a", "u"); err == nil {
		t.Fatal("NotifyResolved ignored a failed close")
	}
	if err := r.NotifyResolved(t.Context(), "a", "u"); err != nil {
		t.Fatal(err)
	}
	if is := f.Issues()[0]; is.State != "closed" || len(is.Comments) != 1 {
		t.Errorf("state %s, %d comments; want closed with one", is.State, len(is.Comments))
	}
}

func TestNotifyReopensClosedIssueAndFindsAcrossPages(t *testing.T) {
	f := githubtest.NewServer(t)
	for i := range 130 { // more than one page of candor issues
		f.AddIssue(githubtest.Issue{State: "closed", Labels: []string{IssueLabel},
			Body: marker(fmt.Sprint("old", i))})
	}
	r, _ := newTestRepo(t, f, Options{})
	num, err := r.Notify(t.Context(), Notice{IncidentID: "old120", Title: "again", URL: "u"})
	if err != nil || num != 121 {
		t.Fatalf("Notify = %d, %v; want the existing #121", num, err)
	}
	if is := f.Issues()[120]; is.State != "open" || len(is.Comments) != 1 || f.IssuesCreated() != 0 {
		t.Errorf("state %s, comments %q, created %d", is.State, is.Comments, f.IssuesCreated())
	}
}

func TestNotifyResolvedWithoutIssue(t *testing.T) {
	f := githubtest.NewServer(t)
	r, _ := newTestRepo(t, f, Options{})
	if err := r.NotifyResolved(t.Context(), "none", "u"); err != nil {
		t.Fatal(err)
	}
	for _, req := range f.Requests() {
		if !strings.HasPrefix(req, "GET ") {
			t.Errorf("unexpected write %s", req)
		}
	}
}

func TestKeepAlive(t *testing.T) {
	f := githubtest.NewServer(t)
	r, _ := newTestRepo(t, f, Options{})
	env := map[string]string{"GITHUB_WORKFLOW_REF": "acme/status/.github/workflows/status.yml@refs/heads/main"}
	file := WorkflowFile(func(k string) string { return env[k] })
	if file != "status.yml" {
		t.Fatalf("WorkflowFile = %q, want status.yml", file)
	}
	if err := r.KeepAlive(t.Context(), file); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(f.Enabled(), []string{"status.yml"}) {
		t.Errorf("enabled %v", f.Enabled())
	}
	if err := r.KeepAlive(t.Context(), ""); err == nil {
		t.Error("KeepAlive without a file succeeded")
	}
	if got := WorkflowFile(func(string) string { return "" }); got != "" {
		t.Errorf("WorkflowFile outside Actions = %q", got)
	}
}

// TestNotifyReopenCompletesAfterAFailureHalfWay: a 502 on the reopening
// comment, then on the reopening itself; each later call completes what
// was left, posting the comment once.
func TestNotifyReopenCompletesAfterAFailureHalfWay(t *testing.T) {
	f := githubtest.NewServer(t)
	f.AddIssue(githubtest.Issue{State: "closed", Labels: []string{IssueLabel}, Body: marker("inc")})
	r, _ := newTestRepo(t, f, Options{})
	n := Notice{IncidentID: "inc", Title: "again", URL: "https://status.acme.example/incidents/inc/", At: time.Date(2026, 11, 26, 14, 30, 0, 0, time.UTC)}
	f.Fail(githubtest.Fault{Method: "POST", Path: "/issues/1/comments", Status: 502})
	if _, err := r.Notify(t.Context(), n); err == nil {
		t.Fatal("Notify ignored a failed comment")
	}
	f.Fail(githubtest.Fault{Method: "PATCH", Path: "/issues/1", Status: 502})
	if _, err := r.Notify(t.Context(), n); err == nil {
		t.Fatal("Notify ignored a failed reopening")
	}
	if is := f.Issues()[0]; is.State != "closed" || len(is.Comments) != 1 {
		t.Fatalf("after the failed reopening: %s with %d comments", is.State, len(is.Comments))
	}
	if _, err := r.Notify(t.Context(), n); err != nil {
		t.Fatal(err)
	}
	if is := f.Issues()[0]; is.State != "open" || len(is.Comments) != 1 || !strings.Contains(is.Comments[0], n.URL) {
		t.Errorf("after completing: %s with comments %q; want open with one", is.State, is.Comments)
	}
	// A later reopening, at another time, gets its own comment.
	r.NotifyResolved(t.Context(), "inc", n.URL)
	n.At = n.At.Add(time.Hour)
	if _, err := r.Notify(t.Context(), n); err != nil {
		t.Fatal(err)
	}
	if is := f.Issues()[0]; is.State != "open" || len(is.Comments) != 3 {
		t.Errorf("second reopening: %s with %d comments, want open with three (reopened, resolved, reopened)", is.State, len(is.Comments))
	}
}
