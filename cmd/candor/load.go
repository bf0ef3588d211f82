package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/config"
	"github.com/candor-status/candor/incident"
	"github.com/candor-status/candor/repofile"
)

// errProblems means the problems were already printed.
var errProblems = errors.New("problems found")

// loadConfig reads candor.yml and prints its problems to stderr. A config
// with problems is an error: nothing can be built on it.
func loadConfig(e *env, path string) (*candor.Config, error) {
	return loadConfigEnv(e, path, nil)
}

// loadConfigEnv is loadConfig that also wants every ${NAME} the probes
// use set in getenv.
func loadConfigEnv(e *env, path string, getenv func(string) string) (*candor.Config, error) {
	cfg, problems, err := config.ReadFile(path, getenv)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	if len(problems) > 0 {
		printProblems(e.stderr, problems)
		return nil, errProblems
	}
	return cfg, nil
}

// loadContent reads the incident and maintenance files beside the config.
func loadContent(cfgPath string, cfg *candor.Config) (*incident.Content, error) {
	c, err := incident.Load(filepath.Dir(cfgPath), cfg)
	if err != nil {
		return nil, fmt.Errorf("read content: %w", err)
	}
	return c, nil
}

func printProblems(w io.Writer, problems []candor.Problem) {
	for _, p := range problems {
		fmt.Fprintln(w, p.Error())
	}
}

// newFlags returns a flag set that prints to stderr and returns errors.
func newFlags(e *env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("candor "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

// withArgs makes fs's usage begin with its synopsis, for a command that
// takes arguments besides its flags: "candor init [DIR] [flags]".
func withArgs(fs *flag.FlagSet, synopsis string) *flag.FlagSet {
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: %s\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args allowing positional arguments among the flags
// ("new update FILE --status x"). It returns the positional arguments.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// parseNoArgs parses flags and refuses positional arguments, which would
// otherwise be silently ignored.
func parseNoArgs(fs *flag.FlagSet, args []string) error {
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		fmt.Fprintf(fs.Output(), "%s: unexpected argument %q\n", fs.Name(), pos[0])
		fs.Usage()
		return errUsage
	}
	return nil
}

// errUsage means the usage was already printed.
var errUsage = errors.New("usage")

// usageCode is the exit code for a flag error: 0 for -help, 2 otherwise.
func usageCode(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	return 2
}

// fail prints err unless it was already reported, and returns exit code 1.
func fail(e *env, name string, err error) int {
	if !errors.Is(err, errProblems) {
		fmt.Fprintf(e.stderr, "candor %s: %v\n", name, err)
	}
	return 1
}

// userTemplates is the templates/ folder beside the config, or nil when
// there is none, read as package repofile reads a repository: a symbolic
// link, a device or a file over repofile.MaxSize fails the build. done
// releases the folder.
func userTemplates(cfgPath string) (fsys fs.FS, done func(), err error) {
	root, err := repofile.Open(filepath.Dir(cfgPath))
	if err != nil {
		return nil, nil, err
	}
	if _, err := root.ReadDir(templatesDir); err != nil {
		root.Close()
		if errors.Is(err, fs.ErrNotExist) {
			return nil, func() {}, nil
		}
		return nil, nil, err
	}
	return root.FS(templatesDir, repofile.MaxSize), func() { root.Close() }, nil
}

// templatesDir is the folder of a repository's own templates.
const templatesDir = "templates"

// isHelp reports whether arg asks for a command's usage.
func isHelp(arg string) bool {
	switch arg {
	case "-h", "-help", "--help", "help":
		return true
	}
	return false
}
