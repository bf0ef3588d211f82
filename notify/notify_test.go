package notify

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/history"
	"github.com/candor-status/candor/notify/notifytest"
)

func TestMain(m *testing.M) {
	notifytest.Intercept()
	os.Exit(m.Run())
}

var now = time.Date(2026, 11, 26, 14, 10, 0, 0, time.UTC)

// page is a page with one incident on api and the API documents the
// webhook bodies are made of.
func page() Page {
	cfg := &candor.Config{Title: "Acme Status", BaseURL: "https://status.acme.example/",
		Components: []candor.Component{{ID: "api", Name: "Public API", Probe: &candor.Probe{HTTP: &candor.HTTPProbe{URL: "https://api.acme.example/"}}}}}
	inc := candor.Incident{ID: "inc1", Path: "content/incidents/x.md", Title: "Public API is failing checks", Components: []string{"api"},
		Impact: candor.ImpactMajor, Started: now, OpenedBy: "monitor",
		Updates: []candor.Update{{At: now, Status: candor.Investigating, Text: "Checks of Public API fail."}}}
	comp := candor.StatuspageComponentID("api")
	site := map[string][]byte{
		"api/v2/status.json":               []byte(`{"page":{"id":"pageid000001"},"status":{"indicator":"major","description":"Partial System Outage"}}`),
		"api/v2/incidents/unresolved.json": []byte(`{"incidents":[{"id":"inc1","name":"Public API is failing checks"}]}`),
		"api/v2/components.json":           []byte(`{"components":[{"id":"` + comp + `","name":"Public API","status":"major_outage"}]}`),
	}
	st := candor.State{Component: "api", Outcome: candor.Down, Since: now, Last: candor.Result{Message: "answered 503", Attempts: 2}}
	return Page{Config: cfg, Incidents: []candor.Incident{inc}, States: map[string]candor.State{"api": st}, Site: site, Now: now}
}

// recorder is a Sender that records and fails as told.
type recorder struct {
	mu   sync.Mutex
	got  []string
	fail map[string]error // by subject
}

func (r *recorder) Send(ctx context.Context, m Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.fail[m.Change.Subject]; err != nil {
		return err
	}
	r.got = append(r.got, string(m.Change.Kind)+" "+m.Change.Subject)
	return nil
}

func delivery(channel string, c candor.Change) history.Delivery {
	return history.Delivery{Channel: channel, Change: c, Queued: now, State: history.Claimed, Claim: "t", Since: now}
}

func TestDeliverInOrderDeferringAfterAFailure(t *testing.T) {
	pg := page()
	opened := candor.Change{Kind: candor.IncidentOpened, Subject: "inc1", At: now, Update: 1}
	resolved := candor.Change{Kind: candor.IncidentResolved, Subject: "inc1", At: now.Add(time.Hour), Update: 1}
	status := candor.Change{Kind: candor.ComponentStatus, Subject: "api", At: now, From: candor.StatusOperational, To: candor.StatusMajor}
	gone := candor.Change{Kind: candor.IncidentOpened, Subject: "nosuch", At: now}
	ok, failing := &recorder{}, &recorder{fail: map[string]error{"inc1": errors.New("status 502 for https://hooks.example/tok-abcdef123")}}
	chs := []Channel{{Key: "a", Name: "a", Sender: ok}, {Key: "b", Name: "b", Sender: failing, Secrets: []string{"tok-abcdef123"}}, {Key: "c", Name: "c", Broken: "notify.channels[2].url: environment variable X is not set"}}
	var claimed []history.Delivery
	for _, ch := range []string{"a", "b", "c"} {
		for _, c := range []candor.Change{opened, status, resolved, gone} {
			claimed = append(claimed, delivery(ch, c))
		}
	}
	got := Deliver(t.Context(), chs, claimed, pg)
	want := map[string][]history.Result{
		"a": {history.Delivered, history.Delivered, history.Delivered, history.Deferred},
		"b": {history.Failed, history.Delivered, history.Deferred, history.Deferred},
		"c": {history.Deferred, history.Deferred, history.Deferred, history.Deferred},
	}
	for i, a := range got {
		if w := want[a.Delivery.Channel][i%4]; a.Outcome.Result != w {
			t.Errorf("%s %s: result %d (%s), want %d", a.Delivery.Channel, a.Delivery.Change.Kind, a.Outcome.Result, a.Outcome.Note, w)
		}
		if strings.Contains(a.Outcome.Note, "tok-abcdef123") {
			t.Errorf("the note holds the secret: %q", a.Outcome.Note)
		}
	}
	if n := got[4].Outcome.Note; !strings.Contains(n, "status 502") {
		t.Errorf("failure note %q", n)
	}
	if n := got[8].Outcome.Note; !strings.Contains(n, "X is not set") {
		t.Errorf("broken channel note %q", n)
	}
	if strings.Join(ok.got, ", ") != "incident.opened inc1, component.status api, incident.resolved inc1" {
		t.Errorf("sent in the order %q", ok.got)
	}
}

func TestDeliverStopsAChannelThatTimesOut(t *testing.T) {
	pg := page()
	slow := &recorder{fail: map[string]error{"inc1": context.DeadlineExceeded}}
	got := Deliver(t.Context(), []Channel{{Key: "a", Sender: slow}}, []history.Delivery{
		delivery("a", candor.Change{Kind: candor.IncidentOpened, Subject: "inc1", At: now}),
		delivery("a", candor.Change{Kind: candor.ComponentStatus, Subject: "api", At: now, From: candor.StatusOperational, To: candor.StatusMajor}),
	}, pg)
	if got[0].Outcome.Result != history.Failed || got[1].Outcome.Result != history.Deferred || len(slow.got) != 0 {
		t.Errorf("after a timeout: %+v, sent %v", got, slow.got)
	}
}

func TestMessageWords(t *testing.T) {
	pg := page()
	m, ok := pg.Message(candor.Change{Kind: candor.IncidentOpened, Subject: "inc1", At: now, Update: 1})
	if !ok {
		t.Fatal("no message")
	}
	for _, want := range []string{"Investigating: Checks of Public API fail.", "Impact major on Public API; opened by the monitor from its checks.",
		"Measured: Public API down since Nov 26 14:10 UTC (answered 503, 2 attempts).", "https://status.acme.example/incidents/inc1/"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, m.Text)
		}
	}
	if m.Title != "Opened: Public API is failing checks" || m.URL != "https://status.acme.example/incidents/inc1/" {
		t.Errorf("title %q, url %q", m.Title, m.URL)
	}
	pg.Config.BaseURL = "/"
	if m, _ := pg.Message(candor.Change{Kind: candor.IncidentOpened, Subject: "inc1", At: now}); m.URL != "" || strings.Contains(m.Text, "http") {
		t.Errorf("without an absolute base_url: url %q, text %q", m.URL, m.Text)
	}
}

func TestWebhookSignsAndRefusesRedirects(t *testing.T) {
	hook, srv := notifytest.NewHook(t)
	redirect := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, srv.URL, http.StatusFound) })
	rsrv := newServer(t, redirect)
	cfg := &candor.Config{Notify: candor.Notify{Webhooks: []candor.NotifyWebhook{{URL: srv.URL + "/h", Secret: "${S}"}, {URL: rsrv + "/r"}}}}
	chs := Channels(cfg, Options{Getenv: func(string) string { return "k3y" }})
	m, _ := page().Message(candor.Change{Kind: candor.IncidentOpened, Subject: "inc1", At: now})
	if err := chs[0].Sender.Send(t.Context(), m); err != nil {
		t.Fatal(err)
	}
	r := hook.Requests()[0]
	if r.Header.Get(SignatureHeader) != Sign("k3y", r.Body) || r.Header.Get(EventHeader) != "incident.opened" || r.Header.Get(DeliveryHeader) != m.Change.ID() {
		t.Errorf("headers %v", r.Header)
	}
	mac := hmac.New(sha256.New, []byte("k3y"))
	mac.Write(r.Body)
	if want := "sha256=" + hex.EncodeToString(mac.Sum(nil)); r.Header.Get(SignatureHeader) != want {
		t.Errorf("signature %q, want %q", r.Header.Get(SignatureHeader), want)
	}
	if err := chs[1].Sender.Send(t.Context(), m); err == nil || !strings.Contains(err.Error(), "302") {
		t.Errorf("a redirect = %v, want a failure", err)
	}
	if len(hook.Requests()) != 1 {
		t.Error("the redirect was followed")
	}
}

func TestChannelsWithoutTheirSecret(t *testing.T) {
	cfg := &candor.Config{Notify: candor.Notify{Channels: []candor.NotifyChannel{{URL: "${SLACK_URL}"}, {URL: "${BAD}"}}}}
	env := map[string]string{"BAD": "nosuch://x"}
	chs := Channels(cfg, Options{Getenv: func(k string) string { return env[k] }})
	if chs[0].Sender != nil || chs[0].Broken != "notify.channels[0].url: environment variable SLACK_URL is not set" {
		t.Errorf("unset secret: %+v", chs[0])
	}
	if chs[1].Sender != nil || !strings.Contains(chs[1].Broken, `unknown service "nosuch"`) {
		t.Errorf("unknown service: %+v", chs[1])
	}
	if chs[0].Key != ChannelKey("${SLACK_URL}") || strings.Contains(chs[1].Key, "nosuch") {
		t.Errorf("keys %q, %q", chs[0].Key, chs[1].Key)
	}
}

func newServer(t *testing.T, h http.Handler) string {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// objects is an Objects of one incident.
type objects map[string][]byte

func (o objects) Incident(id string) ([]byte, bool)    { b, ok := o[id]; return b, ok }
func (o objects) Maintenance(id string) ([]byte, bool) { return nil, false }

func TestMessageOfAnIncidentTheListsNoLongerHold(t *testing.T) {
	pg := page()
	pg.Site["api/v2/incidents/unresolved.json"] = []byte(`{"incidents":[]}`) // an old one, resolved: in neither list
	c := candor.Change{Kind: candor.IncidentResolved, Subject: "inc1", At: now, Update: 1}
	m, ok := pg.Message(c)
	if !ok || m.Title != "Resolved: Public API is failing checks" {
		t.Fatalf("without the object: Message = %q, %v; want the message all the same", m.Title, ok)
	}
	hook, srv := notifytest.NewHook(t)
	chs := Channels(&candor.Config{Notify: candor.Notify{Webhooks: []candor.NotifyWebhook{{URL: srv.URL + "/h"}}}}, Options{})
	if err := chs[0].Sender.Send(t.Context(), m); err == nil || len(hook.Requests()) != 0 {
		t.Errorf("a webhook without its body: %v, %d requests; want a failure and nothing sent", err, len(hook.Requests()))
	}
	pg.Objects = objects{"inc1": []byte(`{"id":"inc1","name":"Public API is failing checks","status":"resolved"}`)}
	if m, _ = pg.Message(c); !strings.Contains(string(m.Statuspage), `"incident":{"id":"inc1","name":"Public API is failing checks","status":"resolved"}`) {
		t.Errorf("with Objects: body %s", m.Statuspage)
	}
	if err := chs[0].Sender.Send(t.Context(), m); err != nil || len(hook.Requests()) != 1 {
		t.Errorf("a webhook with its body: %v", err)
	}
}

// A window whose failing checks count as down (announced after it began,
// or while they were failing) is never told as "Under maintenance": the
// message says what the page says.
func TestMessageOfAWindowThatDoesNotCount(t *testing.T) {
	pg := page()
	pg.Maintenance = []candor.Maintenance{{ID: "m1", Title: "Emergency maintenance", Components: []string{"api"},
		Starts: now.Add(-5 * time.Minute), Ends: now.Add(time.Hour)}}
	comp, _ := pg.Message(candor.Change{Kind: candor.ComponentStatus, Subject: "api", At: now, From: candor.StatusPartial, To: candor.StatusMajor})
	started, _ := pg.Message(candor.Change{Kind: candor.MaintenanceStarted, Subject: "m1", At: now.Add(-5 * time.Minute)})
	if strings.Contains(comp.Text, "Under maintenance") || !strings.Contains(comp.Text, "its failing checks count as down") {
		t.Errorf("component message during a window that does not count:\n%s", comp.Text)
	}
	if !strings.Contains(started.Text, "The checks of Public API that fail count as down, not as maintenance") {
		t.Errorf("maintenance started during an outage it does not cover:\n%s", started.Text)
	}
	st := pg.States["api"]
	st.Outcome = candor.UnderMaintenance
	pg.States["api"] = st
	if comp, _ := pg.Message(candor.Change{Kind: candor.ComponentStatus, Subject: "api", At: now, From: candor.StatusMajor, To: candor.StatusMaintenance}); !strings.Contains(comp.Text, "Under maintenance: Emergency maintenance") {
		t.Errorf("component message in a window that counts:\n%s", comp.Text)
	}
}
