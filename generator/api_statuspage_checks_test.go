package generator

import (
	"slices"
	"strings"
	"testing"
)

func TestStatuspageShapes(t *testing.T) {
	files := buildMachine(t, machineInput())
	docs := map[string]spDoc{}
	for path := range spFiles {
		docs[path] = decodeSP(t, files, path)
	}
	for path, doc := range docs {
		t.Run(path, func(t *testing.T) { checkSPDoc(t, doc) })
	}
	comps := docs["api/v2/components.json"].Components
	checkComponentTree(t, comps)

	sum := docs["api/v2/summary.json"]
	if !slices.EqualFunc(sum.Components, comps, func(a, b spComponent) bool { return a.ID == b.ID && a.Status == b.Status }) {
		t.Error("summary.json components differ from components.json")
	}
	wantStatuses := func(file string, incs []spIncident, allowed ...string) {
		for _, inc := range incs {
			if !slices.Contains(allowed, inc.Status) {
				t.Errorf("%s: %s has status %s, want one of %v", file, inc.ID, inc.Status, allowed)
			}
		}
	}
	wantStatuses("summary.json incidents", sum.Incidents, "investigating", "identified", "monitoring")
	wantStatuses("summary.json maintenances", sum.ScheduledMaintenances, "scheduled", "in_progress", "verifying")
	wantStatuses("unresolved.json", docs["api/v2/incidents/unresolved.json"].Incidents, "investigating", "identified", "monitoring")
	wantStatuses("upcoming.json", docs["api/v2/scheduled-maintenances/upcoming.json"].ScheduledMaintenances, "scheduled")
	wantStatuses("active.json", docs["api/v2/scheduled-maintenances/active.json"].ScheduledMaintenances, "in_progress", "verifying")

	counts := map[string]int{
		"api/v2/incidents.json": 4, "api/v2/incidents/unresolved.json": 2, "api/v2/summary.json": 2,
	}
	for path, n := range counts {
		if got := len(docs[path].Incidents); got != n {
			t.Errorf("%s: %d incidents, want %d", path, got, n)
		}
	}
	mcounts := map[string]int{
		"api/v2/scheduled-maintenances.json": 3, "api/v2/scheduled-maintenances/upcoming.json": 1,
		"api/v2/scheduled-maintenances/active.json": 1, "api/v2/summary.json": 2,
	}
	for path, n := range mcounts {
		if got := len(docs[path].ScheduledMaintenances); got != n {
			t.Errorf("%s: %d maintenances, want %d", path, got, n)
		}
	}
	if st := docs["api/v2/status.json"].Status; st.Indicator != "major" || st.Description != "Partial System Outage" {
		t.Errorf("status.json status = %+v, want major, Partial System Outage", st)
	}
}

// checkSPDoc checks the enums, formats and ordering of one file.
func checkSPDoc(t *testing.T, doc spDoc) {
	p := doc.Page
	if p == nil || !spID.MatchString(p.ID) || !spTime.MatchString(p.UpdatedAt) || p.TimeZone == "" || p.Name == "" || strings.HasSuffix(p.URL, "/") {
		t.Errorf("page = %+v", p)
	}
	if doc.Status != nil && !slices.Contains(spIndicators, doc.Status.Indicator) {
		t.Errorf("status.indicator = %q", doc.Status.Indicator)
	}
	for _, c := range doc.Components {
		checkSPComponent(t, c, p.ID)
	}
	checkIncidents(t, doc.Incidents, p.ID, spIncidentStatuses, spImpacts)
	checkIncidents(t, doc.ScheduledMaintenances, p.ID, spMaintStatuses, []string{"maintenance"})
	for _, m := range doc.ScheduledMaintenances {
		if m.ScheduledFor == nil || m.ScheduledUntil == nil || !spTime.MatchString(*m.ScheduledFor) || !spTime.MatchString(*m.ScheduledUntil) {
			t.Errorf("maintenance %s: window %v-%v", m.ID, m.ScheduledFor, m.ScheduledUntil)
		}
	}
}

func checkSPComponent(t *testing.T, c spComponent, page string) {
	t.Helper()
	if !spID.MatchString(c.ID) || !slices.Contains(spComponentStatuses, c.Status) || c.PageID != page ||
		!spTime.MatchString(c.CreatedAt) || !spTime.MatchString(c.UpdatedAt) || c.Position < 1 || c.CreatedAt > c.UpdatedAt {
		t.Errorf("component %+v", c)
	}
	if c.StartDate != nil && !spDate.MatchString(*c.StartDate) {
		t.Errorf("component %s: start_date %q", c.ID, *c.StartDate)
	}
	if c.GroupID != nil && !spID.MatchString(*c.GroupID) {
		t.Errorf("component %s: group_id %q", c.ID, *c.GroupID)
	}
}

func checkIncidents(t *testing.T, incs []spIncident, page string, statuses, impacts []string) {
	t.Helper()
	for i, inc := range incs {
		if !spID.MatchString(inc.ID) || !slices.Contains(statuses, inc.Status) || !slices.Contains(impacts, inc.Impact) ||
			inc.PageID != page || !spTime.MatchString(inc.CreatedAt) || !spTime.MatchString(inc.UpdatedAt) ||
			!spTime.MatchString(inc.StartedAt) || !strings.HasPrefix(inc.Shortlink, "https://") || inc.ReminderIntervals != nil {
			t.Errorf("incident %+v", inc)
		}
		for _, ts := range []*string{inc.MonitoringAt, inc.ResolvedAt} {
			if ts != nil && !spTime.MatchString(*ts) {
				t.Errorf("incident %s: time %q", inc.ID, *ts)
			}
		}
		if (inc.ResolvedAt != nil) != (inc.Status == "resolved" || inc.Status == "postmortem" || inc.Status == "completed") {
			t.Errorf("incident %s: status %s with resolved_at %v", inc.ID, inc.Status, inc.ResolvedAt)
		}
		// Incidents newest first; maintenance newest window first.
		if i > 0 && incs[i-1].StartedAt < inc.StartedAt {
			t.Errorf("incident %s (%s) after newer %s", inc.ID, inc.StartedAt, incs[i-1].StartedAt)
		}
		for _, c := range inc.Components {
			checkSPComponent(t, c, page)
		}
		for j, u := range inc.IncidentUpdates {
			if !spID.MatchString(u.ID) || u.IncidentID != inc.ID || !slices.Contains(append(slices.Clone(spIncidentStatuses), spMaintStatuses...), u.Status) ||
				!spTime.MatchString(u.CreatedAt) || u.CreatedAt != u.UpdatedAt || u.CreatedAt != u.DisplayAt || u.CustomTweet != nil || u.TweetID != nil {
				t.Errorf("update %+v", u)
			}
			if j > 0 && inc.IncidentUpdates[j-1].CreatedAt < u.CreatedAt {
				t.Errorf("incident %s: updates not newest first", inc.ID)
			}
			if (u.AffectedComponents == nil) != (len(inc.Components) == 0) {
				t.Errorf("incident %s: affected_components %v for %d components", inc.ID, u.AffectedComponents, len(inc.Components))
			}
			for _, a := range u.AffectedComponents {
				if !spID.MatchString(a.Code) || !slices.Contains(spComponentStatuses, a.OldStatus) || !slices.Contains(spComponentStatuses, a.NewStatus) {
					t.Errorf("affected %+v", a)
				}
			}
		}
	}
}

// checkComponentTree checks that groups list their children, which follow
// them and carry their group_id, with positions counted within the parent.
func checkComponentTree(t *testing.T, comps []spComponent) {
	top := 0
	for i := 0; i < len(comps); i++ {
		c := comps[i]
		top++
		if c.GroupID != nil || c.Position != top {
			t.Errorf("top-level %s: group_id %v, position %d, want null, %d", c.Name, c.GroupID, c.Position, top)
		}
		if !c.Group {
			if c.Components != nil {
				t.Errorf("leaf %s lists components", c.Name)
			}
			continue
		}
		if len(c.Components) == 0 {
			t.Errorf("group %s lists no components", c.Name)
		}
		for n, id := range c.Components {
			i++
			if i >= len(comps) {
				t.Fatalf("group %s: child %s missing", c.Name, id)
			}
			child := comps[i]
			if child.ID != id || child.GroupID == nil || *child.GroupID != c.ID || child.Position != n+1 || child.Group {
				t.Errorf("group %s child %d: %+v", c.Name, n, child)
			}
		}
	}
	if top != 4 {
		t.Errorf("%d top-level entries, want 4 (Core, Database, Back office, edge)", top)
	}
}

func TestStatuspageUnknownNeverOperational(t *testing.T) {
	for _, blind := range []bool{false, true} {
		in := machineInput()
		in.Blind = blind
		doc := decodeSP(t, buildMachine(t, in), "api/v2/components.json")
		for _, c := range doc.Components {
			switch {
			case c.Name == "Search" && c.Status != "degraded_performance":
				t.Errorf("blind %v: never-measured Search = %s, want degraded_performance", blind, c.Status)
			case blind && !c.Group && c.Showcase && c.Status == "operational":
				t.Errorf("blind monitor: probed %s claims operational", c.Name)
			}
		}
	}
}

func TestStatuspageIDsStable(t *testing.T) {
	before := decodeSP(t, buildMachine(t, machineInput()), "api/v2/incidents.json")
	in := machineInput()
	in.Incidents = append(in.Incidents, in.Incidents[1])
	in.Incidents[len(in.Incidents)-1].ID = "zzzzzzzzzzzz"
	in.Incidents[0].Updates = append(in.Incidents[0].Updates, in.Incidents[0].Updates[1])
	after := decodeSP(t, buildMachine(t, in), "api/v2/incidents.json")
	ids := map[string]bool{}
	for _, inc := range after.Incidents {
		ids[inc.ID] = true
		for _, u := range inc.IncidentUpdates {
			ids[u.ID] = true
		}
	}
	for _, inc := range before.Incidents {
		for _, id := range append([]string{inc.ID}, updateIDs(inc)...) {
			if !ids[id] {
				t.Errorf("id %s of %q changed when content was added", id, inc.Name)
			}
		}
	}
}

func updateIDs(inc spIncident) []string {
	var out []string
	for _, u := range inc.IncidentUpdates {
		out = append(out, u.ID)
	}
	return out
}
