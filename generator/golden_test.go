package generator

import "flag"

// update rewrites golden files under testdata/ instead of comparing with
// them: go test ./generator -update
var update = flag.Bool("update", false, "rewrite golden files")
