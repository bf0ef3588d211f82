package main

import "context"

// Commands not written yet. Whoever writes one deletes its line here and
// puts the command in a file of its own.

func cmdProbe(ctx context.Context, e *env, args []string) int  { return notYet(e, "probe") }
func cmdReport(ctx context.Context, e *env, args []string) int { return notYet(e, "report") }

func notYet(e *env, name string) int {
	e.stderr.Write([]byte("candor " + name + ": not built yet\n"))
	return 2
}
