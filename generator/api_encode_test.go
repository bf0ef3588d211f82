package generator

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestIndentJSONIsEncodingJSON holds encodeJSON's indentation to
// encoding/json's own, on the API documents of a fixture site and on
// values that try its string handling and empty containers.
func TestIndentJSONIsEncodingJSON(t *testing.T) {
	values := []any{
		nil, 1, "", `\\\"\\\\"`, `"\\`, `a "quoted" \ back\slash \" , : { } [ ] end`, "\\", "\u2028<>&\x00\x1f é",
		[]any{}, map[string]any{}, []any{[]any{}, map[string]any{}, []any{1, []any{2, map[string]any{"": []any{}}}}},
		map[string]any{`k"{`: `v}]`, "a\\": map[string]any{"b": []any{"c", 1.5, true, nil, ""}}},
	}
	fs := Files{}
	if err := buildAPI(newSite(generatedInput(20, 30)), &sink{emit: fs.collect()}); err != nil {
		t.Fatal(err)
	}
	if len(fs) < 9 {
		t.Fatalf("the API wrote %d files", len(fs))
	}
	for p, b := range fs {
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		values = append(values, v)
	}
	var b bytes.Buffer
	for i, v := range values {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
		got, err := encodeJSON(&b, v, false)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("value %d:\n got %q\nwant %q", i, got, want.Bytes())
		}
		if len(got) != cap(got) {
			t.Errorf("value %d: %d bytes in a buffer of %d", i, len(got), cap(got))
		}
	}
}
