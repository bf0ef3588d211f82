package action

import (
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Retry limits. GitHub asks clients to wait for Retry-After or
// X-RateLimit-Reset; a wait longer than maxWait would outlast a round, so
// the request fails instead and the run says why.
const (
	rateLimitRetries = 3
	serverRetries    = 3
	maxWait          = 5 * time.Minute
	secondaryWait    = time.Minute // GitHub: "wait at least one minute" without headers
)

// retryTransport retries requests that GitHub rejected for a rate limit or
// answered with a 5xx. It sits beneath go-github on purpose: go-github
// remembers a 403 rate limit and refuses later requests locally until the
// reset, and it reports a 429 as a plain ErrorResponse; here both are
// handled the same way, by their headers.
type retryTransport struct {
	base  http.RoundTripper
	sleep func(context.Context, time.Duration) error
	now   func() time.Time
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	limited, failed := 0, 0
	for {
		resp, err := t.base.RoundTrip(rewind(req))
		if err != nil {
			if !replayable(req) || failed >= serverRetries || req.Context().Err() != nil {
				return nil, err
			}
			failed++
			if err := t.sleep(req.Context(), backoff(failed)); err != nil {
				return nil, err
			}
			continue
		}
		wait, retry := t.decide(req, resp, &limited, &failed)
		if !retry {
			return resp, nil
		}
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		resp.Body.Close()
		if err := t.sleep(req.Context(), wait); err != nil {
			return nil, err
		}
	}
}

// decide says whether resp is worth another attempt and after how long.
func (t *retryTransport) decide(req *http.Request, resp *http.Response, limited, failed *int) (time.Duration, bool) {
	switch {
	case isRateLimited(resp):
		wait := t.rateLimitWait(resp.Header)
		if *limited >= rateLimitRetries || wait > maxWait || req.GetBody == nil && req.Body != nil {
			return 0, false
		}
		*limited++
		return wait, true
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		if *failed >= serverRetries || !replayable(req) {
			return 0, false
		}
		*failed++
		return backoff(*failed), true
	}
	return 0, false
}

// isRateLimited reports a primary or secondary rate limit: 429, or 403 with
// the headers GitHub sends then. A 403 without them is a permission error.
func isRateLimited(resp *http.Response) bool {
	h := resp.Header
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		return true
	case http.StatusForbidden:
		return h.Get("X-RateLimit-Remaining") == "0" || h.Get("Retry-After") != ""
	}
	return false
}

// rateLimitWait prefers Retry-After (seconds), then X-RateLimit-Reset (epoch
// seconds), then GitHub's documented minute.
func (t *retryTransport) rateLimitWait(h http.Header) time.Duration {
	if s, err := strconv.Atoi(strings.TrimSpace(h.Get("Retry-After"))); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if s, err := strconv.ParseInt(strings.TrimSpace(h.Get("X-RateLimit-Reset")), 10, 64); err == nil {
		wait := time.Unix(s, 0).Sub(t.now()) + time.Second
		return max(wait, time.Second)
	}
	return secondaryWait
}

// replayable reports whether sending req twice does no harm: reads, and the
// Git data API, whose objects are content-addressed and whose ref updates
// are compare-and-swap. Creating an issue or a comment twice would show.
func replayable(req *http.Request) bool {
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete:
		return true
	}
	if req.Body != nil && req.GetBody == nil {
		return false
	}
	return strings.Contains(req.URL.Path, "/git/")
}

// rewind gives a fresh body for each attempt.
func rewind(req *http.Request) *http.Request {
	if req.GetBody == nil || req.Body == nil || req.Body == http.NoBody {
		return req
	}
	body, err := req.GetBody()
	if err != nil {
		return req
	}
	r := req.Clone(req.Context())
	r.Body = body
	return r
}

// backoff is 1 s, 2 s, 4 s ... with up to half again of jitter, so that two
// runs that collided do not collide again.
func backoff(attempt int) time.Duration {
	d := time.Second << min(attempt-1, 5)
	return d + rand.N(d/2+1)
}

// sleepContext waits for d or until ctx ends.
func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
