package probe_test

import (
	"crypto/tls"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/probe"
)

func TestTLS(t *testing.T) {
	ca := newPKI(t)
	now := time.Now()
	day := 24 * time.Hour
	tests := []struct {
		name       string
		hosts      []string
		notAfter   time.Time
		serverName string
		minDays    int
		outcome    candor.Outcome
		class      candor.Class
		msg        string
		days       int
	}{
		{"valid", []string{"127.0.0.1"}, now.Add(90 * day), "", 0, candor.Up, "", "certificate valid for 89 more days", 89},
		{"server name", []string{"svc.test"}, now.Add(90 * day), "svc.test", 0, candor.Up, "", "valid for 89 more days", 89},
		{"expiring under the default", []string{"127.0.0.1"}, now.Add(10 * day), "", 0, candor.Degraded, "cert_expiring",
			"certificate expires in 9 days, sooner than the 14 days' notice wanted", 9},
		{"expiring under min_days_left", []string{"127.0.0.1"}, now.Add(40 * day), "", 45, candor.Degraded, "cert_expiring", "expires in 39 days", 39},
		{"expired", []string{"127.0.0.1"}, now.Add(-day), "", 0, candor.Down, "cert_expired", "certificate expired on", 0},
		{"wrong host", []string{"127.0.0.1"}, now.Add(90 * day), "svc.test", 0, candor.Down, "tls", "wanted to match svc.test", -1},
	}
	c := newChecker(ca.pool, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cert := ca.leaf(t, tt.hosts, now.Add(-30*day), tt.notAfter)
			s := serveOn(t, tlsListener(t, cert), handshake)
			p := &candor.Probe{TLS: &candor.TLSProbe{Address: s.addr, ServerName: tt.serverName, MinDaysLeft: tt.minDays}}
			r, _ := check(t, c, p, fast)
			customerWords(t, r)
			if r.Outcome != tt.outcome || r.Class != tt.class || !strings.Contains(r.Message, tt.msg) || r.CertDaysLeft != tt.days {
				t.Errorf("Check = %s %q %q %d days, want %s %q containing %q, %d days",
					r.Outcome, r.Class, r.Message, r.CertDaysLeft, tt.outcome, tt.class, tt.msg, tt.days)
			}
			if r.Outcome == candor.Up && (r.Phases.TLS <= 0 || r.Phases.Connect <= 0) {
				t.Errorf("phases %+v, want connect and TLS times", r.Phases)
			}
		})
	}
}

// TestTLSNotTLS checks a server that speaks something else.
func TestTLSNotTLS(t *testing.T) {
	s := serve(t, lineServer)
	r, _ := check(t, newChecker(nil, nil), &candor.Probe{TLS: &candor.TLSProbe{Address: s.addr}}, fast)
	if r.Outcome != candor.Down || r.Class != "tls" || r.Message != "server did not answer with TLS" {
		t.Errorf("Check = %s %q %q, want down tls: server did not answer with TLS", r.Outcome, r.Class, r.Message)
	}
}

// handshake completes the TLS handshake and closes.
func handshake(c net.Conn, _ <-chan struct{}) {
	c.(*tls.Conn).Handshake()
	c.Close()
}

// TestTLSClock checks that verification and days left follow the checker's
// clock, and that a certificate not valid yet is told apart from an expired
// one.
func TestTLSClock(t *testing.T) {
	ca := newPKI(t)
	day := 24 * time.Hour
	tests := []struct {
		name      string
		notBefore time.Time
		clock     time.Duration // added to the real time
		class     candor.Class
		msg       string
	}{
		{"expired by the clock", time.Now().Add(-day), 100 * day, "cert_expired", "certificate expired on"},
		{"not valid yet", time.Now().Add(2 * day), 0, "tls", "certificate not valid before"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cert := ca.leaf(t, []string{"127.0.0.1"}, tt.notBefore, time.Now().Add(90*day))
			s := serveOn(t, tlsListener(t, cert), handshake)
			c := probe.New(probe.Options{RootCAs: ca.pool, Now: func() time.Time { return time.Now().Add(tt.clock) }})
			r, _ := check(t, c, &candor.Probe{TLS: &candor.TLSProbe{Address: s.addr}}, fast)
			customerWords(t, r)
			if r.Outcome != candor.Down || r.Class != tt.class || !strings.Contains(r.Message, tt.msg) {
				t.Errorf("Check = %s %q %q, want down %q containing %q", r.Outcome, r.Class, r.Message, tt.class, tt.msg)
			}
		})
	}
}
