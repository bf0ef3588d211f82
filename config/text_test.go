package config

import (
	"testing"
)

// TestCheckText checks that text the site would have to drop is a
// problem at its line and column, naming the character.
func TestCheckText(t *testing.T) {
	base := "title: T\ncomponents:\n  - id: a\n"
	tests := []struct{ name, yaml, want string }{
		{"control in a name", base + `    name: "API\x01"` + "\n", `candor.yml:4:11: components[0].name: holds U+0001, a control character (character 4): remove it`},
		{"override in the title", "title: \"\\u202eevil\"\ncomponents: [{id: a}]\n", `candor.yml:1:8: title: holds U+202E, a bidirectional control (character 1): remove it`},
		{"isolate in a group", base + "    group: \"Core\\u2066\"\n", `components[0].group: holds U+2066, a bidirectional control (character 5)`},
		{"noncharacter in a description", base + "    description: \"x\\uFFFE\"\n", `components[0].description: holds U+FFFE, a noncharacter (character 2)`},
		{"C1 control in the page description", "title: T\ndescription: \"a\\u0085b\"\ncomponents: [{id: a}]\n", `candor.yml:2:14: description: holds U+0085, a control character (character 2)`},
		{"line break in a name", base + `    name: "API\nv2"` + "\n", `components[0].name: holds a line break (character 4): this field is one line`},
		{"override in a vantage point's name", "title: T\ncomponents: [{id: a}]\nvantages:\n  - id: eu\n    name: \"EU\\u202e\"\n", `candor.yml:5:11: vantages[0].name: holds U+202E, a bidirectional control (character 3): remove it`},
		{"mark in a name", base + "    name: \"API\\u200f\"\n", `components[0].name: holds U+200F, a bidirectional control (character 4)`},
		{"Arabic letter mark in a group", base + "    group: \"a\\u061cb\"\n", `components[0].group: holds U+061C, a bidirectional control (character 2)`},
		{"tab in the title", "title: \"a\\tb\"\ncomponents: [{id: a}]\n", `title: holds a tab (character 2): this field is one line`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantOneProblem(t, tt.yaml, tt.want) })
	}
	ok := base + "    name: \"Café ☃ — API\"\n    description: \"Two lines\\nof text,\\ttabbed, ☃ kept\"\n"
	if _, problems := Parse("candor.yml", []byte(ok), nil); len(problems) > 0 {
		t.Errorf("problems = %q, want none", problemLines(problems))
	}
}
