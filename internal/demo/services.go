// Package demo is what candor demo simulates: a product on loopback that
// slows down, fails and recovers on a script, the sample repository moved
// to the demo's dates, and the measurements of the days before the rounds
// it runs. Only the demo command uses it.
package demo

import (
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"time"

	"github.com/candor-status/candor"
	"github.com/miekg/dns"
)

// Clock is the simulated time the services read, so that they fail, slow
// down and recover on the script as the rounds step through it.
type Clock struct{ unix atomic.Int64 }

// Now is the simulated time.
func (c *Clock) Now() time.Time { return time.Unix(c.unix.Load(), 0).UTC() }

// Set moves the simulated time to t.
func (c *Clock) Set(t time.Time) { c.unix.Store(t.Unix()) }

func (c *Clock) in(w window) bool { t := c.Now(); return !t.Before(w.from) && t.Before(w.to) }

// window is a stretch of simulated time.
type window struct{ from, to time.Time }

// script says when each simulated service misbehaves.
type script struct {
	apiSlow, apiDown, apiFlap1, apiFlap2, apiLate window
	dashBroken, dbNoBanner, dnsServfail, blind    window
}

// Rounds is how much of the end the demo runs round by round, with real
// probes against the services; the days before it are written directly
// (see History).
const Rounds = 12 * time.Hour

// newScript places the misbehaviour in the Rounds before end, each far
// enough from the next for its incident to open and resolve.
func newScript(end time.Time) script {
	start := end.Add(-Rounds)
	w := func(fromH, fromM, minutes int) window {
		from := start.Add(time.Duration(fromH)*time.Hour + time.Duration(fromM)*time.Minute)
		return window{from, from.Add(time.Duration(minutes) * time.Minute)}
	}
	return script{
		apiSlow:     w(1, 0, 40), // degraded, then down inside it: impact raised
		apiDown:     w(1, 20, 20),
		apiFlap1:    w(3, 0, 10), // fails, recovers, fails again: one incident, reopened
		apiFlap2:    w(3, 25, 15),
		dashBroken:  w(5, 0, 35), // the login page loses its form
		dbNoBanner:  w(6, 30, 25),
		dnsServfail: w(8, 0, 30),
		blind:       w(9, 30, 20),     // the monitor's own network fails: unknown, nothing declared
		apiLate:     w(11, 20, 24*60), // slow again at the end: an open incident on the page
	}
}

// Services are the simulated product on loopback.
type Services struct {
	api, dash, control *httptest.Server
	cdn                *httptest.Server
	db                 net.Listener
	dns                *dns.Server
	// Roots trusts the simulated delivery network's certificate.
	Roots *x509.CertPool
}

// Token is the secret the simulated API wants, as NORTHWIND_API_TOKEN.
const Token = "demo-secret-token"

// Start starts the services on loopback; they misbehave in the Rounds
// before end, by clock.
func Start(clock *Clock, end time.Time) (*Services, error) {
	s := newScript(end)
	d := &Services{}
	d.api = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+Token {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		switch {
		case clock.in(s.apiDown), clock.in(s.apiFlap1), clock.in(s.apiFlap2):
			http.Error(w, "upstream unavailable", http.StatusServiceUnavailable)
			return
		case clock.in(s.apiSlow), clock.in(s.apiLate):
			time.Sleep(100 * time.Millisecond) // over the 80 ms max_latency Aim sets
		default:
			work(base["api"])
		}
		fmt.Fprintln(w, "ok")
	}))
	d.dash = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		work(base["dashboard"])
		if clock.in(s.dashBroken) {
			fmt.Fprintln(w, "<html><body>Something went wrong</body></html>")
			return
		}
		fmt.Fprintln(w, "<html><body><form>Sign in</form></body></html>")
	}))
	d.control = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if clock.in(s.blind) {
			http.Error(w, "no route", http.StatusBadGateway)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	d.cdn = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "asset") }))
	d.Roots = x509.NewCertPool()
	d.Roots.AddCert(d.cdn.Certificate())
	var err error
	if d.db, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		d.Close()
		return nil, err
	}
	go serveBanner(d.db, clock, s.dbNoBanner)
	if err := d.startDNS(clock, s.dnsServfail); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// work takes about d, as a service answering does; the days the demo
// writes directly have latencies of the same size (see base).
func work(d time.Duration) {
	time.Sleep(d * time.Duration(85+time.Now().UnixNano()%30) / 100)
}

// serveBanner greets like a database proxy, except while broken.
func serveBanner(l net.Listener, clock *Clock, broken window) {
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		if !clock.in(broken) {
			c.Write([]byte("PGPROXY ready\n"))
		}
		c.Close()
	}
}

func (d *Services) startDNS(clock *Clock, broken window) error {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	d.dns = &dns.Server{PacketConn: pc, Handler: dns.HandlerFunc(func(w dns.ResponseWriter, q *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(q)
		if clock.in(broken) {
			m.Rcode = dns.RcodeServerFailure
		} else if len(q.Question) == 1 && q.Question[0].Qtype == dns.TypeA {
			rr, _ := dns.NewRR(q.Question[0].Name + " 60 IN A 192.0.2.10")
			m.Answer = append(m.Answer, rr)
		}
		w.WriteMsg(m)
	})}
	started := make(chan struct{})
	d.dns.NotifyStartedFunc = func() { close(started) }
	go d.dns.ActivateAndServe()
	<-started
	return nil
}

// Close stops the services.
func (d *Services) Close() {
	for _, s := range []*httptest.Server{d.api, d.dash, d.control, d.cdn} {
		if s != nil {
			s.Close()
		}
	}
	if d.db != nil {
		d.db.Close()
	}
	if d.dns != nil {
		d.dns.Shutdown()
	}
}

// Aim points the sample's probes at the services, and its control check
// at a simulated internet.
func (d *Services) Aim(cfg *candor.Config) {
	for i := range cfg.Components {
		p := cfg.Components[i].Probe
		switch {
		case p == nil:
		case p.HTTP != nil && cfg.Components[i].ID == "api":
			p.HTTP.URL = d.api.URL + "/health"
			p.HTTP.Expect.MaxLatency = 80 * time.Millisecond
			p.HTTP.Timeout = 3 * time.Second
		case p.HTTP != nil:
			p.HTTP.URL = d.dash.URL + "/login"
		case p.TCP != nil:
			p.TCP.Address = d.db.Addr().String()
			p.TCP.Expect = "ready"
			p.TCP.Timeout = time.Second
		case p.TLS != nil:
			p.TLS.Address = strings.TrimPrefix(d.cdn.URL, "https://")
		case p.DNS != nil:
			p.DNS.Resolver = d.dns.PacketConn.LocalAddr().String()
			p.DNS.Timeout = time.Second
		}
	}
	cfg.Policy.Control = []string{d.control.URL + "/generate_204"}
	cfg.Policy.Timeout = 3 * time.Second
}
