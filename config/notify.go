package config

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/notify/chaturl"
)

// notify checks notify.channels and notify.webhooks: URLs well formed as
// far as can be told without their secrets, filters naming what exists.
func (v *validator) notify() {
	n := &v.cfg.Notify
	urls := map[string]string{}
	for i, c := range n.Channels {
		f := fmt.Sprintf("notify.channels[%d]", i)
		if v.notifyURL(f, c.URL, urls) {
			v.channelScheme(f+".url", c.URL)
		}
		v.filter(f, c.Components, c.MinImpact, c.Events)
	}
	for i, w := range n.Webhooks {
		f := fmt.Sprintf("notify.webhooks[%d]", i)
		if v.notifyURL(f, w.URL, urls) && !strings.HasPrefix(w.URL, "${") {
			if u, err := url.Parse(envRef.ReplaceAllString(w.URL, "x")); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				v.d.Errorf(f+".url", "want an absolute http or https URL such as https://example.com/hooks/status (got %q)", w.URL)
			}
		}
		v.envRefs(f+".secret", w.Secret)
		v.filter(f, w.Components, w.MinImpact, w.Events)
	}
}

// notifyURL checks what every notification URL needs: present, unique,
// its ${NAME} references well formed and set. It reports whether the URL
// is worth checking further.
func (v *validator) notifyURL(f, raw string, seen map[string]string) bool {
	if raw == "" {
		v.d.Errorf(f, "url: required")
		return false
	}
	if first, dup := seen[raw]; dup {
		v.d.Errorf(f+".url", "the same url as %s (line %d): one entry per destination", first, v.d.Positions[first].Line)
		return false
	}
	seen[raw] = f + ".url"
	before := len(v.d.Problems)
	v.envRefs(f+".url", raw)
	return len(v.d.Problems) == before
}

// channelScheme checks a channel URL as far as it is written out: one
// with no ${NAME} as the notification library reads it (chaturl.Check),
// one whose scheme is written out by its scheme; a URL that is all
// ${NAME} is checked when candor run expands it.
func (v *validator) channelScheme(f, raw string) {
	scheme, _, ok := strings.Cut(raw, "://")
	if !ok || strings.Contains(scheme, "${") {
		if !strings.HasPrefix(raw, "${") {
			v.d.Errorf(f, "want a service URL such as slack://token@channel or \"${SLACK_URL}\" (got %q)", raw)
		}
		return
	}
	if !slices.Contains(chaturl.Services(), chaturl.Scheme(raw)) {
		v.d.Errorf(f, "unknown service %q: want one of %s", scheme, strings.Join(chaturl.Services(), ", "))
		return
	}
	if !strings.Contains(raw, "${") {
		if err := chaturl.Check(raw); err != nil {
			v.d.Errorf(f, "%v", err)
		}
	}
}

// filter checks the keys that choose which changes a channel is sent.
func (v *validator) filter(f string, components []string, min candor.Impact, events []candor.ChangeKind) {
	for i, id := range components {
		if _, ok := v.cfg.Component(id); !ok {
			v.d.Errorf(fmt.Sprintf("%s.components[%d]", f, i), "no component has id %q", id)
		}
	}
	if min != "" && min.Rank() < 0 {
		v.d.Errorf(f+".min_impact", "want one of none, minor, major, critical (got %q)", min)
	}
	all := candor.ChangeKinds()
	for i, k := range events {
		if !k.Valid() {
			names := make([]string, len(all))
			for j, x := range all {
				names[j] = string(x)
			}
			v.d.Errorf(fmt.Sprintf("%s.events[%d]", f, i), "want one of %s (got %q)", strings.Join(names, ", "), k)
		}
	}
}
