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
func backupCmd(ctx context.Context, args []string, stdout io.Writer) error {
	var cfg config
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	cfg.flagSet(fs)
	out := fs.String("out", "", "file to write")
	server := fs.String("server", env("RECTIFY_SERVER", ""), "URL of a running server (uses the admin API)")
	login := fs.String("login", env("RECTIFY_LOGIN", "admin"), "admin login for --server")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("backup: --out FILE is required")
	}
	if *server != "" {
		return backupFromServer(ctx, *server, *login, os.Getenv("RECTIFY_ADMIN_PASSWORD"), *out, stdout)
	}
	if err := cfg.finish(); err != nil {
		return err
	}
	st, err := cfg.openStore()
	if errors.Is(err, store.ErrLocked) {
		return fmt.Errorf("backup: %w; while the server runs use --server http://ADDR (admin password in RECTIFY_ADMIN_PASSWORD)", err)
	} else if err != nil {
		return err
	}
	defer st.Close()
	n, err := st.BackupFile(*out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%d bytes)\n", *out, n)
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
	if err == nil {
		err = os.Rename(tmp.Name(), out)
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(stdout, "wrote %s (%d bytes) from %s\n", out, n, server)
	return nil
}
