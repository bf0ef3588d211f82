package probe_test

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/probe"
)

// zone is what the test DNS server knows, by name.
var zone = map[string][]string{
	"ok.test.":    {"ok.test. 60 IN A 127.0.0.1", "ok.test. 60 IN A 127.0.0.2"},
	"v6.test.":    {"v6.test. 60 IN AAAA ::1"},
	"www.test.":   {"www.test. 60 IN CNAME ok.test."},
	"mail.test.":  {"mail.test. 60 IN MX 10 mx1.mail.test."},
	"txt.test.":   {`txt.test. 60 IN TXT "v=spf1 " "-all"`},
	"zone.test.":  {"zone.test. 60 IN NS ns1.zone.test."},
	"alias.test.": {"alias.test. 60 IN CNAME ok.test.", "ok.test. 60 IN A 127.0.0.1"},
}

// dnsServer starts a DNS server on 127.0.0.1 UDP: names in zone answer,
// slow.test never answers, fail.test is SERVFAIL, refused.test REFUSED,
// anything else NXDOMAIN.
func dnsServer(t *testing.T) (addr string, stop func()) {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	started := make(chan struct{})
	srv := &dns.Server{PacketConn: pc, Handler: dns.HandlerFunc(answer), NotifyStartedFunc: func() { close(started) }}
	done := make(chan struct{})
	go func() { srv.ActivateAndServe(); close(done) }()
	<-started
	var stopped bool
	stop = func() {
		if !stopped {
			stopped = true
			srv.Shutdown()
			<-done
		}
	}
	t.Cleanup(stop)
	return pc.LocalAddr().String(), stop
}

// answer is the test server's handler.
func answer(w dns.ResponseWriter, q *dns.Msg) {
	m := new(dns.Msg)
	m.SetReply(q)
	name := strings.ToLower(q.Question[0].Name)
	switch name {
	case "slow.test.":
		return // the client times out
	case "fail.test.":
		m.Rcode = dns.RcodeServerFailure
	case "refused.test.":
		m.Rcode = dns.RcodeRefused
	default:
		rrs, ok := zone[name]
		if !ok {
			m.Rcode = dns.RcodeNameError
		}
		for _, s := range rrs {
			rr, err := dns.NewRR(s)
			if err != nil {
				panic(err)
			}
			if rr.Header().Rrtype == q.Question[0].Qtype || rr.Header().Rrtype == dns.TypeCNAME {
				m.Answer = append(m.Answer, rr)
			}
		}
	}
	w.WriteMsg(m)
}

func TestDNS(t *testing.T) {
	addr, _ := dnsServer(t)
	c := newChecker(nil, nil)
	tests := []struct {
		name, typ, expect string
		outcome           candor.Outcome
		class             candor.Class
		msg               string
	}{
		{"ok.test", "", "", candor.Up, "", "A 127.0.0.1, 127.0.0.2"},
		{"OK.test.", "a", "127.0.0.2", candor.Up, "", "A 127.0.0.1, 127.0.0.2"},
		{"ok.test", "A", "10.0.0.1", candor.Down, "answer", `no A record contains "10.0.0.1"; got 127.0.0.1, 127.0.0.2`},
		{"v6.test", "AAAA", "::1", candor.Up, "", "AAAA ::1"},
		{"www.test", "CNAME", "ok.test", candor.Up, "", "CNAME ok.test."},
		{"alias.test", "A", "127.0.0.1", candor.Up, "", "A 127.0.0.1"},
		{"mail.test", "MX", "MX1.mail.test", candor.Up, "", "MX 10 mx1.mail.test."},
		{"txt.test", "TXT", "v=spf1 -all", candor.Up, "", "TXT v=spf1 -all"},
		{"zone.test", "NS", "", candor.Up, "", "NS ns1.zone.test."},
		{"v6.test", "A", "", candor.Down, "answer", "no A records for v6.test"},
		{"nx.test", "A", "", candor.Down, "nxdomain", "no such domain nx.test"},
		{"fail.test", "A", "", candor.Down, "servfail", "SERVFAIL for fail.test from " + addr},
		{"refused.test", "A", "", candor.Down, "dns", "REFUSED for refused.test"},
		{"ok.test", "SRV", "", candor.Unknown, "config", "type: want one of"},
		{"bad name..test", "A", "", candor.Unknown, "config", "not a domain name"},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/"+tt.typ, func(t *testing.T) {
			p := &candor.Probe{DNS: &candor.DNSProbe{Name: tt.name, Type: tt.typ, Resolver: addr, Expect: tt.expect}}
			r, _ := check(t, c, p, fast)
			customerWords(t, r)
			if r.Outcome != tt.outcome || r.Class != tt.class || !strings.Contains(r.Message, tt.msg) {
				t.Errorf("Check = %s %q %q, want %s %q containing %q", r.Outcome, r.Class, r.Message, tt.outcome, tt.class, tt.msg)
			}
			if r.Outcome == candor.Up && (r.Phases.DNS <= 0 || r.Latency != r.Phases.Total) {
				t.Errorf("phases %+v, latency %s: want a DNS time and latency = total", r.Phases, r.Latency)
			}
		})
	}
}

// TestDNSResolverPort checks that a resolver without a port gets 53: the
// query goes nowhere near the test server, so it fails as refused or times
// out, and the message names port 53.
func TestDNSResolverPort(t *testing.T) {
	c := newChecker(nil, nil)
	p := &candor.Probe{DNS: &candor.DNSProbe{Name: "ok.test", Resolver: "127.0.0.1", Timeout: 300 * time.Millisecond}}
	r, _ := check(t, c, p, fast)
	if r.Outcome != candor.Down || !strings.Contains(r.Message, "127.0.0.1:53") {
		t.Errorf("Check = %s %q %q, want down naming 127.0.0.1:53", r.Outcome, r.Class, r.Message)
	}
}

// TestDNSSystemResolver checks the fallback to the resolver file.
func TestDNSSystemResolver(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "resolv.conf")
	if err := os.WriteFile(empty, []byte("# no servers\nsearch example\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ file, msg string }{
		{filepath.Join(dir, "missing.conf"), "no resolver"},
		{empty, "no resolver in " + empty},
	}
	for _, tt := range tests {
		c := probe.New(probe.Options{ResolvConf: tt.file})
		r, _ := check(t, c, &candor.Probe{DNS: &candor.DNSProbe{Name: "ok.test"}}, fast)
		customerWords(t, r)
		if r.Outcome != candor.Down || r.Class != "dns" || !strings.Contains(r.Message, tt.msg) {
			t.Errorf("Check with %s = %s %q %q, want down dns containing %q", tt.file, r.Outcome, r.Class, r.Message, tt.msg)
		}
	}
}

// bigAnswer is the answer to big.test: more TXT records than fit in 512
// bytes.
func bigAnswer(q *dns.Msg) *dns.Msg {
	m := new(dns.Msg)
	m.SetReply(q)
	for i := range 40 {
		rr, err := dns.NewRR(fmt.Sprintf(`big.test. 60 IN TXT "record %02d %s"`, i, strings.Repeat("x", 40)))
		if err != nil {
			panic(err)
		}
		m.Answer = append(m.Answer, rr)
	}
	return m
}

// truncatingServer answers big.test in full over TCP and, over UDP on the
// same port, with the truncation flag set and the first 512 bytes of the
// answer (cut inside a record, as a datagram limit cuts it) or, with
// clean, with the question alone. It counts the TCP queries.
func truncatingServer(t *testing.T, clean bool) (addr string, tcpQueries *atomic.Int32) {
	t.Helper()
	var pc net.PacketConn
	var l net.Listener
	for range 20 { // the TCP port of a free UDP port may be taken
		var err error
		if pc, err = net.ListenPacket("udp", "127.0.0.1:0"); err != nil {
			t.Fatal(err)
		}
		if l, err = net.Listen("tcp", pc.LocalAddr().String()); err == nil {
			break
		}
		pc.Close()
		pc = nil
	}
	if pc == nil {
		t.Fatal("no port free for both UDP and TCP")
	}
	tcpQueries = new(atomic.Int32)
	srv := &dns.Server{Listener: l, Handler: dns.HandlerFunc(func(w dns.ResponseWriter, q *dns.Msg) {
		tcpQueries.Add(1)
		w.WriteMsg(bigAnswer(q))
	})}
	go srv.ActivateAndServe()
	t.Cleanup(func() { srv.Shutdown(); pc.Close() })
	go func() {
		buf := make([]byte, 4096)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			q := new(dns.Msg)
			if q.Unpack(buf[:n]) != nil {
				continue
			}
			m := bigAnswer(q)
			if clean {
				m.Answer = nil
			}
			b, err := m.Pack()
			if err != nil {
				panic(err)
			}
			b[2] |= 0x02 // TC
			pc.WriteTo(b[:min(len(b), 512)], from)
		}
	}()
	return pc.LocalAddr().String(), tcpQueries
}

// TestDNSTruncated checks that an answer truncated over UDP is asked again
// over TCP, whether the datagram was cut inside a record or held only the
// question.
func TestDNSTruncated(t *testing.T) {
	for _, clean := range []bool{false, true} {
		t.Run(fmt.Sprintf("clean=%v", clean), func(t *testing.T) {
			addr, tcp := truncatingServer(t, clean)
			c := newChecker(nil, nil)
			p := &candor.Probe{DNS: &candor.DNSProbe{Name: "big.test", Type: "TXT", Resolver: addr, Expect: "record 39"}}
			r, _ := check(t, c, p, fast)
			if r.Outcome != candor.Up || tcp.Load() != 1 {
				t.Errorf("Check = %s %q %q after %d TCP queries, want up after 1", r.Outcome, r.Class, r.Message, tcp.Load())
			}
		})
	}
}
