package store

import (
	"testing"

	"rectify/internal/ledger"
)

// BenchmarkCreateTask creates tasks from many goroutines at once, with
// fsync on, as concurrent requests would: db.Batch groups their commits.
func BenchmarkCreateTask(b *testing.B) {
	db := openTestDB(b, "2026-03-02")
	db.s.Close()
	s, err := Open(db.dir, Options{Now: db.clock.Now, Location: shanghai})
	if err != nil {
		b.Fatal(err)
	}
	db.s = s
	o := newOrg(b, s)
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			t := &ledger.Task{ProblemID: o.problem1.ID, Description: "并发创建的整改措施", OwnerID: o.member.ID, DueOn: date("2026-04-01")}
			if err := s.CreateTask(o.officer, t); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
