package demo

import (
	"bytes"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"time"

	"github.com/candor-status/candor"
)

// SampleNow is the moment the sample repository is written for: its open
// incident is two hours old and its promised update overdue (the README
// builds it with --now 2026-11-26T16:00:00Z).
var SampleNow = time.Date(2026, 11, 26, 16, 0, 0, 0, time.UTC)

// RawWindow is the demo's policy.raw_window: every check of its 90 days is
// kept, so that each incident page, however old, shows what the probes
// measured and the sample's dispute stands beside its measurement. A
// repository keeps 7 days by default and folds older checks into daily
// totals, which hold no windows.
const RawWindow = "91d"

var (
	stampPattern = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`)
	datePattern  = regexp.MustCompile(`\b\d{4}-\d\d-\d\d\b`)
	startPattern = regexp.MustCompile(`(?m)^(?:started|starts): (\S+)`)
)

// Shift is how far WriteSample moves the sample for a demo ending at end:
// whole days, so that times of day the sample's texts mention stay true,
// and as many as keep its own now at or before end. The sample's now
// (16:00 UTC) so lands in the 24 hours before end: on end's day, or on
// the day before when end is earlier than 16:00 UTC.
func Shift(end time.Time) time.Duration {
	days := math.Floor(end.Sub(SampleNow).Hours() / 24)
	return time.Duration(days) * 24 * time.Hour
}

// WriteSample writes the sample repository into dir as if its SampleNow
// were in the 24 hours before end (see Shift): every time in its incident and maintenance files
// moves by Shift(end), and each file is named by its moved start date, so
// the sample's incidents fall inside the demo's measured days as they fell
// before the sample's own now.
func WriteSample(dir string, end time.Time) error {
	shift := Shift(end)
	return fs.WalkDir(candor.Sample(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, filepath.FromSlash(p)), 0o755)
		}
		data, err := fs.ReadFile(candor.Sample(), p)
		if err != nil {
			return err
		}
		switch {
		case p == "candor.yml":
			data = withRawWindow(data)
		case path.Ext(p) == ".md":
			data = moved(data, shift)
			p = path.Join(path.Dir(p), movedName(path.Base(p), data))
		}
		return os.WriteFile(filepath.Join(dir, filepath.FromSlash(p)), data, 0o644)
	})
}

// withRawWindow sets the demo's raw window in the sample's policy.
func withRawWindow(cfg []byte) []byte {
	line := "policy:\n  raw_window: " + RawWindow + "   # the demo keeps every check of its 90 days (the default is 7d)\n"
	return bytes.Replace(cfg, []byte("policy:\n"), []byte(line), 1)
}

// moved is a content file with every time and every bare date (a
// postmortem's due dates) moved by shift, whole days.
func moved(data []byte, shift time.Duration) []byte {
	days := int(shift.Hours() / 24)
	data = stampPattern.ReplaceAllFunc(data, func(b []byte) []byte {
		t, err := time.Parse(time.RFC3339, string(b))
		if err != nil {
			return b
		}
		return []byte(t.Add(shift).UTC().Format(time.RFC3339))
	})
	return datePattern.ReplaceAllFunc(data, func(b []byte) []byte {
		t, err := time.Parse("2006-01-02", string(b))
		if err != nil {
			return b
		}
		return []byte(t.AddDate(0, 0, days).Format("2006-01-02"))
	})
}

// movedName is a content file's name with its date prefix replaced by the
// date it now starts on.
func movedName(name string, data []byte) string {
	m := startPattern.FindSubmatch(data)
	if m == nil || len(name) < len("2006-01-02-") {
		return name
	}
	t, err := time.Parse(time.RFC3339, string(m[1]))
	if err != nil {
		return name
	}
	return fmt.Sprintf("%s%s", t.Format("2006-01-02"), name[len("2006-01-02"):])
}
