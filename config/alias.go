package config

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// An alias (*name) stands for the whole value its anchor (&name) marks, so
// a few bytes can stand for a great many nodes: anchors of lists of
// aliases of lists grow without bound. Decoding counts every node it
// reaches through an alias and stops, with a problem at the alias, past a
// budget proportional to the document.
const (
	// aliasFactor is how many times the nodes of a document the nodes
	// reached through aliases may number.
	aliasFactor = 4
	// minAliasBudget is the budget of a small document: anchors shared by
	// a few hundred components fit well within it.
	minAliasBudget = 10_000
)

// aliasBudget tracks the nodes decoding reaches through aliases.
type aliasBudget struct {
	limit    int        // nodes allowed through aliases
	used     int        // nodes reached through aliases so far
	depth    int        // aliases being followed, one inside the other
	outer    *yaml.Node // the outermost alias being followed
	field    string     // the field outer stands in
	exceeded bool       // decoding stopped
	// seen holds the problems found, by position and message: an anchor's
	// mistake is reported once, not once more for each alias of it.
	seen map[problemKey]bool
}

type problemKey struct {
	pos Pos
	msg string
}

// repeated reports whether a problem found while following an alias was
// already reported at the same place. It remembers every problem.
func (b *aliasBudget) repeated(p Pos, msg string) bool {
	if b.seen == nil {
		b.seen = map[problemKey]bool{}
	}
	k := problemKey{p, msg}
	if b.seen[k] && b.depth > 0 {
		return true
	}
	b.seen[k] = true
	return false
}

// newAliasBudget sizes the budget for the document under root.
func newAliasBudget(root *yaml.Node) aliasBudget {
	return aliasBudget{limit: max(minAliasBudget, aliasFactor*countNodes(root))}
}

// countNodes counts the nodes of a document as written: aliases count
// once, not for what they stand for.
func countNodes(n *yaml.Node) int {
	count := 1
	for _, c := range n.Content {
		count += countNodes(c)
	}
	return count
}

// follow decodes the value alias, the value of field, stands for,
// counting its nodes.
func (d *Decoder) follow(alias *yaml.Node, field string, decode func(*yaml.Node)) {
	n := alias
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	b := &d.aliases
	if b.depth == 0 {
		b.outer, b.field = alias, field
	}
	b.depth++
	decode(n)
	b.depth--
}

// reach counts one node reached by decoding and reports whether decoding
// may go on. Past the budget it records one problem, at the outermost
// alias being followed, and every later call is false.
func (d *Decoder) reach() bool {
	b := &d.aliases
	if b.exceeded {
		return false
	}
	if b.depth == 0 {
		return true
	}
	b.used++
	if b.used <= b.limit {
		return true
	}
	b.exceeded = true
	d.add(d.pos(b.outer), b.field, fmt.Sprintf("aliases expand to more than %d nodes (%d times the document's); write the values out or share fewer", b.limit, aliasFactor))
	return false
}
