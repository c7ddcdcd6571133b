package api_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/api"
)

type openAPIDoc struct {
	OpenAPI string `json:"openapi"`
	Servers []struct {
		URL string `json:"url"`
	} `json:"servers"`
	Paths map[string]map[string]struct {
		Summary    string `json:"summary"`
		Parameters []struct {
			Name, In string
			Required bool
		} `json:"parameters"`
		Security []map[string][]string `json:"security"`
	} `json:"paths"`
}

func TestTheOpenAPIDocumentListsExactlyTheRoutedAPI(t *testing.T) {
	e := newEnv(t)
	rec := e.must(http.StatusOK, "GET", "/openapi.json", "", nil)
	doc := decode[openAPIDoc](t, rec)
	assert.True(t, strings.HasPrefix(doc.OpenAPI, "3."))
	require.Len(t, doc.Servers, 1)
	assert.Equal(t, "/api/v1", doc.Servers[0].URL)

	// What gin really routes, in OpenAPI syntax.
	routed := map[string]bool{}
	for _, r := range e.engine.Routes() {
		if p, ok := strings.CutPrefix(r.Path, "/api/v1"); ok && p != "/openapi.json" {
			routed[r.Method+" "+api.OpenAPIPath(p)] = true
		}
	}
	registered := map[string]bool{}
	for _, r := range e.srv.Routes() {
		key := r.Method + " " + api.OpenAPIPath(r.Path)
		registered[key] = true
		assert.True(t, routed[key], "%s is registered but not routed", key)
		op, ok := doc.Paths[api.OpenAPIPath(r.Path)][strings.ToLower(r.Method)]
		if !assert.True(t, ok, "%s is missing from the document", key) {
			continue
		}
		assert.NotEmpty(t, op.Summary, key)
		assert.Equal(t, !r.Public, len(op.Security) > 0, "security of %s", key)
		var params []string
		for _, p := range op.Parameters {
			assert.Equal(t, "path", p.In)
			assert.True(t, p.Required)
			params = append(params, p.Name)
		}
		for _, name := range params {
			assert.Contains(t, api.OpenAPIPath(r.Path), "{"+name+"}")
		}
		assert.Equal(t, strings.Count(api.OpenAPIPath(r.Path), "{"), len(params), "path parameters of %s", key)
	}
	for path, ops := range doc.Paths {
		assert.NotContains(t, path, ":", "paths use {id}, not :id")
		for method := range ops {
			key := strings.ToUpper(method) + " " + path
			assert.True(t, routed[key], "%s is documented but not routed", key)
			assert.True(t, registered[key], "%s is documented but not registered", key)
		}
	}
	assert.Equal(t, registered, routed, "every routed API path is registered")
	assert.Contains(t, doc.Paths, "/tasks/{id}/evidence/{eid}")
}

func TestAnUnknownAPIRouteIsAJSON404(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct{ method, path, as string }{
		{"GET", "/api/v1/x", "admin"},
		{"GET", "/api/v1/x", ""},
		{"POST", "/api/v1/tasks/1/finish", "member1"},
		{"PUT", "/api/v1/tasks/1", "admin"},
		{"GET", "/api/v2/tasks", "admin"},
	} {
		t.Run(c.method+" "+c.path, func(t *testing.T) {
			wantError(t, e.do(c.method, c.path, c.as, nil), http.StatusNotFound, "not_found", "")
		})
	}
	page := e.serve(httptest.NewRequest("GET", "/no-such-page", nil))
	assert.Equal(t, http.StatusNotFound, page.Code)
	assert.NotContains(t, page.Header().Get("Content-Type"), "json", "pages outside the API are not JSON")
}
