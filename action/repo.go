package action

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"
)

// DefaultAttempts is how many times Commit tries a compare-and-swap before
// it gives up.
const DefaultAttempts = 5

// Options tune a Repo. The zero value is production behaviour.
type Options struct {
	// HTTPClient carries the requests; nil means http.DefaultTransport.
	// Only its Transport is used.
	HTTPClient *http.Client
	// Sleep waits between attempts; nil means a real timer. Tests inject
	// one that records the waits and returns at once.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock used to read X-RateLimit-Reset; nil means time.Now.
	Now func() time.Time
	// Attempts bounds Commit's compare-and-swap loop; 0 means DefaultAttempts.
	Attempts int
	// DataBranch is the only branch Commit may create as an orphan and
	// compact (rewrite with force). Empty means no branch may.
	DataBranch string
	// CompactAfter is the data branch's length, in commits, past which
	// Commit squashes it to a new root; 0 means DefaultCompactAfter,
	// a negative value never compacts.
	CompactAfter int
}

// Repo reads and writes one GitHub repository through the REST API.
type Repo struct {
	gh           *github.Client
	download     *http.Client
	owner, name  string
	sleep        func(context.Context, time.Duration) error
	attempts     int
	dataBranch   string
	compactAfter int
}

// NewRepo returns a Repo for the repository GITHUB_REPOSITORY names
// (owner/name), at the API base GITHUB_API_URL names (https://api.github.com
// when unset; GitHub Enterprise Server sets its own), authenticated with
// token. It fails when GITHUB_REPOSITORY is missing or malformed, and when
// Options.DataBranch is the branch the workflow runs on (GITHUB_REF_NAME).
func NewRepo(getenv func(string) string, token string, o Options) (*Repo, error) {
	owner, name, ok := strings.Cut(getenv("GITHUB_REPOSITORY"), "/")
	if !ok || owner == "" || name == "" || strings.Contains(name, "/") {
		return nil, fmt.Errorf("GITHUB_REPOSITORY: want owner/name, got %q", getenv("GITHUB_REPOSITORY"))
	}
	if o.DataBranch != "" && o.DataBranch == getenv("GITHUB_REF_NAME") {
		// The data branch is squashed with force; the branch the workflow
		// runs on (the default branch, for a schedule) must never be.
		return nil, fmt.Errorf("data branch %q is the branch the workflow runs on; name another", o.DataBranch)
	}
	base, err := apiBase(getenv("GITHUB_API_URL"))
	if err != nil {
		return nil, err
	}
	r := &Repo{owner: owner, name: name, sleep: o.Sleep, attempts: o.Attempts,
		dataBranch: o.DataBranch, compactAfter: o.CompactAfter}
	if r.sleep == nil {
		r.sleep = sleepContext
	}
	if r.attempts <= 0 {
		r.attempts = DefaultAttempts
	}
	if r.compactAfter == 0 {
		r.compactAfter = DefaultCompactAfter
	}
	now := o.Now
	if now == nil {
		now = time.Now
	}
	retrying := &retryTransport{base: transport(o.HTTPClient), sleep: r.sleep, now: now}
	// No http.Client.Timeout: it would cut short a rate-limit wait. The
	// caller's ctx bounds the whole, the transport each answer.
	r.download = &http.Client{Transport: retrying}
	r.gh = github.NewClient(&http.Client{Transport: retrying}).WithAuthToken(token)
	// Setting BaseURL is what WithEnterpriseURLs does, minus its guess of
	// an /api/v3/ suffix: GITHUB_API_URL is already the full base.
	r.gh.BaseURL = base
	return r, nil
}

// transport is hc's, or a default one that gives up on a server that does
// not answer within a minute.
func transport(hc *http.Client) http.RoundTripper {
	if hc != nil && hc.Transport != nil {
		return hc.Transport
	}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.ResponseHeaderTimeout = time.Minute
	return t
}

// apiBase parses GITHUB_API_URL into a base URL ending in a slash.
func apiBase(s string) (*url.URL, error) {
	if s == "" {
		s = "https://api.github.com/"
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, fmt.Errorf("GITHUB_API_URL: want an absolute URL, got %q", s)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u, nil
}

// Owner and Name identify the repository.
func (r *Repo) Owner() string { return r.owner }

// Name is the repository's name without its owner.
func (r *Repo) Name() string { return r.name }

// errNoBranch means the branch does not exist yet.
var errNoBranch = errors.New("branch does not exist")

// head is where a branch stands.
type head struct {
	commit, tree, message string
}

// head reads the branch's commit and tree; errNoBranch when it is missing.
func (r *Repo) head(ctx context.Context, branch string) (head, error) {
	ref, _, err := r.gh.Git.GetRef(ctx, r.owner, r.name, "heads/"+branch)
	if status(err) == http.StatusNotFound {
		return head{}, errNoBranch
	}
	if err != nil {
		return head{}, fmt.Errorf("read branch %s: %w", branch, err)
	}
	sha := ref.GetObject().GetSHA()
	c, _, err := r.gh.Git.GetCommit(ctx, r.owner, r.name, sha)
	if err != nil {
		return head{}, fmt.Errorf("read commit %s: %w", sha, err)
	}
	return head{commit: sha, tree: c.GetTree().GetSHA(), message: c.GetMessage()}, nil
}

// status is the HTTP status of a go-github error, or 0.
func status(err error) int {
	var er *github.ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		return er.Response.StatusCode
	}
	var rl *github.RateLimitError
	if errors.As(err, &rl) && rl.Response != nil {
		return rl.Response.StatusCode
	}
	return 0
}

// unprocessable reports a 422 whose message contains text.
func unprocessable(err error, text string) bool {
	var er *github.ErrorResponse
	return errors.As(err, &er) && er.Response != nil &&
		er.Response.StatusCode == http.StatusUnprocessableEntity &&
		strings.Contains(strings.ToLower(er.Message), strings.ToLower(text))
}
