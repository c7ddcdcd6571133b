package store

import (
	"encoding/json"
	"fmt"
	"strings"

	"rectify/internal/ledger"
)

// A stored record's first byte tells its codec: 0x03 the packed codec
// every write uses now (codec_pack.go), 0x04 a task event's packed body
// (event_codec.go), 0x01 version 1 below, and '{' plain JSON from the
// first files. Older codecs are read for files not yet migrated (7→8,
// migrate_codec.go) and for old backups being restored.
//
// Version 1 was JSON with its most frequent keys and values replaced by
// single control bytes. encoding/json never writes a raw byte below 0x20
// (it escapes them inside strings), and every pattern begins with a quote
// that opens a key — a quote inside a string value is always escaped — so
// the substitution cannot touch user text and reverses exactly. Its table
// must never change.
const codecKeysV1 = 0x01

var keysV1 = []string{
	`"created_at":"`, `"updated_at":"`, `"problem_id":`, `"batch_id":`, `"branch_id":`,
	`"description":"`, `"kind":"deadline"`, `"kind":"immediate"`, `"kind":"long_term"`,
	`"owner_id":`, `"owner_name":"`, `"reviewer_id":`, `"lead_dept":"`, `"due_on":"`,
	`"warn_days":`, `"status":"closed"`, `"status":"open"`, `"status":"in_progress"`,
	`"status":"submitted"`, `"percent":`, `"created_on":"`, `"last_report_on":"`,
	`"submitted_on":"`, `"closed_on":"`, `"on_time":`, `"first_overdue_on":"`,
	`"entity":"task","entity_id":`, `"task_id":`, `"actor_id":`,
}

var (
	keyEncoder, keyDecoder *strings.Replacer
)

func init() {
	if len(keysV1) > 0x1f-1 {
		panic("store: too many codec keys")
	}
	var enc, dec []string
	for i, k := range keysV1 {
		b := string(rune(0x02 + i))
		enc = append(enc, k, b)
		dec = append(dec, b, k)
	}
	keyEncoder, keyDecoder = strings.NewReplacer(enc...), strings.NewReplacer(dec...)
}

// encode marshals v and packs it (codec version 3, codec_pack.go); a
// task is packed straight from the struct.
func encode(v any) []byte {
	if t, ok := v.(*ledger.Task); ok {
		if b, ok := encodePackedTask(t); ok {
			return b
		}
	}
	raw, err := json.Marshal(v)
	if err != nil {
		// Every stored type is a plain struct; failure is a programming error.
		panic(fmt.Sprintf("store: marshal %T: %v", v, err))
	}
	return packRecord(raw)
}

// packRecord is the stored form of a record's JSON.
func packRecord(raw []byte) []byte {
	out, err := packJSON(append(make([]byte, 0, len(raw)), codecPackedV3), raw)
	if err != nil {
		panic(fmt.Sprintf("store: pack %q: %v", raw, err))
	}
	return out
}

// decode reverses encode into v. It also reads the version-1 codec and
// plain JSON, which older files and backups hold.
func decode(b []byte, v any) error {
	if t, ok := v.(*ledger.Task); ok && len(b) > 0 && b[0] == codecPackedV3 && decodePackedTask(b[1:], t) {
		return nil
	}
	raw, err := recordJSON(b)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, v)
}

// recordJSON is the JSON a stored record stands for, in any version.
func recordJSON(b []byte) ([]byte, error) {
	if len(b) == 0 {
		return b, nil
	}
	switch b[0] {
	case codecPackedV3:
		return unpackJSON(make([]byte, 0, 2*len(b)), b[1:])
	case codecKeysV1:
		return []byte(keyDecoder.Replace(string(b[1:]))), nil
	}
	return b, nil
}
