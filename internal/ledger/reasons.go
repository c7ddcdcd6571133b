package ledger

// Reason keys: stable names for why an action was refused. The web maps
// each to a Chinese sentence and the API returns it as error.reason, so a
// front end never parses the English message. A field error without an
// explicit reason has the key "field.<name>" (see ReasonOf).
const (
	ReasonWrongState       = "task.wrong_state"
	ReasonExtensionPending = "task.extension_pending"
	ReasonNoExtension      = "task.no_extension"
	ReasonReviewRecorded   = "review.already_recorded"
	ReasonEvidenceClosed   = "evidence.task_closed"
	ReasonEvidenceTooLarge = "evidence.too_large"
	ReasonBodyTooLarge     = "request.too_large"
	ReasonUnknownField     = "request.unknown_field"
	ReasonLoginTaken       = "user.login_taken"
	ReasonBadCredentials   = "auth.bad_credentials"
	ReasonThrottled        = "auth.throttled"
	ReasonNotSignedIn      = "auth.not_signed_in"
	ReasonNotFound         = "not_found"
	ReasonMayNotExport     = "role.may_not_export"
	ReasonMayNotImport     = "role.may_not_import"
	ReasonAdminOnly        = "role.admin_only"

	// Limits, four eyes and the password policy (limits.go, lifecycle.go,
	// branch.go, user.go).
	ReasonFieldTooLong   = "field.too_long"
	ReasonBranchTooDeep  = "branch.too_deep"
	ReasonOwnerLocked    = "task.owner_locked"
	ReasonPasswordShort  = "password.too_short"
	ReasonPasswordLong   = "password.too_long"
	ReasonPasswordCommon = "password.common"

	// The workbook limits of internal/sheet (limits.go).
	// ReasonSheetLimit: a workbook breaks a limit of internal/sheet
	// (size, rows, columns, merges, shared strings); the message names it.
	ReasonSheetLimit = "sheet.limit"
	// ReasonSheetMergesOverlap: two merged ranges claim one cell.
	ReasonSheetMergesOverlap = "sheet.merges_overlap"
)

// ReasonOf is the reason key of err: its own, else "field.<name>" for a
// field error, else its code ("forbidden", "not_found", "internal"…).
func ReasonOf(err error) string {
	if err == nil {
		return ""
	}
	if r := ErrorReason(err); r != "" {
		return r
	}
	if f := ErrorField(err); f != "" {
		return "field." + f
	}
	return ErrorCode(err)
}
