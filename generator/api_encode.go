package generator

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
)

// putJSON encodes v with two-space indentation and a final newline. HTML
// characters stay as they are: these files are served as JSON, not HTML.
func putJSON(f Files, path string, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	f[path] = bytes.Clone(b.Bytes()) // not the buffer's spare capacity: candor.json of a large site is tens of MB
	return nil
}

// tagHost is the base URL's host name, for tag URIs and calendar UIDs.
func (s *site) tagHost() string {
	u, err := url.Parse(s.base)
	if err != nil || u.Hostname() == "" {
		return "localhost"
	}
	return u.Hostname()
}

// apiPageURL is the base URL without its trailing slash, as Statuspage
// serves page.url.
func (s *site) apiPageURL() string { return strings.TrimSuffix(s.base, "/") }
