package history_test

import (
	"fmt"
	"os"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/history"
)

func Example() {
	dir, _ := os.MkdirTemp("", "data")
	defer os.RemoveAll(dir)
	store, problems, err := history.Open(dir, history.Options{Interval: 5 * time.Minute})
	if err != nil || len(problems) > 0 {
		fmt.Println(problems, err)
		return
	}
	t := time.Date(2026, 11, 26, 14, 0, 0, 0, time.UTC)
	for i, o := range []candor.Outcome{candor.Up, candor.Down, candor.Down, candor.Up} {
		store.Record([]candor.Result{{Component: "api", At: t.Add(time.Duration(i) * 5 * time.Minute), Outcome: o, Latency: 120 * time.Millisecond}})
	}
	if err := store.Save(); err != nil {
		fmt.Println(err)
		return
	}

	f := store.Figures("api", t, t.Add(time.Hour))
	up, _ := f.Minutes.Uptime()
	fmt.Printf("up %v min, down %v min, no data %v min\n", f.Minutes.Up, f.Minutes.Down, f.Minutes.Unknown)
	fmt.Printf("uptime %.1f%%, coverage %.1f%%\n", up, f.Minutes.Coverage())
	for _, w := range store.Windows("api", t, t.Add(time.Hour)) {
		fmt.Printf("%s from %s to %s, %d checks\n", w.Outcome, w.From.Format("15:04"), w.To.Format("15:04"), w.Checks)
	}
	st, _ := store.State("api")
	fmt.Printf("now %s since %s, passing %d\n", st.Outcome, st.Since.Format("15:04"), st.Passing)
	// Output:
	// up 15 min, down 10 min, no data 35 min
	// uptime 60.0%, coverage 41.7%
	// up from 14:00 to 14:05, 1 checks
	// down from 14:05 to 14:15, 2 checks
	// up from 14:15 to 14:25, 1 checks
	// unknown from 14:25 to 15:00, 0 checks
	// now up since 14:15, passing 1
}
