package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/candor-status/candor/notify/notifytest"
	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	notifytest.Intercept()
	testscript.Main(m, map[string]func(){
		"candor": func() { os.Exit(run(context.Background(), os.Args[1:], os.Getenv, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the command end to end: testdata/script/*.txtar.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// mkfile NAME SIZE [binary]: a file of SIZE bytes, of text or of binary.
			"mkfile": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) < 2 {
					ts.Fatalf("usage: mkfile NAME SIZE [binary]")
				}
				n, err := strconv.Atoi(args[1])
				ts.Check(err)
				b := bytes.Repeat([]byte("a"), n)
				if len(args) > 2 {
					for i := range b {
						b[i] = byte(i * 7)
					}
				}
				name := ts.MkAbs(args[0])
				ts.Check(os.MkdirAll(filepath.Dir(name), 0o755))
				ts.Check(os.WriteFile(name, b, 0o644))
			},
			// sametree A B: every file under A and B has the same bytes.
			"sametree": func(ts *testscript.TestScript, neg bool, args []string) {
				a, b := readTree(ts, ts.MkAbs(args[0])), readTree(ts, ts.MkAbs(args[1]))
				if len(a) != len(b) {
					ts.Fatalf("%d files in %s, %d in %s", len(a), args[0], len(b), args[1])
				}
				for p, data := range a {
					if !bytes.Equal(data, b[p]) {
						ts.Fatalf("%s differs", p)
					}
				}
			},
		},
	})
}

func readTree(ts *testscript.TestScript, dir string) map[string][]byte {
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = data
		return err
	})
	if err != nil {
		ts.Fatalf("%v", err)
	}
	if len(out) == 0 {
		ts.Fatalf("%s is empty", dir)
	}
	return out
}

var _ = fmt.Sprint
