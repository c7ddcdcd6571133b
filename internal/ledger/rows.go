package ledger

// The rows below are what the ledger's way in and out works on: an export
// or report walks ExportRows, an import plans ImportRequests. They live
// here, beside the domain, so that internal/sheet and internal/report
// depend on the domain and on the small interfaces they declare, never on
// a storage package.

// ExportFilter selects the rows an export or report visits.
type ExportFilter struct {
	BranchID int64 // subtree root; 0: the scope's root
	BatchID  int64 // 0: every batch the scope sees
	// Unfinished visits only tasks that are not closed, and skips
	// problems without tasks.
	Unfinished bool
}

// ExportRow is one line of a ledger export: a task with its problem,
// batch and the history a sheet or report shows. Task is nil for a
// problem that has no measures yet.
type ExportRow struct {
	Batch    *Batch
	Problem  *Problem
	Task     *Task
	Progress *ProgressNote // latest progress report, or nil
	Evidence []string      // names of the evidence files
	Reviews  []*Review     // 回头看 of the task, oldest first
	// ExtensionReason is why the due date was (or is asked to be) moved:
	// the pending request's reason, else that of the latest request.
	ExtensionReason string
}

// DashboardFilter selects what the dashboard counts.
type DashboardFilter struct {
	BranchID   int64 // subtree root; 0: the scope's root
	BatchID    int64
	SourceType SourceType
	Today      Date
}

// BranchRow is one branch's figures, rolled up over its sub-branches.
type BranchRow struct {
	BranchID   int64  `json:"branch_id"`
	ParentID   int64  `json:"parent_id"`
	Name       string `json:"name"`
	Depth      int    `json:"depth"`
	ReviewsDue int64  `json:"reviews_due"`
	Stats
}

// ImportRequest is a bulk import of problems and their measures, for a
// branch and its sub-branches: rows read from a ledger sheet or a
// reviewed 对照检查材料 draft. Each row becomes a create, an update, an
// unchanged or an error, never nothing.
type ImportRequest struct {
	// BatchID is the batch of rows that name none.
	BatchID  int64
	BranchID int64
	// DryRun plans everything and writes nothing.
	DryRun   bool
	Problems []ImportProblem
	// Source names the origin in the audit trail, e.g. "台账.xlsx".
	Source string
	// Columns maps a field ("problem.description", "task.due_on", "branch",
	// "owner", …) to how the source names its place, e.g. "J". A field
	// the source does not have is absent, and an update leaves it alone.
	Columns map[string]string
}

// ImportProblem is one problem to import with its measures.
type ImportProblem struct {
	Row   int    // sheet row (or item number) it starts at
	Where string // the place in words, e.g. "第7行"
	// Batch is the 问题来源 named by the source; "" is the request's batch.
	Batch string
	// Branch is the 责任单位 named by the source; "" is the request's branch.
	Branch      string
	Category    string
	Description string
	Cause       string
	Leader      string
	Measures    []ImportMeasure
}

// ImportMeasure is one measure to import. Task holds the planned fields
// and, as the source states them, Status and ClosedOn: these are
// reported when they differ from the ledger, never applied.
type ImportMeasure struct {
	Row   int
	Where string
	// Ref is the measure's identity an export wrote (TaskRef), "" for a
	// row without one, so an edited export updates the measures it came
	// from.
	Ref string
	// ID is the task Ref names, or that the row's text matched; the
	// import fills it.
	ID       int64
	Task     Task
	Progress string // latest 整改进展, kept as a progress note
	Note     string // appended to the creation event, e.g. evidence names
}

// ImportError is one problem found in the source, placed by row and column.
type ImportError struct {
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

// Import plan actions, one per source row.
const (
	ImportCreate    = "create"
	ImportUpdate    = "update"
	ImportUnchanged = "unchanged"
	ImportFailed    = "error"
)

// ImportRow is the plan for one source row.
type ImportRow struct {
	Row     int    `json:"row"`
	Action  string `json:"action"`
	Problem string `json:"problem"`
	Measure string `json:"measure"`
	// TaskID is the measure matched or created (0 on a dry run's create).
	TaskID  int64          `json:"task_id,omitempty"`
	Changes []ImportChange `json:"changes"`
	// Notes are what the row says that is reported, not applied: a
	// status, which only the lifecycle changes.
	Notes []string `json:"notes,omitempty"`
}

// ImportChange is one field an update changes.
type ImportChange struct {
	Field string `json:"field"`
	Label string `json:"label"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// ImportResult is the plan of an import and, unless dry, what it did.
type ImportResult struct {
	DryRun    bool `json:"dry_run"`
	Problems  int  `json:"problems"` // problems created
	Tasks     int  `json:"tasks"`    // measures created
	Updated   int  `json:"updated"`
	Unchanged int  `json:"unchanged"`
	// Skipped is Unchanged under its earlier name, kept for API clients.
	Skipped int           `json:"skipped"`
	Errors  []ImportError `json:"errors"`
	Rows    []ImportRow   `json:"rows"`
}
