package probe_test

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/probe"
)

// fast is a policy for tests: no retry, a short deadline.
var fast = candor.Policy{Timeout: time.Second, Concurrency: 4}

// newChecker returns a checker for tests: a short retry pause, the test
// CA trusted, the given environment.
func newChecker(roots *x509.CertPool, env map[string]string) *probe.Checker {
	return probe.New(probe.Options{
		Getenv:     func(k string) string { return env[k] },
		UserAgent:  probe.UserAgent("test", "https://status.example/"),
		RetryPause: 10 * time.Millisecond,
		RootCAs:    roots,
	})
}

// check runs one probe as component "c" and returns the result and how long
// Check took.
func check(t *testing.T, c *probe.Checker, p *candor.Probe, pol candor.Policy) (candor.Result, time.Duration) {
	t.Helper()
	start := time.Now()
	r := c.Check(t.Context(), candor.Component{ID: "c", Probe: p}, pol)
	return r, time.Since(start)
}

// server is a raw TCP server on 127.0.0.1 whose handler misbehaves on
// purpose. stop closes the listener and every connection and waits for the
// handlers, which must return once their connection is closed or done is.
type server struct {
	addr  string
	l     net.Listener
	done  chan struct{}
	wg    sync.WaitGroup
	mu    sync.Mutex
	conns []net.Conn
}

func serve(t *testing.T, handle func(c net.Conn, done <-chan struct{})) *server {
	t.Helper()
	return serveOn(t, listen(t), handle)
}

func serveOn(t *testing.T, l net.Listener, handle func(c net.Conn, done <-chan struct{})) *server {
	s := &server{addr: l.Addr().String(), l: l, done: make(chan struct{})}
	s.wg.Go(func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.conns = append(s.conns, c)
			s.mu.Unlock()
			s.wg.Go(func() { handle(c, s.done) })
		}
	})
	t.Cleanup(s.stop)
	return s
}

func (s *server) stop() {
	select {
	case <-s.done:
		return
	default:
	}
	close(s.done)
	s.l.Close()
	s.mu.Lock()
	for _, c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

func listen(t *testing.T) net.Listener {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// closedPort is an address on 127.0.0.1 where nothing listens.
func closedPort(t *testing.T) string {
	l := listen(t)
	addr := l.Addr().String()
	l.Close()
	return addr
}

// readHead reads an HTTP request's head, so that closing afterwards sends a
// FIN rather than a reset.
func readHead(c net.Conn) {
	r := bufio.NewReader(c)
	for {
		line, err := r.ReadString('\n')
		if err != nil || line == "\r\n" {
			return
		}
	}
}

// pki is a test certificate authority.
type pki struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pool *x509.CertPool
}

func newPKI(t *testing.T) *pki {
	t.Helper()
	key := newKey(t)
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "candor test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(365 * 24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	cert := sign(t, tmpl, tmpl, &key.PublicKey, key)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &pki{cert: cert, key: key, pool: pool}
}

// leaf issues a certificate for hosts (names or IPs) valid over
// [notBefore, notAfter].
func (p *pki) leaf(t *testing.T, hosts []string, notBefore, notAfter time.Time) tls.Certificate {
	t.Helper()
	key := newKey(t)
	cert := sign(t, leafTemplate(hosts, notBefore, notAfter), p.cert, &key.PublicKey, p.key)
	return tls.Certificate{Certificate: [][]byte{cert.Raw}, PrivateKey: key, Leaf: cert}
}

// valid is a 90-day certificate for 127.0.0.1.
func (p *pki) valid(t *testing.T) tls.Certificate {
	return p.leaf(t, []string{"127.0.0.1"}, time.Now().Add(-time.Hour), time.Now().Add(90*24*time.Hour))
}

// selfSigned is a certificate for 127.0.0.1 that no pool trusts.
func selfSigned(t *testing.T) tls.Certificate {
	t.Helper()
	key := newKey(t)
	tmpl := leafTemplate([]string{"127.0.0.1"}, time.Now().Add(-time.Hour), time.Now().Add(90*24*time.Hour))
	cert := sign(t, tmpl, tmpl, &key.PublicKey, key)
	return tls.Certificate{Certificate: [][]byte{cert.Raw}, PrivateKey: key, Leaf: cert}
}

func leafTemplate(hosts []string, notBefore, notAfter time.Time) *x509.Certificate {
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: hosts[0]},
		NotBefore:    notBefore,
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	return tmpl
}

func newKey(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

func sign(t *testing.T, tmpl, parent *x509.Certificate, pub *ecdsa.PublicKey, key *ecdsa.PrivateKey) *x509.Certificate {
	t.Helper()
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

// tlsListener wraps a new listener in TLS with cert.
func tlsListener(t *testing.T, cert tls.Certificate) net.Listener {
	return tls.NewListener(listen(t), &tls.Config{Certificates: []tls.Certificate{cert}})
}

// noLeak fails the test unless, within a few seconds, no goroutine of the
// probe package, of an HTTP client transport or of a DNS client is left.
// Tests that call it do not run in parallel.
func noLeak(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for {
		leaks := leaked()
		if len(leaks) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines leaked:\n%s", len(leaks), strings.Join(leaks, "\n\n"))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// leaked lists the stacks of goroutines that a finished check must not
// leave behind.
func leaked() []string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "candor/probe.") || strings.Contains(g, "net/http.(*persistConn)") ||
			strings.Contains(g, "net/http.(*Transport)") || strings.Contains(g, "miekg/dns.(*Client)") {
			out = append(out, g)
		}
	}
	return out
}

// settle waits until the goroutine count is back to at most n.
func settle(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for runtime.NumGoroutine() > n {
		if time.Now().After(deadline) {
			t.Fatalf("goroutines: %d, want at most %d once everything closed", runtime.NumGoroutine(), n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// ctxDone is a context already canceled.
func ctxDone() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

// configWords are what a message for customers must not hold: candor.yml
// keys, "want", and Go's duration style ("50ms", "1.5s").
var configWords = regexp.MustCompile(`max_latency|min_days_left|body_contains|body_regex|expect\.|\bwant\b|\d(ns|µs|ms|s|m|h)\b`)

// customerWords fails t when the message of a check that ran (not one
// refused for its configuration) speaks in config keys instead of words.
func customerWords(t *testing.T, r candor.Result) {
	t.Helper()
	if r.Class == candor.ClassConfig {
		return
	}
	if w := configWords.FindString(r.Message); w != "" {
		t.Errorf("message %q says %q: customers read it; say it in words", r.Message, w)
	}
}
