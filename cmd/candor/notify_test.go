package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor/notify"
	"github.com/candor-status/candor/notify/notifytest"
)

// loopbacks are the channels of a notify scenario, each a loopback
// stand-in: Slack, Discord, email over SMTP, a generic webhook, and a
// Statuspage webhook subscriber.
type loopbacks struct {
	slack, discord, generic, hook *notifytest.Hook
	smtp                          *notifytest.SMTP
	env                           map[string]string
	// tokens are the secret parts of the URLs: none may be printed,
	// committed or published.
	tokens []string
}

const hookSecret = "whsec-7f1c9a2b4d"

// notifyConfig is the notify block naming the loopbacks through secrets.
const notifyConfig = `notify:
  channels:
    - url: "${SLACK_URL}"
    - url: "${DISCORD_URL}"
    - url: "${MAIL_URL}"
    - url: "${GENERIC_URL}"
  webhooks:
    - url: "${HOOK_URL}"
      secret: "${HOOK_SECRET}"
`

func newLoopbacks(t *testing.T) *loopbacks {
	t.Helper()
	hosts := notifytest.Intercept()
	l := &loopbacks{}
	var slackURL, discordURL string
	slackURL, l.slack = hosts.Slack()
	discordURL, l.discord = hosts.Discord()
	genHook, genSrv := notifytest.NewHook(t)
	hk, hookSrv := notifytest.NewHook(t)
	l.generic, l.hook = genHook, hk
	l.smtp = notifytest.NewSMTP(t)
	mail := strings.Replace(l.smtp.URL("status@acme.example", "ops@acme.example"), "smtp://", "smtp://mailer:mailpass-93af@", 1)
	l.env = map[string]string{
		"SLACK_URL": slackURL, "DISCORD_URL": discordURL, "MAIL_URL": mail,
		"GENERIC_URL": "generic+" + genSrv.URL + "/notify/gtoken-55aa1c?template=json",
		"HOOK_URL":    hookSrv.URL + "/statuspage/htoken-88bb2d", "HOOK_SECRET": hookSecret,
	}
	// The parts of each URL that carry a token.
	slackToken := regexp.MustCompile(`Xsecret0+\d+`).FindString(slackURL)
	discordToken := regexp.MustCompile(`dsecret0+\d+`).FindString(discordURL)
	l.tokens = []string{slackToken, discordToken, "mailpass-93af", "gtoken-55aa1c", "htoken-88bb2d", hookSecret}
	if slices.Contains(l.tokens, "") {
		t.Fatalf("a token was not found in its URL: %q", l.tokens)
	}
	return l
}

// messages are what each channel got, as text, by channel name.
func (l *loopbacks) messages() map[string][]string {
	out := map[string][]string{}
	for name, h := range map[string]*notifytest.Hook{"slack": l.slack, "discord": l.discord, "generic": l.generic, "webhook": l.hook} {
		for _, r := range h.Requests() {
			out[name] = append(out[name], strings.Join(jsonStrings(r.Body), "\n"))
		}
	}
	for _, m := range l.smtp.Mails() {
		raw := m.Message.Header.Get("Subject")
		subject, err := new(mime.WordDecoder).DecodeHeader(raw)
		if err != nil || strings.ContainsFunc(raw, func(r rune) bool { return r > '~' || r < ' ' }) {
			subject = fmt.Sprintf("a Subject header that is not ASCII: %+q (%v)", raw, err)
		}
		out["email"] = append(out["email"], subject+"\n"+m.Body)
	}
	return out
}

// jsonStrings are every string in a JSON document, in order.
func jsonStrings(b []byte) []string {
	var v any
	if json.Unmarshal(b, &v) != nil {
		return []string{string(b)}
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			out = append(out, x)
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				walk(x[k])
			}
		}
	}
	walk(v)
	return out
}

// events are the webhook's X-Candor-Event headers, in order.
func (l *loopbacks) events() []string {
	var out []string
	for _, r := range l.hook.Requests() {
		out = append(out, r.Header.Get(notify.EventHeader))
	}
	return out
}

// notifyScenario is a local scenario notifying the loopbacks.
type notifyScenario struct {
	*scenario
	lb   *loopbacks
	outs []string // stdout and stderr of every run
}

func newNotifyScenario(t *testing.T) *notifyScenario {
	lb := newLoopbacks(t)
	s := newScenario(t, notifyConfig)
	s.env = lb.env
	return &notifyScenario{scenario: s, lb: lb}
}

// step runs the next round with the API answering status and returns its
// stdout.
func (n *notifyScenario) step(status int, extra ...string) string {
	n.t.Helper()
	n.api.status.Store(int32(status))
	now := n.start.Add(time.Duration(n.round) * 5 * time.Minute)
	n.round++
	var out, errb bytes.Buffer
	args := append([]string{"run", "--config", filepath.Join(n.dir, "candor.yml"), "--data", filepath.Join(n.dir, "data"),
		"--out", filepath.Join(n.dir, "public"), "--now", now.Format(time.RFC3339)}, extra...)
	if code := run(n.t.Context(), args, func(k string) string { return n.env[k] }, &out, &errb); code != 0 {
		n.t.Fatalf("run at %s = exit %d\nstdout:\n%s\nstderr:\n%s", now.Format("15:04"), code, out.String(), errb.String())
	}
	n.outs = append(n.outs, out.String(), errb.String())
	return out.String()
}

func (n *notifyScenario) at(round int) time.Time {
	return n.start.Add(time.Duration(round) * 5 * time.Minute)
}

// expected is a change each channel must get once: its kind, and text its
// message must hold.
type expected struct {
	kind string
	want []string
}

// TestNotifyEveryKindOnceToEveryChannel runs the product through every
// kind of change, by the monitor and by people, and checks that each
// channel got each change once, in order, with its words and its link.
func TestNotifyEveryKindOnceToEveryChannel(t *testing.T) {
	t.Parallel()
	n := newNotifyScenario(t)
	n.write("content/incidents/2026-01-10-old.md", "---\ntitle: An old outage\ncomponents: [billing]\nimpact: major\nstarted: 2026-01-10T10:00:00Z\nresolved: 2026-01-10T11:00:00Z\nupdates:\n  - at: 2026-01-10T11:00:00Z\n    status: resolved\n    text: Fixed.\n---\n")
	api := "https://status.acme.example/components/api/"
	person := "content/incidents/2026-11-26-billing.md"
	personText := func(extra string, resolved bool) string {
		s := "---\ntitle: Invoices delayed\ncomponents: [billing]\nimpact: minor\nstarted: 2026-11-26T14:19:00Z\n"
		if resolved {
			s += "resolved: 2026-11-26T14:39:00Z\n"
		}
		return s + "updates:\n  - at: 2026-11-26T14:19:00Z\n    status: investigating\n    text: Some invoices arrive late.\n" + extra + "---\n"
	}
	rounds := []struct {
		status int
		slow   bool
		before func()
		want   []expected
	}{
		{status: 200}, // the first round: the page is recorded, the old incident is the past
		{status: 200, slow: true, want: []expected{{"component.status", []string{"Public API: Operational → Degraded performance", "Measured: Public API degraded since Nov 26 14:05 UTC", api}}}},
		{status: 200, slow: true, want: []expected{{"incident.opened", []string{"Opened: Public API is degraded", "Checks of Public API have been degraded since 14:05 UTC",
			"Impact minor on Public API; opened by the monitor", "https://status.acme.example/incidents/"}}}},
		{status: 503, want: []expected{{"incident.raised", []string{"Impact raised: Public API is failing checks", "Impact raised from minor to major", "answered 503 Service Unavailable"}},
			{"component.status", []string{"Public API: Degraded performance → Major outage", "Measured: Public API down", "Declared: Public API is failing checks (impact major)"}}}},
		{status: 503, before: func() { n.write(person, personText("", false)) },
			want: []expected{{"incident.opened", []string{"Opened: Invoices delayed", "Investigating: Some invoices arrive late.", "declared by the team"}},
				{"component.status", []string{"billing: Operational → Degraded performance", "Declared: Invoices delayed"}}}},
		{status: 503, before: func() {
			n.write(person, personText("  - at: 2026-11-26T14:24:00Z\n    status: identified\n    text: A stuck queue; draining it.\n", false))
		}, want: []expected{{"incident.updated", []string{"Update: Invoices delayed", "Identified: A stuck queue; draining it."}}}},
		{status: 200, want: []expected{{"component.status", []string{"Public API: Major outage → Partial outage", "Measured: Public API up"}}}},
		{status: 200, want: []expected{{"incident.resolved", []string{"Resolved: Public API is failing checks", "Checks have passed since 14:30 UTC: 2 in a row"}},
			{"component.status", []string{"Public API: Partial outage → Operational"}}}},
		{status: 200, before: func() {
			n.write(person, personText("  - at: 2026-11-26T14:39:00Z\n    status: resolved\n    text: All invoices sent.\n", true))
			n.write("content/maintenance/2026-11-26-db.md", "---\ntitle: Database upgrade\ncomponents: [api]\nstarts: 2026-11-26T14:50:00Z\nends: 2026-11-26T14:55:00Z\n---\nThe API may be read-only.\n")
		}, want: []expected{{"incident.resolved", []string{"Resolved: Invoices delayed", "All invoices sent."}},
			{"maintenance.scheduled", []string{"Maintenance scheduled: Database upgrade", "Nov 26 14:50 UTC to Nov 26 14:55 UTC", "https://status.acme.example/maintenance/"}},
			{"component.status", []string{"billing: Degraded performance → Operational"}}}},
		{status: 200},
		{status: 200, want: []expected{{"maintenance.started", []string{"Maintenance started: Database upgrade"}},
			{"component.status", []string{"Public API: Operational → Under maintenance", "Under maintenance: Database upgrade"}}}},
		{status: 200, want: []expected{{"maintenance.completed", []string{"Maintenance completed: Database upgrade"}},
			{"component.status", []string{"Public API: Under maintenance → Operational"}}}},
		{status: 503, want: []expected{{"component.status", []string{"Public API: Operational → Major outage"}}}},
		{status: 503, want: []expected{{"incident.reopened", []string{"Reopened: Public API is failing checks", "Checks of Public API are failing again since 15:00 UTC"}}}},
	}
	seen := map[string]int{}
	var all []expected
	for i, r := range rounds {
		if r.before != nil {
			r.before()
		}
		n.api.slow.Store(r.slow)
		out := n.step(r.status)
		all = append(all, r.want...)
		got := n.lb.messages()
		for _, ch := range []string{"slack", "discord", "email", "generic", "webhook"} {
			msgs := got[ch]
			if len(msgs) != len(all) {
				t.Fatalf("round %d: %s has %d messages, want %d\nstdout:\n%s\nmessages:\n%s", i, ch, len(msgs), len(all), out, strings.Join(msgs, "\n---\n"))
			}
			for j := seen[ch]; j < len(all) && ch != "webhook"; j++ { // the webhook's bodies are checked below
				for _, w := range all[j].want {
					if !strings.Contains(msgs[j], w) {
						t.Errorf("round %d: %s message %d (%s) lacks %q:\n%s", i, ch, j, all[j].kind, w, msgs[j])
					}
				}
			}
			seen[ch] = len(all)
		}
		var kinds []string
		for _, e := range all {
			kinds = append(kinds, e.kind)
		}
		if ev := n.lb.events(); !slices.Equal(ev, kinds) {
			t.Fatalf("round %d: webhook events %v, want %v", i, ev, kinds)
		}
	}
	for _, r := range n.lb.hook.Requests() {
		if got := r.Header.Get(notify.SignatureHeader); got != notify.Sign(hookSecret, r.Body) {
			t.Errorf("webhook signature %q does not sign the body with the secret", got)
		}
		decodeStatuspage(t, r.Header.Get(notify.EventHeader), r.Body)
	}
	n.noSecretAnywhere()
}

// noSecretAnywhere checks every run's output, the data folder, the
// content and the built site for the URLs' tokens.
func (n *notifyScenario) noSecretAnywhere() {
	n.t.Helper()
	where := map[string]string{}
	for i, o := range n.outs {
		where[fmt.Sprintf("output %d", i)] = o
	}
	for p, data := range snapshot(n.t, n.dir) {
		where[p] = data
	}
	for name, text := range where {
		for _, tok := range n.lb.tokens {
			if strings.Contains(text, tok) {
				n.t.Errorf("the secret %q is in %s", tok, name)
			}
		}
	}
}

// TestNotifyFailedSendIsDeliveredNextRoundOnce: every channel fails the
// opening once; the next round delivers it, once, and says so.
func TestNotifyFailedSendIsDeliveredNextRoundOnce(t *testing.T) {
	t.Parallel()
	n := newNotifyScenario(t)
	n.step(200)
	n.step(503) // the component's status
	n.lb.slack.FailNext(500)
	n.lb.discord.FailNext(400)
	n.lb.generic.FailNext(503)
	n.lb.hook.FailNext(502)
	n.lb.smtp.FailNext()
	out := n.step(503)
	if c := strings.Count(out, "failed:"); c != 5 || !strings.Contains(out, "tried again next round") {
		t.Errorf("the failing round reported %d failures:\n%s", c, out)
	}
	before := n.lb.messages()
	for ch, msgs := range before {
		if len(msgs) != 1 {
			t.Errorf("%s got %d messages after the failing round, want the one before", ch, len(msgs))
		}
	}
	ledger, _ := os.ReadFile(filepath.Join(n.dir, "data", "notify.tsv"))
	if !bytes.Contains(ledger, []byte("\tpending\t1\t")) {
		t.Errorf("the ledger does not hold the failed deliveries as pending after one attempt:\n%s", ledger)
	}
	for range 2 {
		n.step(503)
	}
	if ev := n.lb.events(); !slices.Equal(ev, []string{"component.status", "incident.opened"}) {
		t.Errorf("webhook events %v, want the status and the opening once each", ev)
	}
	for ch, msgs := range n.lb.messages() {
		if ch != "webhook" && (len(msgs) != 2 || !strings.Contains(msgs[1], "Opened: Public API is failing checks")) {
			t.Errorf("%s got %d messages, want the status and the opening once each:\n%s", ch, len(msgs), strings.Join(msgs, "\n---\n"))
		}
	}
	n.noSecretAnywhere()
}

// TestNotifyDryRun prints what would be sent and sends nothing; the next
// real round sends it.
func TestNotifyDryRun(t *testing.T) {
	t.Parallel()
	n := newNotifyScenario(t)
	if out := n.step(200, "--dry-run-notify"); strings.Contains(out, "recorded the page") || !strings.Contains(out, "this one records nothing") {
		t.Errorf("a first round's dry run says:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(n.dir, "data", "notify.tsv")); err == nil {
		t.Error("a first round's dry run wrote the ledger")
	}
	if out := n.step(200); !strings.Contains(out, "recorded the page as it stands") {
		t.Errorf("the first real round says:\n%s", out)
	}
	out := n.step(503, "--dry-run-notify")
	if !strings.Contains(out, "would send to notify.channels[0] (slack): Public API: Operational → Major outage") ||
		!strings.Contains(out, "would send to notify.webhooks[0] (statuspage webhook)") || !strings.Contains(out, "    Measured: Public API down") {
		t.Errorf("dry run output:\n%s", out)
	}
	for ch, msgs := range n.lb.messages() {
		t.Errorf("a dry run sent %d messages to %s", len(msgs), ch)
	}
	n.step(503)
	if got := len(n.lb.messages()["slack"]); got != 2 {
		t.Errorf("after the dry run the real round sent %d to slack, want the status and the opening", got)
	}
	n.noSecretAnywhere()
}

// TestNotifyTestCommand lists the channels and sends one test message to
// a chosen channel and webhook, outside the ledger, naming no secret.
func TestNotifyTestCommand(t *testing.T) {
	t.Parallel()
	n := newNotifyScenario(t)
	cfg := filepath.Join(n.dir, "candor.yml")
	list := n.runArgs([]string{"notify", "test", "--config", cfg}, n.start, 0)
	for _, want := range []string{"--channel 1  notify.channels[0] (slack)", "--webhook 1  notify.webhooks[0] (statuspage webhook)", "every change", "ready"} {
		if !strings.Contains(list, want) {
			t.Errorf("the list lacks %q:\n%s", want, list)
		}
	}
	out := n.runArgs([]string{"notify", "test", "--config", cfg, "--channel", "1"}, n.start, 0)
	n.outs = append(n.outs, list, out)
	msgs := n.lb.messages()
	if !strings.Contains(out, "sent a test message to notify.channels[0] (slack)") || len(msgs["slack"]) != 1 ||
		!strings.Contains(msgs["slack"][0], "Test message from Acme Status") || len(msgs["discord"]) != 0 {
		t.Errorf("notify test --channel 1: %q, messages %q", out, msgs)
	}
	n.runArgs([]string{"notify", "test", "--config", cfg, "--webhook", "1"}, n.start, 0)
	reqs := n.lb.hook.Requests()
	if len(reqs) != 1 || reqs[0].Header.Get(notify.EventHeader) != "test" || reqs[0].Header.Get(notify.SignatureHeader) != notify.Sign(hookSecret, reqs[0].Body) {
		t.Fatalf("webhook test requests: %+v", reqs)
	}
	decodeStatuspage(t, "component.status", reqs[0].Body)
	if _, err := os.Stat(filepath.Join(n.dir, "data", "notify.tsv")); err == nil {
		t.Error("a test message wrote the ledger")
	}
	n.lb.slack.FailNext(500)
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"notify", "test", "--config", cfg, "--channel", "1"}, func(k string) string { return n.env[k] }, &stdout, &stderr); code != 1 ||
		!strings.Contains(stderr.String(), "notify.channels[0] (slack): failed to send slack notification") {
		t.Errorf("a failed test message: exit %d, stderr %q", code, stderr.String())
	}
	n.outs = append(n.outs, stdout.String(), stderr.String())
	n.runArgs([]string{"notify", "test", "--config", cfg, "--channel", "9"}, n.start, 2)
	n.noSecretAnywhere()
}

// TestNotifyDroppedAfterADayReportedOnce: a channel that refuses every
// message has the changes dropped once they are a day old, each reported
// by one round only; the others got them once. The round after a day
// without rounds records the page and tells nothing of the day missed.
func TestNotifyDroppedAfterADayReportedOnce(t *testing.T) {
	t.Parallel()
	n := newNotifyScenario(t)
	n.step(200)
	for range 100 {
		n.lb.slack.FailNext(503)
	}
	n.step(503) // the component's status: slack refuses it
	n.step(503)
	n.round += 24 * 12 // a day later
	out := n.step(503)
	if c := strings.Count(out, "dropped "); c != 2 || !strings.Contains(out, `dropped component.status "Public API: Operational → Major outage" to notify.channels[0] (slack): not delivered within 24h0m0s after 2 failed attempts; the last: failed to send slack notification`) ||
		!strings.Contains(out, "nothing of the past is sent") {
		t.Errorf("the round a day later reported the drop %d times:\n%s", c, out)
	}
	if out := n.step(503); strings.Contains(out, "dropped") {
		t.Errorf("the drop is reported again:\n%s", out)
	}
	if got := n.lb.counts(); got["slack"] != 0 || got["discord"] != 2 {
		t.Errorf("messages %v, want none to slack and the status and the opening once elsewhere", got)
	}
}
