package probe

import (
	"crypto/tls"
	"net/http/httptrace"
	"sync"
	"time"

	"github.com/candor-status/candor"
)

// tracer sums the phases of every hop of one HTTP attempt. Its hooks may
// run concurrently and after the request ended, hence the lock.
type tracer struct {
	mu                                 sync.Mutex
	start                              time.Time
	dnsAt, connAt, tlsAt, wroteAt      time.Time
	dns, connect, handshake, firstByte time.Duration
	stage                              string
}

func newTracer() *tracer {
	return &tracer{start: time.Now(), stage: "connecting"}
}

// trace returns the hooks; the same ones serve every redirect hop, since the
// client carries the request's context from hop to hop.
func (t *tracer) trace() *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		DNSStart: func(httptrace.DNSStartInfo) { t.begin(&t.dnsAt, "resolving the host") },
		DNSDone:  func(httptrace.DNSDoneInfo) { t.end(&t.dnsAt, &t.dns) },
		ConnectStart: func(string, string) {
			t.mu.Lock()
			defer t.mu.Unlock()
			if t.connAt.IsZero() { // the first of several addresses tried
				t.connAt, t.stage = time.Now(), "connecting"
			}
		},
		ConnectDone: func(_, _ string, err error) {
			if err == nil {
				t.end(&t.connAt, &t.connect)
			}
		},
		GotConn:              func(httptrace.GotConnInfo) { t.setStage("sending the request") },
		TLSHandshakeStart:    func() { t.begin(&t.tlsAt, "during the TLS handshake") },
		TLSHandshakeDone:     func(tls.ConnectionState, error) { t.end(&t.tlsAt, &t.handshake) },
		WroteRequest:         func(httptrace.WroteRequestInfo) { t.begin(&t.wroteAt, "waiting for the response") },
		GotFirstResponseByte: func() { t.end(&t.wroteAt, &t.firstByte); t.setStage("reading the headers") },
	}
}

// begin marks the start of a phase.
func (t *tracer) begin(at *time.Time, stage string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	*at, t.stage = time.Now(), stage
}

// end adds the time since the phase began to its sum.
func (t *tracer) end(at *time.Time, sum *time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !at.IsZero() {
		*sum += time.Since(*at)
		*at = time.Time{}
	}
}

func (t *tracer) setStage(s string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.stage = s
}

// now is what the attempt stands at: its stage and time so far.
func (t *tracer) now() (stage string, elapsed time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.stage, time.Since(t.start)
}

// phases are the sums so far, with total the time since the start.
func (t *tracer) phases() candor.Phases {
	t.mu.Lock()
	defer t.mu.Unlock()
	return candor.Phases{DNS: t.dns, Connect: t.connect, TLS: t.handshake,
		FirstByte: t.firstByte, Total: time.Since(t.start)}
}
