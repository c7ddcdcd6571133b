package jobs

import (
	"context"
	"time"
)

// RunJob is Run for the use-case layer's JobRunner (app.JobRunner), which
// knows nothing of this package's types.
func (r *Registry) RunJob(ctx context.Context, name string, now time.Time) (any, error) {
	return r.Run(ctx, name, now)
}

// JobStatus is Status for app.JobRunner.
func (r *Registry) JobStatus(now time.Time) (any, error) { return r.Status(now) }
