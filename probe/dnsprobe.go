package probe

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/miekg/dns"

	"github.com/candor-status/candor"
)

// dnsTypes are the record types a DNS probe may ask for.
var dnsTypes = map[string]uint16{
	"A": dns.TypeA, "AAAA": dns.TypeAAAA, "CNAME": dns.TypeCNAME,
	"MX": dns.TypeMX, "TXT": dns.TypeTXT, "NS": dns.TypeNS,
}

// dnsQuery is a DNS probe made ready to run.
type dnsQuery struct {
	c        *Checker
	name     string // fully qualified
	qtype    uint16
	resolver string // host:port, or empty for the system's
	expect   string
}

// prepareDNS checks p and returns its attempt.
func (c *Checker) prepareDNS(p *candor.DNSProbe) (attempt, error) {
	typ := strings.ToUpper(p.Type)
	if typ == "" {
		typ = "A"
	}
	qtype, ok := dnsTypes[typ]
	if !ok {
		return nil, fmt.Errorf("type: want one of A, AAAA, CNAME, MX, TXT, NS; got %q", p.Type)
	}
	if _, ok := dns.IsDomainName(p.Name); !ok || p.Name == "" {
		return nil, fmt.Errorf("name: %q is not a domain name", p.Name)
	}
	q := &dnsQuery{c: c, name: dns.Fqdn(p.Name), qtype: qtype, resolver: p.Resolver, expect: p.Expect}
	if q.resolver != "" {
		if _, _, err := net.SplitHostPort(q.resolver); err != nil {
			q.resolver = net.JoinHostPort(q.resolver, "53")
		}
	}
	return q.check, nil
}

// servers are the resolvers to ask, in order.
func (q *dnsQuery) servers() ([]string, error) {
	if q.resolver != "" {
		return []string{q.resolver}, nil
	}
	cc, err := dns.ClientConfigFromFile(q.c.resolvConf)
	if err != nil {
		return nil, fmt.Errorf("no resolver: %w", err)
	}
	if len(cc.Servers) == 0 {
		return nil, fmt.Errorf("no resolver in %s", q.c.resolvConf)
	}
	var out []string
	for _, s := range cc.Servers {
		out = append(out, net.JoinHostPort(s, cc.Port))
	}
	return out, nil
}

// check asks each server in turn until one answers, then judges the answer.
func (q *dnsQuery) check(ctx context.Context) candor.Result {
	start := time.Now()
	servers, err := q.servers()
	if err != nil {
		return failed(candor.Down, candor.ClassDNS, err.Error())
	}
	var in *dns.Msg
	var server string
	for _, server = range servers {
		if in, err = q.exchange(ctx, server); err == nil || ctx.Err() != nil {
			break
		}
	}
	elapsed := time.Since(start)
	if err != nil {
		return errorResult(err, "waiting for an answer from "+server, elapsed)
	}
	r := q.judge(in, server)
	r.Latency = elapsed
	r.Phases = candor.Phases{DNS: elapsed, Total: elapsed}
	return r
}

// exchange sends the query over UDP, and again over TCP if the answer was
// truncated. A truncated answer may end inside a record, which the client
// reports as an error beside the message: the truncation flag decides, not
// the error.
func (q *dnsQuery) exchange(ctx context.Context, server string) (*dns.Msg, error) {
	m := new(dns.Msg)
	m.SetQuestion(q.name, q.qtype)
	m.SetEdns0(4096, false)
	timeout := DefaultTimeout
	if dl, ok := ctx.Deadline(); ok {
		timeout = time.Until(dl)
	}
	client := &dns.Client{Net: "udp", Timeout: timeout}
	in, _, err := client.ExchangeContext(ctx, m, server)
	if in != nil && in.Truncated {
		client.Net = "tcp"
		in, _, err = client.ExchangeContext(ctx, m, server)
	}
	if err == nil && in == nil {
		err = errors.New("empty answer")
	}
	return in, err
}

// judge turns an answer into a result.
func (q *dnsQuery) judge(in *dns.Msg, server string) candor.Result {
	name := strings.TrimSuffix(q.name, ".")
	switch in.Rcode {
	case dns.RcodeSuccess:
	case dns.RcodeNameError:
		return failed(candor.Down, candor.ClassNXDomain, "no such domain "+name)
	case dns.RcodeServerFailure:
		return failed(candor.Down, candor.ClassServFail, fmt.Sprintf("SERVFAIL for %s from %s", name, server))
	default:
		return failed(candor.Down, candor.ClassDNS, fmt.Sprintf("%s for %s from %s", rcode(in.Rcode), name, server))
	}
	answers := q.answers(in)
	typ := dns.TypeToString[q.qtype]
	if len(answers) == 0 {
		return failed(candor.Down, candor.ClassAnswer, fmt.Sprintf("no %s records for %s", typ, name))
	}
	got := strings.Join(answers, ", ")
	if q.expect != "" && !containsFold(answers, q.expect) {
		return failed(candor.Down, candor.ClassAnswer, fmt.Sprintf("no %s record contains %q; got %s", typ, q.expect, got))
	}
	return failed(candor.Up, "", typ+" "+got)
}

// answers are the answer records of the asked type, as text.
func (q *dnsQuery) answers(in *dns.Msg) []string {
	var out []string
	for _, rr := range in.Answer {
		if rr.Header().Rrtype != q.qtype {
			continue
		}
		switch rr := rr.(type) {
		case *dns.A:
			out = append(out, rr.A.String())
		case *dns.AAAA:
			out = append(out, rr.AAAA.String())
		case *dns.CNAME:
			out = append(out, rr.Target)
		case *dns.MX:
			out = append(out, strconv.Itoa(int(rr.Preference))+" "+rr.Mx)
		case *dns.TXT:
			out = append(out, strings.Join(rr.Txt, ""))
		case *dns.NS:
			out = append(out, rr.Ns)
		}
	}
	return out
}

// containsFold reports whether any answer contains want, ignoring case:
// DNS names are case-insensitive.
func containsFold(answers []string, want string) bool {
	want = strings.ToLower(want)
	for _, a := range answers {
		if strings.Contains(strings.ToLower(a), want) {
			return true
		}
	}
	return false
}

// rcode names a response code.
func rcode(c int) string {
	if s, ok := dns.RcodeToString[c]; ok {
		return s
	}
	return "rcode " + strconv.Itoa(c)
}
