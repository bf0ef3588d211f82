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
//
// The indentation is added here rather than by the encoder (SetIndent):
// encoding/json indents with its full scanner, a state machine step per
// byte, which cost more than encoding. Its input here is the encoder's own
// compact output, so a pass that only tells strings from punctuation
// writes the same bytes (TestIndentJSONIsEncodingJSON), into a buffer of
// exactly the indented size.
func encodeJSON(b *bytes.Buffer, v any, compact bool) ([]byte, error) {
	b.Reset()
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	if compact {
		return bytes.Clone(b.Bytes()), nil
	}
	src := b.Bytes()
	counted := jsonIndenter{count: true}
	counted.indent(src)
	w := jsonIndenter{dst: make([]byte, 0, counted.n)}
	w.indent(src)
	return w.dst, nil
}

// jsonIndent is the API's indentation, two spaces a level.
const jsonIndent = "  "

// jsonIndenter indents compact JSON as encoding/json writes it, as
// json.Indent does with jsonIndent: "{}" and "[]" stay empty, ": " after
// a key, a line per element. It appends to dst or, counting, only adds up
// in n how many bytes that would be.
type jsonIndenter struct {
	count bool
	n     int
	dst   []byte
}

func (w *jsonIndenter) put(b ...byte) {
	if w.count {
		w.n += len(b)
	} else {
		w.dst = append(w.dst, b...)
	}
}

func (w *jsonIndenter) newline(depth int) {
	if w.count {
		w.n += 1 + depth*len(jsonIndent)
		return
	}
	w.dst = append(w.dst, '\n')
	for range depth {
		w.dst = append(w.dst, jsonIndent...)
	}
}

// jsonPunct marks the bytes indent acts on outside strings.
var jsonPunct = [256]bool{'"': true, '{': true, '[': true, ',': true, ':': true, '}': true, ']': true}

func (w *jsonIndenter) indent(src []byte) {
	needIndent, depth := false, 0
	for i := 0; i < len(src); {
		c := src[i]
		if needIndent && c != '}' && c != ']' {
			needIndent = false
			depth++
			w.newline(depth)
		}
		switch c {
		case '"': // a string, copied as it is through its closing quote
			j := i + 1
			for {
				k := bytes.IndexByte(src[j:], '"')
				if k < 0 {
					j = len(src)
					break
				}
				j += k + 1
				if !escapedQuote(src[:j-1]) {
					break
				}
			}
			w.put(src[i:j]...)
			i = j
			continue
		case '{', '[':
			needIndent = true // the line is begun by what follows: empty ones stay "{}"
			w.put(c)
		case ',':
			w.put(c)
			w.newline(depth)
		case ':':
			w.put(c, ' ')
		case '}', ']':
			if needIndent {
				needIndent = false
			} else {
				depth--
				w.newline(depth)
			}
			w.put(c)
		default: // a number, true, false, null, or the final newline
			j := i + 1
			for j < len(src) && !jsonPunct[src[j]] {
				j++
			}
			w.put(src[i:j]...)
			i = j
			continue
		}
		i++
	}
}

// escapedQuote reports whether the quote after b is escaped: an odd run
// of backslashes ends b.
func escapedQuote(b []byte) bool {
	n := 0
	for n < len(b) && b[len(b)-1-n] == '\\' {
		n++
	}
	return n%2 == 1
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
