// Command rectify is the 整改台账 server and its offline tools.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	_ "time/tzdata" // intranet machines may lack zoneinfo; Asia/Shanghai must always load
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "rectify:", err)
		os.Exit(1)
	}
}

const usage = `rectify — 整改台账 (rectification ledger)

Usage:
  rectify serve [--addr 127.0.0.1:8080] [--data ./data] [--tz Asia/Shanghai] [--demo]   (rectify serve --help lists every setting)
  rectify user add --login L --name N --role admin|officer|member|leader [--branch ID] [--email E]   (password from RECTIFY_PASSWORD or prompted on stdin)
  rectify user passwd --login L      (new password from RECTIFY_PASSWORD or stdin)
  rectify user list
  rectify backup --out FILE [--server URL]   (database and evidence in one file; offline, or from a running server as admin)
  rectify restore FILE --data DIR    (into an empty folder; checks what it restored)
  rectify check                      (consistency check of the database and evidence; exit 1 on damage)
  rectify migrate                    (upgrade the database schema in place, keeping a copy of the old file)
  rectify export --out FILE [--branch ID] [--batch ID]      (.xlsx 台账)
  rectify import FILE --batch ID --branch ID [--dry-run]     (.xlsx 台账, all or nothing)
  rectify parse FILE                 (对照检查材料 .txt/.docx → JSON draft)
  rectify report --batch ID --out FILE                      (整改情况报告 .docx)
  rectify jobs list | rectify jobs run NAME [--at TIME --dry-run]   (--at other than now needs --dry-run)
  rectify compact                    (rewrite the database with full pages; server stopped)
  rectify verify [--data DIR] [--anchor SEQ-HASH]...         (check the audit trail's hash chain; server stopped)
  rectify bench [--tasks N] [--branches N] [--data DIR]     (generate a ledger and measure the HTTP server)
  rectify version

Every setting is a flag and a RECTIFY_* environment variable (--session-ttl and
RECTIFY_SESSION_TTL); flags win, and a value that does not parse stops the command.
`

// run is the whole program, with its environment passed in so tests can
// drive it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("no command given")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "version", "--version":
		fmt.Fprintln(stdout, "rectify", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	if fn, ok := commands[cmd]; ok {
		return fn(ctx, rest, stdout, stderr)
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

// command is one sub-command of rectify.
type command func(ctx context.Context, args []string, stdout, stderr io.Writer) error

// commands is every sub-command, wired here and nowhere else.
var commands = map[string]command{
	"serve":   serve,
	"user":    userCmd,
	"backup":  backupCmd,
	"restore": restoreCmd,
	"check":   checkCmd,
	"migrate": migrateCmd,
	"compact": compactCmd,
	"jobs":    jobsCmd,
	"export":  exportCmd,
	"import":  importCmd,
	"parse":   parseCmd,
	"report":  reportCmd,
	"bench":   benchCmd,
	"verify":  verifyCmd,
}
