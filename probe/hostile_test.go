package probe_test

import (
	"crypto/tls"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor"
)

// hostile is a target that misbehaves on purpose.
type hostile struct {
	name    string
	timeout time.Duration
	setup   func(t *testing.T, ca *pki) (p *candor.Probe, stop func())
	outcome candor.Outcome
	class   candor.Class
	msg     string // the message contains it
}

func httpProbe(url string) *candor.Probe {
	return &candor.Probe{HTTP: &candor.HTTPProbe{URL: url}}
}

// raw serves handle and probes it over HTTP.
func raw(handle func(c net.Conn, done <-chan struct{})) func(*testing.T, *pki) (*candor.Probe, func()) {
	return func(t *testing.T, _ *pki) (*candor.Probe, func()) {
		s := serve(t, handle)
		return httpProbe("http://" + s.addr + "/"), s.stop
	}
}

// handler serves h with httptest and probes it.
func handler(h http.HandlerFunc, expect candor.HTTPExpect) func(*testing.T, *pki) (*candor.Probe, func()) {
	return func(t *testing.T, _ *pki) (*candor.Probe, func()) {
		s := httptest.NewServer(h)
		p := httpProbe(s.URL + "/")
		p.HTTP.Expect = expect
		return p, s.Close
	}
}

// tlsTarget serves HTTPS with cert over a raw TLS listener.
func tlsTarget(cert func(*testing.T, *pki) tls.Certificate) func(*testing.T, *pki) (*candor.Probe, func()) {
	return func(t *testing.T, ca *pki) (*candor.Probe, func()) {
		s := serveOn(t, tlsListener(t, cert(t, ca)), func(c net.Conn, _ <-chan struct{}) {
			readHead(c)
			c.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"))
			c.Close()
		})
		return httpProbe("https://" + s.addr + "/"), s.stop
	}
}

// hang holds a connection until the test ends it.
func hang(c net.Conn, done <-chan struct{}) { <-done }

func hostiles() []hostile {
	return []hostile{
		{name: "accepts and never answers", setup: raw(hang),
			outcome: candor.Down, class: "timeout", msg: "waiting for the response"},
		{name: "headers then a stalled body", setup: raw(func(c net.Conn, done <-chan struct{}) {
			readHead(c)
			c.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nok"))
			<-done
		}), outcome: candor.Down, class: "timeout", msg: "reading the body"},
		{name: "trickles a byte a second", timeout: 2500 * time.Millisecond, setup: raw(func(c net.Conn, done <-chan struct{}) {
			readHead(c)
			for _, b := range []byte("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok") {
				if _, err := c.Write([]byte{b}); err != nil {
					return
				}
				select {
				case <-done:
					return
				case <-time.After(time.Second):
				}
			}
		}), outcome: candor.Down, class: "timeout", msg: "reading the headers"},
		{name: "resets the connection", setup: raw(func(c net.Conn, _ <-chan struct{}) {
			readHead(c)
			c.(*net.TCPConn).SetLinger(0)
			c.Close()
		}), outcome: candor.Down, class: "reset", msg: "connection reset"},
		{name: "closes after reading the request", setup: raw(func(c net.Conn, _ <-chan struct{}) {
			readHead(c)
			c.Close()
		}), outcome: candor.Down, class: "closed", msg: "closed by peer"},
		// Closing with the request unread may send a reset instead of a
		// close, as the request's bytes and the close cross.
		{name: "closes at once", setup: raw(func(c net.Conn, _ <-chan struct{}) { c.Close() }),
			outcome: candor.Down, class: "closed|reset", msg: "by peer"},
		{name: "lies about the length", setup: raw(func(c net.Conn, _ <-chan struct{}) {
			readHead(c)
			c.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nshort"))
			c.Close()
		}), outcome: candor.Down, class: "closed", msg: "reading the body"},
		{name: "an endless body", setup: handler(endless, candor.HTTPExpect{BodyContains: "needle"}),
			outcome: candor.Down, class: "body", msg: "first 1 MiB"},
		{name: "an endless body without conditions", setup: handler(endless, candor.HTTPExpect{}),
			outcome: candor.Up, msg: "200 OK"},
		{name: "a redirect loop", setup: handler(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/again", http.StatusFound)
		}, candor.HTTPExpect{}), outcome: candor.Down, class: "redirects", msg: "stopped after 5 redirects"},
		{name: "a redirect to a closed port", setup: func(t *testing.T, _ *pki) (*candor.Probe, func()) {
			to := "http://" + closedPort(t) + "/"
			return handler(func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, to, http.StatusFound)
			}, candor.HTTPExpect{})(t, nil)
		}, outcome: candor.Down, class: "refused", msg: "connection refused"},
		{name: "a self-signed certificate", setup: tlsTarget(func(t *testing.T, _ *pki) tls.Certificate { return selfSigned(t) }),
			outcome: candor.Down, class: "tls", msg: "unknown authority"},
		{name: "an expired certificate", setup: tlsTarget(func(t *testing.T, ca *pki) tls.Certificate {
			return ca.leaf(t, []string{"127.0.0.1"}, time.Now().Add(-90*24*time.Hour), time.Now().Add(-48*time.Hour))
		}), outcome: candor.Down, class: "cert_expired", msg: "certificate expired on"},
		{name: "a certificate for another host", setup: tlsTarget(func(t *testing.T, ca *pki) tls.Certificate {
			return ca.leaf(t, []string{"other.test", "127.0.0.2"}, time.Now().Add(-time.Hour), time.Now().Add(90*24*time.Hour))
		}), outcome: candor.Down, class: "tls", msg: "certificate is valid for 127.0.0.2, not 127.0.0.1"},
		{name: "a TLS handshake that stalls", setup: func(t *testing.T, _ *pki) (*candor.Probe, func()) {
			s := serve(t, hang)
			return httpProbe("https://" + s.addr + "/"), s.stop
		}, outcome: candor.Down, class: "timeout", msg: "during the TLS handshake"},
		{name: "a closed port", setup: func(t *testing.T, _ *pki) (*candor.Probe, func()) {
			return httpProbe("http://" + closedPort(t) + "/"), func() {}
		}, outcome: candor.Down, class: "refused", msg: "connection refused"},
		{name: "tls probe: a handshake that stalls", setup: func(t *testing.T, _ *pki) (*candor.Probe, func()) {
			s := serve(t, hang)
			return &candor.Probe{TLS: &candor.TLSProbe{Address: s.addr}}, s.stop
		}, outcome: candor.Down, class: "timeout", msg: "during the TLS handshake"},
		{name: "tcp probe: a banner that never comes", setup: func(t *testing.T, _ *pki) (*candor.Probe, func()) {
			s := serve(t, hang)
			return &candor.Probe{TCP: &candor.TCPProbe{Address: s.addr, Expect: "SSH-"}}, s.stop
		}, outcome: candor.Down, class: "timeout", msg: "waiting for the banner"},
		{name: "dns: a server that never answers", setup: dnsTarget("slow.test."),
			outcome: candor.Down, class: "timeout", msg: "waiting for an answer"},
		{name: "dns: SERVFAIL", setup: dnsTarget("fail.test."),
			outcome: candor.Down, class: "servfail", msg: "SERVFAIL for fail.test"},
		{name: "dns: NXDOMAIN", setup: dnsTarget("nx.test."),
			outcome: candor.Down, class: "nxdomain", msg: "no such domain nx.test"},
	}
}

// endless writes a body until the client goes away.
func endless(w http.ResponseWriter, r *http.Request) {
	chunk := []byte(strings.Repeat("x", 32<<10))
	for {
		if _, err := w.Write(chunk); err != nil {
			return
		}
	}
}

func dnsTarget(name string) func(*testing.T, *pki) (*candor.Probe, func()) {
	return func(t *testing.T, _ *pki) (*candor.Probe, func()) {
		addr, stop := dnsServer(t)
		return &candor.Probe{DNS: &candor.DNSProbe{Name: name, Resolver: addr}}, stop
	}
}

// TestHostile checks that every misbehaving target ends within its timeout
// plus a small margin, with the right outcome and class, and leaves no
// goroutine behind.
func TestHostile(t *testing.T) {
	const margin = 750 * time.Millisecond
	ca := newPKI(t)
	c := newChecker(ca.pool, nil)
	for _, h := range hostiles() {
		t.Run(h.name, func(t *testing.T) {
			before := runtime.NumGoroutine()
			p, stop := h.setup(t, ca)
			pol := fast
			if h.timeout > 0 {
				pol.Timeout = h.timeout
			}
			r, took := check(t, c, p, pol)
			if took > pol.Timeout+margin {
				t.Errorf("check took %s, want at most %s", took, pol.Timeout+margin)
			}
			customerWords(t, r)
			if r.Outcome != h.outcome || !slices.Contains(strings.Split(string(h.class), "|"), string(r.Class)) || !strings.Contains(r.Message, h.msg) {
				t.Errorf("Check = %s %q %q, want %s %q containing %q", r.Outcome, r.Class, r.Message, h.outcome, h.class, h.msg)
			}
			if r.Attempts != 1 || len(r.Message) > 200 {
				t.Errorf("attempts %d, message %d bytes; want 1 and at most 200", r.Attempts, len(r.Message))
			}
			stop()
			noLeak(t)
			settle(t, before)
		})
	}
}

// TestHostileRetries checks that retries multiply the time by the attempts
// and no more.
func TestHostileRetries(t *testing.T) {
	s := serve(t, hang)
	c := newChecker(nil, nil)
	pol := candor.Policy{Timeout: 300 * time.Millisecond, Retries: 2}
	r, took := check(t, c, httpProbe("http://"+s.addr+"/"), pol)
	if r.Attempts != 3 || r.Class != "timeout" {
		t.Errorf("Check = %d attempts, class %q; want 3, timeout", r.Attempts, r.Class)
	}
	if want := 3*pol.Timeout + 2*10*time.Millisecond + 750*time.Millisecond; took > want {
		t.Errorf("check took %s, want at most %s", took, want)
	}
	s.stop()
	noLeak(t)
}

// TestHostileCanceled checks that a canceled round ends a hanging check at
// once.
func TestHostileCanceled(t *testing.T) {
	s := serve(t, hang)
	c := newChecker(nil, nil)
	pol := candor.Policy{Timeout: 10 * time.Second, Retries: 3}
	start := time.Now()
	r := c.Check(ctxDone(), candor.Component{ID: "c", Probe: httpProbe("http://" + s.addr + "/")}, pol)
	if took := time.Since(start); took > time.Second || r.Outcome != candor.Unknown || r.Class != "canceled" || r.Attempts != 1 {
		t.Errorf("Check on a canceled context = %s %q after %d attempts in %s; want unknown canceled, 1, at once",
			r.Outcome, r.Class, r.Attempts, took)
	}
	s.stop()
	noLeak(t)
}
