package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"rectify/internal/store"
)

// backupCmd writes a consistent copy of the database: offline by opening
// the data folder, or from a running server through the admin API (the
// server holds the file lock, so that is the way while it runs).
func backupCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var out, server, login string
	cfg, _, err := parseConfig("backup", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&out, "out", "", "file to write (a .tar holding the database and its evidence)")
		fs.StringVar(&server, "server", env("RECTIFY_SERVER", ""), "URL of a running server (uses the admin API), env RECTIFY_SERVER")
		fs.StringVar(&login, "login", env("RECTIFY_LOGIN", "admin"), "admin login for --server, env RECTIFY_LOGIN")
	})
	if err != nil {
		return err
	}
	if out == "" {
		return fmt.Errorf("backup: --out FILE is required")
	}
	if server != "" {
		return backupFromServer(ctx, server, login, os.Getenv("RECTIFY_ADMIN_PASSWORD"), out, stdout)
	}
	st, err := cfg.openStore(openMode{mustExist: true})
	if errors.Is(err, store.ErrLocked) {
		return fmt.Errorf("backup: %w; while the server runs use --server http://ADDR (admin password in RECTIFY_ADMIN_PASSWORD)", err)
	} else if err != nil {
		return err
	}
	defer st.Close()
	m, err := st.BackupFile(out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s: database (schema %d) and %d evidence files, verified\n", out, m.SchemaVersion, len(m.Evidence))
	warnMissing(stdout, m)
	return nil
}

func backupFromServer(ctx context.Context, server, login, password, out string, stdout io.Writer) error {
	server = strings.TrimRight(server, "/")
	body, _ := json.Marshal(map[string]string{"login": login, "password": password})
	req, _ := http.NewRequestWithContext(ctx, "POST", server+"/api/v1/auth/login", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	var lr struct{ Token string }
	err = json.NewDecoder(resp.Body).Decode(&lr)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || err != nil {
		return fmt.Errorf("backup: login as %s failed (%s)", login, resp.Status)
	}
	req, _ = http.NewRequestWithContext(ctx, "GET", server+"/api/v1/admin/backup", nil)
	req.Header.Set("Authorization", "Bearer "+lr.Token)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("backup: server answered %s", resp.Status)
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), ".backup-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	n, err := io.Copy(tmp, resp.Body)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	var m *store.Manifest
	if err == nil {
		m, err = store.VerifyBackup(tmp.Name())
	}
	if err == nil {
		err = os.Rename(tmp.Name(), out)
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(stdout, "wrote %s (%d bytes) from %s: database and %d evidence files, verified\n", out, n, server, len(m.Evidence))
	warnMissing(stdout, m)
	return nil
}

func warnMissing(stdout io.Writer, m *store.Manifest) {
	if len(m.MissingEvidence) > 0 {
		fmt.Fprintf(stdout, "warning: %d evidence files the ledger lists were missing on disk (see missing_evidence in the manifest); rectify check lists them\n", len(m.MissingEvidence))
	}
}
