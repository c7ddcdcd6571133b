package ledger

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"strings"
)

// TaskRef is the identity an export writes beside each measure, "42-7f3a":
// the task's id and a check made from the id and the moment it was
// created. The check tells this installation's measure 42 from measure 42
// of another one, or of a restored older copy, so a row copied from a
// foreign sheet is matched by its text instead of updating a stranger.
func TaskRef(t *Task) string {
	return strconv.FormatInt(t.ID, 10) + "-" + refCheck(t)
}

// ParseTaskRef splits a TaskRef; ok is false for anything else.
func ParseTaskRef(s string) (id int64, check string, ok bool) {
	a, b, found := strings.Cut(strings.TrimSpace(s), "-")
	id, err := strconv.ParseInt(a, 10, 64)
	if !found || err != nil || id <= 0 || len(b) != 4 {
		return 0, "", false
	}
	return id, strings.ToLower(b), true
}

// HasRef reports whether check is t's.
func (t *Task) HasRef(check string) bool { return refCheck(t) == check }

func refCheck(t *Task) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(t.ID))
	binary.BigEndian.PutUint64(b[8:], uint64(t.CreatedAt.UnixNano()))
	sum := sha256.Sum256(b[:])
	return hex.EncodeToString(sum[:2])
}
