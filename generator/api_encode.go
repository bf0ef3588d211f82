package generator

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
)

// putJSON encodes v with two-space indentation and a final newline. HTML
// characters stay as they are: these files are served as JSON, not HTML.
func putJSON(f *sink, path string, v any) error {
	var b bytes.Buffer
	out, err := encodeJSON(&b, v, false)
	if err != nil {
		return err
	}
	f.put(path, out)
	return nil
}

// encodeJSON is v as the API writes it, indented, encoded in b (reused
// from file to file) and copied out without the buffer's spare capacity:
// candor.json of a large site is tens of MB. compact leaves out the
// indentation, for files only scripts read, which a large site has by the
// ten thousand (days.json): indenting costs as much as encoding.
func encodeJSON(b *bytes.Buffer, v any, compact bool) ([]byte, error) {
	b.Reset()
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if !compact {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.Clone(b.Bytes()), nil
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
