package generator

import (
	"bytes"
	"encoding/xml"
	"io"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/candor-status/candor"
)

// dirt is what no output may carry: control characters, a noncharacter and
// bidirectional controls.
const dirt = "\x01\u202e\x7f\u0085\ufffe\u2066\x00"

// taint puts dirt around every plain string reachable from v, map keys
// included.
func taint(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			taint(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Field(i); f.CanSet() {
				taint(f)
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			taint(v.Index(i))
		}
	case reflect.String:
		if v.Type() == reflect.TypeFor[string]() && v.CanSet() {
			v.SetString(dirt + v.String() + dirt)
		}
	case reflect.Map:
		if v.IsNil() || v.Type().Key() != reflect.TypeFor[string]() {
			return
		}
		m := reflect.MakeMap(v.Type())
		for _, k := range v.MapKeys() {
			val := reflect.New(v.Type().Elem()).Elem()
			val.Set(v.MapIndex(k))
			taint(val)
			m.SetMapIndex(reflect.ValueOf(dirt+k.String()+dirt), val)
		}
		v.Set(m)
	}
}

// TestCleanInputEveryText builds the sample site twice, once with dirt
// around every text of the input (names, titles, updates, bodies, ids,
// paths, probe messages), and checks that the two sites are the same to
// the byte: nothing of the dirt reaches a page, feed, badge, the calendar
// or the API, and every XML output is well-formed.
func TestCleanInputEveryText(t *testing.T) {
	t.Run("sample", func(t *testing.T) { buildsClean(t, sampleInput) })
	// Vantage point names, and the messages of other vantage points'
	// results files, which the monitor merged.
	t.Run("vantage points", func(t *testing.T) { buildsClean(t, vantageInput) })
}

// buildsClean checks that input, tainted, builds the same site as clean.
func buildsClean(t *testing.T, input func() Input) {
	want, err := Build(input())
	if err != nil {
		t.Fatal(err)
	}
	in := input()
	taint(reflect.ValueOf(&in).Elem())
	if !strings.Contains(in.Config.Components[0].Name, "\x01") || !strings.Contains(in.Incidents[0].Updates[0].Text, "\u202e") {
		t.Fatal("taint left the input clean")
	}
	got, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	if g, w := strings.Join(got.Paths(), " "), strings.Join(want.Paths(), " "); g != w {
		t.Fatalf("paths differ:\n%q\nwant\n%q", g, w)
	}
	for _, p := range got.Paths() {
		if !bytes.Equal(got[p], want[p]) {
			t.Errorf("%s differs from the clean build", p)
		}
		if !utf8.Valid(got[p]) || bytes.ContainsFunc(got[p], candor.UnsafeRune) {
			t.Errorf("%s carries an unsafe character", p)
		}
		if strings.HasSuffix(p, ".svg") || strings.HasSuffix(p, ".rss") || strings.HasSuffix(p, ".atom") {
			if err := wellFormed(got[p]); err != nil {
				t.Errorf("%s is not well-formed XML: %v", p, err)
			}
		}
	}
}

func wellFormed(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		if _, err := d.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// TestCleanInputKeepsInput checks that Build leaves its input alone.
func TestCleanInputKeepsInput(t *testing.T) {
	in := sampleInput()
	in.Config.Components[0].Name = "API\x01"
	in.Incidents[0].Title = "\u202eTitle"
	if _, err := Build(in); err != nil {
		t.Fatal(err)
	}
	if in.Config.Components[0].Name != "API\x01" || in.Incidents[0].Title != "\u202eTitle" {
		t.Errorf("Build changed its input: %q, %q", in.Config.Components[0].Name, in.Incidents[0].Title)
	}
}
