package generator

import (
	"strconv"
	"time"

	"github.com/candor-status/candor"
)

// apiView is the Statuspage view of the site: the page object, the
// rollup and every component object, computed once and shared by the files.
type apiView struct {
	s          *site
	page       apiPage
	status     apiStatus
	components []apiComponent          // flat: each group before its children
	byID       map[string]apiComponent // leaves by config id
	updated    time.Time               // the page's updated_at
	times      map[string][2]time.Time // created and updated by component id
}

// buildAPI writes the Statuspage v2 files under api/v2/ and api/candor.json.
func buildAPI(s *site, f *sink) error {
	v := newAPIView(s)
	incidents := v.incidents(s.incidents)
	open := v.incidents(s.open)
	all := v.maintenances(s.maintenance)
	var current []*maint // scheduled and in progress: what summary.json carries
	for _, m := range s.maintenance {
		if m.Status != candor.Completed {
			current = append(current, m)
		}
	}
	docs := []struct {
		path string
		doc  any
	}{
		{"api/v2/summary.json", apiSummaryDoc{v.page, v.components, open, v.maintenances(current), v.status}},
		{"api/v2/status.json", apiStatusDoc{v.page, v.status}},
		{"api/v2/components.json", apiComponentsDoc{v.page, v.components}},
		{"api/v2/incidents.json", apiIncidentsDoc{v.page, incidents}},
		{"api/v2/incidents/unresolved.json", apiIncidentsDoc{v.page, open}},
		{"api/v2/scheduled-maintenances.json", apiMaintenancesDoc{v.page, all}},
		{"api/v2/scheduled-maintenances/upcoming.json", apiMaintenancesDoc{v.page, v.maintenances(s.upcoming)}},
		{"api/v2/scheduled-maintenances/active.json", apiMaintenancesDoc{v.page, v.maintenances(s.active)}},
		{"api/candor.json", s.candorDoc(v)},
	}
	for _, d := range docs {
		if err := putJSON(f, d.path, d.doc); err != nil {
			return err
		}
	}
	return nil
}

func newAPIView(s *site) *apiView {
	v := &apiView{s: s, byID: map[string]apiComponent{}, times: map[string][2]time.Time{}, updated: s.apiUpdatedAt()}
	v.page = apiPage{
		ID:        s.apiPageID(),
		Name:      s.apiTitle(),
		URL:       s.apiPageURL(),
		TimeZone:  s.apiTimeZone(),
		UpdatedAt: apiTime(v.updated),
	}
	v.status = apiStatus{Indicator: string(s.overall.Indicator), Description: s.overall.Description}
	v.components = make([]apiComponent, 0, len(s.components)+len(s.groups))
	for n, g := range s.groups {
		if g.Name == "" {
			v.components = append(v.components, v.leaf(g.Components[0], n+1, nil))
			continue
		}
		v.components = append(v.components, v.group(g, n+1))
		for i, c := range g.Components {
			v.components = append(v.components, v.leaf(c, i+1, &g.ID))
		}
	}
	return v
}

func (v *apiView) leaf(c *component, position int, groupID *string) apiComponent {
	s := v.s
	created, updated := v.componentTimes(c)
	a := apiComponent{
		ID:          candor.StatuspageComponentID(c.ID),
		Name:        machineName(c),
		Status:      candor.StatuspageStatus(c.Shown),
		CreatedAt:   apiTime(created),
		UpdatedAt:   apiTime(updated),
		Position:    position,
		Description: stringOrNull(c.Description),
		Showcase:    c.HasProbe,
		StartDate:   s.apiStartDate(c),
		GroupID:     groupID,
		PageID:      s.apiPageID(),
	}
	v.byID[c.ID] = a
	return a
}

func (v *apiView) group(g *group, position int) apiComponent {
	var created, updated time.Time
	ids := make([]string, len(g.Components))
	for i, c := range g.Components {
		ids[i] = candor.StatuspageComponentID(c.ID)
		cr, up := v.componentTimes(c)
		created, updated = earliestOf(created, cr), latestOf(updated, up)
	}
	return apiComponent{
		ID:         g.ID,
		Name:       g.Name,
		Status:     candor.StatuspageStatus(g.Shown),
		CreatedAt:  apiTime(created),
		UpdatedAt:  apiTime(updated),
		Position:   position,
		PageID:     v.s.apiPageID(),
		Group:      true,
		Components: ids,
	}
}

// componentTimes is site.apiComponentTimes, computed once per component.
func (v *apiView) componentTimes(c *component) (created, updated time.Time) {
	t, ok := v.times[c.ID]
	if !ok {
		t[0], t[1] = v.s.apiComponentTimes(c, v.updated)
		v.times[c.ID] = t
	}
	return t[0], t[1]
}

// objects returns the component objects of cs, never nil.
func (v *apiView) objects(cs []*component) []apiComponent {
	out := make([]apiComponent, 0, len(cs))
	for _, c := range cs {
		out = append(out, v.byID[c.ID])
	}
	return out
}

// updateAPIID is the id of the n-th update (0-based, oldest first) of an
// incident or maintenance: stable as long as updates are only appended.
func updateAPIID(parent string, n int) string {
	return candor.StableID(parent + "/" + strconv.Itoa(n))
}
