package probe_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/probe"
)

// secret holds characters that URLs escape; its middle, "s3cr3t", must
// never appear in any output.
const secret = "Zq9-s3cr3t+tok/en="

// leaks reports whether text carries the secret in any form.
func leaks(text string) bool {
	return strings.Contains(text, "s3cr3t") || strings.Contains(text, url.QueryEscape(secret))
}

// echo answers with everything it was sent, secrets included, and then
// fails the check in the way path names.
func echo(closed string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token := r.URL.Query().Get("token")
		switch {
		case strings.HasPrefix(r.URL.Path, "/loop"):
			http.Redirect(w, r, "/loop/"+url.PathEscape(token)+"?token="+url.QueryEscape(token), http.StatusFound)
		case r.URL.Path == "/away":
			http.Redirect(w, r, "http://"+closed+"/"+url.PathEscape(token)+"?token="+url.QueryEscape(token), http.StatusFound)
		case r.URL.Path == "/json":
			json.NewEncoder(w).Encode(map[string]string{"token": token, "auth": r.Header.Get("Authorization")})
		default:
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprintf(w, "token=%s auth=%s", token, r.Header.Get("Authorization"))
		}
	}
}

// TestSecretsNeverLeak fails checks whose URL query and header hold a
// secret, in every way a check can fail, and looks for the secret in every
// field of every result.
func TestSecretsNeverLeak(t *testing.T) {
	closed := closedPort(t)
	srv := httptest.NewServer(echo(closed))
	defer srv.Close()
	hung := serve(t, hang)
	env := map[string]string{"TOKEN": secret}
	c := newChecker(nil, env)
	cases := map[string]candor.HTTPProbe{
		"refused":         {URL: "http://" + closed + "/?token=${TOKEN}"},
		"timeout":         {URL: "http://" + hung.addr + "/?token=${TOKEN}", Timeout: 200e6},
		"status":          {URL: srv.URL + "/?token=${TOKEN}"},
		"body":            {URL: srv.URL + "/json?token=${TOKEN}", Expect: candor.HTTPExpect{BodyContains: "nothing"}},
		"json":            {URL: srv.URL + "/json?token=${TOKEN}", Expect: candor.HTTPExpect{JSON: &candor.JSONExpect{Path: "token", Equals: "x"}}},
		"json header":     {URL: srv.URL + "/json?token=${TOKEN}", Expect: candor.HTTPExpect{JSON: &candor.JSONExpect{Path: "auth", Equals: "x"}}},
		"redirect loop":   {URL: srv.URL + "/loop?token=${TOKEN}"},
		"redirect away":   {URL: srv.URL + "/away?token=${TOKEN}"},
		"tls to plain":    {URL: "https://" + strings.TrimPrefix(srv.URL, "http://") + "/?token=${TOKEN}"},
		"unresolvable":    {URL: "http://no-such-host.invalid/?token=${TOKEN}"},
		"secret in path":  {URL: srv.URL + "/${TOKEN}/?token=${TOKEN}"},
		"secret in user":  {URL: "http://user:${TOKEN}@" + closed + "/"},
		"control char":    {URL: srv.URL + "/?token=${TOKEN}\x7f"},
		"missing as well": {URL: srv.URL + "/?token=${TOKEN}&other=${MISSING}"},
	}
	for name, p := range cases {
		t.Run(name, func(t *testing.T) {
			p.Headers = map[string]string{"Authorization": "Bearer ${TOKEN}"}
			r, _ := check(t, c, &candor.Probe{HTTP: &p}, fast)
			if r.Outcome == candor.Up {
				t.Errorf("Check = up, want a failure")
			}
			out, _ := json.Marshal(r)
			if text := fmt.Sprintf("%#v %s", r, out); leaks(text) {
				t.Errorf("the secret leaked: %s", text)
			}
		})
	}
}

// TestSecretsSent checks that the expanded values reach the server.
func TestSecretsSent(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.URL.Query().Get("token") != secret || r.Header.Get("Authorization") != "Bearer "+secret || string(body) != "key="+secret {
			w.WriteHeader(http.StatusUnauthorized)
		}
	}))
	defer srv.Close()
	// A value is inserted as it is: one with reserved characters goes in a
	// query already escaped.
	c := newChecker(nil, map[string]string{"TOKEN": secret, "TOKEN_Q": url.QueryEscape(secret)})
	p := &candor.Probe{HTTP: &candor.HTTPProbe{Method: "POST", URL: srv.URL + "/?token=${TOKEN_Q}", Body: "key=${TOKEN}",
		Headers: map[string]string{"Authorization": "Bearer ${TOKEN}"}}}
	if r, _ := check(t, c, p, fast); r.Outcome != candor.Up {
		t.Errorf("Check = %s %q, want up: the server did not get the secrets", r.Outcome, r.Message)
	}
}

// TestMissingSecret checks that a missing variable is a config error
// naming the key and the variable.
func TestMissingSecret(t *testing.T) {
	c := newChecker(nil, map[string]string{"TOKEN": secret})
	p := &candor.Probe{HTTP: &candor.HTTPProbe{URL: "http://127.0.0.1:1/?t=${TOKEN}",
		Headers: map[string]string{"X-Key": "${API_KEY}"}}}
	r, _ := check(t, c, p, fast)
	want := "headers.X-Key: environment variable API_KEY is not set"
	if r.Outcome != candor.Unknown || r.Class != "config" || r.Message != want || r.Attempts != 0 {
		t.Errorf("Check = %s %q %q after %d attempts, want unknown config %q after none", r.Outcome, r.Class, r.Message, r.Attempts, want)
	}
}

func TestSecrets(t *testing.T) {
	cfg := candor.Config{Components: []candor.Component{
		{ID: "api", Probe: &candor.Probe{HTTP: &candor.HTTPProbe{
			URL:     "https://api.example/?k=${A}&again=${A}",
			Headers: map[string]string{"X-Token": "${B}", "X-Other": "${MISSING_ONE}"},
			Body:    "${C} ${MISSING_TWO}",
		}}},
		{ID: "db", Probe: &candor.Probe{TCP: &candor.TCPProbe{Address: "db:5432"}}},
		{ID: "billing"},
	}}
	env := map[string]string{"A": "alpha-value", "B": "beta-value", "C": "gamma-value"}
	values, err := probe.Secrets(cfg, func(k string) string { return env[k] })
	if want := []string{"alpha-value", "beta-value", "gamma-value"}; !slices.Equal(values, want) {
		t.Errorf("Secrets values = %q, want %q", values, want)
	}
	want := "components.api.probe.http.headers.X-Other: environment variable MISSING_ONE is not set\n" +
		"components.api.probe.http.body: environment variable MISSING_TWO is not set"
	if err == nil || err.Error() != want {
		t.Errorf("Secrets error = %v, want %q", err, want)
	}
	if _, err := probe.Secrets(cfg, func(k string) string { return k }); err != nil {
		t.Errorf("Secrets with every variable set = %v, want nil", err)
	}
}

// windows are the runs of n characters of s (s itself when shorter).
func windows(s string, n int) []string {
	r := []rune(s)
	if len(r) <= n {
		return []string{s}
	}
	var out []string
	for i := 0; i+n <= len(r); i++ {
		out = append(out, string(r[i:i+n]))
	}
	return out
}

// carries reports a run of 10 characters of the secret, raw or escaped as
// JSON or Go would, or its base64 encoding, found in text.
func carries(text, secret string) (string, bool) {
	jsonForm, _ := json.Marshal(secret)
	forms := []string{secret, string(jsonForm[1 : len(jsonForm)-1]), strconv.Quote(secret)[1 : len(strconv.Quote(secret))-1],
		base64.StdEncoding.EncodeToString([]byte(secret))}
	for _, f := range forms {
		for _, w := range windows(f, 10) {
			if strings.Contains(text, w) {
				return w, true
			}
		}
	}
	return "", false
}

// TestSecretEchoedInJSON fails expect.json checks on a server that echoes
// the secret in the field: long secrets (a cut before redaction would keep
// a prefix), secrets holding quotes and backslashes (quoting before
// redaction would hide them), base64 and non-ASCII ones.
func TestSecretEchoedInJSON(t *testing.T) {
	secrets := map[string]string{
		"long":      "sk_live_" + strings.Repeat("0123456789abcdef", 4),
		"quotes":    `pa"ss\word"with\\escapes`,
		"non-ASCII": "clé-secrète-ünïcode-☃-token",
		"markup":    "<b>html&amp;'token'</b>-value",
	}
	for name, s := range secrets {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				json.NewEncoder(w).Encode(map[string]any{
					"status": r.Header.Get("X-Key"),
					"nested": map[string]string{"auth": r.Header.Get("Authorization")},
				})
			}))
			defer srv.Close()
			c := newChecker(nil, map[string]string{"KEY": s})
			for _, path := range []string{"status", "nested", "nested.auth"} {
				p := &candor.Probe{HTTP: &candor.HTTPProbe{URL: srv.URL + "/", Headers: map[string]string{
					"X-Key": "${KEY}", "Authorization": "Basic ${KEY}",
				}, Expect: candor.HTTPExpect{JSON: &candor.JSONExpect{Path: path, Equals: "ok"}}}}
				r, _ := check(t, c, p, fast)
				if r.Class != "json" {
					t.Fatalf("Check %s = %s %q %q, want a json failure", path, r.Outcome, r.Class, r.Message)
				}
				out, _ := json.Marshal(r)
				if w, ok := carries(r.Message+string(out), s); ok {
					t.Errorf("path %s: message %q carries %q of the secret", path, r.Message, w)
				}
				if !strings.Contains(r.Message, "[redacted]") {
					t.Errorf("path %s: message %q, want the value shown as [redacted]", path, r.Message)
				}
			}
		})
	}
}
