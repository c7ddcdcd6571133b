package store

import (
	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// TotalCounts sums every counter: the whole ledger's figures by status.
func (s *Store) TotalCounts() (ledger.Counts, error) {
	var c ledger.Counts
	err := s.db.View(func(tx *bbolt.Tx) error {
		return tx.Bucket(bCounters).ForEach(func(_, v []byte) error {
			c.Add(decodeCounts(v))
			return nil
		})
	})
	return c, err
}
