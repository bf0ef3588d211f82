package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/config"
	"github.com/candor-status/candor/monitor"
	"github.com/candor-status/candor/notify"
	"github.com/candor-status/candor/probe"
)

const notifyUsage = "usage: candor notify test [--config candor.yml] [--data data] [--channel N | --webhook N]\n"

// cmdNotify is candor notify test: it lists the configured channels, or
// sends one test message to the channel or webhook numbered N (from 1, in
// candor.yml's order), outside the ledger.
func cmdNotify(ctx context.Context, e *env, args []string) int {
	if len(args) == 1 && isHelp(args[0]) {
		fmt.Fprint(e.stdout, notifyUsage)
		return 0
	}
	if len(args) == 0 || args[0] != "test" {
		fmt.Fprint(e.stderr, notifyUsage)
		return 2
	}
	fs := newFlags(e, "notify test")
	cfgPath := fs.String("config", "candor.yml", "the config file")
	data := fs.String("data", defaultData, "the measurements folder, beside the config unless given")
	channel := fs.Int("channel", 0, "send a test message to notify.channels entry N, counted from 1")
	webhook := fs.Int("webhook", 0, "send a test message to notify.webhooks entry N, counted from 1")
	if err := parseNoArgs(fs, args[1:]); err != nil {
		return usageCode(err)
	}
	beside(fs, *cfgPath, "data", data)
	cfg, problems, err := config.ReadFile(*cfgPath, e.getenv)
	if err != nil {
		return fail(e, "notify", err)
	}
	if _, rest := splitMissingSecrets(problems); len(rest) > 0 {
		printProblems(e.stderr, rest)
		return fail(e, "notify", errProblems)
	}
	chs := notify.Channels(cfg, notify.Options{Getenv: e.getenv, UserAgent: probe.UserAgent(version, cfg.BaseURL)})
	n := len(cfg.Notify.Channels)
	var ch notify.Channel
	switch {
	case *channel == 0 && *webhook == 0:
		listChannels(e, cfg, chs)
		return 0
	case *channel > 0 && *webhook > 0:
		fmt.Fprint(e.stderr, "candor notify test: --channel or --webhook, not both\n"+notifyUsage)
		return 2
	case *channel > 0 && *channel <= n:
		ch = chs[*channel-1]
	case *webhook > 0 && *webhook <= len(cfg.Notify.Webhooks):
		ch = chs[n+*webhook-1]
	default:
		fmt.Fprintf(e.stderr, "candor notify test: candor.yml has %d channels and %d webhooks\n", n, len(cfg.Notify.Webhooks))
		return 2
	}
	if ch.Sender == nil {
		return fail(e, "notify", fmt.Errorf("%s: %s", ch.Name, ch.Broken))
	}
	m, err := testMessage(e, *cfgPath, *data, cfg, ch)
	if err != nil {
		return fail(e, "notify", err)
	}
	sctx, cancel := context.WithTimeout(ctx, notify.SendTimeout)
	defer cancel()
	if err := ch.Sender.Send(sctx, m); err != nil {
		return fail(e, "notify", fmt.Errorf("%s: %s", ch.Name, probe.Redact(err.Error(), ch.Secrets)))
	}
	fmt.Fprintf(e.stdout, "sent a test message to %s\n", ch.Name)
	return 0
}

// testMessage is a message that says what the channel is sent; a webhook
// gets the first component's update as it stands (old status and new the
// same), built from the page as it stands, with the event "test".
func testMessage(e *env, cfgPath, data string, cfg *candor.Config, ch notify.Channel) (notify.Message, error) {
	now := e.now().UTC()
	content, err := loadContent(cfgPath, cfg)
	if err != nil {
		return notify.Message{}, err
	}
	store, err := openStore(e, data, cfg)
	if err != nil {
		return notify.Message{}, err
	}
	site, err := buildSite(cfgPath, cfg, content, measure(store, cfg, content, now), now)
	if err != nil {
		return notify.Message{}, err
	}
	comp := cfg.Components[0]
	var st *candor.State
	if s, ok := store.State(comp.ID); ok {
		st = &s
	}
	shown := candor.ShownOf(comp, st, monitor.Measuring(cfg, store, now), content.Incidents, content.Maintenance, now)
	pg := notify.Page{Config: cfg, Incidents: content.Incidents, Maintenance: content.Maintenance, States: store.States(), Site: site, Now: now}
	m, ok := pg.Message(candor.Change{Kind: "test", Subject: comp.ID, At: now, From: shown, To: shown, Components: []string{comp.ID}})
	if !ok {
		return notify.Message{}, fmt.Errorf("the page has no component %s to show in a test message", comp.ID)
	}
	m.Title = "Test message from " + cfg.Title
	m.Text = fmt.Sprintf("candor reaches this channel: %s. It is sent %s.", ch.Name, describeFilter(ch.Filter))
	if u := m.URL; u != "" {
		m.Text += "\n" + strings.TrimSuffix(u, "components/"+comp.ID+"/")
	}
	return m, nil
}

// listChannels prints each channel's number, name and filter.
func listChannels(e *env, cfg *candor.Config, chs []notify.Channel) {
	if len(chs) == 0 {
		fmt.Fprintln(e.stdout, "candor.yml configures no notify.channels or notify.webhooks")
		return
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FLAG\tCHANNEL\tSENT\tSTATE")
	n := len(cfg.Notify.Channels)
	for i, ch := range chs {
		flag := fmt.Sprintf("--channel %d", i+1)
		if i >= n {
			flag = fmt.Sprintf("--webhook %d", i-n+1)
		}
		state := "ready"
		if ch.Sender == nil {
			state = ch.Broken
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", flag, ch.Name, describeFilter(ch.Filter), state)
	}
	tw.Flush()
}

// describeFilter says in words which changes a filter keeps.
func describeFilter(f candor.Filter) string {
	what := "every change"
	if len(f.Kinds) > 0 {
		kinds := make([]string, len(f.Kinds))
		for i, k := range f.Kinds {
			kinds[i] = string(k)
		}
		what = strings.Join(kinds, ", ")
	}
	if len(f.Components) > 0 {
		what += " of " + strings.Join(f.Components, ", ")
	}
	if f.MinImpact != "" {
		what += ", impact " + string(f.MinImpact) + " or worse"
	}
	return what
}
