package history

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor"
)

const (
	benchComponents = 100
	benchDays       = 90
	benchPerDay     = 288
)

// benchRound is one round of results for every component at t.
func benchRound(rng *rand.Rand, t time.Time) []candor.Result {
	rs := make([]candor.Result, benchComponents)
	for c := range rs {
		r := candor.Result{Component: fmt.Sprintf("component-%03d", c), At: t, Outcome: candor.Up,
			Latency: time.Duration(80+rng.IntN(120)+rng.IntN(2)*rng.IntN(400)) * time.Millisecond, Attempts: 1, CertDaysLeft: -1}
		if rng.IntN(500) == 0 {
			r.Outcome, r.Class, r.Message, r.Attempts = candor.Down, "timeout", "no answer within 10s", 2
		}
		rs[c] = r
	}
	return rs
}

// benchStore writes 90 days of 5-minute results for 100 components,
// unfolded, and returns the folder and the time just after the last round.
func benchStore(b *testing.B) (string, time.Time) {
	b.Helper()
	dir := b.TempDir()
	s, _, err := Open(dir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2026, 8, 28, 0, 0, 0, 0, time.UTC)
	for i := range benchDays * benchPerDay {
		s.Record(benchRound(rng, start.Add(time.Duration(i)*5*time.Minute)))
	}
	if err := s.Save(); err != nil {
		b.Fatal(err)
	}
	return dir, start.Add(benchDays * 24 * time.Hour)
}

func dirBytes(b *testing.B, dir, sub string) int64 {
	b.Helper()
	var n int64
	filepath.Walk(filepath.Join(dir, sub), func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return nil
	})
	return n
}

func openBench(b *testing.B, dir string) *Store {
	s, probs, err := Open(dir, Options{})
	if err != nil || len(probs) > 0 {
		b.Fatalf("Open = %v, %v", probs, err)
	}
	return s
}

func measureAll(s *Store, now time.Time) {
	for c := range benchComponents {
		s.Measured(fmt.Sprintf("component-%03d", c), now, sla999, nil)
	}
}

// BenchmarkHistory loads, folds and computes the figures of 100
// components × 90 days × 288 results a day (2.6 million results).
func BenchmarkHistory(b *testing.B) {
	dir, now := benchStore(b)
	b.ReportMetric(0, "ns/op")
	b.Run("open-unfolded", func(b *testing.B) {
		for b.Loop() {
			openBench(b, dir)
		}
		b.ReportMetric(float64(dirBytes(b, dir, "")), "disk-bytes")
	})
	b.Run("open-fold-figures", func(b *testing.B) {
		for b.Loop() {
			s := openBench(b, dir)
			s.Fold(now)
			measureAll(s, now)
		}
	})
	folded := b.TempDir()
	s := openBench(b, dir)
	s.Fold(now)
	s.dir = folded
	s.stateDirty = true
	for _, se := range s.series {
		se.rawDirty, se.dailyDirty = true, true
	}
	if err := s.Save(); err != nil {
		b.Fatal(err)
	}
	b.Run("open-folded-figures", func(b *testing.B) {
		for b.Loop() {
			measureAll(openBench(b, folded), now)
		}
		b.ReportMetric(float64(dirBytes(b, folded, "")), "disk-bytes")
		daily := dirBytes(b, folded, dailyDir)
		rows := float64(len(s.series["component-000"].days))
		b.ReportMetric(float64(daily)/benchComponents/rows*365, "daily-bytes/component-year")
	})
	b.Run("figures-only", func(b *testing.B) {
		s := openBench(b, folded)
		for b.Loop() {
			measureAll(s, now)
		}
	})
	b.Run("round", func(b *testing.B) {
		rng := rand.New(rand.NewPCG(3, 4))
		var change int
		for i := 0; b.Loop(); i++ {
			s := openBench(b, folded)
			before := map[string][]byte{}
			s.Record(benchRound(rng, now.Add(time.Duration(i)*time.Second)))
			after, _ := s.Files()
			for rel := range after {
				before[rel], _ = os.ReadFile(filepath.Join(folded, rel))
			}
			change = addedBytes(before, after)
		}
		b.ReportMetric(float64(change), "changed-bytes/round")
	})
}

// addedBytes is what a line diff adds: the bytes of lines in after that
// were not in before.
func addedBytes(before, after map[string][]byte) int {
	n := 0
	for rel, b := range after {
		old := map[string]int{}
		for _, l := range strings.SplitAfter(string(before[rel]), "\n") {
			old[l]++
		}
		for _, l := range strings.SplitAfter(string(b), "\n") {
			if old[l] > 0 {
				old[l]--
				continue
			}
			n += len(l)
		}
	}
	return n
}

// BenchmarkYear folds a year of 5-minute results for one component and
// reports the bytes it keeps: the daily file (kept for good) and the raw
// window. worst-daily-bytes/year is a year of days whose latencies fill
// every histogram bucket.
func BenchmarkYear(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	start := time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)
	var rs []candor.Result
	for i := range 365 * benchPerDay {
		rs = append(rs, benchRound(rng, start.Add(time.Duration(i)*5*time.Minute))[0])
	}
	now := start.Add(365 * 24 * time.Hour)
	var files map[string][]byte
	for b.Loop() {
		s := newStore(b, Options{})
		s.Record(rs)
		s.Fold(now)
		files, _ = s.Files()
	}
	b.ReportMetric(float64(len(files["daily/component-000.tsv"])), "daily-bytes/year")
	b.ReportMetric(float64(len(files["raw/component-000.tsv"])), "raw-window-bytes")
	worst := day{date: date{2026, 11, 26}, up: 86400, checks: candor.Counts{Up: 288}, p50: 300, p95: 9000, max: 99999}
	for _, bound := range bounds {
		worst.hist = append(worst.hist, bin{bound, 8})
	}
	b.ReportMetric(float64(len(encodeDaily(make([]day, 365)))-len(dailyHeader)+365*(len(encodeDaily([]day{worst}))-len(encodeDaily([]day{{}})))), "worst-daily-bytes/year")
}
