package action

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"
)

// IssueLabel is put on every issue candor opens; it is how reruns find
// them again (listing by label, unlike search, sees an issue at once).
const IssueLabel = "candor"

// Notice is a GitHub issue for an incident the monitor opened.
type Notice struct {
	IncidentID string // candor.StableID of the incident; the issue's key
	Title      string
	URL        string // the incident's page
	Assignees  []string
	Labels     []string // besides IssueLabel
	// At is when the incident opened or reopened; a reopening's comment
	// is marked with it, so that it is posted once.
	At time.Time
}

func marker(id string) string { return "<!-- candor:incident:" + id + " -->" }

func resolvedMarker(id string) string { return "<!-- candor:resolved:" + id + " -->" }

func reopenedMarker(id string, at time.Time) string {
	return "<!-- candor:reopened:" + id + ":" + strconv.FormatInt(at.Unix(), 10) + " -->"
}

// Notify opens an issue for the incident, assigned and labelled as n says,
// linking its page, and returns the issue's number. When an issue for the
// incident exists it opens none: a closed one (the incident reopened) is
// reopened with a comment. Each step is looked up before it is taken, so a
// call that failed half way (the issue created but the answer lost, the
// comment posted but the reopening refused) is completed by the next,
// never doubled.
func (r *Repo) Notify(ctx context.Context, n Notice) (int, error) {
	is, err := r.findIssue(ctx, n.IncidentID)
	if err != nil {
		return 0, err
	}
	if is != nil {
		if is.GetState() == "closed" {
			return is.GetNumber(), r.reopen(ctx, is.GetNumber(), n)
		}
		return is.GetNumber(), nil
	}
	labels := append([]string{IssueLabel}, n.Labels...)
	body := fmt.Sprintf("candor opened an incident: **%s**.\n\nFollow it at %s\n\n%s\n", n.Title, n.URL, marker(n.IncidentID))
	req := &github.IssueRequest{Title: github.String(n.Title), Body: github.String(body), Labels: &labels}
	if len(n.Assignees) > 0 {
		req.Assignees = &n.Assignees
	}
	made, _, err := r.gh.Issues.Create(ctx, r.owner, r.name, req)
	if err != nil {
		return 0, fmt.Errorf("open issue for incident %s: %w", n.IncidentID, err)
	}
	return made.GetNumber(), nil
}

func (r *Repo) reopen(ctx context.Context, number int, n Notice) error {
	mark := reopenedMarker(n.IncidentID, n.At)
	said, err := r.commented(ctx, number, mark)
	if err != nil {
		return err
	}
	if !said {
		if err := r.comment(ctx, number, fmt.Sprintf("The incident reopened: %s\n\n%s", n.URL, mark)); err != nil {
			return err
		}
	}
	_, _, err = r.gh.Issues.Edit(ctx, r.owner, r.name, number, &github.IssueRequest{State: github.String("open")})
	if err != nil {
		return fmt.Errorf("reopen issue #%d: %w", number, err)
	}
	return nil
}

// NotifyResolved comments on the incident's issue that it resolved,
// linking url, and closes it. It does nothing when there is no issue or it
// is closed already, and comments once even when a rerun closes it.
func (r *Repo) NotifyResolved(ctx context.Context, incidentID, url string) error {
	is, err := r.findIssue(ctx, incidentID)
	if err != nil || is == nil || is.GetState() == "closed" {
		return err
	}
	n := is.GetNumber()
	said, err := r.commented(ctx, n, resolvedMarker(incidentID))
	if err != nil {
		return err
	}
	if !said {
		if err := r.comment(ctx, n, fmt.Sprintf("Resolved: %s\n\n%s", url, resolvedMarker(incidentID))); err != nil {
			return err
		}
	}
	req := &github.IssueRequest{State: github.String("closed"), StateReason: github.String("completed")}
	if _, _, err := r.gh.Issues.Edit(ctx, r.owner, r.name, n, req); err != nil {
		return fmt.Errorf("close issue #%d: %w", n, err)
	}
	return nil
}

func (r *Repo) comment(ctx context.Context, number int, body string) error {
	_, _, err := r.gh.Issues.CreateComment(ctx, r.owner, r.name, number, &github.IssueComment{Body: github.String(body)})
	if err != nil {
		return fmt.Errorf("comment on issue #%d: %w", number, err)
	}
	return nil
}

// findIssue returns the issue whose body carries the incident's marker,
// open or closed, or nil.
func (r *Repo) findIssue(ctx context.Context, id string) (*github.Issue, error) {
	opt := &github.IssueListByRepoOptions{State: "all", Labels: []string{IssueLabel}, ListOptions: github.ListOptions{PerPage: 100}}
	for {
		page, resp, err := r.gh.Issues.ListByRepo(ctx, r.owner, r.name, opt)
		if err != nil {
			return nil, fmt.Errorf("list issues: %w", err)
		}
		if i := slices.IndexFunc(page, func(is *github.Issue) bool {
			return !is.IsPullRequest() && strings.Contains(is.GetBody(), marker(id))
		}); i >= 0 {
			return page[i], nil
		}
		if resp.NextPage == 0 {
			return nil, nil
		}
		opt.Page = resp.NextPage
	}
}

// commented reports whether a comment on the issue carries mark.
func (r *Repo) commented(ctx context.Context, number int, mark string) (bool, error) {
	opt := &github.IssueListCommentsOptions{ListOptions: github.ListOptions{PerPage: 100}}
	for {
		page, resp, err := r.gh.Issues.ListComments(ctx, r.owner, r.name, number, opt)
		if err != nil {
			return false, fmt.Errorf("list comments of #%d: %w", number, err)
		}
		for _, c := range page {
			if strings.Contains(c.GetBody(), mark) {
				return true, nil
			}
		}
		if resp.NextPage == 0 {
			return false, nil
		}
		opt.Page = resp.NextPage
	}
}
