package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/generator"
	"github.com/candor-status/candor/history"
	"github.com/candor-status/candor/monitor"
	"github.com/candor-status/candor/notify"
	"github.com/candor-status/candor/probe"
)

// notifyChannels are the channels candor.yml configures and, in Actions
// with the notify input, the GitHub issue channel.
func notifyChannels(e *env, cfg *candor.Config, gh *ghRun) []notify.Channel {
	chs := notify.Channels(cfg, notify.Options{Getenv: e.getenv, UserAgent: probe.UserAgent(version, cfg.BaseURL)})
	if gh != nil && gh.in.Notify {
		chs = append(chs, notify.Channel{Key: notify.GitHubIssues, Name: "GitHub issues", Filter: notify.GitHubIssuesFilter(),
			Sender: &issueSender{g: gh, cfg: cfg}})
	}
	return chs
}

// ledgerChannels are chs as the round's ledger knows them.
func ledgerChannels(chs []notify.Channel) []monitor.Channel {
	out := make([]monitor.Channel, len(chs))
	for i, ch := range chs {
		out[i] = monitor.Channel{Key: ch.Key, Filter: ch.Filter}
	}
	return out
}

// newToken names this run's claim on deliveries.
func newToken() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// notifyRound sends what the round claimed and records what became of
// it, or with dry prints what would be sent. It returns a line per
// delivery for the step summary. Faults are reported and never stop the
// run: what was not sent is sent by a later round. site is the built
// site's API files and builtAt the time it was built at, so the objects
// of a subject the files do not list are made as the site would make them.
func notifyRound(ctx context.Context, e *env, cfg *candor.Config, store monitor.Store, r *monitor.Report, m *measurements, site generator.Files,
	builtAt time.Time, chs []notify.Channel, token string, dry bool) []string {
	n := r.Notices
	lines := reportBroken(e, chs)
	if r.NoticeErr != nil {
		say(e, true, "notify: %v: the next round finds the changes again", r.NoticeErr)
	}
	switch {
	case n.First && len(chs) > 0 && dry:
		fmt.Fprintln(e.stdout, "notify (dry run): the ledger has not seen the page yet: a round that is not a dry run records it as it stands and sends nothing of the past; this one records nothing")
	case n.First && len(chs) > 0:
		fmt.Fprintln(e.stdout, "notify: the ledger's first round: recorded the page as it stands; nothing of the past is sent")
	}
	pg := notify.Page{Config: cfg, Incidents: r.Content.Incidents, Maintenance: r.Content.Maintenance, States: m.states,
		Blind: m.blind, Site: site, Objects: &lazyAPI{in: siteInput(cfg, r.Content, m, builtAt)}, Now: r.Now}
	names := map[string]string{}
	for _, ch := range chs {
		names[ch.Key] = ch.Name
	}
	for _, d := range n.Dropped {
		line := fmt.Sprintf("dropped %s to %s: %s", what(pg, d.Change, ""), nameOf(names, d.Channel), d.Note)
		say(e, true, "notify: %s", line)
		lines = append(lines, line)
	}
	if dry {
		printDry(e, pg, names, n.Claimed)
		return lines
	}
	attempts := notify.Deliver(ctx, chs, n.Claimed, pg)
	outs := make([]history.Outcome, len(attempts))
	for i, a := range attempts {
		outs[i] = a.Outcome
		line := report1(pg, a)
		say(e, a.Outcome.Result != history.Delivered, "%s", line)
		lines = append(lines, line)
	}
	if err := monitor.Settle(ctx, cfg, store, token, outs, r.Now); err != nil {
		say(e, true, "notify: %v: these deliveries are tried again after %s", err, history.Lease)
	}
	return lines
}

// reportBroken says, every round, which channels cannot be used because
// the library refuses their URL (an unset ${NAME} is reported with
// candor.yml's problems), by their key and never by their value. It
// returns the lines for the step summary.
func reportBroken(e *env, chs []notify.Channel) []string {
	var lines []string
	for _, ch := range chs {
		if ch.Broken == "" || ch.Unset {
			continue
		}
		line := ch.Broken + ": the channel is skipped; what it is due waits for it"
		fmt.Fprintln(e.stderr, line)
		warn(e, "%s", line)
		lines = append(lines, line)
	}
	return lines
}

// lazyAPI is the Statuspage objects of the site's input, made on first
// use: only a change of an incident or window the API documents no longer
// list (an old file added today) needs them.
type lazyAPI struct {
	once sync.Once
	in   generator.Input
	api  *generator.API
}

func (l *lazyAPI) get() *generator.API {
	l.once.Do(func() { l.api = generator.NewAPI(l.in) })
	return l.api
}

func (l *lazyAPI) Incident(id string) ([]byte, bool)    { return l.get().Incident(id) }
func (l *lazyAPI) Maintenance(id string) ([]byte, bool) { return l.get().Maintenance(id) }

// report1 is one delivery's outcome in words.
func report1(pg notify.Page, a notify.Attempt) string {
	subject := what(pg, a.Delivery.Change, a.Title)
	switch a.Outcome.Result {
	case history.Delivered:
		return fmt.Sprintf("notified %s: %s", a.Channel, subject)
	case history.Failed:
		return fmt.Sprintf("notify: %s: %s failed: %s; tried again next round", a.Channel, subject, a.Outcome.Note)
	}
	return fmt.Sprintf("notify: %s: %s not sent this round: %s", a.Channel, subject, a.Outcome.Note)
}

// what names a change: its kind and its message's title.
func what(pg notify.Page, c candor.Change, title string) string {
	if title == "" {
		if m, ok := pg.Message(c); ok {
			title = m.Title
		} else {
			title = c.Subject
		}
	}
	return fmt.Sprintf("%s %q", c.Kind, title)
}

func nameOf(names map[string]string, key string) string {
	if n, ok := names[key]; ok {
		return n
	}
	return "a channel no longer configured (" + key + ")"
}

// printDry prints the messages the round would send.
func printDry(e *env, pg notify.Page, names map[string]string, claimed []history.Delivery) {
	if len(claimed) == 0 {
		fmt.Fprintln(e.stdout, "notify (dry run): nothing to send")
		return
	}
	for _, d := range claimed {
		m, ok := pg.Message(d.Change)
		if !ok {
			fmt.Fprintf(e.stdout, "notify (dry run): %s: %s %s: its subject is not on the page\n", nameOf(names, d.Channel), d.Change.Kind, d.Change.Subject)
			continue
		}
		fmt.Fprintf(e.stdout, "notify (dry run): would send to %s: %s\n", nameOf(names, d.Channel), m.Title)
		for _, line := range strings.Split(m.Text, "\n") {
			fmt.Fprintf(e.stdout, "    %s\n", line)
		}
	}
}

// say prints a line to stdout and, when warn is set in Actions, as a
// warning annotation too.
func say(e *env, warning bool, format string, args ...any) {
	fmt.Fprintf(e.stdout, format+"\n", args...)
	if warning {
		warn(e, format, args...)
	}
}

// issueSender is the GitHub issue channel: an issue per incident the
// monitor opens, reopened and closed with it, driven by the ledger so that
// a failed call is made again until the issue agrees with the incident.
type issueSender struct {
	g   *ghRun
	cfg *candor.Config
}

func (s *issueSender) Send(ctx context.Context, m notify.Message) error {
	url := m.URL
	if url == "" {
		url = m.Incident.Path
	}
	switch m.Change.Kind {
	case candor.IncidentOpened, candor.IncidentReopened:
		_, err := s.g.repo.Notify(ctx, actionNotice(s.cfg, m, url))
		return err
	case candor.IncidentResolved:
		return s.g.repo.NotifyResolved(ctx, m.Change.Subject, url)
	}
	return nil
}
