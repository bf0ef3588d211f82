package incident

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/candor-status/candor"
	"gopkg.in/yaml.v3"
)

// Format writes an incident as a file: front matter, then the postmortem.
// The id is written only when it differs from the one the file name gives.
func Format(inc *candor.Incident) ([]byte, error) {
	root := &yaml.Node{Kind: yaml.MappingNode}
	if inc.ID != "" && inc.ID != candor.StableID("incident:"+inc.Slug) {
		setKey(root, "id", str(inc.ID))
	}
	setKey(root, "title", str(inc.Title))
	setKey(root, "components", list(inc.Components))
	setKey(root, "impact", str(string(inc.Impact)))
	setKey(root, "started", timeNode(inc.Started))
	if !inc.Resolved.IsZero() {
		setKey(root, "resolved", timeNode(inc.Resolved))
	}
	if inc.OpenedBy != "" {
		setKey(root, "opened_by", str(inc.OpenedBy))
	}
	ups := &yaml.Node{Kind: yaml.SequenceNode}
	for _, u := range inc.Updates {
		ups.Content = append(ups.Content, updateNode(u))
	}
	setKey(root, "updates", ups)
	if len(inc.Disputes) > 0 {
		ds := &yaml.Node{Kind: yaml.SequenceNode}
		for _, x := range inc.Disputes {
			n := &yaml.Node{Kind: yaml.MappingNode}
			setKey(n, "component", str(x.Component))
			setKey(n, "from", timeNode(x.From))
			setKey(n, "to", timeNode(x.To))
			setKey(n, "reason", str(x.Reason))
			ds.Content = append(ds.Content, n)
		}
		setKey(root, "disputes", ds)
	}
	return render(root, inc.Body)
}

// AddUpdate appends an update to the incident file in data. Every line it
// does not change stays byte for byte as it was: the update's lines go
// after the last update, indented like it. A resolved update also sets
// resolved: to its time; any other update to a resolved incident reopens
// it (removes resolved:), so the file never says resolved while its latest
// update says otherwise.
func AddUpdate(data []byte, u candor.Update) ([]byte, error) {
	s, err := newSplice(data)
	if err != nil {
		return nil, err
	}
	if s == nil { // a {flow mapping}: no lines to keep
		return Edit(data, func(root *yaml.Node) error {
			AppendUpdate(root, u)
			if u.Status == candor.Resolved {
				SetTime(root, "resolved", u.At)
			} else {
				DeleteKey(root, "resolved")
			}
			return nil
		})
	}
	if err := s.addUpdate(u); err != nil {
		return nil, err
	}
	var resolved time.Time
	if u.Status == candor.Resolved {
		resolved = u.At
	}
	s.setResolved(resolved)
	return s.bytes(), nil
}

// Edit parses the front matter of data, lets fn change it, and writes the
// file back with the body unchanged.
func Edit(data []byte, fn func(root *yaml.Node) error) ([]byte, error) {
	_, body, _, root, err := frontMapping(data)
	if err != nil {
		return nil, err
	}
	if err := fn(root); err != nil {
		return nil, err
	}
	return render(root, strings.TrimSpace(string(body)))
}

// frontMapping splits data and parses its front matter, which must be a
// mapping: the front matter, the body, the lines before the front matter
// and its root mapping.
func frontMapping(data []byte) (front, body []byte, offset int, root *yaml.Node, err error) {
	front, body, offset, err = split(data)
	if err != nil {
		return nil, nil, 0, nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(front, &doc); err != nil {
		return nil, nil, 0, nil, fmt.Errorf("front matter: %v", err)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, nil, 0, nil, fmt.Errorf("front matter: want a mapping")
	}
	return front, body, offset, doc.Content[0], nil
}

// SetString sets key to a string value in a front matter mapping.
func SetString(root *yaml.Node, key, value string) { setKey(root, key, str(value)) }

// SetTime sets key to a time in a front matter mapping.
func SetTime(root *yaml.Node, key string, t time.Time) { setKey(root, key, timeNode(t)) }

// AppendUpdate appends an update to the updates list of a front matter mapping.
func AppendUpdate(root *yaml.Node, u candor.Update) {
	ups := getKey(root, "updates")
	if ups == nil || ups.Kind != yaml.SequenceNode {
		ups = &yaml.Node{Kind: yaml.SequenceNode}
		setKey(root, "updates", ups)
	}
	ups.Content = append(ups.Content, updateNode(u))
}

// DeleteKey removes key from a front matter mapping.
func DeleteKey(root *yaml.Node, key string) {
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == key {
			root.Content = append(root.Content[:i], root.Content[i+2:]...)
			return
		}
	}
}

func render(root *yaml.Node, body string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("---\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return nil, fmt.Errorf("encode front matter: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode front matter: %w", err)
	}
	b.WriteString("---\n")
	if body != "" {
		b.WriteString(body)
		b.WriteString("\n")
	}
	return b.Bytes(), nil
}

func updateNode(u candor.Update) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode}
	setKey(n, "at", timeNode(u.At))
	setKey(n, "status", str(string(u.Status)))
	setKey(n, "text", str(u.Text))
	if !u.NextUpdate.IsZero() {
		setKey(n, "next_update", timeNode(u.NextUpdate))
	}
	return n
}

func getKey(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func setKey(m *yaml.Node, key string, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content[i+1] = v
			return
		}
	}
	m.Content = append(m.Content, str(key), v)
}

func str(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if strings.Contains(s, "\n") {
		n.Style = yaml.LiteralStyle
	}
	return n
}

func timeNode(t time.Time) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: t.UTC().Format(time.RFC3339)}
}

func list(items []string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, s := range items {
		n.Content = append(n.Content, str(s))
	}
	return n
}
