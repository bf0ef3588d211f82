package probe

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// jsonField returns, as text, the value at a dot path (a.b.0.c) of a JSON
// document: strings as themselves, numbers as written, true, false, null,
// and objects and arrays as compact JSON. ok is false when the path does
// not exist; err is set when doc is not JSON.
func jsonField(doc []byte, path string) (text string, ok bool, err error) {
	d := json.NewDecoder(bytes.NewReader(doc))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return "", false, fmt.Errorf("body is not JSON: %w", err)
	}
	if path != "" {
		for _, key := range strings.Split(path, ".") {
			if v, ok = step(v, key); !ok {
				return "", false, nil
			}
		}
	}
	return jsonText(v), true, nil
}

// step descends one key: a field of an object or an index of an array.
func step(v any, key string) (any, bool) {
	switch v := v.(type) {
	case map[string]any:
		next, ok := v[key]
		return next, ok
	case []any:
		i, err := strconv.Atoi(key)
		if err != nil || i < 0 || i >= len(v) {
			return nil, false
		}
		return v[i], true
	}
	return nil, false
}

// jsonText is a decoded value as the text a condition compares with.
func jsonText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	case nil:
		return "null"
	}
	b, _ := json.Marshal(v) // maps and slices of decoded values always marshal
	return string(b)
}
