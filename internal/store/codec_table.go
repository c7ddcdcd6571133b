package store

import "slices"

// The packed record codec (version 3, codec_pack.go) spells the object
// keys and the enumerated string values of the stored types as single
// bytes. Both tables are part of the file format: never reorder or remove
// an entry; a new name may only be appended (a new key costs its full
// spelling until it is).

// packedKeys are the object keys written as one byte each: key byte 2+i.
// They cover the JSON names of every type the store keeps (tasks,
// problems, batches, branches, users, reviews, events and their change
// maps, notifications, outbox rows, job state…).
var packedKeys = []string{
	"action", "actor_id", "after", "algo", "answer", "answered", "answered_at", "answered_by",
	"asked", "at", "attempts", "batch_id", "before", "branch", "branch_id", "break", "by", "by_name",
	"category", "cause", "chain_head", "changes", "channel_id", "claimed", "closed", "closed_on",
	"column", "completion_rate", "confirmed_rebounds", "content_type", "count", "created_at",
	"created_by", "created_on", "data", "database", "days_overdue", "days_to_close",
	"dead_deliveries", "decided_at", "decided_by", "decided_on", "depth", "description", "disabled",
	"done", "dry_run", "due", "due_on", "due_soon", "earlier_problem_id", "email", "enabled",
	"entity", "entity_id", "errors", "events", "evidence", "expires_at", "extension", "field",
	"first_overdue_on", "flagged_at", "format", "found", "free_bytes", "green", "hash", "head", "id",
	"import_key", "in_progress", "item", "items", "job", "key", "kind", "label", "last_backup_at",
	"last_day", "last_error", "last_error_at", "last_report_on", "last_run_at", "lead_dept", "leader",
	"light", "lights", "login", "max", "measure", "median_days_to_close", "message",
	"missing_evidence", "name", "new", "new_due_on", "next_attempt_at", "note", "notes",
	"notifications", "ok", "old", "on_time", "on_time_rate", "open", "original_due_on", "outcome",
	"overdue", "owner_id", "owner_name", "parent_id", "password_hash", "percent", "phone", "prev",
	"problem", "problem_id", "problems", "quarter", "quarters", "read", "reason", "rebound_rate",
	"red", "remark", "report_every_days", "requested_by", "requested_on", "returned",
	"review_after_days", "reviewer_id", "reviews_due", "role", "row", "rows", "runs",
	"schema_version", "score", "secret", "sent_at", "seq", "sha256", "size", "skipped", "source",
	"source_problem_id", "source_type", "start", "started_on", "state", "status", "submitted",
	"submitted_by", "submitted_late_days", "submitted_on", "submitted_owner_id", "support_depts",
	"target", "task_id", "tasks", "title", "took_ms", "total", "type", "unchanged", "updated",
	"updated_at", "uploaded_by", "url", "user_id", "version", "warn_days", "yellow",
	// Names of the notification channels' and digests' payloads.
	"code", "content", "href", "markdown", "msg_type", "next_run_at", "ran_at", "schedule",
	"text", "timestamp", "user", "channel", "kinds", "days",
}

// packedStrings are the enumerated values (entities, actions, statuses,
// kinds, roles, lights, outcomes, sources) written as one tag byte each:
// tag tCommon+i.
var packedStrings = []string{
	"task", "problem", "batch", "branch", "user", "channel", "review", "cascade", "rebound",
	"create", "update", "delete", "progress", "evidence", "submit", "approve", "reject",
	"extension_request", "extension_approve", "extension_reject", "reopen", "overdue", "escalate",
	"import", "withdraw", "reassign", "rebound_flag", "rebound_decide", "cascade_answer",
	"open", "in_progress", "submitted", "closed", "immediate", "deadline", "long_term",
	"admin", "officer", "member", "leader", "consolidated", "green", "yellow", "red", "done",
	"inspection", "patrol", "audit", "org_life", "democratic_life", "theme_education",
	"supervision", "self_check",
}

// Tag bytes of a packed value.
const (
	tNull      = 0x00
	tFalse     = 0x01
	tTrue      = 0x02
	tObject    = 0x03 // members (key byte, value) until key byte kEnd
	tArray     = 0x04 // values until tEnd
	tEnd       = 0x05
	tInt       = 0x06 // zigzag varint; only for a literal that is exactly strconv.FormatInt of it
	tNumber    = 0x07 // uvarint length, the literal as written (1.0, 1e3, -0, huge)
	tString    = 0x08 // uvarint length, the string's value; unpacks to its one JSON spelling
	tRawString = 0x09 // uvarint length, the JSON literal with its quotes, as written
	tDate      = 0x0a // zigzag varint days from dateBase: "YYYY-MM-DD"
	tTime      = 0x0b // zigzag varint seconds from timeBase: RFC 3339 in UTC, whole seconds
	tTimeNano  = 0x0c // as tTime, then uvarint nanoseconds
	tTimeZone  = 0x0d // as tTimeNano, then zigzag varint zone offset in seconds
	tCJK       = 0x0e // uvarint length, the string's value in the cjk code (codec_cjk.go)
	tShape     = 0x0f // shape byte, a bit per key of packedShapes[shape] present, their values
	tTimeRef   = 0x10 // uvarint i: the same time as the record's i-th time written in full

	tCommon   = 0x11 // …+i: packedStrings[i]
	tShortStr = 0x48 // …+n: a string of n bytes (n < 56) follows, as tString
	tSmallInt = 0x80 // …+n: the integer n (0 ≤ n < 128)
)

// Key bytes inside an object.
const (
	kEnd     = 0x00
	kLiteral = 0x01 // uvarint length, the key's JSON literal with its quotes
	kTable   = 0x02 // …+i: packedKeys[i]
)

const (
	maxShortStr = tSmallInt - tShortStr
	maxSmallInt = 0x100 - tSmallInt
	// dateBase is 2026-01-01 in days since 1970-01-01 and timeBase the
	// same day in Unix seconds: dates and times near them take fewest
	// bytes (two and four).
	dateBase = 20454
	timeBase = 1767225600
)

var (
	packedKeyID    = map[string]byte{}
	packedStringID = map[string]byte{}
	// packedKeyJSON[b] is `"name":` for table key byte b.
	packedKeyJSON [256][]byte
)

func init() {
	if kTable+len(packedKeys) > 0x100 || tCommon+len(packedStrings) > tShortStr {
		panic("store: packed codec tables overflow")
	}
	for i, k := range packedKeys {
		if _, dup := packedKeyID[k]; dup {
			panic("store: duplicate packed key " + k)
		}
		packedKeyID[k] = byte(kTable + i)
		packedKeyJSON[kTable+i] = []byte(`"` + k + `":`)
	}
	for i, s := range packedStrings {
		if _, dup := packedStringID[s]; dup {
			panic("store: duplicate packed string " + s)
		}
		packedStringID[s] = byte(tCommon + i)
	}
}

// cjkRanges are the code points a tCJK string spells in two bytes, in
// code order: Chinese text is mostly ideographs and full-width
// punctuation, three bytes each in UTF-8. Never change this table.
var cjkRanges = []struct{ lo, hi rune }{
	{0x0080, 0x07ff}, // Latin-1 to NKo: two bytes in UTF-8 too, kept so such text stays packable
	{0x2000, 0x206f}, // general punctuation: — … “ ” ‘ ’ ‰
	{0x2100, 0x27bf}, // letterlike symbols, number forms (Ⅻ), arrows, maths, ①, box drawing, ★ ✓
	{0x3000, 0x33ff}, // CJK symbols and punctuation (、。《》【】), kana, bopomofo, ㈠, ㎡
	{0x3400, 0x4dbf}, // CJK extension A
	{0x4e00, 0x9fff}, // CJK unified ideographs
	{0xfe30, 0xfe4f}, // CJK compatibility forms (︰ ﹁)
	{0xff00, 0xffef}, // full-width forms (，：；（）！？０-９)
}

// packedShapes are the key sequences of the records stored most (each
// type's fields in struct order, as json.Marshal writes a struct, and
// sorted, as it writes a map of them): an object whose keys follow one
// of them in order is written as a bitmap of the keys it has, with no
// key bytes. Never change a shape; a new one may only be appended.
var packedShapes = func() [][]string {
	task := []string{"id", "problem_id", "batch_id", "branch_id", "description", "kind", "owner_id", "owner_name",
		"reviewer_id", "lead_dept", "support_depts", "due_on", "original_due_on", "report_every_days", "warn_days",
		"status", "percent", "created_on", "last_report_on", "submitted_on", "closed_on", "first_overdue_on",
		"on_time", "extension", "returned", "remark", "import_key", "created_at", "updated_at", "submitted_by",
		"submitted_owner_id", "light", "submitted_late_days"}
	problem := []string{"id", "batch_id", "branch_id", "category", "description", "cause", "leader", "created_at"}
	review := []string{"id", "task_id", "branch_id", "batch_id", "due_on", "done", "outcome", "note", "decided_by",
		"decided_on", "new_due_on", "created_at"}
	return [][]string{
		task, sortedCopy(task),
		{"entity", "entity_id", "task_id", "at", "actor_id", "action", "note", "old", "new", "data"},
		{"entity_id", "at", "actor_id", "action", "note", "old", "new", "data"},
		problem, sortedCopy(problem),
		review, sortedCopy(review),
		{"id", "user_id", "kind", "task_id", "key", "title", "branch_id", "due_on", "days_overdue", "created_at", "read"},
		{"id", "task_id", "at", "actor_id", "note", "percent"},
	}
}()

// packedShapeKeys are packedShapes as table key bytes; built from
// packedKeys, as package variables are set before init runs.
var packedShapeKeys = func() [][]byte {
	id := map[string]byte{}
	for i, k := range packedKeys {
		id[k] = byte(kTable + i)
	}
	out := make([][]byte, len(packedShapes))
	for i, shape := range packedShapes {
		for _, k := range shape {
			if _, ok := id[k]; !ok {
				panic("store: packed shape key " + k + " is not in packedKeys")
			}
			out[i] = append(out[i], id[k])
		}
	}
	return out
}()

func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}
