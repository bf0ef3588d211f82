package main

import (
	"context"
	"strings"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/action"
	"github.com/candor-status/candor/generator"
	"github.com/candor-status/candor/monitor"
	"github.com/candor-status/candor/notify"
)

// report notifies, keeps the schedule alive, and writes outputs and the
// step summary.
func (g *ghRun) report(ctx context.Context, cfg *candor.Config, r *monitor.Report, in generator.Input, site string, notified []string) error {
	shown, overall := generator.Statuses(in)
	out := action.Outputs{Status: string(overall.Indicator), Changed: r.DataWritten || r.ContentWritten, Site: site}
	round := action.Round{Title: cfg.Title, Components: rows(cfg, r.Results, shown), Skipped: g.inRepo(r.Content.Problems), Notified: notified}
	if cfg.BaseURL != "" {
		round.Site = strings.TrimSuffix(cfg.BaseURL, "/") + "/"
	}
	for _, ev := range r.Events {
		link := action.Link{Title: ev.Title}
		if round.Site != "" {
			link.URL = round.Site + "incidents/" + ev.IncidentID + "/"
		}
		switch ev.Kind {
		case monitor.Opened, monitor.Reopened:
			out.Opened++
			round.Opened = append(round.Opened, link)
		case monitor.Resolved:
			out.Resolved++
			round.Resolved = append(round.Resolved, link)
		}
	}
	if err := g.repo.KeepAlive(ctx, action.WorkflowFile(g.e.getenv)); err != nil {
		g.rt.Warn("keep the schedule alive: %v (give the workflow permissions: actions: write)", err)
	}
	if err := g.rt.SetOutputs(out); err != nil {
		return err
	}
	return g.rt.Summary(round.Markdown())
}

// rows are the summary's components: measured this round, shown on the
// page (by id: two components may share a name).
func rows(cfg *candor.Config, results []candor.Result, shown map[string]candor.Status) []action.Row {
	byID := map[string]candor.Result{}
	for _, res := range results {
		byID[res.Component] = res
	}
	var out []action.Row
	for _, c := range cfg.Components {
		row := action.Row{Name: c.Name, Shown: shown[c.ID]}
		if res, ok := byID[c.ID]; ok {
			row.Measured, row.Latency = res.Outcome, res.Latency
		}
		out = append(out, row)
	}
	return out
}

// actionNotice is the GitHub issue of an incident's message.
func actionNotice(cfg *candor.Config, m notify.Message, url string) action.Notice {
	return action.Notice{IncidentID: m.Change.Subject, Title: m.Incident.Title, URL: url,
		Assignees: cfg.Notify.Assignees, Labels: cfg.Notify.Labels, At: m.Change.At}
}
