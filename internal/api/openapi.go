package api

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/gin-gonic/gin"
)

var ginParam = regexp.MustCompile(`:([a-z_]+)`)

// OpenAPIPath converts a gin path to OpenAPI syntax (:id → {id}).
func OpenAPIPath(p string) string { return ginParam.ReplaceAllString(p, "{$1}") }

// OpenAPI builds the OpenAPI 3 document from the registered routes.
func (s *Server) OpenAPI() map[string]any {
	paths := map[string]map[string]any{}
	for _, r := range s.routes {
		p := OpenAPIPath(r.Path)
		if paths[p] == nil {
			paths[p] = map[string]any{}
		}
		op := map[string]any{
			"summary":   r.Summary,
			"responses": responsesFor(r.Method),
		}
		var params []any
		for _, m := range ginParam.FindAllStringSubmatch(r.Path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": paramSchema(m[1])})
		}
		if params != nil {
			op["parameters"] = params
		}
		if r.Body != BodyNone {
			op["requestBody"] = requestBody(r.Body)
		}
		if !r.Public {
			op["security"] = []any{map[string]any{"bearer": []any{}}}
		}
		paths[p][strings.ToLower(r.Method)] = op
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info":    map[string]any{"title": "rectify 整改台账 API", "version": s.cfg.Version},
		"servers": []any{map[string]any{"url": "/api/v1"}},
		"paths":   paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
			"schemas": map[string]any{"Error": map[string]any{"type": "object", "properties": map[string]any{
				"error": map[string]any{"type": "object", "properties": map[string]any{
					"code": map[string]any{"type": "string"}, "message": map[string]any{"type": "string"},
					"field": map[string]any{"type": "string"}, "reason": map[string]any{"type": "string"}}}}}},
		},
	}
}

// paramSchema types a path parameter: ids (id, eid) are positive
// integers, anything else (a job's name) a string.
func paramSchema(name string) map[string]any {
	if name == "id" || strings.HasSuffix(name, "id") {
		return map[string]any{"type": "integer", "minimum": 1}
	}
	return map[string]any{"type": "string"}
}

// requestBody documents what a route reads: a JSON object (unknown
// fields are refused) or a multipart form with a file.
func requestBody(kind string) map[string]any {
	if kind == BodyMultipart {
		return map[string]any{"required": true, "content": map[string]any{"multipart/form-data": map[string]any{
			"schema": map[string]any{"type": "object", "properties": map[string]any{
				"file": map[string]any{"type": "string", "format": "binary"}}}}}}
	}
	return map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{
		"schema": map[string]any{"type": "object", "additionalProperties": false}}}}
}

func responsesFor(method string) map[string]any {
	errRef := map[string]any{"description": "error", "content": map[string]any{"application/json": map[string]any{
		"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}}
	ok := "200"
	if method == "POST" {
		ok = "200 or 201"
	}
	return map[string]any{"2XX": map[string]any{"description": ok}, "4XX": errRef, "5XX": errRef}
}

func (s *Server) openAPI(c *gin.Context) { c.JSON(http.StatusOK, s.OpenAPI()) }
