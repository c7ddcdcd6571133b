package api

import (
	"errors"
	"net/http"
)

func asMaxBytes(err error, target **http.MaxBytesError) bool { return errors.As(err, target) }

// coreRoutes lists the ledger's own routes; the OpenAPI document is
// generated from the same list, so it cannot forget one.
func (s *Server) coreRoutes() []Route {
	h := handle
	return []Route{
		{Method: "POST", Path: "/auth/login", Summary: "Log in with login, password and (optional) the device token of an earlier login; returns a bearer token and a device token", Public: true, Body: BodyJSON, Handler: h(s.login)},
		{Method: "POST", Path: "/auth/logout", Summary: "Revoke the caller's token", Handler: h(s.logout)},
		{Method: "GET", Path: "/me", Summary: "The caller", Handler: h(s.me)},
		{Method: "GET", Path: "/branches", Summary: "Branches the caller sees, depth-first", Handler: h(s.listBranches)},
		{Method: "POST", Path: "/branches", Summary: "Create a branch (admin)", Body: BodyJSON, Handler: h(s.createBranch)},
		{Method: "GET", Path: "/branches/:id", Summary: "One branch", Handler: h(s.getBranch)},
		{Method: "PATCH", Path: "/branches/:id", Summary: "Rename or move a branch (admin)", Body: BodyJSON, Handler: h(s.updateBranch)},
		{Method: "DELETE", Path: "/branches/:id", Summary: "Delete an empty branch (admin)", Handler: h(s.deleteBranch)},
		{Method: "GET", Path: "/users", Summary: "Users the caller sees", Handler: h(s.listUsers)},
		{Method: "POST", Path: "/users", Summary: "Create a user (admin)", Body: BodyJSON, Handler: h(s.createUser)},
		{Method: "GET", Path: "/users/:id", Summary: "One user", Handler: h(s.getUser)},
		{Method: "PATCH", Path: "/users/:id", Summary: "Change a user (admin; self: name, email, password)", Body: BodyJSON, Handler: h(s.updateUser)},
		{Method: "GET", Path: "/batches", Summary: "Batches the caller sees", Handler: h(s.listBatches)},
		{Method: "POST", Path: "/batches", Summary: "Create a batch (officer)", Body: BodyJSON, Handler: h(s.createBatch)},
		{Method: "GET", Path: "/batches/:id", Summary: "One batch", Handler: h(s.getBatch)},
		{Method: "PATCH", Path: "/batches/:id", Summary: "Change a batch (officer)", Body: BodyJSON, Handler: h(s.updateBatch)},
		{Method: "GET", Path: "/problems", Summary: "Problems, filtered by branch_id (subtree) and batch_id", Handler: h(s.listProblems)},
		{Method: "POST", Path: "/problems", Summary: "Create a problem (officer); with \"tasks\", its measures too, all or none", Body: BodyJSON, Handler: h(s.createProblem)},
		{Method: "GET", Path: "/problems/:id", Summary: "One problem", Handler: h(s.getProblem)},
		{Method: "PATCH", Path: "/problems/:id", Summary: "Change a problem (officer)", Body: BodyJSON, Handler: h(s.updateProblem)},
		{Method: "DELETE", Path: "/problems/:id", Summary: "Delete a problem without measures (officer)", Handler: h(s.deleteProblem)},
		{Method: "GET", Path: "/tasks", Summary: "Tasks, filtered and paginated", Handler: h(s.listTasks)},
		{Method: "POST", Path: "/tasks", Summary: "Create a task (officer)", Body: BodyJSON, Handler: h(s.createTask)},
		{Method: "GET", Path: "/tasks/:id", Summary: "One task", Handler: h(s.getTask)},
		{Method: "PATCH", Path: "/tasks/:id", Summary: "Change a task's plan (officer)", Body: BodyJSON, Handler: h(s.updateTask)},
		{Method: "DELETE", Path: "/tasks/:id", Summary: "Delete a task (officer)", Handler: h(s.deleteTask)},
		{Method: "GET", Path: "/tasks/:id/progress", Summary: "Progress reports of a task", Handler: h(s.listProgress)},
		{Method: "POST", Path: "/tasks/:id/progress", Summary: "Report progress (owner)", Body: BodyJSON, Handler: s.taskAction("progress")},
		{Method: "GET", Path: "/tasks/:id/evidence", Summary: "Evidence files of a task", Handler: h(s.listEvidence)},
		{Method: "POST", Path: "/tasks/:id/evidence", Summary: "Upload an evidence file (multipart field file)", Body: BodyMultipart, Handler: h(s.uploadEvidence)},
		{Method: "GET", Path: "/tasks/:id/evidence/:eid", Summary: "Download an evidence file", Handler: s.downloadEvidence},
		{Method: "POST", Path: "/tasks/:id/submit", Summary: "Submit for 销号 (owner)", Body: BodyJSON, Handler: s.taskAction("submit")},
		{Method: "POST", Path: "/tasks/:id/approve", Summary: "Approve: 销号 (officer)", Body: BodyJSON, Handler: s.taskAction("approve")},
		{Method: "POST", Path: "/tasks/:id/reject", Summary: "Reject a submission with a reason (officer)", Body: BodyJSON, Handler: s.taskAction("reject")},
		{Method: "POST", Path: "/tasks/:id/extension", Summary: "Request a later due date (owner)", Body: BodyJSON, Handler: s.taskAction("extension")},
		{Method: "POST", Path: "/tasks/:id/extension/approve", Summary: "Grant the pending extension (officer)", Body: BodyJSON, Handler: s.taskAction("extension-approve")},
		{Method: "POST", Path: "/tasks/:id/extension/reject", Summary: "Refuse the pending extension (officer)", Body: BodyJSON, Handler: s.taskAction("extension-reject")},
		{Method: "POST", Path: "/tasks/:id/reopen", Summary: "Reopen a closed task with a new due date (officer)", Body: BodyJSON, Handler: s.taskAction("reopen")},
		{Method: "GET", Path: "/tasks/:id/events", Summary: "Audit trail of a task", Handler: h(s.listEvents)},
		{Method: "GET", Path: "/dashboard", Summary: "Per-branch figures rolled up the tree", Handler: h(s.dashboard)},
		{Method: "GET", Path: "/reviews", Summary: "Pending 回头看 (due_before, branch_id) or all of task_id", Handler: h(s.listReviews)},
		{Method: "POST", Path: "/reviews/:id", Summary: "Record a 回头看 outcome (officer)", Body: BodyJSON, Handler: h(s.decideReview)},
		{Method: "GET", Path: "/admin/backup", Summary: "Download a hot backup of the database (admin)", Handler: s.backup},
		{Method: "GET", Path: "/admin/chain", Summary: "The audit chain's head and last verification (admin)", Handler: h(s.chainStatus)},
		{Method: "POST", Path: "/admin/chain/verify", Summary: "Verify the whole audit chain now (admin)", Handler: h(s.verifyChain)},
	}
}
