// Package probe checks components from outside: HTTP, TCP, DNS and TLS
// probes with retries, hard deadlines, phase timings, classified errors and
// secrets that never leave the process.
//
// A Checker holds what every check shares (the environment for secrets, the
// User-Agent, the clock); Check runs one component, Round runs them all at
// once, Control tells whether the monitor itself can reach the internet.
package probe

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"time"

	"github.com/candor-status/candor"
)

// DefaultTimeout is the per-attempt deadline when neither the probe nor the
// policy sets one.
const DefaultTimeout = 10 * time.Second

// DefaultRetryPause is the pause between two attempts of one check.
const DefaultRetryPause = time.Second

// DefaultConcurrency is how many checks run at once when the policy says 0.
const DefaultConcurrency = 20

// maxBody is how much of a response body or banner is read.
const maxBody = 1 << 20

// Options configure a Checker. The zero value works: the process has no
// secrets, the clock is time.Now and the system's roots and resolver are used.
type Options struct {
	// Getenv looks up ${NAME} references; nil means every variable is unset.
	Getenv func(string) string
	// UserAgent is sent with every HTTP request; see UserAgent.
	UserAgent string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// RetryPause is the pause between attempts; 0 means DefaultRetryPause.
	RetryPause time.Duration
	// RootCAs verifies TLS certificates; nil means the system's roots.
	RootCAs *x509.CertPool
	// ResolvConf is the resolver file read by DNS probes without a resolver;
	// empty means /etc/resolv.conf.
	ResolvConf string
}

// Checker checks components. It holds no connection between checks, so one
// Checker may serve many goroutines.
type Checker struct {
	getenv     func(string) string
	userAgent  string
	now        func() time.Time
	pause      time.Duration
	roots      *x509.CertPool
	resolvConf string
}

// New returns a Checker with the given options.
func New(o Options) *Checker {
	c := &Checker{getenv: o.Getenv, userAgent: o.UserAgent, now: o.Now, pause: o.RetryPause,
		roots: o.RootCAs, resolvConf: o.ResolvConf}
	if c.getenv == nil {
		c.getenv = func(string) string { return "" }
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.pause <= 0 {
		c.pause = DefaultRetryPause
	}
	if c.resolvConf == "" {
		c.resolvConf = "/etc/resolv.conf"
	}
	return c
}

// UserAgent is the User-Agent candor sends: candor/<version> (+<base_url>).
func UserAgent(version, baseURL string) string {
	if baseURL == "" {
		return "candor/" + version
	}
	return fmt.Sprintf("candor/%s (+%s)", version, baseURL)
}

// attempt is one try of a check, with its own deadline already applied.
type attempt func(ctx context.Context) candor.Result

// Check checks one component: up to policy.Retries+1 attempts, a pause
// apart, each under a hard deadline (the probe's timeout, else the policy's,
// else DefaultTimeout), stopping at the first that is up. The result is the
// last attempt's, with Attempts counting them. A component without a probe,
// or whose probe cannot be prepared (a missing secret, a bad pattern), gets
// outcome unknown with class "config". No field of the result ever holds a
// secret value, a URL's query string or its user info.
func (c *Checker) Check(ctx context.Context, comp candor.Component, p candor.Policy) candor.Result {
	start := c.now()
	pl, err := c.plan(comp.Probe, p)
	var r candor.Result
	if err != nil {
		r = failed(candor.Unknown, candor.ClassConfig, err.Error())
	} else {
		r = c.retry(ctx, pl, p.Retries)
	}
	r.Component, r.At = comp.ID, start
	r.Message = pl.red.clean(r.Message)
	return r
}

// plan is a probe made ready to run: its attempt, deadline and the
// redactor of its secrets.
type plan struct {
	try     attempt
	timeout time.Duration
	red     redactor // knows the secrets even when planning failed
}

// plan resolves a probe into a plan. The error says what is wrong with the
// probe's settings; it never holds a secret value.
func (c *Checker) plan(pr *candor.Probe, p candor.Policy) (plan, error) {
	timeout := orDefault(p.Timeout, DefaultTimeout)
	switch pr.Kind() {
	case "http":
		h, err := c.prepareHTTP(pr.HTTP)
		return plan{try: h.check, timeout: orDefault(pr.HTTP.Timeout, timeout), red: h.red}, err
	case "tcp":
		try, err := c.prepareTCP(pr.TCP)
		return plan{try: try, timeout: orDefault(pr.TCP.Timeout, timeout)}, err
	case "dns":
		try, err := c.prepareDNS(pr.DNS)
		return plan{try: try, timeout: orDefault(pr.DNS.Timeout, timeout)}, err
	case "tls":
		try, err := c.prepareTLS(pr.TLS)
		return plan{try: try, timeout: orDefault(pr.TLS.Timeout, timeout)}, err
	}
	return plan{}, errors.New("no probe configured")
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// retry runs try until it is up or the attempts are spent.
func (c *Checker) retry(ctx context.Context, pl plan, retries int) candor.Result {
	var r candor.Result
	for n := 1; ; n++ {
		actx, cancel := context.WithTimeout(ctx, pl.timeout)
		r = pl.try(actx)
		cancel()
		r.Attempts = n
		if r.Outcome == candor.Up || n > retries || !c.sleep(ctx) {
			return r
		}
	}
}

// sleep pauses between attempts; false when ctx ended first.
func (c *Checker) sleep(ctx context.Context) bool {
	t := time.NewTimer(c.pause)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// failed is a result with an outcome, a class and a message.
func failed(o candor.Outcome, class candor.Class, msg string) candor.Result {
	return candor.Result{Outcome: o, Class: class, Message: msg, CertDaysLeft: -1}
}
