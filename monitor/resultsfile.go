package monitor

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/config"
)

// ResultsVersion is the version of the results file format this candor
// writes, and the only one it reads. docs/vantages.md describes it.
const ResultsVersion = 1

// MaxResultsFile bounds the size of a results file: ten thousand
// components take about 3 MB.
const MaxResultsFile = 32 << 20

// Vantage is one vantage point's round: what it measured and whether it
// could see, as a results file holds it.
type Vantage struct {
	Name string    // the vantage point's id, as candor.yml declares it
	At   time.Time // when its round began
	// Blind is true when every one of its control checks failed: its
	// results say nothing about the product.
	Blind bool
	Shard Shard // zero when it was not split
	// Results are its checks, one per component it probed.
	Results []candor.Result

	pos [][2]int // line and column of each result in its file, for problems
}

// Shard is one of Count parts of the components, Index from 1.
type Shard struct{ Index, Count int }

// String is "2/5", "" for the zero Shard.
func (s Shard) String() string {
	if s.Count == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}

// ParseShard reads "i/n": part i of n, 1 ≤ i ≤ n ≤ 1000.
func ParseShard(s string) (Shard, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || n > 1000 || i < 1 || i > n {
		return Shard{}, fmt.Errorf("want i/n with 1 ≤ i ≤ n ≤ 1000, such as 2/5; got %q", s)
	}
	return Shard{Index: i, Count: n}, nil
}

// Has reports whether the k-th probed component (from 0, in the config's
// order) falls in the shard; every one does in the zero Shard.
func (s Shard) Has(k int) bool { return s.Count == 0 || k%s.Count == s.Index-1 }

// resultsFile is the JSON of a results file.
type resultsFile struct {
	Version        int          `json:"candor_results"`
	Vantage        string       `json:"vantage"`
	At             string       `json:"at"`
	Shard          string       `json:"shard,omitempty"`
	ControlsPassed *bool        `json:"controls_passed"`
	Results        []ResultJSON `json:"results"`
}

// ResultJSON is one check as candor writes it in JSON: a results file's
// entries and the lines of candor probe --json. Durations are in
// milliseconds, to the microsecond.
type ResultJSON struct {
	Component    string     `json:"component"`
	At           string     `json:"at"`
	Outcome      string     `json:"outcome"`
	LatencyMS    float64    `json:"latency_ms"`
	Phases       PhasesJSON `json:"phases_ms"`
	Attempts     int        `json:"attempts"`
	Class        string     `json:"class,omitempty"`
	Message      string     `json:"message"`
	CertDaysLeft *int       `json:"cert_days_left,omitempty"`
}

// PhasesJSON are a check's timings in milliseconds.
type PhasesJSON struct {
	DNS       float64 `json:"dns"`
	Connect   float64 `json:"connect"`
	TLS       float64 `json:"tls"`
	FirstByte float64 `json:"first_byte"`
	Total     float64 `json:"total"`
}

// ToJSON is r as JSON writes it.
func ToJSON(r candor.Result) ResultJSON {
	out := ResultJSON{
		Component: r.Component, At: r.At.UTC().Format(time.RFC3339), Outcome: string(r.Outcome), LatencyMS: ms(r.Latency),
		Phases:   PhasesJSON{ms(r.Phases.DNS), ms(r.Phases.Connect), ms(r.Phases.TLS), ms(r.Phases.FirstByte), ms(r.Phases.Total)},
		Attempts: r.Attempts, Class: string(r.Class), Message: r.Message,
	}
	if r.CertDaysLeft >= 0 {
		days := r.CertDaysLeft
		out.CertDaysLeft = &days
	}
	return out
}

// ms is d in milliseconds, to the microsecond.
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func fromMS(v float64) time.Duration {
	return time.Duration(v * float64(time.Millisecond)).Round(time.Microsecond)
}

// EncodeResults writes v as a results file, one result a line.
func EncodeResults(v Vantage) []byte {
	passed := !v.Blind
	f := resultsFile{Version: ResultsVersion, Vantage: v.Name, At: v.At.UTC().Format(time.RFC3339),
		Shard: v.Shard.String(), ControlsPassed: &passed, Results: make([]ResultJSON, len(v.Results))}
	for i, r := range v.Results {
		f.Results[i] = ToJSON(r)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "{\n  \"candor_results\": %d,\n  \"vantage\": %s,\n  \"at\": %q,\n", f.Version, quote(f.Vantage), f.At)
	if f.Shard != "" {
		fmt.Fprintf(&b, "  \"shard\": %q,\n", f.Shard)
	}
	fmt.Fprintf(&b, "  \"controls_passed\": %t,\n  \"results\": [", passed)
	for i, r := range f.Results {
		line, _ := json.Marshal(r) // plain fields: cannot fail
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n    ")
		b.Write(line)
	}
	if len(f.Results) > 0 {
		b.WriteString("\n  ")
	}
	b.WriteString("]\n}\n")
	return b.Bytes()
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// DecodeResults reads a results file. Every problem comes back, each at
// path:line:col: field: message; the Vantage is of use only when there
// are none.
func DecodeResults(path string, b []byte) (Vantage, []candor.Problem) {
	d := &resultsDecoder{path: path, b: b}
	if len(b) > MaxResultsFile {
		d.at(0, "", fmt.Sprintf("%d bytes: a results file is at most %d", len(b), MaxResultsFile))
		return Vantage{}, d.problems
	}
	f, ok := d.file()
	if !ok {
		return Vantage{}, d.problems
	}
	v := d.vantage(f)
	return v, d.problems
}

type resultsDecoder struct {
	path     string
	b        []byte
	problems []candor.Problem
	keys     map[string]int   // offset of each top-level key's value
	bad      map[string]bool  // top-level keys whose problem is said already
	elems    []int            // offset of each result
	fields   []map[string]int // offset of each result's fields
	broken   []bool           // each result that did not decode, said already
}

func (d *resultsDecoder) at(off int, field, msg string) {
	line, col := lineCol(d.b, off)
	if field != "" {
		msg = field + ": " + msg
	}
	d.problems = append(d.problems, candor.Problem{Path: d.path, Line: line, Col: col, Message: msg})
}

// lineCol is the 1-based line and column of byte offset off.
func lineCol(b []byte, off int) (int, int) {
	off = min(max(off, 0), len(b))
	line := 1 + bytes.Count(b[:off], []byte{'\n'})
	return line, off - bytes.LastIndexByte(b[:off], '\n')
}

// file decodes the JSON strictly, noting where each value stands. A value
// of the wrong type, an unknown key or a key given twice is a problem at
// its place, and decoding goes on, so that every problem is reported; a
// syntax error ends it.
func (d *resultsDecoder) file() (resultsFile, bool) {
	var f resultsFile
	dec := json.NewDecoder(bytes.NewReader(d.b))
	if !d.delim(dec, '{', "", "want a JSON object") {
		return f, false
	}
	d.keys, d.bad = map[string]int{}, map[string]bool{}
	for dec.More() {
		keyAt := d.skipPunct(int(dec.InputOffset()))
		tok, err := dec.Token()
		if err != nil {
			return f, d.syntax(dec, err)
		}
		key := tok.(string)
		off := d.skipPunct(int(dec.InputOffset()))
		if _, twice := d.keys[key]; twice {
			d.at(off, key, "key given twice")
			if !d.skip(dec) {
				return f, false
			}
			continue
		}
		d.keys[key] = off
		var err2 error
		switch key {
		case "candor_results":
			err2 = dec.Decode(&f.Version)
		case "vantage":
			err2 = dec.Decode(&f.Vantage)
		case "at":
			err2 = dec.Decode(&f.At)
		case "shard":
			err2 = dec.Decode(&f.Shard)
		case "controls_passed":
			err2 = dec.Decode(&f.ControlsPassed)
		case "results":
			if !d.results(dec, &f) {
				return f, false
			}
		default:
			d.at(keyAt, key, "unknown key")
			d.bad[key] = true
			if !d.skip(dec) {
				return f, false
			}
		}
		if err2 != nil && !d.value(dec, key, err2) {
			return f, false
		}
	}
	if _, err := dec.Token(); err != nil {
		return f, d.syntax(dec, err)
	}
	end := d.skipPunct(int(dec.InputOffset()))
	if _, err := dec.Token(); err != io.EOF {
		d.at(end, "", "want one JSON object; more follows it")
		return f, false
	}
	return f, true
}

// skip reads past a value the file should not hold; false on a syntax
// error, reported.
func (d *resultsDecoder) skip(dec *json.Decoder) bool {
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return d.syntax(dec, err)
	}
	return true
}

// results decodes the list of results. A result that does not decode (a
// wrong type, an unknown key) is a problem and is left out; the others are
// still checked.
func (d *resultsDecoder) results(dec *json.Decoder, f *resultsFile) bool {
	off := d.skipPunct(int(dec.InputOffset()))
	tok, err := dec.Token()
	if err != nil {
		return d.syntax(dec, err)
	}
	if tok != json.Delim('[') {
		d.at(off, "results", "want a list")
		d.bad["results"] = true
		_, scalar := tok.(json.Delim)
		return !scalar // past a text or number the rest still decodes
	}
	for i := 0; dec.More(); i++ {
		off := d.skipPunct(int(dec.InputOffset()))
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return d.syntax(dec, err)
		}
		var r ResultJSON
		field := fmt.Sprintf("results[%d]", i)
		keys := fieldOffsets(raw, off)
		sub := json.NewDecoder(bytes.NewReader(raw))
		sub.DisallowUnknownFields()
		err := sub.Decode(&r)
		var te *json.UnmarshalTypeError
		switch {
		case err == nil:
		case errors.As(err, &te):
			top, _, _ := strings.Cut(te.Field, ".")
			d.at(cmp.Or(keys[top], off), field+"."+te.Field, "want "+kindOf(te.Type.Kind().String())+" (got "+te.Value+")")
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			name, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
			d.at(off+max(bytes.Index(raw, []byte(strconv.Quote(name))), 0), field+"."+name, "unknown key")
		default:
			d.at(off, field, "want an object")
		}
		f.Results = append(f.Results, r)
		d.elems = append(d.elems, off)
		d.fields = append(d.fields, keys)
		d.broken = append(d.broken, err != nil)
	}
	_, err = dec.Token()
	return err == nil || d.syntax(dec, err)
}

// fieldOffsets is where each key of a flat JSON object stands.
func fieldOffsets(raw []byte, base int) map[string]int {
	out := map[string]int{}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil {
		return out
	}
	for dec.More() {
		start := int(dec.InputOffset())
		tok, err := dec.Token()
		if err != nil {
			return out
		}
		if key, ok := tok.(string); ok {
			out[key] = base + start + bytes.IndexByte(raw[start:], '"')
		}
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return out
		}
	}
	return out
}

func kindOf(k string) string {
	switch k {
	case "string":
		return "text"
	case "int", "float64":
		return "a number"
	case "bool", "ptr":
		return "true or false"
	case "slice":
		return "a list"
	}
	return k
}

func (d *resultsDecoder) delim(dec *json.Decoder, want json.Delim, field, msg string) bool {
	off := d.skipPunct(int(dec.InputOffset()))
	tok, err := dec.Token()
	if err != nil {
		return d.syntax(dec, err)
	}
	if tok != want {
		d.at(off, field, msg)
		return false
	}
	return true
}

// skipPunct moves off past white space and the commas and colons
// between JSON tokens, to where the next value begins.
func (d *resultsDecoder) skipPunct(off int) int {
	for off < len(d.b) && strings.IndexByte(" \t\r\n,:", d.b[off]) >= 0 {
		off++
	}
	return off
}

// syntax reports a JSON error at its place; it returns false.
func (d *resultsDecoder) syntax(dec *json.Decoder, err error) bool {
	off := int(dec.InputOffset())
	// A Decoder counts a syntax error's offset from the value it was
	// reading; Unmarshal, which checks the whole document first, from
	// the file's start.
	var se *json.SyntaxError
	var whole any
	if errors.As(json.Unmarshal(d.b, &whole), &se) {
		off, err = int(se.Offset)-1, se
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || msg == "unexpected end of JSON input" {
		msg, off = "the file ends before the JSON does", len(d.b)
	}
	d.at(off, "", "invalid JSON: "+msg)
	return false
}

// value reports a top-level value's problem: a wrong type, after which
// decoding goes on (true), or a syntax error, which ends it (false).
func (d *resultsDecoder) value(dec *json.Decoder, key string, err error) bool {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		d.at(d.keys[key], key, "want "+kindOf(te.Type.Kind().String())+" (got "+te.Value+")")
		d.bad[key] = true
		return true
	}
	return d.syntax(dec, err)
}

// vantage checks the decoded file's values. A key whose value did not
// decode is said once, where it stands, and not again as missing.
func (d *resultsDecoder) vantage(f resultsFile) Vantage {
	v := Vantage{Name: f.Vantage}
	switch {
	case d.bad["candor_results"] || f.Version == ResultsVersion:
	case !d.has("candor_results"):
		d.at(0, "candor_results", fmt.Sprintf("required: the format's version, %d (is this a candor results file?)", ResultsVersion))
	default:
		d.at(d.keys["candor_results"], "candor_results", fmt.Sprintf("version %d: this candor reads version %d", f.Version, ResultsVersion))
	}
	switch {
	case d.bad["vantage"]:
	case f.Vantage == "":
		d.required("vantage", "the vantage point's id")
	case !config.ValidID(f.Vantage):
		d.at(d.keys["vantage"], "vantage", fmt.Sprintf("want lowercase letters, digits, - and _ (got %q)", f.Vantage))
	}
	if !d.bad["at"] {
		v.At = d.time(d.keys["at"], "at", f.At)
	}
	if f.Shard != "" {
		s, err := ParseShard(f.Shard)
		if err != nil {
			d.at(d.keys["shard"], "shard", err.Error())
		}
		v.Shard = s
	}
	switch {
	case d.bad["controls_passed"]:
	case f.ControlsPassed == nil:
		d.required("controls_passed", "true or false")
	default:
		v.Blind = !*f.ControlsPassed
	}
	if !d.has("results") {
		d.required("results", "a list")
	}
	seen := map[string]int{}
	for i, r := range f.Results {
		if d.broken[i] {
			continue
		}
		field := fmt.Sprintf("results[%d]", i)
		if res, ok := d.result(i, field, r, v.At); ok {
			if n, twice := seen[res.Component]; twice {
				d.at(d.fieldAt(i, "component"), field+".component", fmt.Sprintf("%q twice (first at results[%d])", res.Component, n))
				continue
			}
			seen[res.Component] = i
			v.Results = append(v.Results, res)
			line, col := lineCol(d.b, d.elems[i])
			v.pos = append(v.pos, [2]int{line, col})
		}
	}
	return v
}

func (d *resultsDecoder) has(key string) bool {
	_, ok := d.keys[key]
	return ok
}

// probedOutcome reports whether a probe may have measured o: maintenance
// is the round's judgement, never a vantage point's.
func probedOutcome(o candor.Outcome) bool {
	return o == candor.Up || o == candor.Degraded || o == candor.Down || o == candor.Unknown
}

func (d *resultsDecoder) required(field, what string) {
	d.at(0, field, "required: "+what)
}

func (d *resultsDecoder) fieldAt(i int, key string) int {
	if off, ok := d.fields[i][key]; ok {
		return off
	}
	return d.elems[i]
}

func (d *resultsDecoder) time(off int, field, s string) time.Time {
	if s == "" {
		d.required(field, "an RFC 3339 time such as 2026-11-26T14:05:00Z")
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		d.at(off, field, fmt.Sprintf("want an RFC 3339 time such as 2026-11-26T14:05:00Z (got %q)", s))
	}
	return t.UTC()
}

// result checks one result of a file whose round began at start (zero
// when the file's at is wrong): a result is probed in its round, so it may
// not be dated before the round began (a minute of leeway for the clock).
func (d *resultsDecoder) result(i int, field string, j ResultJSON, start time.Time) (candor.Result, bool) {
	n := len(d.problems)
	at := func(key string) int { return d.fieldAt(i, key) }
	// Class and message come from another machine: cleaned here, by the
	// one sanitiser, so that nothing the monitor writes from them (data,
	// an incident's update text) fails candor's own check.
	r := candor.Result{Component: j.Component, Attempts: j.Attempts, Class: candor.Class(candor.CleanText(j.Class)),
		Message: candor.CleanText(j.Message), CertDaysLeft: -1}
	if !config.ValidID(j.Component) {
		d.at(at("component"), field+".component", fmt.Sprintf("want a component id (got %q)", j.Component))
	}
	if _, ok := d.fields[i]["at"]; ok {
		r.At = d.time(at("at"), field+".at", j.At)
		if !r.At.IsZero() && !start.IsZero() && start.Sub(r.At) > maxAhead {
			d.at(at("at"), field+".at", fmt.Sprintf("%s is %s before the file's at, %s, when its round began", stamp(r.At), start.Sub(r.At), stamp(start)))
		}
	} else {
		d.at(d.elems[i], field+".at", "required: an RFC 3339 time")
	}
	r.Outcome = candor.Outcome(j.Outcome)
	if !probedOutcome(r.Outcome) {
		d.at(at("outcome"), field+".outcome", fmt.Sprintf("want one of up, degraded, down, unknown; got %q", j.Outcome))
	}
	for _, c := range []struct {
		key string
		v   float64
	}{{"latency_ms", j.LatencyMS}, {"phases_ms", min(j.Phases.DNS, j.Phases.Connect, j.Phases.TLS, j.Phases.FirstByte, j.Phases.Total)}} {
		if c.v < 0 || c.v > 1e9 {
			d.at(at(c.key), field+"."+c.key, fmt.Sprintf("want 0 to 1e9 milliseconds (got %v)", c.v))
		}
	}
	if j.Attempts < 0 || j.Attempts > 100 {
		d.at(at("attempts"), field+".attempts", fmt.Sprintf("want 0 to 100 (got %d)", j.Attempts))
	}
	if j.CertDaysLeft != nil {
		r.CertDaysLeft = *j.CertDaysLeft
	}
	if len(j.Message) > 1000 || len(j.Class) > 40 {
		d.at(at("message"), field, "class or message too long")
	}
	r.Latency = fromMS(j.LatencyMS)
	r.Phases = candor.Phases{DNS: fromMS(j.Phases.DNS), Connect: fromMS(j.Phases.Connect), TLS: fromMS(j.Phases.TLS),
		FirstByte: fromMS(j.Phases.FirstByte), Total: fromMS(j.Phases.Total)}
	return r, len(d.problems) == n
}
