package store

import (
	"encoding/json"
	"testing"
	"time"

	"rectify/internal/ledger"
)

// benchTask is a closed task as the benchmark ledger holds it.
func benchTask() *ledger.Task {
	return &ledger.Task{ID: 70005, ProblemID: 23335, BatchID: 1, BranchID: 110, Description: "整改措施70005：健全制度，压实责任，按期完成整改",
		Kind: ledger.KindDeadline, OwnerID: 109, OwnerName: "责任人110", LeadDept: "党建工作部", DueOn: date("2026-11-30"), WarnDays: 7,
		Status: ledger.StatusClosed, Percent: 100, CreatedOn: date("2026-07-19"), LastReportOn: date("2026-11-04"),
		SubmittedOn: date("2026-11-04"), ClosedOn: date("2026-11-05"), OnTime: true,
		CreatedAt: time.Date(2026, 7, 19, 9, 30, 0, 0, time.UTC), UpdatedAt: time.Date(2026, 11, 5, 9, 30, 0, 123456789, time.UTC)}
}

// BenchmarkDecodeTask decodes one task record in each codec the store
// reads: version 1 (schema 7), version 3 (now) and plain JSON.
func BenchmarkDecodeTask(b *testing.B) {
	raw, _ := json.Marshal(benchTask())
	for _, c := range []struct {
		name string
		v    []byte
	}{{"v1", encodeV1(raw)}, {"v3", encode(benchTask())}, {"json", raw}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(c.v)))
			for b.Loop() {
				var t ledger.Task
				if err := decode(c.v, &t); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkEncodeTask encodes one task record: version 1 for comparison,
// and version 3.
func BenchmarkEncodeTask(b *testing.B) {
	t := benchTask()
	b.Run("v1", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			raw, _ := json.Marshal(t)
			_ = encodeV1(raw)
		}
	})
	b.Run("v3", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = encode(t)
		}
	})
}
