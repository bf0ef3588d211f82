package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
	"time"
)

// version is set at release time with -ldflags "-X main.version=v1.2.3".
var version = "dev"

// env is what every command gets from the outside world.
type env struct {
	getenv func(string) string
	stdout io.Writer
	stderr io.Writer
	now    func() time.Time
}

const usage = `usage: candor <command> [flags]

commands:
  check    validate candor.yml and every incident and maintenance file
  build    build the status site from content and measurements
  new      write a new incident file, or a new update to one
  probe    check every component once and print what was measured
  run      one round: probe, record, open and resolve incidents, build
  report   the month's SLA report for every component
  notify   notify test: list the notification channels, or send one a test message
  demo     run the whole product offline on simulated services and serve it
  init     add candor to a repository: config, content and workflows
  version  print the version
`

// memoryLimit is the heap candor keeps under unless GOMEMLIMIT says
// otherwise. Go's collector lets the heap grow to twice what is live; a
// round of ten thousand components holds about 400 MB while it builds, and
// with this soft limit the collector works harder near it instead, for a
// peak near 800 MB rather than 1.2 GB. A site that holds more than the
// limit is built all the same, with the collector working harder still.
const memoryLimit = 768 << 20

// limitMemory sets memoryLimit, unless GOMEMLIMIT is set.
func limitMemory(getenv func(string) string) {
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}

// run is main without the process: tests call it directly. It returns the
// exit code: 0 ok, 1 the command found problems, 2 usage.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	return runEnv(ctx, &env{getenv: getenv, stdout: stdout, stderr: stderr, now: time.Now}, args)
}

// runEnv is run with the outside world in e, its clock too.
func runEnv(ctx context.Context, e *env, args []string) int {
	stdout, stderr := e.stdout, e.stderr
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "check":
		return cmdCheck(ctx, e, rest)
	case "build":
		return cmdBuild(ctx, e, rest)
	case "new":
		return cmdNew(ctx, e, rest)
	case "probe":
		return cmdProbe(ctx, e, rest)
	case "run":
		return cmdRun(ctx, e, rest)
	case "report":
		return cmdReport(ctx, e, rest)
	case "notify":
		return cmdNotify(ctx, e, rest)
	case "demo":
		return cmdDemo(ctx, e, rest)
	case "init":
		return cmdInit(ctx, e, rest)
	case "version", "--version":
		return cmdVersion(e, rest)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "candor: unknown command %q\n\n%s", cmd, usage)
	return 2
}

// cmdVersion prints the version; -h prints its usage like every command.
func cmdVersion(e *env, args []string) int {
	if err := parseNoArgs(newFlags(e, "version"), args); err != nil {
		return usageCode(err)
	}
	fmt.Fprintf(e.stdout, "candor %s\n", version)
	return 0
}
