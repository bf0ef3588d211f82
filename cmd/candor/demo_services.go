package main

import (
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"time"

	"github.com/miekg/dns"
)

// demoClock is the simulated time the demo's services read, so that they
// fail, slow down and recover on a script as the rounds step through it.
type demoClock struct{ unix atomic.Int64 }

func (c *demoClock) now() time.Time       { return time.Unix(c.unix.Load(), 0).UTC() }
func (c *demoClock) set(t time.Time)      { c.unix.Store(t.Unix()) }
func (c *demoClock) in(w demoWindow) bool { t := c.now(); return !t.Before(w.from) && t.Before(w.to) }

// demoWindow is a stretch of simulated time.
type demoWindow struct{ from, to time.Time }

// demoScript says when each simulated service misbehaves, relative to the
// first round.
type demoScript struct {
	apiSlow, apiDown, apiFlap1, apiFlap2, apiLate demoWindow
	dashBroken, dbNoBanner, dnsServfail, blind    demoWindow
}

func newDemoScript(start time.Time) demoScript {
	w := func(fromH, fromM, minutes int) demoWindow {
		from := start.Add(time.Duration(fromH)*time.Hour + time.Duration(fromM)*time.Minute)
		return demoWindow{from, from.Add(time.Duration(minutes) * time.Minute)}
	}
	return demoScript{
		apiSlow:     w(17, 0, 40), // degraded, then down inside it: impact raised
		apiDown:     w(17, 20, 20),
		apiFlap1:    w(30, 0, 10), // fails, recovers, fails again: one incident, reopened
		apiFlap2:    w(30, 25, 15),
		dashBroken:  w(38, 0, 35), // the login page loses its form
		dbNoBanner:  w(44, 10, 25),
		dnsServfail: w(52, 0, 30),
		blind:       w(59, 0, 20),         // the monitor's own network fails: unknown, nothing declared
		apiLate:     w(71, 30, 24*60+600), // slow again at the end: an open incident on the page
	}
}

// demoServices are the simulated product on loopback.
type demoServices struct {
	api, dash, control *httptest.Server
	cdn                *httptest.Server
	db                 net.Listener
	dns                *dns.Server
	roots              *x509.CertPool
}

const demoToken = "demo-secret-token"

func startDemoServices(clock *demoClock, s demoScript) (*demoServices, error) {
	d := &demoServices{}
	d.api = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+demoToken {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		switch {
		case clock.in(s.apiDown), clock.in(s.apiFlap1), clock.in(s.apiFlap2):
			http.Error(w, "upstream unavailable", http.StatusServiceUnavailable)
			return
		case clock.in(s.apiSlow), clock.in(s.apiLate):
			time.Sleep(300 * time.Millisecond)
		}
		fmt.Fprintln(w, "ok")
	}))
	d.dash = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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
	d.roots = x509.NewCertPool()
	d.roots.AddCert(d.cdn.Certificate())
	var err error
	if d.db, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		d.close()
		return nil, err
	}
	go serveBanner(d.db, clock, s.dbNoBanner)
	if err := d.startDNS(clock, s.dnsServfail); err != nil {
		d.close()
		return nil, err
	}
	return d, nil
}

// serveBanner greets like a database proxy, except while broken.
func serveBanner(l net.Listener, clock *demoClock, broken demoWindow) {
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

func (d *demoServices) startDNS(clock *demoClock, broken demoWindow) error {
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

func (d *demoServices) close() {
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

func hostPort(u string) string {
	return strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
}
