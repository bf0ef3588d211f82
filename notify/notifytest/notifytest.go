// Package notifytest stands in, on loopback, for the services notify
// sends to: a Slack incoming webhook, a Discord channel webhook, a
// generic webhook, a Statuspage webhook subscriber and an SMTP server.
// Each records what it was sent and can fail on purpose.
//
// The notification library's Slack and Discord services post to their
// fixed hosts through the process's default HTTP transport and take no
// client of their own. Intercept, called once from a test binary's
// TestMain, makes that transport carry requests for hooks.slack.com and
// discord.com to a loopback server holding a certificate for them, signed
// by a throwaway authority only that transport trusts; every other request
// goes where it was going, and nothing leaves the machine.
package notifytest

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Request is one request a hook got.
type Request struct {
	Method, Path string
	Header       http.Header
	Body         []byte
}

// Hook is a webhook endpoint: it records each request and answers with
// its success answer, or with the failures queued by FailNext first.
type Hook struct {
	mu    sync.Mutex
	reqs  []Request
	fails []int
	ok    func(w http.ResponseWriter)
}

// FailNext makes the next request get status instead, without being
// recorded as delivered.
func (h *Hook) FailNext(status int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.fails = append(h.fails, status)
}

// Requests are the requests answered with success, oldest first.
func (h *Hook) Requests() []Request {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]Request(nil), h.reqs...)
}

// serve records r, or answers with a queued failure.
func (h *Hook) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	h.mu.Lock()
	if len(h.fails) > 0 {
		status := h.fails[0]
		h.fails = h.fails[1:]
		h.mu.Unlock()
		http.Error(w, "failing on purpose", status)
		return
	}
	h.reqs = append(h.reqs, Request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body})
	h.mu.Unlock()
	h.ok(w)
}

// NewHook starts a generic webhook endpoint on loopback that answers 200;
// t's cleanup stops it. Its URL is the server's.
func NewHook(t testing.TB) (*Hook, *httptest.Server) {
	h := &Hook{ok: func(w http.ResponseWriter) { w.WriteHeader(http.StatusOK) }}
	srv := httptest.NewServer(http.HandlerFunc(h.serve))
	t.Cleanup(srv.Close)
	return h, srv
}

// Hosts is the loopback server standing in for hooks.slack.com and
// discord.com.
type Hosts struct {
	srv   *httptest.Server
	mu    sync.Mutex
	hooks map[string]*Hook // by host and path
	seq   int
}

var (
	once  sync.Once
	hosts *Hosts
)

// intercepted are the hosts Intercept carries to loopback.
var intercepted = []string{"hooks.slack.com", "discord.com"}

// Intercept installs the stand-in for hooks.slack.com and discord.com
// (see the package comment) and returns it. Call it from TestMain before
// any test runs; later calls return the same Hosts.
func Intercept() *Hosts {
	once.Do(func() {
		hosts = &Hosts{hooks: map[string]*Hook{}}
		pool, cert := authority()
		hosts.srv = httptest.NewUnstartedServer(http.HandlerFunc(hosts.route))
		hosts.srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
		hosts.srv.StartTLS()
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.Proxy = nil
		tr.TLSClientConfig = &tls.Config{RootCAs: pool}
		addr := hosts.srv.Listener.Addr().String()
		tr.DialContext = func(ctx context.Context, network, target string) (net.Conn, error) {
			host, _, _ := net.SplitHostPort(target)
			for _, h := range intercepted {
				if host == h {
					target = addr
				}
			}
			var d net.Dialer
			return d.DialContext(ctx, network, target)
		}
		http.DefaultTransport = tr
	})
	return hosts
}

func (h *Hosts) route(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	hook := h.hooks[r.Host+r.URL.Path]
	h.mu.Unlock()
	if hook == nil {
		http.Error(w, "no such hook", http.StatusNotFound)
		return
	}
	hook.serve(w, r)
}

func (h *Hosts) add(key string, ok func(http.ResponseWriter)) *Hook {
	h.mu.Lock()
	defer h.mu.Unlock()
	hook := &Hook{ok: ok}
	h.hooks[key] = hook
	return hook
}

func (h *Hosts) next() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.seq++
	return h.seq
}

// Slack registers a Slack incoming webhook with a token of its own and
// returns its URL in the library's form and the hook. Like Slack, the hook
// answers "ok".
func (h *Hosts) Slack() (string, *Hook) {
	n := h.next()
	p1, p2 := pad("T", n, 9), pad("B", n, 9)
	p3 := pad("Xsecret", n, 24)
	hook := h.add("hooks.slack.com/services/"+p1+"/"+p2+"/"+p3, func(w http.ResponseWriter) { io.WriteString(w, "ok") })
	return "slack://hook:" + p1 + "-" + p2 + "-" + p3 + "@webhook", hook
}

// Discord registers a Discord channel webhook and returns its URL in the
// library's form and the hook. Like Discord, the hook answers 204.
func (h *Hosts) Discord() (string, *Hook) {
	n := h.next()
	id := pad("1", n, 18)
	token := pad("dsecret", n, 40)
	hook := h.add("discord.com/api/webhooks/"+id+"/"+token, func(w http.ResponseWriter) { w.WriteHeader(http.StatusNoContent) })
	return "discord://" + token + "@" + id, hook
}

// pad is prefix, then n, filled to width with zeros in between; digits
// and upper-case letters only where prefix has them.
func pad(prefix string, n, width int) string {
	num := big.NewInt(int64(n)).String()
	return prefix + strings.Repeat("0", width-len(prefix)-len(num)) + num
}

// authority makes a throwaway certificate authority and a certificate it
// signed for the intercepted hosts.
func authority() (*x509.CertPool, tls.Certificate) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	check(err)
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "notifytest authority"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &key.PublicKey, key)
	check(err)
	caCert, err := x509.ParseCertificate(caDER)
	check(err)
	leaf := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: intercepted[0]}, DNSNames: intercepted,
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	leafDER, err := x509.CreateCertificate(rand.Reader, leaf, caCert, &key.PublicKey, key)
	check(err)
	pool := x509.NewCertPool()
	pool.AddCert(caCert)
	return pool, tls.Certificate{Certificate: [][]byte{leafDER}, PrivateKey: key}
}

func check(err error) {
	if err != nil {
		panic("notifytest: " + err.Error())
	}
}

// Contains reports whether any request's body holds s.
func (h *Hook) Contains(s string) bool {
	for _, r := range h.Requests() {
		if bytes.Contains(r.Body, []byte(s)) {
			return true
		}
	}
	return false
}
