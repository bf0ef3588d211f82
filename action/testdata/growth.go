//go:build ignore

// growth measures how the data branch grows, with and without compaction.
// It writes rounds of measurement files shaped like the history package's
// (state.tsv, raw/<id>.tsv with a 7-day window, daily/<id>.tsv) into a bare
// git repository through git fast-import, one commit per round, then packs
// what is reachable and reports its size.
//
//	go run ./action/testdata/growth.go -components 5 -rounds 1500
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

func main() {
	comps := flag.Int("components", 5, "components")
	rounds := flag.Int("rounds", 1500, "rounds (5 minutes each)")
	window := flag.Int("window", 2016, "raw results kept per component (7 days of 5-minute rounds)")
	compact := flag.Int("compact", 500, "squash to a root commit past this many commits; 0 never")
	flag.Parse()
	dir, err := os.MkdirTemp("", "candor-growth")
	check(err)
	if os.Getenv("KEEP") == "" {
		defer os.RemoveAll(dir)
	} else {
		fmt.Println(dir)
	}
	run(dir, "git", "init", "-q", "--bare")
	cmd := exec.Command("git", "fast-import", "--quiet")
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	check(err)
	check(cmd.Start())
	w := bufio.NewWriterSize(in, 1<<20)
	sim := newSim(*comps, *window)
	depth := 0
	for r := 0; r < *rounds; r++ {
		sim.round()
		root := depth == 0
		depth++
		fmt.Fprintf(w, "commit refs/heads/candor-data\ncommitter candor <candor@localhost> %d +0000\n", sim.now.Unix())
		data(w, fmt.Sprintf("candor: round\n\nCandor-Depth: %d\n", depth))
		for _, p := range sim.changed(root) {
			fmt.Fprintf(w, "M 100644 inline %s\n", p)
			data(w, sim.files[p])
		}
		w.WriteString("\n")
		if *compact > 0 && depth > *compact {
			// The squash: a new root with every file, as Commit does.
			fmt.Fprintf(w, "reset refs/heads/candor-data\ncommit refs/heads/candor-data\ncommitter candor <candor@localhost> %d +0000\n", sim.now.Unix())
			data(w, "candor: compact\n\nCandor-Depth: 1\n")
			for _, p := range sim.changed(true) {
				fmt.Fprintf(w, "M 100644 inline %s\n", p)
				data(w, sim.files[p])
			}
			w.WriteString("\n")
			depth = 1
		}
	}
	check(w.Flush())
	check(in.Close())
	check(cmd.Wait())
	run(dir, "git", "reflog", "expire", "--expire=now", "--all")
	// -f recomputes deltas, as a server-side repack does; fast-import only
	// deltas a blob against the blob written just before it.
	run(dir, "git", "repack", "-a", "-d", "-f", "-q")
	run(dir, "git", "prune", "--expire=now")
	commits := strings.TrimSpace(run(dir, "git", "rev-list", "--count", "candor-data"))
	fmt.Printf("components=%d rounds=%d (%.1f days) compact=%d commits=%s tree=%s packed=%s\n",
		*comps, *rounds, float64(*rounds)/288, *compact, commits, kb(sim.treeSize()), kb(packSize(dir)))
}

func data(w *bufio.Writer, s string) { fmt.Fprintf(w, "data %d\n%s\n", len(s), s) }

func kb(n int64) string { return fmt.Sprintf("%.0f KB", float64(n)/1024) }

func packSize(dir string) int64 {
	var n int64
	files, _ := filepath.Glob(filepath.Join(dir, "objects", "pack", "*.pack"))
	for _, f := range files {
		st, err := os.Stat(f)
		check(err)
		n += st.Size()
	}
	return n
}

func run(dir, name string, args ...string) string {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s %v: %v\n%s", name, args, err, out)
		os.Exit(1)
	}
	return string(out)
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// sim keeps the files a history store would write.
type sim struct {
	now    time.Time
	ids    []string
	raw    map[string][]string
	window int
	files  map[string]string
	day    int
	days   map[string]string // finished rollup rows per component
	seed   uint32
}

func newSim(n, window int) *sim {
	s := &sim{now: time.Date(2026, 1, 1, 0, 3, 0, 0, time.UTC), raw: map[string][]string{}, window: window, files: map[string]string{}, days: map[string]string{}, day: -1, seed: 1}
	for i := range n {
		s.ids = append(s.ids, fmt.Sprintf("component-%02d", i))
	}
	return s
}

func (s *sim) rand(n int) int {
	s.seed = s.seed*1664525 + 1013904223
	return int(s.seed>>8) % n
}

// round adds one result per component, as a 5-minute round does.
func (s *sim) round() {
	s.now = s.now.Add(5 * time.Minute)
	var state strings.Builder
	state.WriteString("# candor state v1: component outcome since failing passing last_check latency_ms class\n")
	for _, id := range s.ids {
		outcome, class := "up", ""
		if s.rand(500) == 0 {
			outcome, class = "down", "\ttimeout\tno answer within 10s"
		}
		line := fmt.Sprintf("%s\t%s\t%d\t1\t%d%s", s.now.Format(time.RFC3339), outcome, 40+s.rand(400), 30+s.rand(60), class)
		r := append(s.raw[id], line)
		if len(r) > s.window {
			r = r[len(r)-s.window:]
		}
		s.raw[id] = r
		s.files["raw/"+id+".tsv"] = "# candor raw results v1: at outcome latency_ms attempts cert_days [class [message]]\n" + strings.Join(r, "\n") + "\n"
		fmt.Fprintf(&state, "%s\tup\t2026-01-01T00:00:00Z\t0\t%d\t%s\t%d\t\n", id, s.rand(1000), s.now.Format(time.RFC3339), 40+s.rand(400))
		// One rollup row per day: earlier days fixed, today's rewritten.
		if s.now.YearDay() != s.day {
			s.days[id] = s.files["daily/"+id+".tsv"]
		}
		s.files["daily/"+id+".tsv"] = s.days[id] + fmt.Sprintf("%s\t%d\t0\t0\t0\t0\t%d.0\t0.0\t0.0\t0.0\t0.0\t%d\t%d\t%d\n",
			s.now.Format("2006-01-02"), s.now.Hour()*12+s.now.Minute()/5+1, (s.now.Hour()*12+s.now.Minute()/5+1)*5, 50+s.rand(20), 200+s.rand(50), 900+s.rand(300))
	}
	s.day = s.now.YearDay()
	s.files["state.tsv"] = state.String()
}

// changed lists the files a round rewrites: all of them (the raw window
// moves, today's rollup row changes, the state changes).
func (s *sim) changed(bool) []string {
	var ps []string
	for p := range s.files {
		ps = append(ps, p)
	}
	return ps
}

func (s *sim) treeSize() int64 {
	var n int64
	for _, b := range s.files {
		n += int64(len(b))
	}
	return n
}
