package candor

import "time"

// Config is a parsed candor.yml. Zero values are filled with defaults by the
// config package, so code that receives a Config may rely on them.
type Config struct {
	Title       string `yaml:"title"`
	Description string `yaml:"description"`
	BaseURL     string `yaml:"base_url"`
	// Repository is owner/name on GitHub, for links to incident sources.
	Repository string `yaml:"repository"`
	// Branch is the repository's default branch, for source links. Default main.
	Branch string `yaml:"branch"`
	// Timezone is an IANA zone; days and months begin at its midnight.
	Timezone string `yaml:"timezone"`
	// Location is Timezone loaded; never nil after config.Load.
	Location *time.Location `yaml:"-"`
	// Interval is how often the schedule runs. Default 5m.
	Interval time.Duration `yaml:"interval"`
	// PastIncidents is how many days the home page lists past incidents
	// for, today first; 0 leaves the list out. Default 15.
	PastIncidents int         `yaml:"past_incidents"`
	Components    []Component `yaml:"components"`
	// Vantages are the places candor probes from, when there are several;
	// their results are merged by Policy.Quorum.
	Vantages []VantagePoint `yaml:"vantages"`
	Policy   Policy         `yaml:"policy"`
	Notify   Notify         `yaml:"notify"`
}

// Component is one thing the page reports on.
type Component struct {
	ID          string `yaml:"id"`
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	Group       string `yaml:"group"`
	SLA         SLA    `yaml:"sla"` // per calendar month; a zero Target means none
	Probe       *Probe `yaml:"probe"`
}

// Component returns the component with the given id.
func (c *Config) Component(id string) (Component, bool) {
	for _, comp := range c.Components {
		if comp.ID == id {
			return comp, true
		}
	}
	return Component{}, false
}

// Policy holds the rules that turn measurements into incidents.
type Policy struct {
	OpenAfter    int           `yaml:"open_after"`    // failing rounds before an incident opens; default 2
	ResolveAfter int           `yaml:"resolve_after"` // passing rounds before it resolves; default 2
	Retries      int           `yaml:"retries"`       // quick retries inside a round; default 1
	Concurrency  int           `yaml:"concurrency"`   // checks at once; default 20
	Timeout      time.Duration `yaml:"timeout"`       // default per-check deadline; default 10s
	Control      []string      `yaml:"control"`       // URLs outside the product
	UpdateDue    time.Duration `yaml:"update_due"`    // default 30m
	ReopenWithin time.Duration `yaml:"reopen_within"` // default 30m
	RawWindow    time.Duration `yaml:"raw_window"`    // raw results kept; default 7d
	Flapping     Flapping      `yaml:"flapping"`      // intermittent failures; default 3 of 6
	// Quorum is how many vantage points that could see must fail a check
	// for the round to count it failing; default a majority of vantages.
	Quorum int `yaml:"quorum"`
}

// Flapping opens an incident on checks that fail intermittently: Failing
// of the last Rounds consecutive rounds, even without open_after in a row.
// Failing 0 turns it off.
type Flapping struct {
	Failing int `yaml:"failing"`
	Rounds  int `yaml:"rounds"`
}

// Notify says where changes of the page are sent: GitHub issues for the
// incidents the monitor opens (with the action's notify input), chat and
// email channels by URL, and Statuspage-compatible webhooks.
type Notify struct {
	Assignees []string        `yaml:"assignees"`
	Labels    []string        `yaml:"labels"`
	Channels  []NotifyChannel `yaml:"channels"`
	Webhooks  []NotifyWebhook `yaml:"webhooks"`
}

// NotifyChannel is a chat, push or email destination given by a URL in the
// form of the shoutrrr library (slack://, discord://, smtp://, generic+https://
// ...). The URL usually holds ${NAME} references to secrets.
type NotifyChannel struct {
	URL        string       `yaml:"url"`
	Components []string     `yaml:"components"`
	MinImpact  Impact       `yaml:"min_impact"`
	Events     []ChangeKind `yaml:"events"`
}

// Filter is the changes the channel wants.
func (c NotifyChannel) Filter() Filter {
	return Filter{Components: c.Components, MinImpact: c.MinImpact, Kinds: c.Events}
}

// NotifyWebhook is an endpoint sent the JSON bodies Statuspage sends its
// webhook subscribers, signed when Secret is set.
type NotifyWebhook struct {
	URL        string       `yaml:"url"`
	Secret     string       `yaml:"secret"`
	Components []string     `yaml:"components"`
	MinImpact  Impact       `yaml:"min_impact"`
	Events     []ChangeKind `yaml:"events"`
}

// Filter is the changes the webhook wants.
func (w NotifyWebhook) Filter() Filter {
	return Filter{Components: w.Components, MinImpact: w.MinImpact, Kinds: w.Events}
}

// Probe says how to check a component. Exactly one kind is set.
type Probe struct {
	HTTP *HTTPProbe `yaml:"http"`
	TCP  *TCPProbe  `yaml:"tcp"`
	DNS  *DNSProbe  `yaml:"dns"`
	TLS  *TLSProbe  `yaml:"tls"`
}

// Kind names the kind of probe that is set: http, tcp, dns or tls.
func (p *Probe) Kind() string {
	switch {
	case p == nil:
		return ""
	case p.HTTP != nil:
		return "http"
	case p.TCP != nil:
		return "tcp"
	case p.DNS != nil:
		return "dns"
	case p.TLS != nil:
		return "tls"
	}
	return ""
}

// HTTPProbe requests a URL and judges the response. URL, Headers and Body
// may hold ${NAME} references to environment variables (secrets).
type HTTPProbe struct {
	Method  string            `yaml:"method"` // default GET
	URL     string            `yaml:"url"`
	Headers map[string]string `yaml:"headers"`
	Body    string            `yaml:"body"`
	// Redirects is how many redirects to follow; nil means 5, 0 means none.
	Redirects *int          `yaml:"redirects"`
	Expect    HTTPExpect    `yaml:"expect"`
	Timeout   time.Duration `yaml:"timeout"`
}

// HTTPExpect is what a healthy response looks like.
type HTTPExpect struct {
	// Status lists accepted codes: "200", or a class such as "2xx".
	// Default: 2xx.
	Status       []string      `yaml:"status"`
	BodyContains string        `yaml:"body_contains"`
	BodyRegex    string        `yaml:"body_regex"`
	JSON         *JSONExpect   `yaml:"json"`
	MaxLatency   time.Duration `yaml:"max_latency"` // slower is degraded
}

// JSONExpect requires the value at a dot path (a.b.0.c) of a JSON body to
// equal a value, compared as text ("true", "42", "ok").
type JSONExpect struct {
	Path   string `yaml:"path"`
	Equals string `yaml:"equals"`
}

// TCPProbe connects to an address, optionally sends a line and expects a
// banner containing Expect.
type TCPProbe struct {
	Address string        `yaml:"address"`
	Send    string        `yaml:"send"`
	Expect  string        `yaml:"expect"`
	Timeout time.Duration `yaml:"timeout"`
}

// DNSProbe resolves a name.
type DNSProbe struct {
	Name     string        `yaml:"name"`
	Type     string        `yaml:"type"`     // A, AAAA, CNAME, MX, TXT, NS; default A
	Resolver string        `yaml:"resolver"` // host:port; default the system's
	Expect   string        `yaml:"expect"`   // an answer must contain it
	Timeout  time.Duration `yaml:"timeout"`
}

// TLSProbe handshakes with an address and checks the certificate chain.
type TLSProbe struct {
	Address     string        `yaml:"address"`
	ServerName  string        `yaml:"server_name"` // default the address's host
	MinDaysLeft int           `yaml:"min_days_left"`
	Timeout     time.Duration `yaml:"timeout"`
}
