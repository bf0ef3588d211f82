package probe_test

import (
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/candor-status/candor"
)

// app is a test service with one route per behaviour.
func app() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "all ok") })
	mux.HandleFunc("/none", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	mux.HandleFunc("/fail", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "broken", http.StatusServiceUnavailable)
	})
	mux.HandleFunc("/json", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"status":"ok","checks":[{"name":"db","up":true,"ms":12.5}],"n":null}`)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(150 * time.Millisecond)
		io.WriteString(w, "ok")
	})
	mux.HandleFunc("/hop/", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/hop/1":
			http.Redirect(w, r, "/hop/2", http.StatusFound)
		case "/hop/2":
			http.Redirect(w, r, "/ok", http.StatusMovedPermanently)
		}
	})
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Method != http.MethodPost || string(body) != `{"q":1}` || r.Header.Get("X-Team") != "ops" ||
			r.Host != "api.example" {
			http.Error(w, "unexpected request", http.StatusBadRequest)
			return
		}
		io.WriteString(w, r.UserAgent())
	})
	return mux
}

func TestHTTP(t *testing.T) {
	srv := httptest.NewServer(app())
	defer srv.Close()
	c := newChecker(nil, nil)
	zero, one := 0, 1
	tests := []struct {
		name    string
		p       candor.HTTPProbe
		outcome candor.Outcome
		class   candor.Class
		msg     string
	}{
		{"up", candor.HTTPProbe{URL: "/ok"}, candor.Up, "", "200 OK"},
		{"status list", candor.HTTPProbe{URL: "/none", Expect: candor.HTTPExpect{Status: []string{"200", "204"}}}, candor.Up, "", "204 No Content"},
		{"status class fails", candor.HTTPProbe{URL: "/fail"}, candor.Down, "status", "answered 503 Service Unavailable; expected 2xx"},
		{"status range", candor.HTTPProbe{URL: "/fail", Expect: candor.HTTPExpect{Status: []string{"500-503"}}}, candor.Up, "", "503"},
		{"redirect not followed", candor.HTTPProbe{URL: "/hop/1", Redirects: &zero}, candor.Down, "status", "answered 302 Found; expected 2xx"},
		{"redirect not followed, 3xx expected", candor.HTTPProbe{URL: "/hop/1", Redirects: &zero, Expect: candor.HTTPExpect{Status: []string{"3xx"}}}, candor.Up, "", "302 Found"},
		{"redirects followed", candor.HTTPProbe{URL: "/hop/1", Expect: candor.HTTPExpect{BodyContains: "all ok"}}, candor.Up, "", "200 OK"},
		{"too many redirects", candor.HTTPProbe{URL: "/hop/1", Redirects: &one}, candor.Down, "redirects", "stopped after 1 redirects"},
		{"body contains", candor.HTTPProbe{URL: "/ok", Expect: candor.HTTPExpect{BodyContains: "ok"}}, candor.Up, "", "200 OK"},
		{"body lacks", candor.HTTPProbe{URL: "/ok", Expect: candor.HTTPExpect{BodyContains: "fine"}}, candor.Down, "body", `the response does not contain "fine"`},
		{"body regex", candor.HTTPProbe{URL: "/ok", Expect: candor.HTTPExpect{BodyRegex: `^all \w+$`}}, candor.Up, "", "200 OK"},
		{"body regex fails", candor.HTTPProbe{URL: "/ok", Expect: candor.HTTPExpect{BodyRegex: `^none`}}, candor.Down, "body", `the response does not match the pattern "^none"`},
		{"json string", jsonProbe("status", "ok"), candor.Up, "", "200 OK"},
		{"json nested", jsonProbe("checks.0.up", "true"), candor.Up, "", "200 OK"},
		{"json number", jsonProbe("checks.0.ms", "12.5"), candor.Up, "", "200 OK"},
		{"json null", jsonProbe("n", "null"), candor.Up, "", "200 OK"},
		{"json differs", jsonProbe("checks.0.name", "cache"), candor.Down, "json", `field checks.0.name is "db"; expected "cache"`},
		{"json missing", jsonProbe("checks.1.name", "db"), candor.Down, "json", "the response has no field checks.1.name"},
		{"json on text", candor.HTTPProbe{URL: "/ok", Expect: candor.HTTPExpect{JSON: &candor.JSONExpect{Path: "a", Equals: "b"}}}, candor.Down, "json", "the response is not JSON"},
		{"slow", candor.HTTPProbe{URL: "/slow", Expect: candor.HTTPExpect{MaxLatency: 50 * time.Millisecond}}, candor.Degraded, "slow", ", slower than 50 ms"},
		{"fast enough", candor.HTTPProbe{URL: "/slow", Expect: candor.HTTPExpect{MaxLatency: 5 * time.Second}}, candor.Up, "", "200 OK"},
		{"method, body, headers, host", candor.HTTPProbe{Method: "post", URL: "/echo", Body: `{"q":1}`,
			Headers: map[string]string{"X-Team": "ops", "Host": "api.example"},
			Expect:  candor.HTTPExpect{BodyContains: "candor/test (+https://status.example/)"}}, candor.Up, "", "200 OK"},
		{"own user agent", candor.HTTPProbe{Method: "POST", URL: "/echo", Body: `{"q":1}`,
			Headers: map[string]string{"X-Team": "ops", "Host": "api.example", "User-Agent": "mine/1"},
			Expect:  candor.HTTPExpect{BodyContains: "mine/1"}}, candor.Up, "", "200 OK"},
		{"bad status pattern", candor.HTTPProbe{URL: "/ok", Expect: candor.HTTPExpect{Status: []string{"2x"}}}, candor.Unknown, "config", `expect.status "2x"`},
		{"bad regex", candor.HTTPProbe{URL: "/ok", Expect: candor.HTTPExpect{BodyRegex: "("}}, candor.Unknown, "config", "expect.body_regex"},
		{"relative url", candor.HTTPProbe{URL: "ftp://x/"}, candor.Unknown, "config", "want an absolute http or https URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.p
			if strings.HasPrefix(p.URL, "/") {
				p.URL = srv.URL + p.URL
			}
			r, _ := check(t, c, &candor.Probe{HTTP: &p}, fast)
			customerWords(t, r)
			if r.Outcome != tt.outcome || r.Class != tt.class || !strings.Contains(r.Message, tt.msg) {
				t.Errorf("Check = %s %q %q, want %s %q containing %q", r.Outcome, r.Class, r.Message, tt.outcome, tt.class, tt.msg)
			}
			if r.Component != "c" || r.At.IsZero() || r.CertDaysLeft != -1 {
				t.Errorf("Check = component %q at %v, cert days %d; want c, a time, -1", r.Component, r.At, r.CertDaysLeft)
			}
			if tt.class != "config" && (r.Attempts != 1 || r.Phases.Connect <= 0 || r.Phases.FirstByte <= 0 || r.Latency != r.Phases.Total) {
				t.Errorf("attempts %d, phases %+v, latency %s: want 1, connect and first byte, latency = total", r.Attempts, r.Phases, r.Latency)
			}
		})
	}
}

func jsonProbe(path, equals string) candor.HTTPProbe {
	return candor.HTTPProbe{URL: "/json", Expect: candor.HTTPExpect{JSON: &candor.JSONExpect{Path: path, Equals: equals}}}
}

// TestHTTPFreshConnection checks that every check opens its own connection.
func TestHTTPFreshConnection(t *testing.T) {
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(app())
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	c := newChecker(nil, nil)
	for range 3 {
		check(t, c, httpProbe(srv.URL+"/hop/1"), fast)
	}
	if got := conns.Load(); got != 9 {
		t.Errorf("3 checks of 3 hops opened %d connections, want 9", got)
	}
}

// TestHTTPS checks timing and certificate days over TLS.
func TestHTTPS(t *testing.T) {
	ca := newPKI(t)
	srv := httptest.NewUnstartedServer(app())
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{ca.valid(t)}}
	srv.StartTLS()
	defer srv.Close()
	r, _ := check(t, newChecker(ca.pool, nil), httpProbe(srv.URL+"/ok"), fast)
	if r.Outcome != candor.Up || r.CertDaysLeft < 88 || r.CertDaysLeft > 89 || r.Phases.TLS <= 0 {
		t.Errorf("Check = %s %q, cert days %d, phases %+v; want up, 88 or 89 days, a TLS time",
			r.Outcome, r.Message, r.CertDaysLeft, r.Phases)
	}
}

// TestRetries checks that a check tries again after a failure, and stops
// at the first success.
func TestRetries(t *testing.T) {
	tests := []struct {
		failures, retries int
		outcome           candor.Outcome
		attempts          int
	}{
		{0, 2, candor.Up, 1},
		{1, 1, candor.Up, 2},
		{1, 0, candor.Down, 1},
		{5, 2, candor.Down, 3},
	}
	for _, tt := range tests {
		var n atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if int(n.Add(1)) <= tt.failures {
				w.WriteHeader(http.StatusBadGateway)
			}
		}))
		pol := fast
		pol.Retries = tt.retries
		r, _ := check(t, newChecker(nil, nil), httpProbe(srv.URL), pol)
		srv.Close()
		if r.Outcome != tt.outcome || r.Attempts != tt.attempts || int(n.Load()) != tt.attempts {
			t.Errorf("%d failures, %d retries: Check = %s after %d attempts (%d requests), want %s after %d",
				tt.failures, tt.retries, r.Outcome, r.Attempts, n.Load(), tt.outcome, tt.attempts)
		}
	}
}

// TestTimeoutPrecedence checks that a probe's timeout wins over the
// policy's.
func TestTimeoutPrecedence(t *testing.T) {
	s := serve(t, hang)
	p := httpProbe("http://" + s.addr + "/")
	p.HTTP.Timeout = 200 * time.Millisecond
	r, took := check(t, newChecker(nil, nil), p, candor.Policy{Timeout: 5 * time.Second})
	if r.Class != "timeout" || took > time.Second {
		t.Errorf("Check = %q after %s, want timeout after about 200ms", r.Class, took)
	}
}

// TestNoProbe checks the result for a component with an empty probe.
func TestNoProbe(t *testing.T) {
	r, _ := check(t, newChecker(nil, nil), &candor.Probe{}, fast)
	if r.Outcome != candor.Unknown || r.Class != "config" {
		t.Errorf("Check(empty probe) = %s %q, want unknown config", r.Outcome, r.Class)
	}
}
