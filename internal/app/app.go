// Package app is rectify's use-case layer: every action a person can take
// (create a problem, submit a measure, import a sheet, hand work over) is one
// method here, and both the JSON API (internal/api) and the web pages (web/)
// call it. Who may do it, what input is valid (limits included) and what is
// recorded live here once; handlers only translate HTTP to a call and the
// result or error back.
//
// Errors are *ledger.Error values carrying a code (the HTTP status class) and
// a reason key (ledger.Error.Reason, e.g. "task.extension_pending") that the
// web maps to Chinese; the English message is for the API and logs only.
//
// Storage is reached through the Store interface declared here, on the
// consumer side, as the union of the narrow interfaces each use-case file
// declares for itself; *store.Store implements it.
package app

import (
	"time"

	"rectify/internal/auth"
	"rectify/internal/similar"
)

// Store is everything the use cases need from storage. Each file of this
// package declares the narrow interface it uses and adds it here.
type Store interface {
	lifecycleStore
	evidenceStore
	authStore
	notificationStore
	deliveryStore
	exportStore
	batchStore
	problemStore
	planStore
	reassignStore
	peopleStore
	channelStore
	similarStore
	reboundStore
	cascadeStore
	effectStore
}

// Service runs the use cases over a store.
type Service struct {
	st  Store
	now func() time.Time

	// Settings of the use cases in auth.go and evidence.go.
	sessionTTL time.Duration
	maxUpload  int64
	guard      *auth.Guard
	jobs       JobRunner
	// sender delivers channel test messages (channels.go).
	sender ChannelSender

	similar *similar.Live // see UseSimilar
}

// New returns the use-case layer over st; now is the clock (a test passes a
// hand-moved one), never read from time.Now inside a use case.
func New(st Store, now func() time.Time) *Service {
	return &Service{st: st, now: now, guard: auth.NewGuard()}
}
