package generator

import (
	"maps"
	"slices"

	"github.com/candor-status/candor"
)

// cleanInput is in with every text that reaches the site cleaned by
// candor.CleanText: the one place the pages, feeds, calendar, badges and
// API get their text from is the site model, and the model is built from
// this. Control characters, noncharacters and bidirectional controls go;
// in is not modified.
func cleanInput(in Input) Input {
	c := candor.CleanText
	cfg := in.Config
	cfg.Title, cfg.Description, cfg.BaseURL = c(cfg.Title), c(cfg.Description), c(cfg.BaseURL)
	cfg.Repository, cfg.Branch, cfg.Timezone = c(cfg.Repository), c(cfg.Branch), c(cfg.Timezone)
	cfg.Components = slices.Clone(cfg.Components)
	for i := range cfg.Components {
		comp := &cfg.Components[i]
		comp.ID, comp.Name, comp.Description, comp.Group = c(comp.ID), c(comp.Name), c(comp.Description), c(comp.Group)
	}
	cfg.Vantages = slices.Clone(cfg.Vantages)
	for i := range cfg.Vantages {
		cfg.Vantages[i].ID, cfg.Vantages[i].Name = c(cfg.Vantages[i].ID), c(cfg.Vantages[i].Name)
	}
	in.Config = cfg
	in.Incidents = slices.Clone(in.Incidents)
	for i := range in.Incidents {
		inc := &in.Incidents[i]
		inc.ID, inc.Path, inc.Slug, inc.Title, inc.Body = c(inc.ID), c(inc.Path), c(inc.Slug), c(inc.Title), c(inc.Body)
		inc.OpenedBy = c(inc.OpenedBy)
		inc.Components = cleanAll(inc.Components)
		inc.Updates = cleanUpdates(inc.Updates)
		inc.Disputes = slices.Clone(inc.Disputes)
		for j := range inc.Disputes {
			inc.Disputes[j].Component, inc.Disputes[j].Reason = c(inc.Disputes[j].Component), c(inc.Disputes[j].Reason)
		}
	}
	in.Maintenance = slices.Clone(in.Maintenance)
	for i := range in.Maintenance {
		m := &in.Maintenance[i]
		m.ID, m.Path, m.Slug, m.Title, m.Body = c(m.ID), c(m.Path), c(m.Slug), c(m.Title), c(m.Body)
		m.Components = cleanAll(m.Components)
		m.Updates = cleanUpdates(m.Updates)
	}
	in.Measured = cleanMeasured(in.Measured)
	in.Evidence = cleanEvidence(in.Evidence)
	in.Announced = cleanKeys(in.Announced)
	return in
}

// cleanKeys is m with its keys, ids, cleaned as the ids they name are.
func cleanKeys[V any](m map[string]V) map[string]V {
	if m == nil {
		return nil
	}
	out := make(map[string]V, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out[candor.CleanText(k)] = m[k]
	}
	return out
}

func cleanAll(ss []string) []string {
	out := slices.Clone(ss)
	for i := range out {
		out[i] = candor.CleanText(out[i])
	}
	return out
}

func cleanUpdates(us []candor.Update) []candor.Update {
	out := slices.Clone(us)
	for i := range out {
		out[i].Text = candor.CleanText(out[i].Text)
	}
	return out
}

// cleanMeasured cleans the component ids, the latest result's words, which
// came from a probe's target, the month names and the disputed windows.
func cleanMeasured(m map[string]candor.Measured) map[string]candor.Measured {
	if m == nil {
		return nil
	}
	out := make(map[string]candor.Measured, len(m))
	for _, id := range slices.Sorted(maps.Keys(m)) {
		v := m[id]
		if v.State != nil {
			st := *v.State
			st.Component, st.Last.Component = candor.CleanText(st.Component), candor.CleanText(st.Last.Component)
			st.Last.Class, st.Last.Message = candor.Class(candor.CleanText(string(st.Last.Class))), candor.CleanText(st.Last.Message)
			st.Last.Vantages = cleanVantageResults(st.Last.Vantages)
			v.State = &st
		}
		if v.RecentVantages != nil {
			v.RecentVantages = slices.Clone(v.RecentVantages)
			for i := range v.RecentVantages {
				v.RecentVantages[i].VantageResult = cleanVantageResult(v.RecentVantages[i].VantageResult)
			}
		}
		if len(v.Months) > 0 {
			v.Months = slices.Clone(v.Months)
			for i := range v.Months {
				v.Months[i].Month = candor.CleanText(v.Months[i].Month)
			}
		}
		v.Disputed = cleanWindows(v.Disputed)
		out[candor.CleanText(id)] = v
	}
	return out
}

// cleanVantageResults cleans the vantage points' parts of a check: their
// ids, classes and messages came from other machines' results files.
func cleanVantageResults(vs []candor.VantageResult) []candor.VantageResult {
	if vs == nil {
		return nil
	}
	vs = slices.Clone(vs)
	for i := range vs {
		vs[i] = cleanVantageResult(vs[i])
	}
	return vs
}

func cleanVantageResult(v candor.VantageResult) candor.VantageResult {
	c := candor.CleanText
	v.Vantage, v.Class, v.Message = c(v.Vantage), candor.Class(c(string(v.Class))), c(v.Message)
	return v
}

func cleanWindows(ws []candor.Window) []candor.Window {
	if ws == nil {
		return nil
	}
	ws = slices.Clone(ws)
	for i := range ws {
		ws[i].Component = candor.CleanText(ws[i].Component)
	}
	return ws
}

func cleanEvidence(e map[string][]candor.Window) map[string][]candor.Window {
	if e == nil {
		return nil
	}
	out := make(map[string][]candor.Window, len(e))
	for _, id := range slices.Sorted(maps.Keys(e)) {
		out[candor.CleanText(id)] = cleanWindows(e[id])
	}
	return out
}
