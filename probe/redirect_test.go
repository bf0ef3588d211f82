package probe_test

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/candor-status/candor"
)

// recorder is a plain HTTP server on 127.0.0.1 that keeps every byte it
// receives and answers 200 to every request.
type recorder struct {
	addr string
	mu   sync.Mutex
	got  bytes.Buffer
	n    int // requests
}

func newRecorder(t *testing.T) *recorder {
	rec := &recorder{}
	rec.addr = serve(t, func(c net.Conn, _ <-chan struct{}) { rec.handle(c, c) }).addr
	return rec
}

// handle reads requests from r, recording them, and answers on w.
func (rec *recorder) handle(r io.Reader, w io.Writer) {
	var raw bytes.Buffer
	br := bufio.NewReader(io.TeeReader(r, &raw))
	for {
		req, err := http.ReadRequest(br)
		if err != nil {
			break
		}
		io.Copy(io.Discard, req.Body)
		rec.mu.Lock()
		rec.n++
		rec.mu.Unlock()
		io.WriteString(w, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
		break
	}
	rec.mu.Lock()
	rec.got.Write(raw.Bytes())
	rec.mu.Unlock()
}

// received is everything the recorder was sent, and how many requests.
func (rec *recorder) received() (string, int) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec.got.String(), rec.n
}

// redirector answers every request with a redirect to location.
func redirector(t *testing.T, code int, location string) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Location", location)
		w.WriteHeader(code)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestRedirectKeepsSecretHome sends requests that carry a secret (in the
// query, a header, the body) to a server that redirects them to another
// origin, and looks for the secret in every byte the other origin got.
func TestRedirectKeepsSecretHome(t *testing.T) {
	env := map[string]string{"TOKEN": secret}
	c := newChecker(nil, env)
	tests := []struct {
		name string
		code int
		p    candor.HTTPProbe // URL is the redirector's, with Path appended
		path string
	}{
		{"secret in the query, 302", http.StatusFound, candor.HTTPProbe{}, "/?key=${TOKEN}"},
		{"secret in a custom header, 301", http.StatusMovedPermanently,
			candor.HTTPProbe{Headers: map[string]string{"X-Api-Key": "${TOKEN}"}}, "/"},
		{"secret in Authorization, 302", http.StatusFound,
			candor.HTTPProbe{Headers: map[string]string{"Authorization": "Bearer ${TOKEN}"}}, "/"},
		{"secret in a POST body, 307", http.StatusTemporaryRedirect,
			candor.HTTPProbe{Method: "POST", Body: `{"key":"${TOKEN}"}`}, "/"},
		{"secret in a PUT body, 308", http.StatusPermanentRedirect,
			candor.HTTPProbe{Method: "PUT", Body: "key=${TOKEN}"}, "/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			other := newRecorder(t)
			home := redirector(t, tt.code, "http://"+other.addr+"/landing")
			p := tt.p
			p.URL = home + tt.path
			r, _ := check(t, c, &candor.Probe{HTTP: &p}, fast)
			got, n := other.received()
			if leaks(got) {
				t.Errorf("the other origin received the secret:\n%s", got)
			}
			if n != 0 {
				t.Errorf("the other origin got %d requests, want none", n)
			}
			want := "redirect to another origin refused: the request carries a secret; from " + home + " to http://" + other.addr
			if r.Outcome != candor.Down || r.Class != "redirects" || r.Message != want {
				t.Errorf("Check = %s %q %q, want down redirects %q", r.Outcome, r.Class, r.Message, want)
			}
		})
	}
}

// TestRedirectRefusedRedacted refuses redirects whose origins hold a
// secret, in the probe's URL (its case is kept: "LocalHost" resolves like
// "localhost") or echoed into the Location's host, and checks the message
// shows neither, in any case.
func TestRedirectRefusedRedacted(t *testing.T) {
	other := newRecorder(t)
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(redirector(t, http.StatusFound, "http://"+other.addr+"/"), "http://"))
	echoed := redirector(t, http.StatusFound, "http://Zq9S3cr3tTok.invalid/x")
	tests := []struct{ name, tenant, url, key, want string }{
		{"secret host in the probe's URL", "LocalHost", "http://${TENANT}:" + port + "/?key=${KEY}", "k3y-0123456789",
			"from http://[redacted] to http://" + other.addr}, // a URL whose host is redacted is shown no further
		{"secret echoed into the Location host", "", echoed + "/?key=${KEY}", "Zq9S3cr3tTok",
			"from " + echoed + " to http://[redacted]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newChecker(nil, map[string]string{"TENANT": tt.tenant, "KEY": tt.key})
			r, _ := check(t, c, &candor.Probe{HTTP: &candor.HTTPProbe{URL: tt.url}}, fast)
			low := strings.ToLower(r.Message)
			if r.Class != "redirects" || !strings.HasSuffix(r.Message, tt.want) ||
				tt.tenant != "" && strings.Contains(low, strings.ToLower(tt.tenant)) || strings.Contains(low, strings.ToLower(tt.key)) {
				t.Errorf("Check = %q %q, want redirects ending %q with no secret", r.Class, r.Message, tt.want)
			}
		})
	}
}

// TestRedirectSameOrigin checks that a request carrying a secret still
// follows redirects that stay on its origin, with its headers.
func TestRedirectSameOrigin(t *testing.T) {
	var auth, referer string
	mux := http.NewServeMux()
	mux.HandleFunc("/start", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/end", http.StatusFound) })
	mux.HandleFunc("/end", func(w http.ResponseWriter, r *http.Request) {
		auth, referer = r.Header.Get("X-Api-Key"), r.Header.Get("Referer")
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := newChecker(nil, map[string]string{"TOKEN": secret})
	p := &candor.Probe{HTTP: &candor.HTTPProbe{URL: srv.URL + "/start?key=${TOKEN}", Headers: map[string]string{"X-Api-Key": "${TOKEN}"}}}
	if r, _ := check(t, c, p, fast); r.Outcome != candor.Up {
		t.Fatalf("Check = %s %q, want up", r.Outcome, r.Message)
	}
	if auth != secret || referer != "" {
		t.Errorf("the redirect target got X-Api-Key %q and Referer %q; want the secret and no Referer", auth, referer)
	}
}

// TestRedirectWithoutSecret checks that a request without secrets follows
// a redirect to another origin as before, without a Referer.
func TestRedirectWithoutSecret(t *testing.T) {
	other := newRecorder(t)
	home := redirector(t, http.StatusFound, "http://"+other.addr+"/landing")
	c := newChecker(nil, nil)
	r, _ := check(t, c, httpProbe(home+"/?page=2"), fast)
	got, n := other.received()
	if r.Outcome != candor.Up || n != 1 {
		t.Fatalf("Check = %s %q with %d requests at the other origin, want up after 1", r.Outcome, r.Message, n)
	}
	if strings.Contains(strings.ToLower(got), "referer") {
		t.Errorf("the other origin got a Referer:\n%s", got)
	}
}

// splitListener serves TLS and plain HTTP on one port, telling them apart
// by the first byte (a TLS handshake starts with 0x16).
func splitListener(t *testing.T, cert tls.Certificate, tlsHandler http.Handler, plain *recorder) string {
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}}
	s := serve(t, func(c net.Conn, _ <-chan struct{}) {
		br := bufio.NewReader(c)
		first, err := br.Peek(1)
		if err != nil {
			return
		}
		pc := &peeked{Conn: c, r: br}
		if first[0] != 0x16 {
			plain.handle(pc, pc)
			return
		}
		tc := tls.Server(pc, cfg)
		req, err := http.ReadRequest(bufio.NewReader(tc))
		if err != nil {
			return
		}
		rw := &rawResponse{header: http.Header{}}
		tlsHandler.ServeHTTP(rw, req)
		resp := http.Response{StatusCode: rw.code, ProtoMajor: 1, ProtoMinor: 1, Header: rw.header, Close: true}
		resp.Write(tc)
		tc.Close()
	})
	return s.addr
}

// peeked is a connection whose first bytes were peeked at.
type peeked struct {
	net.Conn
	r *bufio.Reader
}

func (p *peeked) Read(b []byte) (int, error) { return p.r.Read(b) }

// rawResponse records what a handler writes: a redirect needs no body.
type rawResponse struct {
	header http.Header
	code   int
}

func (w *rawResponse) Header() http.Header         { return w.header }
func (w *rawResponse) Write(b []byte) (int, error) { return len(b), nil }
func (w *rawResponse) WriteHeader(code int)        { w.code = code }

// TestRedirectHTTPSToHTTP checks that a request carrying a secret over
// HTTPS does not follow a redirect to plain HTTP on the same host and port,
// and that the plain side receives nothing.
func TestRedirectHTTPSToHTTP(t *testing.T) {
	ca := newPKI(t)
	plain := &recorder{}
	var addr string
	addr = splitListener(t, ca.valid(t), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://"+addr+"/", http.StatusFound)
	}), plain)
	c := newChecker(ca.pool, map[string]string{"TOKEN": secret})
	p := &candor.Probe{HTTP: &candor.HTTPProbe{URL: "https://" + addr + "/", Headers: map[string]string{"Authorization": "Bearer ${TOKEN}"}}}
	r, _ := check(t, c, p, fast)
	got, n := plain.received()
	if leaks(got) || n != 0 {
		t.Errorf("plain HTTP got %d requests, want none:\n%s", n, got)
	}
	if r.Outcome != candor.Down || r.Class != "redirects" || !strings.HasSuffix(r.Message, "refused: the request carries a secret; from https://"+addr+" to http://"+addr) {
		t.Errorf("Check = %s %q %q, want down redirects, refused from https to http", r.Outcome, r.Class, r.Message)
	}
}
