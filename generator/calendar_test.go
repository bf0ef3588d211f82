package generator

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
)

func TestCalendarReadBack(t *testing.T) {
	in := machineInput()
	b := buildMachine(t, in)["maintenance.ics"]
	cal, err := ics.ParseCalendar(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	events := cal.Events()
	if len(events) != len(in.Maintenance) {
		t.Fatalf("%d events, want %d", len(events), len(in.Maintenance))
	}
	byUID := map[string]*ics.VEvent{}
	for _, e := range events {
		byUID[e.Id()] = e
		if e.GetProperty(ics.ComponentPropertyDtstamp) == nil {
			t.Errorf("%s: no DTSTAMP", e.Id())
		}
	}
	for _, m := range in.Maintenance {
		e := byUID[m.ID+"@status.acme.test"]
		if e == nil {
			t.Errorf("no event with UID %s@status.acme.test", m.ID)
			continue
		}
		start, err1 := e.GetStartAt()
		end, err2 := e.GetEndAt()
		if err1 != nil || err2 != nil || !start.Equal(m.Starts) || !end.Equal(m.Ends) || start.Location() != time.UTC {
			t.Errorf("%s: %v-%v (%v %v), want %v-%v in UTC", m.Title, start, end, err1, err2, m.Starts, m.Ends)
		}
		if got := e.GetProperty(ics.ComponentPropertySummary).Value; got != m.Title {
			t.Errorf("SUMMARY %q, want %q", got, m.Title)
		}
		if got := e.GetProperty(ics.ComponentPropertyUrl).Value; got != "https://status.acme.test/maintenance/"+m.ID+"/" {
			t.Errorf("URL %q", got)
		}
		desc := e.GetProperty(ics.ComponentPropertyDescription).Value
		if last := m.Updates[len(m.Updates)-1]; !strings.Contains(desc, strings.TrimSpace(last.Text)) {
			t.Errorf("DESCRIPTION %q lacks the latest update %q", desc, last.Text)
		}
	}
}

func TestCalendarLines(t *testing.T) {
	b := buildMachine(t, machineInput())["maintenance.ics"]
	if !bytes.HasSuffix(b, []byte("END:VCALENDAR\r\n")) {
		t.Error("calendar does not end in END:VCALENDAR CRLF")
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\r\n"), "\r\n")
	folded := 0
	for i, l := range lines {
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d: bare CR or LF in %q", i+1, l)
		}
		if len(l) > 75 {
			t.Errorf("line %d: %d octets, more than 75", i+1, len(l))
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d: folding split a UTF-8 character: %q", i+1, l)
		}
		if strings.HasPrefix(l, " ") {
			folded++
		}
	}
	if folded < 3 {
		t.Errorf("%d continuation lines, want the long description folded", folded)
	}
	if !strings.Contains(string(b), `SUMMARY:Network move\; Zürich → Frankfurt\, overnight`) {
		t.Error("SUMMARY not escaped")
	}
}

func TestICSFold(t *testing.T) {
	for _, value := range []string{"", strings.Repeat("a", 200), strings.Repeat("ü", 100), strings.Repeat("☃", 70), strings.Repeat("x☃", 50)} {
		var w icsWriter
		w.prop("DESCRIPTION", value)
		out := w.b.String()
		if !strings.HasSuffix(out, "\r\n") {
			t.Errorf("fold(%q) lacks the final CRLF", value)
		}
		var joined strings.Builder
		for i, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
			if len(l) > 75 || !utf8.ValidString(l) {
				t.Errorf("fold(%q) line %d = %q (%d octets)", value, i, l, len(l))
			}
			if i > 0 {
				l = strings.TrimPrefix(l, " ")
			}
			joined.WriteString(l)
		}
		if joined.String() != "DESCRIPTION:"+value {
			t.Errorf("unfolding fold(%q) = %q", value, joined.String())
		}
	}
}

func TestICSText(t *testing.T) {
	for in, want := range map[string]string{
		`a\b`:       `a\\b`,
		"a;b,c":     `a\;b\,c`,
		"one\ntwo":  `one\ntwo`,
		"one\r\ntw": `one\ntw`,
		"plain":     "plain",
	} {
		if got := icsText(in); got != want {
			t.Errorf("icsText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCalendarBounded(t *testing.T) {
	in := manyIncidents(10, 3)
	start := machineNow.Add(-24 * time.Hour * 400)
	for i := range 5000 {
		m := in.Maintenance[0]
		m.ID = "m" + strings.Repeat("0", 11-len(strconv.Itoa(i))) + strconv.Itoa(i)
		m.Starts = start.Add(time.Duration(i) * time.Hour)
		m.Ends = m.Starts.Add(time.Hour)
		in.Maintenance = append(in.Maintenance, m)
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(buildMachine(t, in)["maintenance.ics"]))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(cal.Events()); n != recentLimit {
		t.Errorf("%d events, want %d", n, recentLimit)
	}
}
