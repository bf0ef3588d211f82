package candor

import (
	"crypto/sha256"
	"math/big"
	"strings"
)

// StableID derives a 12-character lowercase base-36 id from key, the form
// Statuspage clients expect. The same key always gives the same id.
func StableID(key string) string {
	sum := sha256.Sum256([]byte(key))
	s := new(big.Int).SetBytes(sum[:16]).Text(36)
	if len(s) < 12 {
		s = strings.Repeat("0", 12-len(s)) + s
	}
	return s[:12]
}
