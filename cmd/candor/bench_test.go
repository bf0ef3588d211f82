package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/config"
	"github.com/candor-status/candor/history"
	"github.com/candor-status/candor/monitor"
	"github.com/candor-status/candor/probe"
	"github.com/candor-status/candor/workdir"
)

// BenchmarkRound times one whole round of candor run for 50 components
// whose targets answer at once on loopback, over a store already holding
// seven days of 5-minute history: probing, recording, folding,
// reconciling, saving and building the site. With instant targets nearly
// all of it is candor's own overhead.
func BenchmarkRound(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }))
	defer srv.Close()
	dir := b.TempDir()
	cfgPath, cfg := benchRepo(b, dir, "", 50, 5, fmt.Sprintf("{http: {url: %q}}", srv.URL+"/health"))
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	seedDays(b, filepath.Join(dir, "data"), cfg, now, 7)
	checker := probe.New(probe.Options{UserAgent: "bench"})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t := now.Add(time.Duration(i) * cfg.Interval)
		r, err := localRound(b.Context(), cfgPath, cfg, checker, filepath.Join(dir, "data"), t)
		if err != nil {
			b.Fatal(err)
		}
		o := buildOptions{config: cfgPath, out: filepath.Join(dir, "public")}
		if _, err := writeSite(o, cfg, r.Content, measureRound(r, cfg, t), t); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildCommand times candor build end to end as a user runs it:
// 100 components with 90 days of 5-minute history (folded, as a store
// past its raw window is) and 5,000 incident files: reading the config,
// parsing and checking every incident, opening the measurements, building
// the site and writing it to disk.
func BenchmarkBuildCommand(b *testing.B) {
	dir := b.TempDir()
	cfgPath, cfg := benchRepo(b, dir, "", 100, 5, closedPort)
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	seedDays(b, filepath.Join(dir, "data"), cfg, now, 90)
	os.MkdirAll(filepath.Join(dir, "content/incidents"), 0o755)
	for i := range 5000 {
		t := now.Add(-time.Duration(i) * 4 * time.Hour)
		inc := fmt.Sprintf("---\ntitle: Incident %d\ncomponents: [c%02d]\nimpact: minor\nstarted: %s\nresolved: %s\nupdates:\n  - at: %s\n    status: investigating\n    text: Errors on the API.\n  - at: %s\n    status: resolved\n    text: Fixed.\n---\n",
			i, i%100, t.Format(time.RFC3339), t.Add(time.Hour).Format(time.RFC3339), t.Format(time.RFC3339), t.Add(time.Hour).Format(time.RFC3339))
		os.WriteFile(filepath.Join(dir, "content/incidents", fmt.Sprintf("i%05d.md", i)), []byte(inc), 0o644)
	}
	e := &env{getenv: func(string) string { return "" }, stdout: io.Discard, stderr: io.Discard, now: time.Now}
	args := []string{"--config", cfgPath, "--now", now.Format(time.RFC3339)}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code := cmdBuild(b.Context(), e, args); code != 0 {
			b.Fatalf("build = exit %d", code)
		}
	}
}

// closedPort is a probe that nothing answers; the benchmarks that use it
// never probe.
const closedPort = `{tcp: {address: "127.0.0.1:1"}}`

// benchRepo writes candor.yml into dir: head, then n components c00, c01,
// … in groups G0 to G(groups-1), each with an SLA and probe.
func benchRepo(b *testing.B, dir, head string, n, groups int, probe string) (string, *candor.Config) {
	b.Helper()
	var text strings.Builder
	text.WriteString("title: Bench\nbase_url: https://status.example/\n" + head + "components:\n")
	width := len(strconv.Itoa(n - 1))
	for i := range n {
		fmt.Fprintf(&text, "  - id: c%0*d\n    group: G%d\n    sla: 99.9\n    probe: %s\n", width, i, i%groups, probe)
	}
	p := filepath.Join(dir, "candor.yml")
	if err := os.WriteFile(p, []byte(text.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	cfg, problems := config.Parse(p, []byte(text.String()), nil)
	if len(problems) > 0 {
		b.Fatal(problems)
	}
	return p, cfg
}

// seedDays records days of 5-minute results for every component (1%
// down), folds everything past the raw window and saves.
func seedDays(b *testing.B, dir string, cfg *candor.Config, now time.Time, days int) {
	b.Helper()
	store, _, err := history.Open(dir, history.Options{Interval: cfg.Interval, Location: cfg.Location, RawWindow: cfg.Policy.RawWindow})
	if err != nil {
		b.Fatal(err)
	}
	for t := now.Add(-time.Duration(days) * 24 * time.Hour); t.Before(now); t = t.Add(cfg.Interval) {
		round := make([]candor.Result, 0, len(cfg.Components))
		for n, c := range cfg.Components {
			o := candor.Up
			if (t.Unix()/300+int64(n))%100 == 0 {
				o = candor.Down
			}
			round = append(round, candor.Result{Component: c.ID, At: t, Outcome: o, Latency: 40 * time.Millisecond, Attempts: 1})
		}
		store.Record(round)
	}
	store.Fold(now)
	if err := store.Save(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkVantageRound times what the merging job of a round does for
// 500 components probed from three vantage points: read and merge their
// results files by the quorum, record, fold, reconcile, save and build the
// site, over a store holding a day of 5-minute history. Each vantage point
// reports in one file, or in five shards.
func BenchmarkVantageRound(b *testing.B) {
	for _, shards := range []int{1, 5} {
		b.Run(fmt.Sprintf("500x3/shards=%d", shards), func(b *testing.B) {
			dir := b.TempDir()
			cfgPath, cfg := benchRepo(b, dir, "vantages: [{id: eu}, {id: us}, {id: ap}]\n", 500, 10, closedPort)
			now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
			seedDays(b, filepath.Join(dir, "data"), cfg, now, 1)
			o := buildOptions{config: cfgPath, out: filepath.Join(dir, "public")}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				t := now.Add(time.Duration(i) * cfg.Interval)
				files := vantageFiles(cfg, t, shards)
				b.StartTimer()
				d, err := openLocal(b.Context(), cfgPath, filepath.Join(dir, "data"), workdir.DefaultWait)
				if err != nil {
					b.Fatal(err)
				}
				r, err := round(b.Context(), cfg, nil, d, monitor.Round{Now: t, Files: files})
				d.Close()
				if err != nil {
					b.Fatal(err)
				}
				if len(r.FileRefusals) > 0 || len(r.Merged) != 3 || len(r.Results) != 500 {
					b.Fatalf("refused %v, merged %d vantage points, %d results", r.FileRefusals, len(r.Merged), len(r.Results))
				}
				if _, err := writeSite(o, cfg, r.Content, measureRound(r, cfg, t), t); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// vantageFiles are the results files of eu, us and ap at t, each split in
// shards; eu sees one component in fifty down, the others see every
// component up but one in a hundred.
func vantageFiles(cfg *candor.Config, t time.Time, shards int) map[string][]byte {
	out := map[string][]byte{}
	for k, name := range []string{"eu", "us", "ap"} {
		for s := 1; s <= shards; s++ {
			sh := monitor.Shard{}
			if shards > 1 {
				sh = monitor.Shard{Index: s, Count: shards}
			}
			v := monitor.Vantage{Name: name, At: t, Shard: sh}
			for n, c := range cfg.Components {
				if !sh.Has(n) {
					continue
				}
				r := candor.Result{Component: c.ID, At: t, Outcome: candor.Up, Latency: time.Duration(30+k*20) * time.Millisecond, Attempts: 1, CertDaysLeft: -1}
				if k == 0 && n%50 == 0 || n%100 == 7 {
					r.Outcome, r.Class, r.Message = candor.Down, "refused", "connection refused by 127.0.0.1:1"
				}
				v.Results = append(v.Results, r)
			}
			out[fmt.Sprintf("results/%s-%d.json", name, s)] = monitor.EncodeResults(v)
		}
	}
	return out
}

// BenchmarkRound10k times candor run end to end, as a user runs it, for
// 10,000 components whose targets answer at once on loopback, over a
// store already holding a day of 5-minute history (2.9 million results):
// probing, recording, folding, reconciling, saving, building the site and
// writing its 70,000 files in 10,000 folders. "again" rounds find the site
// of the round before in place, as a schedule does on one machine;
// "fresh" rounds write into a new folder, as on a new runner, and create
// every file; "fresh-rm" rounds delete the last site first and then create
// every file, which on a file system without a journal (ext4 skips inodes
// freed in the last minute or more when it allocates one) costs far more
// than on a new runner. peak-MB is the process's peak resident memory
// during the rounds, cpu-s the processor time (user and system) a round
// took: on a shared machine it varies less than the wall time.
func BenchmarkRound10k(b *testing.B) {
	for _, mode := range []string{"again", "fresh", "fresh-rm"} {
		b.Run(mode, func(b *testing.B) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }))
			defer srv.Close()
			dir := b.TempDir()
			cfgPath, cfg := benchRepo(b, dir, "policy: {concurrency: 200}\n", 10000, 100, fmt.Sprintf("{http: {url: %q}}", srv.URL+"/health"))
			now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
			seedDays(b, filepath.Join(dir, "data"), cfg, now, 1)
			e := &env{getenv: func(string) string { return "" }, stdout: io.Discard, stderr: io.Discard, now: time.Now}
			round := func(i int, out string) {
				t := now.Add(time.Duration(i) * cfg.Interval)
				if code := cmdRun(b.Context(), e, []string{"--config", cfgPath, "--out", out, "--now", t.Format(time.RFC3339)}); code != 0 {
					b.Fatalf("run = exit %d", code)
				}
			}
			public := filepath.Join(dir, "public")
			limitMemory(func(string) string { return "" }) // as main does
			defer debug.SetMemoryLimit(math.MaxInt64)
			round(0, public)
			b.ReportAllocs()
			peak := resetPeakRSS(b)
			var cpu time.Duration
			b.ResetTimer()
			for i := 1; i <= b.N; i++ {
				out := public
				switch mode {
				case "fresh":
					out = filepath.Join(dir, fmt.Sprintf("public-%d", i))
				case "fresh-rm":
					b.StopTimer()
					os.RemoveAll(public)
					b.StartTimer()
				}
				start := cpuTime()
				// The label picks the timed rounds out of a -cpuprofile:
				// pprof -tagfocus round=timed.
				pprof.Do(b.Context(), pprof.Labels("round", "timed"), func(context.Context) { round(i, out) })
				cpu += cpuTime() - start
			}
			b.StopTimer()
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
			peak()
		})
	}
}

// cpuTime is the processor time, user and system, the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// resetPeakRSS returns the memory the setup used to the system, resets
// the process's peak resident set (Linux), and returns a func that
// reports the peak since as the metric peak-MB. Elsewhere it reports
// nothing.
func resetPeakRSS(b *testing.B) func() {
	debug.FreeOSMemory()
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		return func() {}
	}
	return func() {
		status, err := os.ReadFile("/proc/self/status")
		if err != nil {
			return
		}
		for _, line := range strings.Split(string(status), "\n") {
			if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
				b.ReportMetric(float64(kb)/1024, "peak-MB")
			}
		}
	}
}
