package config

import (
	"net/url"

	"github.com/candor-status/candor"
)

// Warnings are what a valid config may want changed but builds without:
// each a sentence that starts with the key it is about. A config without
// an absolute base_url (the default is "/") builds a site whose links work
// but whose feeds, Statuspage API shortlinks and Subscribe page can give
// only paths, which a feed reader or Slack cannot follow.
func Warnings(c *candor.Config) []string {
	if c == nil {
		return nil
	}
	if u, err := url.Parse(c.BaseURL); err == nil && u.Host != "" {
		return nil
	}
	return []string{"base_url: not set, so the site's feeds, the Statuspage API's shortlinks and the Subscribe page give paths (/history.rss), not addresses a feed reader or Slack can follow; set it to the site's address, such as https://owner.github.io/status/"}
}
