package probe

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"time"

	"github.com/candor-status/candor"
)

// DefaultMinDaysLeft is the certificate lifetime below which a TLS probe is
// degraded when min_days_left is absent.
const DefaultMinDaysLeft = 14

// prepareTLS checks p and returns its attempt.
func (c *Checker) prepareTLS(p *candor.TLSProbe) (attempt, error) {
	host, _, err := net.SplitHostPort(p.Address)
	if err != nil {
		return nil, fmt.Errorf("address: want host:port, got %q", p.Address)
	}
	name := p.ServerName
	if name == "" {
		name = host
	}
	minDays := p.MinDaysLeft
	if minDays <= 0 {
		minDays = DefaultMinDaysLeft
	}
	return func(ctx context.Context) candor.Result {
		return c.tlsAttempt(ctx, p.Address, name, minDays)
	}, nil
}

// tlsAttempt handshakes, verifying the chain and the host name, and judges
// how long the chain has left.
func (c *Checker) tlsAttempt(ctx context.Context, address, serverName string, minDays int) candor.Result {
	start := time.Now()
	raw, err := dial(ctx, address)
	if err != nil {
		return errorResult(err, "connecting", time.Since(start))
	}
	defer raw.Close()
	ph := candor.Phases{Connect: time.Since(start)}
	conn := tls.Client(raw, &tls.Config{ServerName: serverName, RootCAs: c.roots, Time: c.now})
	if err := conn.HandshakeContext(ctx); err != nil {
		return errorResult(err, "during the TLS handshake", time.Since(start))
	}
	ph.TLS = time.Since(start) - ph.Connect
	ph.Total = time.Since(start)
	state := conn.ConnectionState()
	days := certDaysLeft(&state, c.now())
	r := failed(candor.Up, "", fmt.Sprintf("certificate valid for %d more days", days))
	if days < minDays {
		r = failed(candor.Degraded, candor.ClassCertExpiring,
			fmt.Sprintf("certificate expires in %d days, sooner than the %d days' notice wanted", days, minDays))
	}
	r.Phases, r.Latency, r.CertDaysLeft = ph, ph.Total, days
	return r
}
