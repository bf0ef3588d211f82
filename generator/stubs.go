package generator

// Each output family lives in its own file; these are filled in there.

func buildPages(s *site, f Files) error    { return nil }
func buildFeeds(s *site, f Files) error    { return nil }
func buildAPI(s *site, f Files) error      { return nil }
func buildBadges(s *site, f Files) error   { return nil }
func buildCalendar(s *site, f Files) error { return nil }
