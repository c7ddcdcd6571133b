package main

import (
	"github.com/rs/zerolog"

	"rectify/internal/store"
	"rectify/web"
)

// init registers the web dashboard on the app's engine. Its templates are
// parsed here, so a broken template stops the server at start-up.
func init() {
	appHooks = append(appHooks, func(cfg *config, st *store.Store, log zerolog.Logger, a *app) error {
		h, err := web.New(st, a.api, web.Config{SessionTTL: cfg.SessionTTL, BaseURL: cfg.BaseURL, Log: log})
		if err != nil {
			return err
		}
		h.Register(a.engine)
		return nil
	})
}
