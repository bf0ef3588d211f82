package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/monitor"
)

// hostileRepo is a status repository with one component and one incident,
// to which a test adds what a hostile pull request could.
func hostileRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "candor.yml"), "title: Acme Status\ncomponents:\n  - id: api\n")
	writeFile(t, filepath.Join(dir, "content/incidents/good.md"), "---\ntitle: Good incident\ncomponents: [api]\nimpact: minor\nstarted: 2026-11-26T14:00:00Z\n---\n")
	return dir
}

// runIn runs the command on the repository in dir and returns its exit code and output.
func runIn(t *testing.T, dir string, args ...string) (int, string) {
	t.Helper()
	var out bytes.Buffer
	args = append(args[:1:1], append([]string{"--config", filepath.Join(dir, "candor.yml")}, args[1:]...)...)
	code := run(t.Context(), args, func(string) string { return "" }, &out, &out)
	return code, out.String()
}

func link(t *testing.T, to, name string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(to, name); err != nil {
		t.Skipf("cannot make a symbolic link here: %v", err)
	}
}

// TestHostileSymlinks builds repositories whose templates, content or
// config are symbolic links out of the repository, and checks that check
// and build refuse each by path and reason, at once, and publish nothing
// of what it points to.
func TestHostileSymlinks(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the targets are Unix files")
	}
	const envSecret = "env-s3cr3t-value-91ab"
	t.Setenv("CANDOR_HOSTILE_TEST", envSecret)
	outside := filepath.Join(t.TempDir(), "outside.md")
	writeFile(t, outside, "---\ntitle: Outside title\ncomponents: [api]\nimpact: minor\nstarted: 2026-11-26T14:00:00Z\n---\n")
	tests := []struct {
		name, link, to string
		cmd            string // build or check
		code           int
		want           string
	}{
		{"page.js to the environment", "templates/page.js", "/proc/self/environ", "build", 1,
			"templates/page.js: a symbolic link to /proc/self/environ: candor reads only regular files inside the repository"},
		{"style.css to /etc/passwd", "templates/style.css", "/etc/passwd", "build", 1,
			"templates/style.css: a symbolic link to /etc/passwd"},
		{"a template to /dev/zero", "templates/home.html", "/dev/zero", "build", 1,
			"templates/home.html: a symbolic link to /dev/zero"},
		{"an incident from outside", "content/incidents/x.md", outside, "check", 1,
			"content/incidents/x.md:1:1: a symbolic link to " + outside},
		{"an incident to /dev/zero", "content/incidents/zero.md", "/dev/zero", "check", 1,
			"content/incidents/zero.md:1:1: a symbolic link to /dev/zero"},
		{"the config to /dev/zero", "candor.yml", "/dev/zero", "check", 1,
			"candor.yml: a symbolic link to /dev/zero"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := hostileRepo(t)
			if tt.link == "candor.yml" {
				os.Remove(filepath.Join(dir, "candor.yml"))
			}
			link(t, tt.to, filepath.Join(dir, tt.link))
			start := time.Now()
			args := []string{tt.cmd}
			if tt.cmd == "build" {
				args = append(args, "--out", filepath.Join(dir, "public"), "--now", "2026-11-26T16:00:00Z")
			}
			code, out := runIn(t, dir, args...)
			if code != tt.code || !strings.Contains(out, tt.want) {
				t.Errorf("candor %s = exit %d\n%s\nwant exit %d saying %q", tt.cmd, code, out, tt.code, tt.want)
			}
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("candor %s took %s", tt.cmd, took)
			}
			for p, data := range snapshot(t, filepath.Join(dir, "public")) {
				if strings.Contains(data, envSecret) || strings.Contains(data, "root:x:0:0") || strings.Contains(data, "Outside title") {
					t.Errorf("public/%s holds what the link points to", p)
				}
			}
		})
	}
}

// TestHostileSymlinkedIncidentLeftOut checks that build leaves out an
// incident file that is a link and publishes the rest.
func TestHostileSymlinkedIncidentLeftOut(t *testing.T) {
	dir := hostileRepo(t)
	outside := filepath.Join(t.TempDir(), "outside.md")
	writeFile(t, outside, "---\ntitle: Outside title\ncomponents: [api]\nimpact: minor\nstarted: 2026-11-26T14:00:00Z\n---\n")
	link(t, outside, filepath.Join(dir, "content/incidents/x.md"))
	code, out := runIn(t, dir, "build", "--out", filepath.Join(dir, "public"), "--now", "2026-11-26T16:00:00Z")
	if code != 0 || !strings.Contains(out, "left out 1 broken file") {
		t.Fatalf("candor build = exit %d\n%s\nwant 0, the link left out", code, out)
	}
	site := snapshot(t, filepath.Join(dir, "public"))
	if !strings.Contains(site["index.html"], "Good incident") || strings.Contains(strings.Join(values(site), ""), "Outside title") {
		t.Errorf("want the good incident published and the linked one left out")
	}
}

func values(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// TestHostileLeftovers leaves what a run killed half-way leaves (temporary
// measurement and incident files, a site folder and the old site moved
// aside), old and fresh, and checks that the next run removes what is
// litter and nothing else: every temporary measurement file (the next run
// holds the lock on that folder), and the rest once nothing has touched
// it for a while.
func TestHostileLeftovers(t *testing.T) {
	s := newScenario(t, "")
	s.next(200)
	old := time.Now().Add(-10 * time.Minute)
	stale := []string{"data/.state.tsv.4242.tmp", "data/raw/.api.tsv.77.tmp", "data/daily/.api.tsv.78.tmp",
		"content/incidents/.x.md.99.tmp", "content/maintenance/.m.md.tmp-12", ".candor-site-123/index.html", ".candor-site-124.old/index.html"}
	locked := []string{"data/raw/.api.tsv.80.tmp"}
	fresh := []string{"content/incidents/.y.md.81.tmp", ".candor-site-125/index.html"}
	mine := []string{"data/raw/notes.tmp", ".candor-site-notes/index.html", "content/incidents/.draft.tmp"}
	for _, p := range append(append(append(stale, fresh...), mine...), locked...) {
		s.write(p, strings.Repeat("x", 1000))
	}
	for _, p := range append(stale, mine...) {
		for q := p; q != "." && q != ""; q = filepath.Dir(q) {
			os.Chtimes(filepath.Join(s.dir, q), old, old)
		}
	}
	s.next(200)
	for _, p := range append(stale, locked...) {
		top := strings.SplitN(p, "/", 2)[0]
		if !strings.HasPrefix(top, ".candor-site") {
			top = p
		}
		if _, err := os.Stat(filepath.Join(s.dir, top)); err == nil {
			t.Errorf("%s is still there after the next run", top)
		}
	}
	for _, p := range append(fresh, mine...) {
		if _, err := os.Stat(filepath.Join(s.dir, p)); err != nil {
			t.Errorf("%s was removed: %v", p, err)
		}
	}
}

// secretForms are the ways a published text could carry a secret: raw,
// escaped for JSON, Go, HTML and URLs, and base64-encoded.
func secretForms(s string) []string {
	j, _ := json.Marshal(s)
	return []string{s, string(j[1 : len(j)-1]), strconv.Quote(s)[1 : len(strconv.Quote(s))-1], html.EscapeString(s),
		url.QueryEscape(s), url.PathEscape(s), base64.StdEncoding.EncodeToString([]byte(s))}
}

// carriesSecret names a run of 10 characters of any form of s in text.
func carriesSecret(text, s string) (string, bool) {
	for _, f := range secretForms(s) {
		r := []rune(f)
		for i := 0; i+10 <= len(r); i++ {
			if w := string(r[i : i+10]); strings.Contains(text, w) {
				return w, true
			}
		}
	}
	return "", false
}

// TestHostileSecretEchoed probes, round after round until an incident
// opens, an API that echoes the secret in the JSON field the probe
// checks, then runs candor probe --json, and looks for any part of the
// secret in every byte written: output, data, incident files and the site.
func TestHostileSecretEchoed(t *testing.T) {
	const secret = `sk_live_"quoted\path"_0123456789abcdef0123456789abcdef`
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]string{"status": r.Header.Get("X-Key"), "echo": r.URL.Query().Get("key")})
	}))
	defer api.Close()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "candor.yml"), `title: Acme Status
components:
  - id: api
    name: Public API
    probe: {http: {url: "`+api.URL+`/health?key=${KEY}", headers: {X-Key: "${KEY}"}, expect: {json: {path: status, equals: ok}}}}
policy: {retries: 0, open_after: 2}
`)
	getenv := func(k string) string { return map[string]string{"KEY": secret}[k] }
	var printed bytes.Buffer
	at := time.Date(2026, 11, 26, 14, 0, 0, 0, time.UTC)
	for i := range 3 {
		args := []string{"run", "--config", filepath.Join(dir, "candor.yml"), "--now", at.Add(time.Duration(i) * 5 * time.Minute).Format(time.RFC3339)}
		if code := run(t.Context(), args, getenv, &printed, &printed); code != 0 {
			t.Fatalf("run = exit %d\n%s", code, printed.String())
		}
	}
	if code := run(t.Context(), []string{"probe", "--json", "--config", filepath.Join(dir, "candor.yml")}, getenv, &printed, &printed); code != 0 {
		t.Fatalf("probe = exit %d\n%s", code, printed.String())
	}
	files := snapshot(t, dir)
	if len(files) < 10 || len(snapshot(t, filepath.Join(dir, "content"))) != 1 {
		t.Fatalf("want rounds recorded and an incident opened; got %d files\n%s", len(files), printed.String())
	}
	if !strings.Contains(printed.String(), "[redacted]") {
		t.Errorf("the value is not shown as [redacted]:\n%s", printed.String())
	}
	files["(printed)"] = printed.String()
	for p, data := range files {
		if p == "candor.yml" {
			continue
		}
		if w, ok := carriesSecret(data, secret); ok {
			t.Errorf("%s carries %q of the secret", p, w)
		}
	}
}

// TestHostileSecretEncodedEchoed is TestHostileSecretEchoed for an API
// that echoes the secret escaped as other languages escape it, or in
// capitals: each component's incident opens, and no file, read as raw
// bytes or as a reader decodes it, holds a run of the secret.
func TestHostileSecretEncodedEchoed(t *testing.T) {
	const secret = `sk_live_"q/k3y"_0123456789abcdef`
	forms := map[string]func(string) string{
		"quot": func(s string) string { return strings.ReplaceAll(s, `"`, "&quot;") }, // Python's html.escape, PHP, Jinja
		"hex": func(s string) string {
			var b strings.Builder
			for _, c := range s {
				b.WriteString("&#x" + strconv.FormatInt(int64(c), 16) + ";")
			}
			return b.String()
		},
		"dec": func(s string) string {
			var b strings.Builder
			for _, c := range s {
				b.WriteString("&#" + strconv.Itoa(int(c)) + ";")
			}
			return b.String()
		},
		"pct":   func(s string) string { return strings.ToLower(url.QueryEscape(s)) },
		"upper": strings.ToUpper,
	}
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]string{"status": forms[r.URL.Query().Get("form")](r.Header.Get("X-Key"))})
	}))
	defer api.Close()
	dir := t.TempDir()
	var cfg strings.Builder
	cfg.WriteString("title: Acme Status\ncomponents:\n")
	for name := range forms {
		cfg.WriteString("  - id: " + name + "\n    probe: {http: {url: \"" + api.URL + "/?form=" + name + "\", headers: {X-Key: \"${KEY}\"}, expect: {json: {path: status, equals: ok}}}}\n")
	}
	cfg.WriteString("policy: {retries: 0, open_after: 2}\n")
	writeFile(t, filepath.Join(dir, "candor.yml"), cfg.String())
	getenv := func(k string) string { return map[string]string{"KEY": secret}[k] }
	var printed bytes.Buffer
	at := time.Date(2026, 11, 26, 14, 0, 0, 0, time.UTC)
	for i := range 3 {
		args := []string{"run", "--config", filepath.Join(dir, "candor.yml"), "--now", at.Add(time.Duration(i) * 5 * time.Minute).Format(time.RFC3339)}
		if code := run(t.Context(), args, getenv, &printed, &printed); code != 0 {
			t.Fatalf("run = exit %d\n%s", code, printed.String())
		}
	}
	if n := len(snapshot(t, filepath.Join(dir, "content"))); n != len(forms) {
		t.Fatalf("%d incidents opened, want %d\n%s", n, len(forms), printed.String())
	}
	files := snapshot(t, dir)
	files["(printed)"] = printed.String()
	for p, data := range files {
		if p == "candor.yml" {
			continue
		}
		for _, view := range []string{data, html.UnescapeString(html.UnescapeString(data)), strings.ToLower(data)} {
			if w, ok := carriesSecret(view, secret); ok {
				t.Errorf("%s carries %q of the secret", p, w)
				break
			}
			if strings.Contains(view, secret[:6]) { // a prefix left by a cut
				t.Errorf("%s carries the secret's first characters %q", p, secret[:6])
				break
			}
		}
	}
}

// TestHostileForeignMessage merges, with candor run --results, two
// vantage points' files whose message holds a bidirectional override and
// the merging machine's own secret, until an incident opens: no file the
// round writes holds either, and the incident passes candor check.
func TestHostileForeignMessage(t *testing.T) {
	const secret = "fk-0123456789abcdef"
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "candor.yml"), `title: Acme Status
vantages:
  - {id: eu, name: Frankfurt}
  - {id: us, name: Virginia}
components:
  - id: api
    name: Public API
    probe: {http: {url: "http://127.0.0.1:9/health", headers: {X-Key: "${KEY}"}}}
policy: {retries: 0, open_after: 2, quorum: 2}
`)
	getenv := func(k string) string { return map[string]string{"KEY": secret}[k] }
	var printed bytes.Buffer
	at := time.Date(2026, 11, 26, 14, 0, 0, 0, time.UTC)
	for i := range 3 {
		now := at.Add(time.Duration(i) * 5 * time.Minute)
		results := filepath.Join(t.TempDir(), "results")
		for _, v := range []string{"eu", "us"} {
			r := candor.Result{Component: "api", At: now, Outcome: candor.Down, Attempts: 1, Class: "status",
				Message: "HTTP 503: \u202egnp.exe for key " + secret, CertDaysLeft: -1}
			writeFile(t, filepath.Join(results, v+".json"), string(monitor.EncodeResults(monitor.Vantage{Name: v, At: now, Results: []candor.Result{r}})))
		}
		args := []string{"run", "--config", filepath.Join(dir, "candor.yml"), "--results", results, "--probe=false", "--now", now.Format(time.RFC3339)}
		if code := run(t.Context(), args, getenv, &printed, &printed); code != 0 {
			t.Fatalf("run = exit %d\n%s", code, printed.String())
		}
	}
	incidents := snapshot(t, filepath.Join(dir, "content"))
	if len(incidents) != 1 {
		t.Fatalf("%d incidents opened, want 1\n%s", len(incidents), printed.String())
	}
	var checked bytes.Buffer
	if code := run(t.Context(), []string{"check", "--config", filepath.Join(dir, "candor.yml")}, getenv, &checked, &checked); code != 0 {
		t.Errorf("check = exit %d, want 0\n%s", code, checked.String())
	}
	for p, data := range snapshot(t, dir) {
		if strings.ContainsRune(data, '\u202e') || strings.Contains(data, secret) {
			t.Errorf("%s holds the override or the secret", p)
		}
	}
	page := snapshot(t, filepath.Join(dir, "public", "components", "api"))["index.html"]
	if !strings.Contains(page, "gnp.exe") {
		t.Errorf("the component page does not show the message:\n%s", page)
	}
}
