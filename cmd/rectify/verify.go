package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"rectify/internal/store"
)

// anchorList collects repeated --anchor flags.
type anchorList []store.Anchor

func (a *anchorList) String() string { return fmt.Sprint(*a) }

func (a *anchorList) Set(s string) error {
	x, err := store.ParseAnchor(s)
	if err == nil {
		*a = append(*a, x)
	}
	return err
}

// verifyCmd walks the audit chain of a stopped server's database and
// fails naming the first event that does not match (see docs/AUDIT.md).
func verifyCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	var anchors anchorList
	cfg, _, err := parseConfig("verify", args, stderr, func(fs *flag.FlagSet) {
		fs.Var(&anchors, "anchor", "a head recorded earlier, SEQ-HASH (from a backup manifest or a report footer); repeatable")
	})
	if err != nil {
		return err
	}
	st, err := cfg.openStore(openMode{mustExist: true})
	if err != nil {
		return err
	}
	defer st.Close()
	v, err := st.VerifyChain(anchors...)
	if err != nil {
		return err
	}
	if v.Break != nil {
		fmt.Fprintf(stdout, "audit trail BROKEN: %s\n", v.Break)
		return fmt.Errorf("verify: %s", v.Break)
	}
	fmt.Fprintf(stdout, "audit trail intact: %d events, head %s (%s, %s)\n", v.Events, v.Head.Anchor(), v.Head.Algo,
		v.Head.At.Format("2006-01-02 15:04:05 MST"))
	if len(anchors) > 0 {
		var as []string
		for _, a := range anchors {
			as = append(as, fmt.Sprintf("%d-%s", a.Seq, a.Hash))
		}
		fmt.Fprintf(stdout, "anchors matched: %s\n", strings.Join(as, ", "))
	}
	return nil
}
