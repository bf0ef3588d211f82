// Package config reads candor.yml: strict decoding, defaults and validation,
// with every problem reported at candor.yml:LINE:COL.
package config

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // display zones must load on any machine

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/repofile"
)

// Defaults for keys left out.
const (
	DefaultInterval      = candor.DefaultInterval
	DefaultTimeout       = 10 * time.Second
	DefaultOpenAfter     = 2
	DefaultResolveAfter  = 2
	DefaultRetries       = 1
	DefaultConcurrency   = 20
	DefaultUpdateDue     = 30 * time.Minute
	DefaultReopenWithin  = 30 * time.Minute
	DefaultRawWindow     = 7 * 24 * time.Hour
	DefaultPastIncidents = 15
	// DefaultFlappingFailing of the last DefaultFlappingRounds rounds
	// failing open an incident even when no open_after failed in a row.
	DefaultFlappingFailing = 3
	DefaultFlappingRounds  = 6
)

// DefaultQuorum is policy.quorum when the config leaves it out: a
// majority of the n vantage points declared, 1 when there are none.
func DefaultQuorum(n int) int { return n/2 + 1 }

// ReadFile reads and parses the config at path. getenv, when not nil, is
// used to check that every ${NAME} the probes reference is set. The file
// must be a regular file of at most repofile.MaxSize bytes (a symbolic
// link is refused, see package repofile).
func ReadFile(path string, getenv func(string) string) (*candor.Config, []candor.Problem, error) {
	data, err := repofile.ReadFile(path, repofile.MaxSize)
	if err != nil {
		return nil, nil, err
	}
	cfg, problems := Parse(path, data, getenv)
	return cfg, problems, nil
}

// Parse decodes and validates a candor.yml. The config is returned with
// defaults filled even when there are problems, so callers that can go on
// (a build that must publish) may.
func Parse(path string, data []byte, getenv func(string) string) (*candor.Config, []candor.Problem) {
	d := &Decoder{Path: path}
	cfg := &candor.Config{}
	if d.Decode(data, cfg) {
		v := validator{d: d, cfg: cfg, getenv: getenv}
		v.validate()
	}
	_, retriesSet := d.Positions["policy.retries"]
	_, flappingSet := d.Positions["policy.flapping.failing"]
	fillDefaults(cfg, retriesSet, flappingSet)
	if _, set := d.Positions["past_incidents"]; !set { // 0 is a choice: no list
		cfg.PastIncidents = DefaultPastIncidents
	}
	return cfg, d.Problems
}

// fillDefaults fills keys left out. retries and flapping.failing are the
// numbers whose zero is a meaningful choice, so they are filled only when
// absent.
func fillDefaults(c *candor.Config, retriesSet, flappingSet bool) {
	if c.Timezone == "" {
		c.Timezone = "UTC"
	}
	if c.Location == nil {
		c.Location = time.UTC
	}
	if c.Branch == "" {
		c.Branch = "main"
	}
	if c.BaseURL == "" {
		c.BaseURL = "/"
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	defInt := func(n *int, v int) {
		if *n == 0 {
			*n = v
		}
	}
	def(&c.Interval, DefaultInterval)
	p := &c.Policy
	def(&p.Timeout, DefaultTimeout)
	def(&p.UpdateDue, DefaultUpdateDue)
	def(&p.ReopenWithin, DefaultReopenWithin)
	def(&p.RawWindow, DefaultRawWindow)
	defInt(&p.OpenAfter, DefaultOpenAfter)
	defInt(&p.ResolveAfter, DefaultResolveAfter)
	defInt(&p.Concurrency, DefaultConcurrency)
	if !retriesSet {
		p.Retries = DefaultRetries
	}
	if !flappingSet {
		p.Flapping.Failing = DefaultFlappingFailing
	}
	defInt(&p.Flapping.Rounds, max(DefaultFlappingRounds, p.Flapping.Failing))
	defInt(&p.Quorum, DefaultQuorum(len(c.Vantages)))
	for i := range c.Components {
		if c.Components[i].Name == "" {
			c.Components[i].Name = c.Components[i].ID
		}
	}
	for i := range c.Vantages {
		if c.Vantages[i].Name == "" {
			c.Vantages[i].Name = c.Vantages[i].ID
		}
	}
}

type validator struct {
	d      *Decoder
	cfg    *candor.Config
	getenv func(string) string
}

var (
	idPattern   = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,62}$`)
	repoPattern = regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$`)
	envRef      = regexp.MustCompile(`\$\{([^}]*)\}`)
	envName     = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	statusCode  = regexp.MustCompile(`^([1-5][0-9][0-9]|[1-5]xx|[1-5][0-9][0-9]-[1-5][0-9][0-9])$`)
)

func (v *validator) validate() {
	c := v.cfg
	if strings.TrimSpace(c.Title) == "" && !v.d.Reported("title") {
		v.d.Errorf("title", "required: the page's name")
	}
	v.d.CheckText("title", c.Title, true)
	v.d.CheckText("description", c.Description, true)
	if c.BaseURL != "" {
		if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			v.d.Errorf("base_url", "want an absolute http or https URL (got %q)", c.BaseURL)
		}
	}
	if c.Repository != "" && !repoPattern.MatchString(c.Repository) {
		v.d.Errorf("repository", "want owner/name (got %q)", c.Repository)
	}
	if c.Timezone != "" {
		loc, err := time.LoadLocation(c.Timezone)
		if err != nil {
			v.d.Errorf("timezone", "want an IANA time zone such as Europe/Berlin (got %q)", c.Timezone)
		} else {
			c.Location = loc
		}
	}
	v.durations()
	if _, ok := v.d.Positions["past_incidents"]; ok && (c.PastIncidents < 0 || c.PastIncidents > 90) && !v.d.Reported("past_incidents") {
		v.d.Errorf("past_incidents", "want 0 to 90 days (got %d)", c.PastIncidents)
	}
	if len(c.Components) == 0 && !v.d.Reported("components") {
		v.d.Errorf("components", "required: at least one component")
	}
	seen := map[string]string{}
	for i := range c.Components {
		v.component(i, seen)
	}
	v.vantages()
	v.policy()
	v.notify()
}

// vantages checks the vantage points: each with an id and a name of its
// own, since the page and incident texts name locations by name.
func (v *validator) vantages() {
	seen, names := map[string]string{}, map[string]string{}
	for i := range v.cfg.Vantages {
		f := fmt.Sprintf("vantages[%d]", i)
		vp := v.cfg.Vantages[i]
		dupID := seen[vp.ID] != ""
		v.id(f, vp.ID, seen)
		if dupID {
			continue // said once, as a duplicate id
		}
		field := f + ".name"
		if _, ok := v.d.Positions[field]; !ok {
			field = f + ".id" // the name defaults to the id
		}
		name := vp.Name
		if name == "" {
			name = vp.ID
		}
		if first, ok := names[name]; ok && name != "" {
			v.d.Errorf(field, "name %q is the name of another vantage point too (first at line %d): locations are told apart by name", name, v.d.Positions[first].Line)
			continue
		}
		names[name] = field
		v.d.CheckText(f+".name", vp.Name, true)
	}
}

// ValidID reports whether id may name a component or a vantage point:
// lowercase letters, digits, - and _, at most 63, starting with a letter
// or digit.
func ValidID(id string) bool { return idPattern.MatchString(id) }

// id checks the id of the item at f: given, well formed, and not one seen
// before (seen maps ids to the field that first had them).
func (v *validator) id(f, id string, seen map[string]string) {
	switch {
	case id == "" && v.d.Reported(f+".id"): // a wrong type, said already
	case id == "":
		v.d.Errorf(f, "id: required")
	case !ValidID(id):
		v.d.Errorf(f+".id", "want lowercase letters, digits, - and _ (got %q)", id)
	case seen[id] != "":
		p := v.d.Positions[seen[id]]
		v.d.Errorf(f+".id", "duplicate id %q (first at line %d)", id, p.Line)
	default:
		seen[id] = f + ".id"
	}
}

func (v *validator) component(i int, seen map[string]string) {
	comp := &v.cfg.Components[i]
	f := fmt.Sprintf("components[%d]", i)
	v.id(f, comp.ID, seen)
	v.d.CheckText(f+".name", comp.Name, true)
	v.d.CheckText(f+".description", comp.Description, false)
	v.d.CheckText(f+".group", comp.Group, true)
	if _, ok := v.d.Positions[f+".sla"]; ok {
		v.sla(f+".sla", comp.SLA)
	}
	if comp.Probe != nil {
		v.probe(f+".probe", comp.Probe)
	}
}

// sla checks a component's SLA: a target strictly between 0 and 100, and
// credit tiers below it that owe more the lower they reach.
func (v *validator) sla(f string, s candor.SLA) {
	target := f
	if v.has(f + ".target") {
		target = f + ".target"
	}
	switch {
	case v.d.Reported(target):
	case s.Target == 0 && (v.mapping(f) || len(s.Credits) > 0):
		v.d.Errorf(f, "target: required: the promised uptime in percent, such as 99.9")
	case s.Target != 0 && (s.Target <= 0 || s.Target >= 100):
		v.d.Errorf(target, "want a percentage between 0 and 100 such as 99.9 (got %v)", s.Target)
	}
	for i, c := range s.Credits {
		cf := fmt.Sprintf("%s.credits[%d]", f, i)
		switch {
		case v.d.Reported(cf + ".below"):
		case c.Below == 0 && !v.has(cf+".below"):
			v.d.Errorf(cf, "below: required: the uptime in percent under which this credit is owed")
		case c.Below <= 0 || c.Below > 100:
			v.d.Errorf(cf+".below", "want a percentage above 0 and at most 100 (got %v)", c.Below)
		case s.Target > 0 && c.Below > s.Target:
			v.d.Errorf(cf+".below", "want at most the target %v: a month that meets the SLA owes no credit (got %v)", s.Target, c.Below)
		}
		switch {
		case v.d.Reported(cf + ".percent"):
		case c.Percent == 0 && !v.has(cf+".percent"):
			v.d.Errorf(cf, "percent: required: the credit in percent of the month's fee")
		case c.Percent <= 0 || c.Percent > 100:
			v.d.Errorf(cf+".percent", "want a percentage above 0 and at most 100 (got %v)", c.Percent)
		}
		for j, o := range s.Credits[:i] {
			switch {
			case o.Below == c.Below:
				v.d.Errorf(cf+".below", "the same as credits[%d] (got %v)", j, c.Below)
			case (o.Below < c.Below && o.Percent < c.Percent) || (o.Below > c.Below && o.Percent > c.Percent):
				v.d.Errorf(cf, "below %v owes %v%%, but credits[%d] below %v owes %v%%: a lower uptime must not owe less", c.Below, c.Percent, j, o.Below, o.Percent)
			}
		}
	}
}

// has reports whether field is in the file.
func (v *validator) has(field string) bool {
	_, ok := v.d.Positions[field]
	return ok
}

// mapping reports whether field was given as a mapping: its keys are in
// the file.
func (v *validator) mapping(field string) bool {
	for k := range v.d.Positions {
		if strings.HasPrefix(k, field+".") {
			return true
		}
	}
	return false
}

func (v *validator) probe(f string, p *candor.Probe) {
	var kinds []string
	for _, k := range []struct {
		name string
		set  bool
	}{{"http", p.HTTP != nil}, {"tcp", p.TCP != nil}, {"dns", p.DNS != nil}, {"tls", p.TLS != nil}} {
		if k.set {
			kinds = append(kinds, k.name)
		}
	}
	switch len(kinds) {
	case 0:
		v.d.Errorf(f, "want one of http, tcp, dns, tls")
		return
	case 1:
	default:
		v.d.Errorf(f, "want exactly one kind of probe (got %s)", strings.Join(kinds, " and "))
		return
	}
	switch {
	case p.HTTP != nil:
		v.httpProbe(f+".http", p.HTTP)
	case p.TCP != nil:
		v.address(f+".tcp.address", p.TCP.Address)
		v.timeout(f+".tcp.timeout", p.TCP.Timeout)
	case p.DNS != nil:
		v.dnsProbe(f+".dns", p.DNS)
	case p.TLS != nil:
		v.address(f+".tls.address", p.TLS.Address)
		v.timeout(f+".tls.timeout", p.TLS.Timeout)
		if p.TLS.MinDaysLeft < 0 {
			v.d.Errorf(f+".tls.min_days_left", "want 0 or more (got %d)", p.TLS.MinDaysLeft)
		}
	}
}

func (v *validator) httpProbe(f string, h *candor.HTTPProbe) {
	v.envRefs(f+".url", h.URL)
	if h.URL == "" {
		if !v.d.Reported(f + ".url") {
			v.d.Errorf(f, "url: required")
		}
	} else if u, err := url.Parse(envRef.ReplaceAllString(h.URL, "x")); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		v.d.Errorf(f+".url", "want an absolute http or https URL (got %q)", h.URL)
	}
	switch strings.ToUpper(h.Method) {
	case "", "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS":
		h.Method = strings.ToUpper(h.Method)
	default:
		v.d.Errorf(f+".method", "want GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS (got %q)", h.Method)
	}
	for k, val := range h.Headers {
		v.envRefs(f+".headers."+k, val)
	}
	v.envRefs(f+".body", h.Body)
	if h.Redirects != nil && (*h.Redirects < 0 || *h.Redirects > 20) {
		v.d.Errorf(f+".redirects", "want 0 to 20 (got %d)", *h.Redirects)
	}
	for i, s := range h.Expect.Status {
		if !statusCode.MatchString(s) {
			v.d.Errorf(fmt.Sprintf("%s.expect.status[%d]", f, i), "want a status code such as 200, a class such as 2xx or a range such as 200-399 (got %q)", s)
		}
	}
	if h.Expect.BodyRegex != "" {
		if _, err := regexp.Compile(h.Expect.BodyRegex); err != nil {
			v.d.Errorf(f+".expect.body_regex", "invalid regular expression: %v", err)
		}
	}
	if h.Expect.JSON != nil && h.Expect.JSON.Path == "" {
		v.d.Errorf(f+".expect.json", "path: required")
	}
	v.timeout(f+".timeout", h.Timeout)
	v.maxLatency(f+".expect.max_latency", h.Expect.MaxLatency, h.Timeout)
}

func (v *validator) dnsProbe(f string, p *candor.DNSProbe) {
	if p.Name == "" && !v.d.Reported(f+".name") {
		v.d.Errorf(f, "name: required")
	}
	p.Type = strings.ToUpper(p.Type)
	switch p.Type {
	case "":
		p.Type = "A"
	case "A", "AAAA", "CNAME", "MX", "TXT", "NS":
	default:
		v.d.Errorf(f+".type", "want one of A, AAAA, CNAME, MX, TXT, NS (got %q)", p.Type)
	}
	if p.Resolver != "" {
		v.address(f+".resolver", p.Resolver)
	}
	v.timeout(f+".timeout", p.Timeout)
}

func (v *validator) address(f, addr string) {
	if addr == "" {
		if !v.d.Reported(f) {
			v.d.Errorf(f, "required: host:port")
		}
		return
	}
	host, port, err := net.SplitHostPort(addr)
	n, perr := strconv.Atoi(port)
	if err != nil || host == "" || perr != nil || n < 1 || n > 65535 {
		v.d.Errorf(f, "want host:port such as db.example.com:5432 (got %q)", addr)
	}
}

// envRefs checks the ${NAME} references in s: well formed, and set when the
// environment is known.
func (v *validator) envRefs(f, s string) {
	for _, m := range envRef.FindAllStringSubmatch(s, -1) {
		name := m[1]
		switch {
		case !envName.MatchString(name):
			v.d.Errorf(f, "want ${NAME} with letters, digits and _ (got %q)", m[0])
		case v.getenv != nil && v.getenv(name) == "":
			v.d.Errorf(f, "environment variable %s is not set", name)
			v.d.Problems[len(v.d.Problems)-1].Code = candor.ProblemMissingSecret
		}
	}
}

// MissingSecret reports whether p is about an unset ${NAME}: a problem the
// monitor can run past, recording that one component as unknown.
func MissingSecret(p candor.Problem) bool { return p.Code == candor.ProblemMissingSecret }

func (v *validator) policy() {
	p := &v.cfg.Policy
	min := func(field string, n, lo, hi int) {
		if _, ok := v.d.Positions["policy."+field]; ok && (n < lo || n > hi) {
			v.d.Errorf("policy."+field, "want %d to %d (got %d)", lo, hi, n)
		}
	}
	min("open_after", p.OpenAfter, 1, 1000)
	min("resolve_after", p.ResolveAfter, 1, 1000)
	min("retries", p.Retries, 0, 5)
	min("concurrency", p.Concurrency, 1, 1000)
	min("flapping.rounds", p.Flapping.Rounds, 2, 100)
	min("quorum", p.Quorum, 1, max(1, len(v.cfg.Vantages)))
	rounds := p.Flapping.Rounds
	if _, ok := v.d.Positions["policy.flapping.rounds"]; !ok {
		rounds = max(DefaultFlappingRounds, p.Flapping.Failing)
	}
	min("flapping.failing", p.Flapping.Failing, 0, rounds)
	for i, c := range p.Control {
		if u, err := url.Parse(c); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			v.d.Errorf(fmt.Sprintf("policy.control[%d]", i), "want an absolute http or https URL (got %q)", c)
		}
	}
}
