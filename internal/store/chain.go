package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/emmansun/gmsm/sm3"
	"go.etcd.io/bbolt"
)

// The audit trail is one hash chain: every event stores the hash of the
// event before it, and meta holds the newest event's id and hash (the
// head). An event's hash is taken over canonicalEvent, a byte string
// defined here field by field, so it does not depend on how the record
// codec happens to lay the event out or on map order. docs/AUDIT.md
// describes it for anyone writing an independent checker.

const hashSize = 32

// hashAlgo is the hash of one event, stored in the event, so a deployment
// may switch algorithms without breaking the chain it already has.
type hashAlgo byte

const (
	algoSHA256 hashAlgo = 1
	algoSM3    hashAlgo = 2 // GB/T 32905, for 密评 deployments
)

// ParseChainHash maps a configuration value ("sha256", "sm3") to an
// algorithm; the empty string is SHA-256.
func parseChainHash(name string) (hashAlgo, error) {
	switch name {
	case "", "sha256", "SHA-256", "sha-256":
		return algoSHA256, nil
	case "sm3", "SM3":
		return algoSM3, nil
	}
	return 0, fmt.Errorf("store: unknown chain hash %q (want sha256 or sm3)", name)
}

func (a hashAlgo) valid() bool { return a == algoSHA256 || a == algoSM3 }

func (a hashAlgo) String() string {
	if a == algoSM3 {
		return "sm3"
	}
	return "sha256"
}

func (a hashAlgo) sum(b []byte) [hashSize]byte {
	if a == algoSM3 {
		return sm3.Sum(b)
	}
	return sha256.Sum256(b)
}

// canonicalEvent is the byte string an event's hash covers: a version
// tag, then each field as a uvarint length and its bytes, in this order:
// prev hash (raw), id, entity, entity id, task id (decimal), time
// (RFC 3339, UTC, nanoseconds), actor id, action, note, data (canonical
// JSON), the number of changes, and per change sorted by field name:
// field, old, new (canonical JSON; empty when absent).
func canonicalEvent(id int64, prev []byte, r *eventRecord) []byte {
	b := make([]byte, 0, 256)
	b = append(b, "rectify-event-1"...)
	field := func(s []byte) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	num := func(n int64) { field(strconv.AppendInt(nil, n, 10)) }
	field(prev)
	num(id)
	field([]byte(r.Entity))
	num(r.EntityID)
	num(r.TaskID)
	field([]byte(r.At.UTC().Format(time.RFC3339Nano)))
	num(r.ActorID)
	field([]byte(r.Action))
	field([]byte(r.Note))
	field(canonicalJSON(r.Data))
	changes := r.changes()
	num(int64(len(changes)))
	for _, c := range changes {
		field([]byte(c.Field))
		field(canonicalJSON(c.Old))
		field(canonicalJSON(c.New))
	}
	return b
}

// canonicalJSON re-encodes a JSON value with object keys sorted, no
// insignificant space, numbers as written and no HTML escaping.
func canonicalJSON(raw json.RawMessage) []byte {
	if len(raw) == 0 {
		return nil
	}
	if alreadyCanonical(raw) {
		return raw
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		// Not JSON: hash the bytes as they are, so the event still fails
		// to match if anything about them changes.
		return append([]byte("!"), raw...)
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return append([]byte("!"), raw...)
	}
	return bytes.TrimSuffix(out.Bytes(), []byte("\n"))
}

var kChainHead = []byte("chain_head") // id ‖ hash of the newest event

type headRec struct {
	id   int64
	hash [hashSize]byte // zero before the first event
}

func readHead(tx *bbolt.Tx) headRec {
	var h headRec
	if v := tx.Bucket(bMeta).Get(kChainHead); len(v) == 8+hashSize {
		h.id = btoi(v[:8])
		copy(h.hash[:], v[8:])
	}
	return h
}

func writeHead(tx *bbolt.Tx, id int64, h [hashSize]byte) error {
	return tx.Bucket(bMeta).Put(kChainHead, append(itob(id), h[:]...))
}

func hexOf(b []byte) string { return hex.EncodeToString(b) }

// ChainHead is the newest event of the trail: anchoring it outside the
// server (a backup's manifest, a printed report) lets a later check
// prove the trail up to it was not rewritten.
type ChainHead struct {
	Seq  int64     `json:"seq"`
	Hash string    `json:"hash"`
	Algo string    `json:"algo"`
	At   time.Time `json:"at"` // when the head event was written
}

// Anchor is the short form written into backup names and reports:
// "seq-hash".
func (h ChainHead) Anchor() string { return strconv.FormatInt(h.Seq, 10) + "-" + h.Hash }

// ChainHead returns the current head of the audit chain.
func (s *Store) ChainHead() (ChainHead, error) {
	var out ChainHead
	err := s.db.View(func(tx *bbolt.Tx) error {
		h := readHead(tx)
		out = ChainHead{Seq: h.id, Hash: hexOf(h.hash[:]), Algo: s.chainAlgo.String()}
		if h.id == 0 {
			return nil
		}
		e, err := eventAt(tx, h.id, false)
		if _, missing := err.(errNoEvent); missing {
			return nil // verify reports it; the head is still what meta says
		} else if err != nil {
			return err
		}
		out.At, out.Algo = e.rec.At, e.algo.String()
		return nil
	})
	return out, err
}

// AuditAnchor is the head as "seq-hash" with the time of its event, or ""
// on a file without events; reports print it.
func (s *Store) AuditAnchor() (string, time.Time, error) {
	h, err := s.ChainHead()
	if err != nil || h.Seq == 0 {
		return "", time.Time{}, err
	}
	return h.Anchor(), h.At, nil
}

// alreadyCanonical reports whether raw is a scalar that canonicalJSON
// would write back unchanged: a literal, a plain number, or a string with
// no escapes and no character the encoder escapes (U+2028, U+2029,
// invalid UTF-8). Most changed fields are such scalars, and this runs in
// the single writer's transaction.
func alreadyCanonical(raw []byte) bool {
	switch raw[0] {
	case 't', 'f', 'n':
		s := string(raw)
		return s == "true" || s == "false" || s == "null"
	case '"':
		if len(raw) < 2 || raw[len(raw)-1] != '"' {
			return false
		}
		body := raw[1 : len(raw)-1]
		for _, c := range body {
			if c == '\\' || c == '"' || c < 0x20 {
				return false
			}
		}
		return utf8.Valid(body) && !bytes.Contains(body, []byte("\u2028")) && !bytes.Contains(body, []byte("\u2029"))
	}
	digits := bytes.TrimPrefix(raw, []byte("-"))
	if len(digits) == 0 || digits[0] == '0' && len(digits) > 1 {
		return false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
