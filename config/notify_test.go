package config

import (
	"slices"
	"strings"
	"testing"

	"github.com/candor-status/candor"
)

const notifyBase = "title: T\ncomponents:\n  - id: api\n  - id: db\nnotify:\n"

func TestParseNotify(t *testing.T) {
	text := notifyBase + `  assignees: [oncall]
  channels:
    - url: "${SLACK_URL}"
      components: [api]
      min_impact: minor
      events: [incident.opened, incident.resolved]
    - url: discord://${DISCORD_TOKEN}@1234567890
    - url: generic+https://hooks.example.com/status
  webhooks:
    - url: https://ops.example.com/statuspage
      secret: ${HOOK_SECRET}
      events: component.status
`
	cfg, problems := Parse("candor.yml", []byte(text), nil)
	if len(problems) > 0 {
		t.Fatalf("problems: %v", problems)
	}
	n := cfg.Notify
	if len(n.Channels) != 3 || len(n.Webhooks) != 1 || n.Assignees[0] != "oncall" {
		t.Fatalf("notify = %+v", n)
	}
	f := n.Channels[0].Filter()
	want := candor.Filter{Components: []string{"api"}, MinImpact: candor.ImpactMinor, Kinds: []candor.ChangeKind{candor.IncidentOpened, candor.IncidentResolved}}
	if !slices.Equal(f.Components, want.Components) || f.MinImpact != want.MinImpact || !slices.Equal(f.Kinds, want.Kinds) {
		t.Errorf("channel filter = %+v, want %+v", f, want)
	}
	if w := n.Webhooks[0]; w.Secret != "${HOOK_SECRET}" || !slices.Equal(w.Filter().Kinds, []candor.ChangeKind{candor.ComponentStatus}) {
		t.Errorf("webhook = %+v", w)
	}
}

func TestParseNotifyProblems(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown service", "  channels:\n    - url: slak://token@channel\n", `candor.yml:7:12: notify.channels[0].url: unknown service "slak": want one of `},
		{"not a URL", "  channels:\n    - url: hooks.slack.com/services/x\n", `candor.yml:7:12: notify.channels[0].url: want a service URL`},
		{"url missing", "  channels:\n    - components: [api]\n", "candor.yml:7:7: notify.channels[0]: url: required"},
		{"bad reference", "  channels:\n    - url: \"${slack url}\"\n", `candor.yml:7:12: notify.channels[0].url: want ${NAME}`},
		{"same url twice", "  channels:\n    - url: ${A}\n    - url: ${A}\n", "candor.yml:8:12: notify.channels[1].url: the same url as notify.channels[0].url (line 7)"},
		{"unknown component", "  channels:\n    - url: ${A}\n      components: [api, web]\n", `candor.yml:8:25: notify.channels[0].components[1]: no component has id "web"`},
		{"bad impact", "  channels:\n    - url: ${A}\n      min_impact: huge\n", `candor.yml:8:19: notify.channels[0].min_impact: want one of none, minor, major, critical (got "huge")`},
		{"bad event", "  channels:\n    - url: ${A}\n      events: [incident.exploded]\n", `candor.yml:8:16: notify.channels[0].events[0]: want one of incident.opened, `},
		{"webhook not http", "  webhooks:\n    - url: ftp://example.com/x\n", "candor.yml:7:12: notify.webhooks[0].url: want an absolute http or https URL"},
		{"webhook secret reference", "  webhooks:\n    - url: https://example.com/x\n      secret: ${1X}\n", "candor.yml:8:15: notify.webhooks[0].secret: want ${NAME}"},
		{"unknown key", "  channels:\n    - url: ${A}\n      channel: ops\n", "candor.yml:8:7: notify.channels[0].channel: unknown key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, problems := Parse("candor.yml", []byte(notifyBase+tt.yaml), nil)
			var got []string
			for _, p := range problems {
				got = append(got, p.Error())
			}
			if len(got) != 1 || !strings.HasPrefix(got[0], tt.want) {
				t.Errorf("problems = %q, want one starting %q", got, tt.want)
			}
		})
	}
}

func TestParseNotifyMissingSecretNamesNoValue(t *testing.T) {
	env := map[string]string{"HOOK_SECRET": "s3cr3t"}
	_, problems := Parse("candor.yml", []byte(notifyBase+"  channels:\n    - url: ${SLACK_URL}\n  webhooks:\n    - url: https://x.example/h\n      secret: ${HOOK_SECRET}\n"), func(k string) string { return env[k] })
	if len(problems) != 1 || !MissingSecret(problems[0]) || problems[0].Field != "notify.channels[0].url" {
		t.Fatalf("problems = %v, want SLACK_URL missing at notify.channels[0].url", problems)
	}
}
