package api

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"rectify/internal/ledger"
	"rectify/internal/store"
)

var statusOf = map[string]int{
	ledger.EINVALID:      http.StatusBadRequest,
	ledger.EUNAUTHORIZED: http.StatusUnauthorized,
	ledger.EFORBIDDEN:    http.StatusForbidden,
	ledger.ENOTFOUND:     http.StatusNotFound,
	ledger.ECONFLICT:     http.StatusConflict,
	ledger.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	ledger.EUNPROCESS:    http.StatusUnprocessableEntity,
	ledger.ERATELIMIT:    http.StatusTooManyRequests,
	ledger.EINTERNAL:     http.StatusInternalServerError,
}

// StatusOf is the HTTP status of an error code; the web pages use the
// same mapping.
func StatusOf(code string) int {
	if s, ok := statusOf[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// ErrorBody is the JSON shape of every error. Reason is the stable key
// of what went wrong (ledger.ReasonOf), the same one the web pages
// translate.
type ErrorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field,omitempty"`
		Reason  string `json:"reason,omitempty"`
	} `json:"error"`
}

// writeError answers with err's status and JSON body. Only internal
// errors are logged; their details never reach the client.
// DiskFullMessage is the answer when the server's disk is full.
const DiskFullMessage = "服务器磁盘空间已满，本次操作未保存。请联系管理员清理磁盘空间后重试。"

func writeError(c *gin.Context, err error) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		err = ledger.Reasonf(ledger.ETOOLARGE, ledger.ReasonBodyTooLarge, "request body is larger than %d bytes", mbe.Limit)
	}
	if store.IsDiskFull(err) {
		// Nothing was stored (the transaction or file write failed whole);
		// the user can retry once an admin has freed space.
		logOf(c).Error().Err(err).Str("route", c.FullPath()).Msg("disk full")
		var body ErrorBody
		body.Error.Code, body.Error.Message = "insufficient_storage", DiskFullMessage
		c.AbortWithStatusJSON(http.StatusInsufficientStorage, body)
		return
	}
	if ledger.ErrorCode(err) == ledger.EINTERNAL {
		logOf(c).Error().Err(err).Str("route", c.FullPath()).Msg("internal error")
	}
	respond(c, err)
}

// respond writes err's JSON body without logging.
func respond(c *gin.Context, err error) {
	code := ledger.ErrorCode(err)
	var body ErrorBody
	body.Error.Code, body.Error.Message, body.Error.Field = code, ledger.ErrorMessage(err), ledger.ErrorField(err)
	body.Error.Reason = ledger.ReasonOf(err)
	c.AbortWithStatusJSON(StatusOf(code), body)
}

func notFound(msg string) error { return ledger.Errorf(ledger.ENOTFOUND, "%s", msg) }
