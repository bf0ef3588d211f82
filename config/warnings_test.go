package config

import (
	"strings"
	"testing"
)

func TestWarnings(t *testing.T) {
	for _, tc := range []struct {
		name, yaml string
		want       string
	}{
		{"no base_url", "title: T\ncomponents: [{id: api}]\n", "base_url: not set"},
		{"absolute base_url", "title: T\nbase_url: https://status.acme.example/\ncomponents: [{id: api}]\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, problems := Parse("candor.yml", []byte(tc.yaml), nil)
			if len(problems) > 0 {
				t.Fatalf("Parse: %v", problems)
			}
			got := strings.Join(Warnings(cfg), "\n")
			if tc.want == "" && got != "" || !strings.HasPrefix(got, tc.want) {
				t.Errorf("Warnings(%q) = %q, want %q", tc.yaml, got, tc.want)
			}
		})
	}
}
