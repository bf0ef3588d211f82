package probe

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"time"

	"github.com/candor-status/candor"
)

// DefaultRedirects is how many redirects an HTTP probe follows when its
// redirects key is absent.
const DefaultRedirects = 5

// httpCheck is an HTTP probe with its secrets expanded, ready to run.
type httpCheck struct {
	c         *Checker
	method    string
	url       string
	header    http.Header
	body      string
	redirects int
	expect    expectation
	secrets   []string // the values expanded into the URL, headers and body
	red       redactor // knows secrets
}

// prepareHTTP expands secrets and compiles the conditions of p. The
// returned check is never nil: its secrets are known even on error.
func (c *Checker) prepareHTTP(p *candor.HTTPProbe) (*httpCheck, error) {
	h := &httpCheck{c: c, method: strings.ToUpper(p.Method), header: http.Header{}, redirects: DefaultRedirects}
	if h.method == "" {
		h.method = http.MethodGet
	}
	if p.Redirects != nil {
		h.redirects = max(*p.Redirects, 0)
	}
	var errs []error
	for _, f := range httpFields(p) {
		e := expand(f.text, c.getenv)
		h.secrets = append(h.secrets, e.values...)
		for _, name := range e.missing {
			errs = append(errs, missingError(f.key, name))
		}
		h.set(f.key, e)
	}
	h.red = newRedactor(h.secrets)
	if err := errors.Join(errs...); err != nil {
		return h, err
	}
	if err := h.checkURL(); err != nil {
		return h, err
	}
	var err error
	h.expect, err = newExpectation(p.Expect)
	return h, err
}

// set stores an expanded field.
func (h *httpCheck) set(key string, e expansion) {
	switch {
	case key == "url":
		h.url = e.text
	case key == "body":
		h.body = e.text
	default:
		h.header.Set(strings.TrimPrefix(key, "headers."), e.text)
	}
}

// checkURL rejects a URL that cannot be requested. Its error does not quote
// the URL, which may hold a secret.
func (h *httpCheck) checkURL() error {
	u, err := url.Parse(h.url)
	if err != nil {
		return errors.New("url: not a valid URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return errors.New("url: want an absolute http or https URL")
	}
	return nil
}

// check makes one attempt on a fresh connection.
func (h *httpCheck) check(ctx context.Context) candor.Result {
	t := newTracer()
	req, err := h.request(httptrace.WithClientTrace(ctx, t.trace()))
	if err != nil {
		return failed(candor.Unknown, candor.ClassConfig, err.Error())
	}
	tr := h.c.transport()
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, CheckRedirect: h.checkRedirect}
	resp, err := client.Do(req)
	var r candor.Result
	if err != nil {
		stage, elapsed := t.now()
		r = errorResult(err, stage, elapsed)
	} else {
		r = h.judge(resp, t)
		r.CertDaysLeft = certDaysLeft(resp.TLS, h.c.now())
		resp.Body.Close()
	}
	r.Phases = t.phases()
	r.Latency = r.Phases.Total
	return r
}

// request builds the attempt's request.
func (h *httpCheck) request(ctx context.Context) (*http.Request, error) {
	var body io.Reader
	if h.body != "" {
		body = strings.NewReader(h.body)
	}
	req, err := http.NewRequestWithContext(ctx, h.method, h.url, body)
	if err != nil {
		return nil, errors.New("cannot build the request")
	}
	req.Header = h.header.Clone()
	if req.Header.Get("User-Agent") == "" && h.c.userAgent != "" {
		req.Header.Set("User-Agent", h.c.userAgent)
	}
	if host := req.Header.Get("Host"); host != "" {
		req.Host = host
	}
	return req, nil
}

// judge reads at most maxBody of the body and applies the conditions.
func (h *httpCheck) judge(resp *http.Response, t *tracer) candor.Result {
	if r, ok := h.expect.judgeStatus(resp.StatusCode); !ok {
		return r
	}
	t.setStage("reading the body")
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		stage, elapsed := t.now()
		return errorResult(err, stage, elapsed)
	}
	truncated := len(body) > maxBody
	if truncated {
		body = body[:maxBody]
	}
	_, took := t.now()
	return h.expect.judgeBody(resp.StatusCode, body, truncated, took, h.red)
}

// checkRedirect follows up to h.redirects redirects, or none. No hop
// sends a Referer, which Go's client would add with the previous URL,
// query and all. A request carrying a secret (in its URL, a header or its
// body) follows only redirects to its own origin: the same scheme, host
// and port. A hop to another origin, or from https to http, would hand the
// secret to someone else (Go keeps custom headers across hosts and re-sends
// a body on 307 and 308) or send it in clear text.
func (h *httpCheck) checkRedirect(req *http.Request, via []*http.Request) error {
	req.Header.Del("Referer")
	if h.redirects == 0 {
		return http.ErrUseLastResponse
	}
	if len(via) > h.redirects {
		return errTooManyRedirects{h.redirects}
	}
	if len(h.secrets) > 0 && origin(req.URL) != origin(via[0].URL) {
		return errRedirectRefused{from: shownOrigin(via[0].URL), to: shownOrigin(req.URL)}
	}
	return nil
}

// shownOrigin is a URL's scheme and host as written, for a message: a
// host lower-cased would hide a secret in it from the redactor, which
// matches any case but not a changed text.
func shownOrigin(u *url.URL) string { return u.Scheme + "://" + u.Host }

// origin is a URL's scheme, host and port, lower-cased and the port filled
// in when the URL leaves it to the scheme, to compare: "https://api.example:443".
func origin(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[scheme]
	}
	return scheme + "://" + net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// transport is a fresh transport for one attempt: keep-alives off, so every
// check pays, and measures, DNS, connect and TLS. The attempt's context
// bounds every phase, the body included.
func (c *Checker) transport() *http.Transport {
	return &http.Transport{
		DialContext:            (&net.Dialer{}).DialContext,
		TLSClientConfig:        &tls.Config{RootCAs: c.roots, Time: c.now},
		DisableKeepAlives:      true,
		MaxResponseHeaderBytes: 64 << 10,
	}
}

// certDaysLeft is the days until the verified chain stops verifying, or -1
// without a verified chain. Of several chains the longest-lived counts; in
// a chain, its earliest expiry.
func certDaysLeft(cs *tls.ConnectionState, now time.Time) int {
	if cs == nil || len(cs.VerifiedChains) == 0 {
		return -1
	}
	var best time.Time
	for _, chain := range cs.VerifiedChains {
		var first time.Time
		for _, cert := range chain {
			if first.IsZero() || cert.NotAfter.Before(first) {
				first = cert.NotAfter
			}
		}
		if first.After(best) {
			best = first
		}
	}
	return max(int(best.Sub(now)/(24*time.Hour)), 0)
}
