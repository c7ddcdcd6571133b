package main

import (
	"context"
	"time"

	"github.com/rs/zerolog"

	usecase "rectify/internal/app"
	"rectify/internal/store"
)

// reboundCheckEvery is the slowest the rebound check runs; a problem write
// wakes it at once.
const reboundCheckEvery = 5 * time.Minute

// startSimilar builds the similar-problem index in the background (start-up
// does not wait for it) and runs the rebound check beside the server, until
// the app stops.
func startSimilar(st *store.Store, log zerolog.Logger, a *app) {
	wake := make(chan struct{}, 1)
	live, built := usecase.StartSimilar(st, wake)
	svc := a.api.App()
	svc.UseSimilar(live)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		start := time.Now()
		select {
		case err := <-built:
			if err != nil {
				log.Error().Err(err).Msg("similar-problem index: build failed; similar problems and rebound checks are off")
				return
			}
		case <-ctx.Done():
			return
		}
		log.Info().Int("problems", live.Len()).Dur("took", time.Since(start)).Msg("similar-problem index built")
		svc.RunReboundChecks(ctx, wake, reboundCheckEvery, func(err error) {
			log.Error().Err(err).Msg("rebound check")
		})
	}()
	a.stops = append(a.stops, func() {
		cancel()
		<-done
		st.WatchProblems(nil)
	})
}
