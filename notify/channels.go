package notify

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/probe"
)

// GitHubIssues is the ledger's key for the GitHub issue channel.
const GitHubIssues = "github-issues"

// GitHubIssuesFilter is the changes the GitHub issue channel takes: the
// monitor's incidents opening, reopening and resolving.
func GitHubIssuesFilter() candor.Filter {
	return candor.Filter{Kinds: []candor.ChangeKind{candor.IncidentOpened, candor.IncidentReopened, candor.IncidentResolved}, MonitorOnly: true}
}

// ChannelKey and WebhookKey name a channel in the ledger by its URL as
// candor.yml writes it (usually "${NAME}"), never by the secret, so that
// a rotated secret keeps the channel's deliveries.
func ChannelKey(url string) string { return "chat-" + candor.StableID("notify.channels:"+url) }

// WebhookKey: see ChannelKey.
func WebhookKey(url string) string { return "hook-" + candor.StableID("notify.webhooks:"+url) }

// Options are what Channels needs from the outside world.
type Options struct {
	Getenv func(string) string
	// HTTPClient carries webhook requests; nil means one with
	// SendTimeout. Redirects are never followed: Statuspage counts a 3xx
	// as a failure.
	HTTPClient *http.Client
	UserAgent  string
}

// Channels builds the channels candor.yml configures, in order: every
// notify.channels entry, then every notify.webhooks entry. A channel whose
// secret is unset or whose URL the library cannot use is returned without
// a Sender, with Broken saying why in words that hold no secret, so that
// its deliveries wait rather than drop.
func Channels(cfg *candor.Config, o Options) []Channel {
	client := webhookClient(o.HTTPClient)
	var out []Channel
	for i, c := range cfg.Notify.Channels {
		field := fmt.Sprintf("notify.channels[%d].url", i)
		ch := Channel{Key: ChannelKey(c.URL), Filter: c.Filter()}
		raw, secrets, broken := expandURL(field, c.URL, o.Getenv)
		ch.Secrets, ch.Name, ch.Unset = secrets, fmt.Sprintf("notify.channels[%d] (%s)", i, schemeOf(raw)), broken != ""
		if broken == "" {
			s, err := newChat(raw)
			if err != nil {
				broken = field + ": " + probe.Redact(err.Error(), secrets)
			} else {
				ch.Sender = s
			}
		}
		ch.Broken = broken
		out = append(out, ch)
	}
	for i, w := range cfg.Notify.Webhooks {
		field := fmt.Sprintf("notify.webhooks[%d]", i)
		ch := Channel{Key: WebhookKey(w.URL), Filter: w.Filter(), Name: field + " (statuspage webhook)"}
		raw, secrets, broken := expandURL(field+".url", w.URL, o.Getenv)
		secret, values, missing := probe.Expand(w.Secret, o.Getenv)
		ch.Secrets = append(secrets, values...)
		if len(missing) > 0 && broken == "" {
			broken = fmt.Sprintf("%s.secret: environment variable %s is not set", field, missing[0])
		}
		ch.Unset = broken != ""
		if u, err := url.Parse(raw); broken == "" && (err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "") {
			broken = field + ".url: want an absolute http or https URL"
		}
		if broken == "" {
			ch.Sender = &webhook{url: raw, secret: secret, userAgent: o.UserAgent, client: client}
		}
		ch.Broken = broken
		out = append(out, ch)
	}
	return out
}

// expandURL expands a channel's URL; broken names the unset variable.
func expandURL(field, raw string, getenv func(string) string) (url string, secrets []string, broken string) {
	text, values, missing := probe.Expand(raw, getenv)
	if len(missing) > 0 {
		return "", nil, fmt.Sprintf("%s: environment variable %s is not set", field, missing[0])
	}
	secrets = append(probe.URLSecrets(text), values...)
	slices.Sort(secrets)
	return text, slices.Compact(secrets), ""
}

// schemeOf is the service a URL names, for output: its scheme only.
func schemeOf(raw string) string {
	scheme, _, ok := strings.Cut(raw, "://")
	if !ok || scheme == "" {
		return "unknown service"
	}
	return scheme
}

func webhookClient(c *http.Client) *http.Client {
	if c == nil {
		c = &http.Client{Timeout: SendTimeout}
	} else {
		cp := *c
		c = &cp
	}
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return c
}

// Secrets returns every value of the notify configuration that must never
// be printed, for a caller to mask (::add-mask:: in Actions) before
// anything is: the expanded channel and webhook URLs with the parts of
// them that may carry a token, and the webhooks' secrets.
func Secrets(cfg *candor.Config, getenv func(string) string) []string {
	var out []string
	for _, ch := range Channels(cfg, Options{Getenv: getenv}) {
		out = append(out, ch.Secrets...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
