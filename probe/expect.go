package probe

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/candor-status/candor"
)

// statusRange is an inclusive range of accepted HTTP status codes.
type statusRange struct{ lo, hi int }

// parseStatus reads a status pattern: "200", a class "2xx" or a range
// "200-299".
func parseStatus(s string) (statusRange, error) {
	s = strings.TrimSpace(s)
	bad := fmt.Errorf("status %q: want a code (200), a class (2xx) or a range (200-299)", s)
	if len(s) == 3 && strings.HasSuffix(strings.ToLower(s), "xx") && s[0] >= '1' && s[0] <= '5' {
		lo := int(s[0]-'0') * 100
		return statusRange{lo, lo + 99}, nil
	}
	lo, hi, isRange := strings.Cut(s, "-")
	a, err := strconv.Atoi(strings.TrimSpace(lo))
	if err != nil || a < 100 || a > 599 {
		return statusRange{}, bad
	}
	if !isRange {
		return statusRange{a, a}, nil
	}
	b, err := strconv.Atoi(strings.TrimSpace(hi))
	if err != nil || b < a || b > 599 {
		return statusRange{}, bad
	}
	return statusRange{a, b}, nil
}

// expectation is an HTTPExpect made ready to judge responses.
type expectation struct {
	status     []statusRange
	statusText string // as configured, for messages
	contains   string
	regex      *regexp.Regexp
	json       *candor.JSONExpect
	maxLatency time.Duration
}

// newExpectation checks and compiles e; no status means 2xx.
func newExpectation(e candor.HTTPExpect) (expectation, error) {
	x := expectation{contains: e.BodyContains, json: e.JSON, maxLatency: e.MaxLatency}
	pats := e.Status
	if len(pats) == 0 {
		pats = []string{"2xx"}
	}
	for _, p := range pats {
		r, err := parseStatus(p)
		if err != nil {
			return x, fmt.Errorf("expect.%w", err)
		}
		x.status = append(x.status, r)
	}
	x.statusText = strings.Join(pats, ", ")
	if e.BodyRegex != "" {
		re, err := regexp.Compile(e.BodyRegex)
		if err != nil {
			return x, fmt.Errorf("expect.body_regex: %v", err)
		}
		x.regex = re
	}
	return x, nil
}

// statusOK reports whether code is accepted.
func (x expectation) statusOK(code int) bool {
	for _, r := range x.status {
		if code >= r.lo && code <= r.hi {
			return true
		}
	}
	return false
}

// judgeStatus is the down result for an unaccepted code, or ok.
func (x expectation) judgeStatus(code int) (candor.Result, bool) {
	if x.statusOK(code) {
		return candor.Result{}, true
	}
	msg := fmt.Sprintf("answered %s; expected %s", statusLine(code), x.statusText)
	return failed(candor.Down, candor.ClassStatus, msg), false
}

// judgeBody checks the body conditions and the latency; the result is up
// when all hold.
// Values from the body are quoted through red.
func (x expectation) judgeBody(code int, body []byte, truncated bool, took time.Duration, red redactor) candor.Result {
	where := "the response"
	if truncated {
		where = "the first 1 MiB of the response"
	}
	switch {
	case x.contains != "" && !strings.Contains(string(body), x.contains):
		return failed(candor.Down, candor.ClassBody, fmt.Sprintf("%s does not contain %q", where, x.contains))
	case x.regex != nil && !x.regex.Match(body):
		return failed(candor.Down, candor.ClassBody, fmt.Sprintf("%s does not match the pattern %q", where, x.regex.String()))
	}
	if x.json != nil {
		if r, ok := judgeJSON(*x.json, body, red); !ok {
			return r
		}
	}
	if x.maxLatency > 0 && took > x.maxLatency {
		msg := fmt.Sprintf("answered in %s, slower than %s", spoken(took), spoken(x.maxLatency))
		return failed(candor.Degraded, candor.ClassSlow, msg)
	}
	r := failed(candor.Up, "", statusLine(code))
	return r
}

// judgeJSON checks a JSON field condition. The value found is the
// server's: it is quoted through red, which sees it whole.
func judgeJSON(e candor.JSONExpect, body []byte, red redactor) (candor.Result, bool) {
	got, found, err := jsonField(body, e.Path)
	switch {
	case err != nil:
		return failed(candor.Down, candor.ClassJSON, "the response is not JSON"), false
	case !found:
		return failed(candor.Down, candor.ClassJSON, fmt.Sprintf("the response has no field %s", e.Path)), false
	case got != e.Equals:
		msg := fmt.Sprintf("field %s is %s; expected %q", e.Path, red.quote(got), e.Equals)
		return failed(candor.Down, candor.ClassJSON, msg), false
	}
	return candor.Result{}, true
}

// statusLine is "503 Service Unavailable": the code and Go's text for it,
// not the server's, which could say anything.
func statusLine(code int) string {
	if t := http.StatusText(code); t != "" {
		return fmt.Sprintf("%d %s", code, t)
	}
	return strconv.Itoa(code)
}

// spoken is a duration as a customer reads it: "250 ms", "1.234 s",
// "10 s"; never Go's "1.234s" or "250ms".
func spoken(d time.Duration) string {
	d = d.Round(time.Millisecond)
	if d < time.Second {
		return strconv.FormatInt(d.Milliseconds(), 10) + " ms"
	}
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + " s"
}
