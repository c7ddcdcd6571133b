package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"rectify/internal/app"
	"rectify/internal/ledger"
)

// bind is the one JSON decoder of every route: it decodes a JSON object
// body into v, naming the field at fault when a value has the wrong type
// or a field is unknown (a misspelt field silently ignored would be a
// change the caller believes was made).
func bind(c *gin.Context, v any) error {
	dec := json.NewDecoder(c.Request.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	var mbe *http.MaxBytesError
	var ute *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case err == nil:
		if dec.More() {
			return ledger.Errorf(ledger.EINVALID, "request body must hold one JSON object")
		}
		return nil
	case errors.As(err, &mbe):
		return err
	case errors.As(err, &ute) && ute.Field != "":
		return ledger.FieldErrorf(ute.Field, "%s must be a %s", ute.Field, jsonType(ute.Type.Kind().String()))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &ledger.Error{Code: ledger.EINVALID, Field: f, Reason: ledger.ReasonUnknownField, Message: fmt.Sprintf("unknown field %q", f)}
	case errors.Is(err, io.EOF):
		// Even where every field is optional, send {}: an empty body is
		// more often a client bug than an intent.
		return ledger.Errorf(ledger.EINVALID, "request body is empty; send a JSON object such as {}")
	case errors.As(err, &se), errors.Is(err, io.ErrUnexpectedEOF):
		return ledger.Errorf(ledger.EINVALID, "request body is not valid JSON")
	}
	return ledger.Errorf(ledger.EINVALID, "request body must be a JSON object")
}

func jsonType(kind string) string {
	switch kind {
	case "int", "int64", "int32", "float64", "uint", "uint64":
		return "number"
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "slice":
		return "list"
	}
	return kind
}

// pathID reads a positive integer path parameter.
func pathID(c *gin.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, ledger.FieldErrorf(name, "%s must be a positive integer", name)
	}
	return id, nil
}

// queryID reads an optional non-negative integer query parameter.
func queryID(c *gin.Context, name string) (int64, error) {
	v := c.Query(name)
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id < 0 {
		return 0, ledger.FieldErrorf(name, "%s must be a non-negative integer", name)
	}
	return id, nil
}

// date parses an optional YYYY-MM-DD value of field.
func date(field, v string) (ledger.Date, error) { return app.ParseDate(field, v, false) }

// handle adapts a handler that returns (status, body, error).
func handle(fn func(c *gin.Context) (int, any, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		status, body, err := fn(c)
		if err != nil {
			writeError(c, err)
			return
		}
		writeJSON(c, status, body)
	}
}
