package config

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/candor-status/candor"
	"gopkg.in/yaml.v3"
)

// Pos is a position in a file, 1-based.
type Pos struct{ Line, Col int }

// Positions maps a field path ("components[2].probe.http.url") to where its
// value stands, so checks after decoding can point at the right line.
type Positions map[string]Pos

// Decoder turns YAML into Go values strictly: unknown and duplicate keys are
// errors, every error names the field and its line and column.
type Decoder struct {
	Path       string // file name for problems
	LineOffset int    // lines before the YAML in its file (front matter)
	Problems   []candor.Problem
	Positions  Positions
	aliases    aliasBudget
}

// Decode parses data into v (a pointer to a struct) and returns false when
// the YAML itself could not be parsed. Field problems are collected in
// d.Problems; decoding goes on past them so one pass reports them all.
// Aliases may expand the document to at most four times its nodes (see
// aliasFactor); past that, decoding stops with a problem at the alias and
// Decode returns false: the document is refused as a whole.
func (d *Decoder) Decode(data []byte, v any) bool {
	if d.Positions == nil {
		d.Positions = Positions{}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		p, msg := syntaxError(data, err)
		p.Line += d.LineOffset
		d.add(p, "", msg)
		return false
	}
	if len(root.Content) == 0 {
		d.add(Pos{1, 1}, "", "empty document")
		return false
	}
	d.aliases = newAliasBudget(&root)
	d.decode(root.Content[0], reflect.ValueOf(v).Elem(), "")
	return !d.aliases.exceeded
}

func (d *Decoder) pos(n *yaml.Node) Pos { return Pos{n.Line + d.LineOffset, n.Column} }

func (d *Decoder) add(p Pos, field, msg string) {
	if d.aliases.repeated(p, msg) {
		return
	}
	d.Problems = append(d.Problems, candor.Problem{Path: d.Path, Line: p.Line, Col: p.Col, Field: field, Message: msg})
}

// Errorf records a problem at the position of field; a field that is not
// in the file (a required key left out) is placed at its parent.
func (d *Decoder) Errorf(field, format string, args ...any) {
	d.add(d.position(field), field, fmt.Sprintf(format, args...))
}

func (d *Decoder) position(field string) Pos {
	for {
		if p, ok := d.Positions[field]; ok {
			return p
		}
		i := strings.LastIndexAny(field, ".[")
		if i < 0 {
			return d.Positions[""]
		}
		field = field[:i]
	}
}

// Reported reports whether a problem was already recorded for field, so
// that a later check does not report the same mistake twice.
func (d *Decoder) Reported(field string) bool {
	for _, p := range d.Problems {
		if p.Field == field {
			return true
		}
	}
	return false
}

var (
	durationType = reflect.TypeOf(time.Duration(0))
	timeType     = reflect.TypeOf(time.Time{})
)

func (d *Decoder) decode(n *yaml.Node, v reflect.Value, field string) {
	if n.Kind == yaml.AliasNode {
		d.follow(n, field, func(n *yaml.Node) { d.decode(n, v, field) })
		return
	}
	if !d.reach() {
		return
	}
	d.Positions[field] = d.pos(n)
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return // absent: keep the zero value
	}
	switch {
	case v.Type() == durationType:
		d.decodeDuration(n, v, field)
		return
	case v.Type() == timeType:
		d.decodeTime(n, v, field)
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.decode(n, v.Elem(), field)
	case reflect.Struct:
		d.decodeStruct(n, v, field)
	case reflect.Slice:
		d.decodeSlice(n, v, field)
	case reflect.Map:
		d.decodeMap(n, v, field)
	case reflect.String:
		if d.scalar(n, field, "text") {
			v.SetString(n.Value)
		}
	case reflect.Int:
		if d.scalar(n, field, "a whole number") {
			i, err := strconv.Atoi(n.Value)
			if err != nil {
				d.add(d.pos(n), field, fmt.Sprintf("want a whole number (got %q)", n.Value))
				return
			}
			v.SetInt(int64(i))
		}
	case reflect.Float64:
		if d.scalar(n, field, "a number") {
			f, err := strconv.ParseFloat(strings.TrimSuffix(n.Value, "%"), 64)
			if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
				d.add(d.pos(n), field, fmt.Sprintf("want a number (got %q)", n.Value))
				return
			}
			v.SetFloat(f)
		}
	case reflect.Bool:
		if d.scalar(n, field, "true or false") {
			b, err := strconv.ParseBool(n.Value)
			if err != nil {
				d.add(d.pos(n), field, fmt.Sprintf("want true or false (got %q)", n.Value))
				return
			}
			v.SetBool(b)
		}
	default:
		d.add(d.pos(n), field, "cannot decode "+v.Kind().String())
	}
}

func (d *Decoder) scalar(n *yaml.Node, field, want string) bool {
	if n.Kind != yaml.ScalarNode {
		d.add(d.pos(n), field, fmt.Sprintf("want %s (got %s)", want, kindName(n)))
		return false
	}
	return true
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return fmt.Sprintf("%q", n.Value)
}

func (d *Decoder) decodeStruct(n *yaml.Node, v reflect.Value, field string) {
	if n.Kind == yaml.ScalarNode {
		// A field tagged ",scalar" takes a plain value given for the
		// whole struct: sla: 99.9 is sla: {target: 99.9}.
		if i, ok := scalarField(v.Type()); ok {
			d.decode(n, v.Field(i), field)
			return
		}
	}
	if n.Kind != yaml.MappingNode {
		d.add(d.pos(n), field, fmt.Sprintf("want a mapping (got %s)", kindName(n)))
		return
	}
	fields := map[string]int{}
	var known []string
	for i := 0; i < v.NumField(); i++ {
		tag := strings.Split(v.Type().Field(i).Tag.Get("yaml"), ",")[0]
		if tag == "" || tag == "-" {
			continue
		}
		fields[tag] = i
		known = append(known, tag)
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		name := join(field, k.Value)
		if !d.reach() {
			return
		}
		idx, ok := fields[k.Value]
		switch {
		case !ok:
			d.add(d.pos(k), name, fmt.Sprintf("unknown key (want one of %s)", strings.Join(known, ", ")))
		case seen[k.Value]:
			d.add(d.pos(k), name, "key given twice")
		default:
			seen[k.Value] = true
			d.decode(val, v.Field(idx), name)
		}
	}
}

// scalarField is the index of the field of struct type t tagged with the
// "scalar" option, if any.
func scalarField(t reflect.Type) (int, bool) {
	for i := 0; i < t.NumField(); i++ {
		opts := strings.Split(t.Field(i).Tag.Get("yaml"), ",")
		for _, o := range opts[1:] {
			if o == "scalar" {
				return i, true
			}
		}
	}
	return 0, false
}

func (d *Decoder) decodeSlice(n *yaml.Node, v reflect.Value, field string) {
	if n.Kind != yaml.SequenceNode {
		if n.Kind == yaml.ScalarNode && v.Type().Elem().Kind() == reflect.String {
			v.Set(reflect.Append(reflect.MakeSlice(v.Type(), 0, 1), reflect.ValueOf(n.Value).Convert(v.Type().Elem())))
			return
		}
		d.add(d.pos(n), field, fmt.Sprintf("want a list (got %s)", kindName(n)))
		return
	}
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, item := range n.Content {
		d.decode(item, s.Index(i), fmt.Sprintf("%s[%d]", field, i))
	}
	v.Set(s)
}

func (d *Decoder) decodeMap(n *yaml.Node, v reflect.Value, field string) {
	if n.Kind != yaml.MappingNode {
		d.add(d.pos(n), field, fmt.Sprintf("want a mapping (got %s)", kindName(n)))
		return
	}
	m := reflect.MakeMap(v.Type())
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		name := join(field, k.Value)
		if !d.reach() {
			return
		}
		if m.MapIndex(reflect.ValueOf(k.Value)).IsValid() {
			d.add(d.pos(k), name, "key given twice")
			continue
		}
		e := reflect.New(v.Type().Elem()).Elem()
		d.decode(val, e, name)
		m.SetMapIndex(reflect.ValueOf(k.Value), e)
	}
	v.Set(m)
}

func (d *Decoder) decodeDuration(n *yaml.Node, v reflect.Value, field string) {
	if !d.scalar(n, field, "a duration") {
		return
	}
	dur, err := ParseDuration(n.Value)
	if err != nil {
		d.add(d.pos(n), field, err.Error())
		return
	}
	v.SetInt(int64(dur))
}

func (d *Decoder) decodeTime(n *yaml.Node, v reflect.Value, field string) {
	if !d.scalar(n, field, "a time") {
		return
	}
	t, err := ParseTime(n.Value)
	if err != nil {
		d.add(d.pos(n), field, err.Error())
		return
	}
	v.Set(reflect.ValueOf(t))
}

// goDuration is the syntax of time.ParseDuration, which says only "invalid
// duration" of one too long to hold.
var goDuration = regexp.MustCompile(`^\+?([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h)(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))*$`)

// ParseDuration parses a Go duration ("90s", "1h30m") and also whole days
// ("7d"). Negative durations are refused, and so are days beyond what a
// duration holds (about 292 years), which would wrap around.
func ParseDuration(s string) (time.Duration, error) {
	dur, isDays, err := parseDays(s)
	if !isDays {
		dur, err = time.ParseDuration(s)
		if err != nil && goDuration.MatchString(s) {
			err = errTooLong // well formed, so it overflowed ("2562048h")
		}
	}
	if errors.Is(err, errTooLong) {
		return 0, fmt.Errorf("want a duration such as 30s, 5m, 2h or 7d; %q is longer than any duration can be", s)
	}
	if err != nil || dur < 0 {
		return 0, fmt.Errorf("want a duration such as 30s, 5m, 2h or 7d (got %q)", s)
	}
	return dur, nil
}

// ParseTime parses an RFC 3339 time with a zone ("2026-11-26T14:05:00Z").
// A time without a zone is refused by name: it would mean different
// instants to different readers.
func ParseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err == nil {
		return t.UTC(), nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"} {
		if _, e := time.Parse(layout, s); e == nil {
			return time.Time{}, fmt.Errorf("time without a zone: add Z for UTC or an offset such as +01:00 (got %q)", s)
		}
	}
	return time.Time{}, fmt.Errorf("want an RFC 3339 time such as 2026-11-26T14:05:00Z (got %q)", s)
}

func join(field, key string) string {
	if field == "" {
		return key
	}
	return field + "." + key
}
