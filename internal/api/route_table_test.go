package api_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/api"
	"rectify/internal/ledger"
)

// TestEveryJSONRouteRefusesAnUnknownField walks the route table: every
// route that reads a JSON body answers a valid body plus one unknown
// field with 400 naming that field, and changes nothing. A misspelt field
// silently dropped would be a change the caller believes was made.
func TestEveryJSONRouteRefusesAnUnknownField(t *testing.T) {
	e := newEnv(t)
	byRoute := map[string]mutation{
		"POST /auth/login": {"POST /auth/login", "", func(e *env) (string, any, []string) {
			return "/auth/login", map[string]any{"login": "member1", "password": password}, nil
		}},
		"POST /problems/similar": {"POST /problems/similar", "member1", func(e *env) (string, any, []string) {
			return "/problems/similar", map[string]any{"text": "三会一课"}, nil
		}},
	}
	for _, m := range mutations() {
		byRoute[m.route] = m
	}
	checked := 0
	for _, r := range e.srv.Routes() {
		if r.Body != api.BodyJSON {
			continue
		}
		route := r.Method + " " + r.Path
		m, ok := byRoute[route]
		if !assert.True(t, ok, "no valid request for %s", route) {
			continue
		}
		t.Run(route, func(t *testing.T) {
			path, body, watch := m.prepare(e)
			obj, ok := body.(map[string]any)
			require.True(t, ok, "the table's body of %s is a JSON object", route)
			before := e.state(watch...)
			rec := e.do(r.Method, path, m.actor, merge(obj, map[string]any{"colour": "red"}))
			wantError(t, rec, http.StatusBadRequest, "invalid", "colour")
			assert.Equal(t, ledger.ReasonUnknownField, apiError(t, rec).Error.Reason)
			e.unchanged(t, before)
		})
		checked++
	}
	assert.GreaterOrEqual(t, checked, 20, "the route table marks its JSON routes")
}

// TestAPathParameterIsTypedInTheOpenAPIDocument: ids are integers, a job's
// name is a string.
func TestAPathParameterIsTypedInTheOpenAPIDocument(t *testing.T) {
	e := newEnv(t)
	doc := decode[struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Name   string
				Schema struct{ Type string }
			}
		}
	}](t, e.must(http.StatusOK, "GET", "/openapi.json", "", nil))
	types := map[string]string{}
	for path, ops := range doc.Paths {
		for _, op := range ops {
			for _, p := range op.Parameters {
				types[path+" "+p.Name] = p.Schema.Type
			}
		}
	}
	assert.Equal(t, "string", types["/admin/jobs/{name}/run name"])
	assert.Equal(t, "integer", types["/tasks/{id}/evidence/{eid} eid"])
	assert.Equal(t, "integer", types["/channels/{id} id"])
}
