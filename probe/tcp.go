package probe

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/candor-status/candor"
)

// maxBanner is how much a TCP probe reads while waiting for its banner.
const maxBanner = 64 << 10

// prepareTCP checks p and returns its attempt.
func (c *Checker) prepareTCP(p *candor.TCPProbe) (attempt, error) {
	if _, _, err := net.SplitHostPort(p.Address); err != nil {
		return nil, fmt.Errorf("address: want host:port, got %q", p.Address)
	}
	return func(ctx context.Context) candor.Result { return c.tcpAttempt(ctx, p) }, nil
}

// tcpAttempt connects, sends the line if any and waits for the banner if
// one is expected.
func (c *Checker) tcpAttempt(ctx context.Context, p *candor.TCPProbe) candor.Result {
	start := time.Now()
	conn, err := dial(ctx, p.Address)
	if err != nil {
		return errorResult(err, "connecting", time.Since(start))
	}
	defer conn.Close()
	ph := candor.Phases{Connect: time.Since(start)}
	stage := "sending"
	if p.Send != "" {
		_, err = conn.Write([]byte(line(p.Send)))
	}
	sent := time.Now()
	var r candor.Result
	switch {
	case err != nil:
		r = errorResult(err, stage, time.Since(start))
	case p.Expect != "":
		r = readBanner(conn, p.Expect, start)
		ph.FirstByte = time.Since(sent) // up to the banner, or the failure
	default:
		r = failed(candor.Up, "", "connected")
	}
	ph.Total = time.Since(start)
	r.Phases, r.Latency = ph, ph.Total
	return r
}

// dial connects to address. The connection's deadline follows ctx: its
// deadline, and its end if the round is canceled before.
func dial(ctx context.Context, address string) (net.Conn, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", address)
	if err != nil {
		return nil, err
	}
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	return &stopConn{Conn: conn, stop: stop}, nil
}

// stopConn releases its context watch when closed.
type stopConn struct {
	net.Conn
	stop func() bool
}

func (c *stopConn) Close() error {
	c.stop()
	return c.Conn.Close()
}

// line ends s with CRLF unless it already ends a line.
func line(s string) string {
	if strings.HasSuffix(s, "\n") {
		return s
	}
	return s + "\r\n"
}

// readBanner reads until the text contains want, the peer closes, the
// deadline passes or maxBanner bytes came.
func readBanner(conn net.Conn, want string, start time.Time) candor.Result {
	var buf bytes.Buffer
	chunk := make([]byte, 4096)
	for buf.Len() < maxBanner {
		n, err := conn.Read(chunk)
		buf.Write(chunk[:n])
		if bytes.Contains(buf.Bytes(), []byte(want)) {
			return failed(candor.Up, "", "banner contains "+fmt.Sprintf("%q", want))
		}
		if err != nil {
			return bannerError(err, want, buf.Bytes(), time.Since(start))
		}
	}
	return failed(candor.Down, candor.ClassBanner, fmt.Sprintf("no %q in the first 64 KiB", want))
}

// bannerError says why the banner did not come.
func bannerError(err error, want string, got []byte, elapsed time.Duration) candor.Result {
	class, _ := classify(err)
	if class != candor.ClassClosed {
		return errorResult(err, "waiting for the banner", elapsed)
	}
	msg := fmt.Sprintf("connection closed before %q arrived", want)
	if len(got) > 0 {
		msg += "; got " + redactor{}.quote(string(got)) // a TCP probe has no secrets
	}
	r := failed(candor.Down, candor.ClassBanner, msg)
	r.Latency = elapsed
	return r
}
