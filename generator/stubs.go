package generator

// Each output family lives in its own file; these are filled in there.

func buildPages(s *site, f Files) error { return nil }
