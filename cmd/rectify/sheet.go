package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"rectify/internal/docimport"
	"rectify/internal/ledger"
	"rectify/internal/report"
	"rectify/internal/sheet"
	"rectify/internal/store"
)

// offlineFlags parses the common flags plus the command's own; a leading
// FILE argument (rectify import FILE --batch 1) is taken out first, since
// the flag package stops at the first argument that is not a flag.
func offlineFlags(name string, args []string, stderr io.Writer, own func(fs *flag.FlagSet)) (*config, []string, error) {
	var file []string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		file, args = args[:1], args[1:]
	}
	cfg, rest, err := parseConfig(name, args, stderr, own)
	if err != nil {
		return nil, nil, err
	}
	return cfg, append(file, rest...), nil
}

// openOffline opens the data folder, explaining a running server.
func openOffline(cfg *config, name string) (*store.Store, error) {
	st, err := cfg.openStore(openMode{})
	if errors.Is(err, store.ErrLocked) {
		return nil, fmt.Errorf("%s: %w; stop the server or use the API", name, err)
	}
	return st, err
}

// exportCmd writes the ledger (of a branch subtree and a batch) to .xlsx.
func exportCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	var out string
	var branch, batch int64
	cfg, _, err := offlineFlags("export", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&out, "out", "", "file to write (.xlsx)")
		fs.Int64Var(&branch, "branch", 0, "branch id: export its subtree (default: all)")
		fs.Int64Var(&batch, "batch", 0, "batch id (default: all batches)")
	})
	if err != nil {
		return err
	}
	if out == "" {
		return fmt.Errorf("export: --out FILE is required")
	}
	st, err := openOffline(cfg, "export")
	if err != nil {
		return err
	}
	defer st.Close()
	scope := st.Scope(system)
	title, err := ledgerTitle(st, scope, branch, batch)
	if err != nil {
		return fmt.Errorf("export: %s", errText(err))
	}
	var n sheet.ExportStats
	err = writeAtomically(out, func(w io.Writer) error {
		var err error
		n, err = sheet.Export(w, st, sheet.ExportOptions{Scope: scope, BranchID: branch, BatchID: batch, Title: title, Today: st.Today()})
		return err
	})
	if err != nil {
		return fmt.Errorf("export: %s", errText(err))
	}
	fmt.Fprintf(stdout, "wrote %s: %d problems, %d measures\n", out, n.Problems, n.Tasks)
	return nil
}

func ledgerTitle(st *store.Store, scope ledger.Scope, branch, batch int64) (string, error) {
	unit := ""
	if branch != 0 {
		b := scope.Tree.Get(branch)
		if b == nil {
			return "", ledger.Errorf(ledger.ENOTFOUND, "branch %d not found", branch)
		}
		unit = b.Name
	}
	if batch == 0 {
		return sheet.Title(unit, ""), nil
	}
	b, err := st.FindBatch(scope, batch)
	if err != nil {
		return "", err
	}
	return sheet.Title(unit, b.Title), nil
}

// writeAtomically writes path through a temporary file in the same
// folder, so a failure never leaves half a file under the final name.
func writeAtomically(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".rectify-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// importCmd imports a ledger sheet offline: the same checks, errors and
// all-or-nothing apply as POST /api/v1/import/xlsx.
func importCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	var branch, batch int64
	var dry bool
	cfg, files, err := offlineFlags("import", args, stderr, func(fs *flag.FlagSet) {
		fs.Int64Var(&batch, "batch", 0, "batch id to import into (required)")
		fs.Int64Var(&branch, "branch", 0, "branch id whose subtree the rows belong to (required)")
		fs.BoolVar(&dry, "dry-run", false, "check and count only; write nothing")
	})
	if err != nil {
		return err
	}
	if len(files) != 1 || batch <= 0 || branch <= 0 {
		return fmt.Errorf("import: usage: rectify import FILE --batch ID --branch ID [--dry-run]")
	}
	f, err := os.Open(files[0])
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	st, err := openOffline(cfg, "import")
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := sheet.Import(st, system, f, sheet.ImportOptions{BatchID: batch, BranchID: branch, DryRun: dry, Source: filepath.Base(files[0])})
	if err != nil {
		return fmt.Errorf("import: %s: %s", files[0], errText(err))
	}
	return printImport(stdout, res, dry)
}

func printImport(w io.Writer, res *store.ImportResult, dry bool) error {
	for _, e := range res.Errors {
		fmt.Fprintln(w, e.Message)
	}
	verb, updated := "imported", "updated"
	if dry {
		verb, updated = "would import", "update"
	}
	switch {
	case len(res.Errors) > 0 && dry:
		return fmt.Errorf("import: %d errors in the file", len(res.Errors))
	case len(res.Errors) > 0:
		return fmt.Errorf("import: %d errors in the file; nothing was imported", len(res.Errors))
	}
	fmt.Fprintf(w, "%s %d problems, %d measures; %s %d, unchanged %d\n", verb, res.Problems, res.Tasks, updated, res.Updated, res.Unchanged)
	return nil
}

// parseCmd prints the 对照检查材料 parse of FILE as JSON.
func parseCmd(_ context.Context, args []string, stdout, _ io.Writer) error {
	if len(args) != 1 || strings.HasPrefix(args[0], "-") {
		return fmt.Errorf("parse: usage: rectify parse FILE (.txt or .docx)")
	}
	res, err := docimport.ParseFile(args[0])
	if err != nil {
		return fmt.Errorf("parse: %s: %s", args[0], strings.TrimPrefix(err.Error(), "docimport: "))
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(res)
}

// reportCmd writes the 整改情况报告 of a batch.
func reportCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	var out string
	var branch, batch int64
	cfg, _, err := offlineFlags("report", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&out, "out", "", "file to write (.docx)")
		fs.Int64Var(&batch, "batch", 0, "batch id (required)")
		fs.Int64Var(&branch, "branch", 0, "branch id: report on its subtree (default: all)")
	})
	if err != nil {
		return err
	}
	if out == "" || batch <= 0 {
		return fmt.Errorf("report: usage: rectify report --batch ID --out FILE [--branch ID]")
	}
	st, err := openOffline(cfg, "report")
	if err != nil {
		return err
	}
	defer st.Close()
	scope := st.Scope(system)
	b, err := st.FindBatch(scope, batch)
	if err != nil {
		return fmt.Errorf("report: %s", errText(err))
	}
	unit := scope.Tree.Get(b.BranchID)
	if branch != 0 {
		unit = scope.Tree.Get(branch)
	}
	opt := report.Options{Scope: scope, Batch: b, BranchID: branch, Today: st.Today(), Now: st.Now()}
	if unit != nil {
		opt.Unit = unit.Name
	}
	var sum report.Summary
	err = writeAtomically(out, func(w io.Writer) error {
		sum, err = report.Write(w, st, opt)
		return err
	})
	if err != nil {
		return fmt.Errorf("report: %s", errText(err))
	}
	fmt.Fprintf(stdout, "wrote %s: %d measures, %d still open\n", out, sum.Tasks, sum.Open)
	return nil
}

// errText is the message of err for a terminal: a domain error's own
// message, or the whole error, since offline there is nothing to hide.
func errText(err error) string {
	if ledger.ErrorCode(err) == ledger.EINTERNAL {
		return err.Error()
	}
	return ledger.ErrorMessage(err)
}
