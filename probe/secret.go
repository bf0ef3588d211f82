package probe

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"

	"github.com/candor-status/candor"
)

// ref is a ${NAME} reference to an environment variable.
var ref = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// expansion is a text with its ${NAME} references replaced.
type expansion struct {
	text    string
	values  []string // the values substituted, never empty strings
	missing []string // names that were unset or empty
}

// expand replaces every ${NAME} in s with getenv(NAME). An unset or empty
// variable is missing: getenv cannot tell the two apart, and an empty
// secret is a mistake either way.
func expand(s string, getenv func(string) string) expansion {
	var e expansion
	e.text = ref.ReplaceAllStringFunc(s, func(m string) string {
		name := m[2 : len(m)-1]
		v := getenv(name)
		if v == "" {
			e.missing = append(e.missing, name)
			return ""
		}
		e.values = append(e.values, v)
		return v
	})
	return e
}

// field is one place of an HTTP probe that may hold secrets.
type field struct {
	key, text string // key as written in candor.yml below the probe: url, headers.X, body
}

// httpFields lists the fields of h that are expanded, in a fixed order.
func httpFields(h *candor.HTTPProbe) []field {
	fs := []field{{"url", h.URL}}
	names := make([]string, 0, len(h.Headers))
	for k := range h.Headers {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		fs = append(fs, field{"headers." + k, h.Headers[k]})
	}
	return append(fs, field{"body", h.Body})
}

// missingError names a variable a field needs, never its value.
func missingError(key, name string) error {
	return fmt.Errorf("%s: environment variable %s is not set", key, name)
}

// Secrets returns every value the config's probes take from the
// environment, so that a caller can mask them in logs (::add-mask:: in
// Actions) before anything is printed. The error lists, for each ${NAME}
// whose variable is unset or empty, the component and key that need it, as
// "components.api.probe.http.headers.Authorization: environment variable
// API_TOKEN is not set"; it never holds a value. Values are returned even
// when some are missing.
func Secrets(cfg candor.Config, getenv func(string) string) ([]string, error) {
	var values []string
	var errs []error
	for _, comp := range cfg.Components {
		if comp.Probe == nil || comp.Probe.HTTP == nil {
			continue
		}
		for _, f := range httpFields(comp.Probe.HTTP) {
			e := expand(f.text, getenv)
			values = append(values, e.values...)
			for _, name := range e.missing {
				key := "components." + comp.ID + ".probe.http." + f.key
				errs = append(errs, missingError(key, name))
			}
		}
	}
	slices.Sort(values)
	return slices.Compact(values), errors.Join(errs...)
}

// Expand replaces every ${NAME} in s with its variable from getenv, the
// one way candor reads a secret: it returns the text, the values it put
// in (never empty), and the names that were unset or empty.
func Expand(s string, getenv func(string) string) (text string, values, missing []string) {
	e := expand(s, getenv)
	return e.text, e.values, e.missing
}
