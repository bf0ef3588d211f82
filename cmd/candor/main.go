// Command candor probes a product, records what it measured, opens and
// resolves incidents by evidence, and builds a static status site.
package main

import (
	"context"
	"os"
	"os/signal"
)

func main() {
	limitMemory(os.Getenv)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
