package generator

// Each output family lives in its own file; these are filled in there.
