package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/candor-status/candor"
)

// errTooManyRedirects stops a client after the allowed redirects.
type errTooManyRedirects struct{ n int }

func (e errTooManyRedirects) Error() string {
	return fmt.Sprintf("stopped after %d redirects", e.n)
}

// errRedirectRefused stops a request carrying a secret from following a
// redirect to another origin.
type errRedirectRefused struct{ from, to string }

func (e errRedirectRefused) Error() string {
	return fmt.Sprintf("redirect to another origin refused: the request carries a secret; from %s to %s", e.from, e.to)
}

// errorResult is the down result of an attempt that failed with err after
// elapsed, during stage ("connecting", "reading body", ...).
func errorResult(err error, stage string, elapsed time.Duration) candor.Result {
	class, msg := classify(err)
	switch class {
	case candor.ClassTimeout:
		msg = fmt.Sprintf("timed out after %s %s", spoken(elapsed), stage)
	case candor.ClassReset, candor.ClassClosed, candor.ClassCanceled:
		msg += " " + stage
	}
	o := candor.Down
	if class == candor.ClassCanceled { // the round ended before the check could tell
		o = candor.Unknown
	}
	r := failed(o, class, msg)
	if class == candor.ClassCertExpired {
		r.CertDaysLeft = 0
	}
	r.Latency, r.Phases.Total = elapsed, elapsed
	return r
}

// classify names the class of err and says what happened in plain words.
// It never quotes a URL: *url.Error is unwrapped first.
func classify(err error) (class candor.Class, msg string) {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	if class, msg, ok := classifyTLS(err); ok {
		return class, msg
	}
	return classifyNet(err)
}

// classifyTLS recognises certificate and handshake failures.
func classifyTLS(err error) (class candor.Class, msg string, ok bool) {
	var inv x509.CertificateInvalidError
	var host x509.HostnameError
	var auth x509.UnknownAuthorityError
	var rec tls.RecordHeaderError
	var alert tls.AlertError
	var verr *tls.CertificateVerificationError
	switch {
	case errors.As(err, &inv) && inv.Reason == x509.Expired:
		if strings.Contains(inv.Detail, " is before ") { // not valid yet, by the verifier's clock
			return candor.ClassTLS, "certificate not valid before " + inv.Cert.NotBefore.UTC().Format(time.DateOnly), true
		}
		return candor.ClassCertExpired, "certificate expired on " + inv.Cert.NotAfter.UTC().Format(time.DateOnly), true
	case errors.As(err, &host):
		return candor.ClassTLS, strings.TrimPrefix(host.Error(), "x509: "), true
	case errors.As(err, &auth):
		return candor.ClassTLS, "certificate signed by unknown authority", true
	case errors.As(err, &rec):
		return candor.ClassTLS, "server did not answer with TLS", true
	case errors.As(err, &alert), errors.As(err, &verr), errors.As(err, &inv):
		return candor.ClassTLS, "tls: " + strings.TrimPrefix(strings.TrimPrefix(err.Error(), "remote error: "), "tls: "), true
	}
	return "", "", false
}

// classifyNet recognises timeouts, socket errors and resolution failures.
func classifyNet(err error) (class candor.Class, msg string) {
	var dnsErr *net.DNSError
	var ne net.Error
	var tooMany errTooManyRedirects
	var refused errRedirectRefused
	switch {
	case errors.As(err, &tooMany):
		return candor.ClassRedirects, tooMany.Error()
	case errors.As(err, &refused):
		return candor.ClassRedirects, refused.Error()
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded),
		errors.As(err, &ne) && ne.Timeout():
		return candor.ClassTimeout, "timed out"
	case errors.Is(err, context.Canceled):
		return candor.ClassCanceled, "canceled"
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return candor.ClassNXDomain, "no such host " + dnsErr.Name
	case errors.As(err, &dnsErr):
		return candor.ClassDNS, "cannot resolve " + dnsErr.Name + ": " + dnsErr.Err
	case errors.Is(err, syscall.ECONNREFUSED):
		return candor.ClassRefused, "connection refused by " + opAddr(err)
	case errors.Is(err, syscall.ECONNRESET):
		return candor.ClassReset, "connection reset by peer"
	case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH):
		return candor.ClassUnreachable, "no route to " + opAddr(err)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.EPIPE),
		strings.Contains(err.Error(), "server closed idle connection"): // net/http's name for an early close
		return candor.ClassClosed, "connection closed by peer"
	}
	return candor.ClassError, err.Error()
}

// opAddr is the remote address a socket error names, or "the server".
func opAddr(err error) string {
	var op *net.OpError
	if errors.As(err, &op) && op.Addr != nil {
		return op.Addr.String()
	}
	return "the server"
}
