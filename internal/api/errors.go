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

// ErrorBody is the JSON shape of every error.
type ErrorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field,omitempty"`
	} `json:"error"`
}

// writeError answers with err's status and JSON body. Only internal
// errors are logged; their details never reach the client.
// DiskFullMessage is the answer when the server's disk is full.
const DiskFullMessage = "服务器磁盘空间已满，本次操作未保存。请联系管理员清理磁盘空间后重试。"

func writeError(c *gin.Context, err error) {
	code := ledger.ErrorCode(err)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		code, err = ledger.ETOOLARGE, ledger.Errorf(ledger.ETOOLARGE, "request body is larger than %d bytes", mbe.Limit)
	}
	if store.IsDiskFull(err) {
		// Nothing was stored (the transaction or file write failed whole);
		// the user can retry once an admin has freed space.
		logOf(c).Error().Err(err).Str("path", c.Request.URL.Path).Msg("disk full")
		var body ErrorBody
		body.Error.Code, body.Error.Message = "insufficient_storage", DiskFullMessage
		c.AbortWithStatusJSON(http.StatusInsufficientStorage, body)
		return
	}
	if code == ledger.EINTERNAL {
		logOf(c).Error().Err(err).Str("path", c.Request.URL.Path).Msg("internal error")
	}
	var body ErrorBody
	body.Error.Code, body.Error.Message, body.Error.Field = code, ledger.ErrorMessage(err), ledger.ErrorField(err)
	c.AbortWithStatusJSON(statusOf[code], body)
}

func notFound(msg string) error { return ledger.Errorf(ledger.ENOTFOUND, "%s", msg) }
