package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

// TestNoReadShowsAnotherBranchsData reads every GET route with the IDs of
// 第一支部's records as members and officers of 第二支部: each answer is
// 404 (403 for the admin-only backup), or a list without any of them.
func TestNoReadShowsAnotherBranchsData(t *testing.T) {
	e := newEnv(t)
	id, review := e.closedTask()
	open := e.openTask()
	e.must(http.StatusOK, "POST", taskPath(open, "progress"), "member1", map[string]string{"note": "机密进展"})
	ev := decode[ledger.Evidence](t, e.must(http.StatusCreated, "POST", taskPath(open, "evidence"), "member1",
		upload{"file", "机密.txt", []byte("机密材料")}))
	gone := e.openTask()
	e.must(http.StatusOK, "POST", taskPath(gone, "withdraw"), "officer1", map[string]string{"reason": "机密撤销理由"})
	secrets := []string{"第一支部", "三会一课", "组织生活会查摆", "张三", "张四", "机密", "李委员"}
	hidden := map[string][]string{
		"GET /me":                      {"/me"},
		"GET /branches":                {"/branches"},
		"GET /branches/:id":            {"/branches/" + itoa(e.branch1)},
		"GET /users":                   {"/users"},
		"GET /users/:id":               {"/users/" + itoa(e.id("member1")), "/users/" + itoa(e.id("officer1"))},
		"GET /batches":                 {"/batches"},
		"GET /batches/:id":             {"/batches/" + itoa(e.batch)},
		"GET /problems":                {"/problems", "/problems?batch_id=" + itoa(e.batch)},
		"GET /problems/:id":            {"/problems/" + itoa(e.problem)},
		"GET /tasks":                   {"/tasks", "/tasks?owner_id=" + itoa(e.id("member1")), "/tasks?q=三会一课", "/tasks?light=done"},
		"GET /tasks/:id":               {taskPath(id, ""), taskPath(open, "")},
		"GET /tasks/:id/progress":      {taskPath(open, "progress")},
		"GET /tasks/:id/evidence":      {taskPath(open, "evidence")},
		"GET /tasks/:id/evidence/:eid": {taskPath(open, "evidence/"+itoa(ev.ID))},
		"GET /tasks/:id/events":        {taskPath(id, "events")},
		"GET /tasks/:id/withdrawn":     {taskPath(gone, "withdrawn")},
		"GET /dashboard":               {"/dashboard"},
		"GET /reviews":                 {"/reviews", "/reviews?task_id=" + itoa(id)},
		"GET /admin/backup":            {"/admin/backup"},
		"GET /admin/chain":             {"/admin/chain"},
		"GET /channels":                {"/channels"},
		"GET /deliveries":              {"/deliveries"},
		"GET /notifications":           {"/notifications"},
		"GET /admin/jobs":              {"/admin/jobs"},
		"GET /problems/:id/similar":    {"/problems/" + itoa(e.problem) + "/similar"},
		"GET /problems/:id/cascades":   {"/problems/" + itoa(e.problem) + "/cascades"},
		"GET /cascades/waiting":        {"/cascades/waiting"},
		"GET /rebounds":                {"/rebounds", "/rebounds?problem_id=" + itoa(e.problem)},
		"GET /effect":                  {"/effect", "/effect?branch_id=" + itoa(e.branch1)},
	}
	for _, r := range e.srv.Routes() {
		if r.Method == http.MethodGet {
			assert.Contains(t, hidden, "GET "+r.Path, "no read case for this route")
		}
	}
	require.NotZero(t, review)
	for route, paths := range hidden {
		for _, path := range paths {
			for _, as := range []string{"member2", "officer2"} {
				t.Run(route+" "+path+" as "+as, func(t *testing.T) {
					rec := e.do("GET", path, as, nil)
					switch rec.Code {
					case http.StatusOK:
						for _, s := range secrets {
							assert.NotContains(t, rec.Body.String(), s)
						}
					case http.StatusNotFound, http.StatusForbidden:
						apiError(t, rec)
					default:
						t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
					}
					if strings.Contains(route, ":id") {
						assert.NotEqual(t, http.StatusOK, rec.Code, "a record of 第一支部 must not be readable")
					}
				})
			}
		}
	}
}
