package action_test

import (
	"fmt"
	"os"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/action"
)

func ExampleRuntime_Annotate() {
	rt := action.NewRuntime(func(string) string { return "" }, os.Stdout)
	rt.Annotate([]candor.Problem{{Path: "content/incidents/2026-11-26-api.md", Line: 4, Col: 9, Field: "impact", Message: `want one of none, minor, major, critical; got "huge"`}})
	// Output:
	// ::error col=9,file=content/incidents/2026-11-26-api.md,line=4,title=candor::impact: want one of none, minor, major, critical; got "huge"
}

func ExampleRound_Markdown() {
	fmt.Print(action.Round{
		Title: "Acme Status",
		Components: []action.Row{
			{Name: "Public API", Measured: candor.Down, Shown: candor.StatusMajor, Latency: 10 * time.Second},
			{Name: "Billing", Shown: candor.StatusOperational},
		},
		Opened: []action.Link{{Title: "Public API is down", URL: "https://status.acme.com/incidents/k3j9x0a1b2c3/"}},
		Site:   "https://status.acme.com/",
	}.Markdown())
	// Output:
	// ## Acme Status
	//
	// | Component | Measured | Shown | Latency |
	// |---|---|---|---|
	// | Public API | down | major_outage | 10s |
	// | Billing | no probe | operational | – |
	//
	// **Opened:**
	//
	// - [Public API is down](https://status.acme.com/incidents/k3j9x0a1b2c3/)
	//
	// [Status page](https://status.acme.com/)
}
