package main

import (
	"context"
	"flag"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// secrets are variables without a flag, on purpose (see settings).
var secrets = map[string]bool{"RECTIFY_ADMIN_PASSWORD": true, "RECTIFY_DEMO_PASSWORD": true,
	"RECTIFY_PASSWORD": true, "RECTIFY_SMTP_PASSWORD": true}

func TestEveryFlagHasItsVariableAndEveryVariableItsFlag(t *testing.T) {
	var c config
	flags := map[string]bool{}
	for _, s := range c.settings() {
		flags[envName(s.flag)] = true
	}
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	documented := map[string]bool{}
	// The configuration table's rows and the secrets paragraph; test-only
	// variables mentioned elsewhere (RECTIFY_SCREENSHOTS) are not settings.
	section := string(readme)[strings.Index(string(readme), "## Configuration"):]
	section = section[:strings.Index(section, "\n## ")+1]
	for _, v := range regexp.MustCompile(`RECTIFY_[A-Z_]+[A-Z]`).FindAllString(section, -1) {
		documented[v] = true
	}
	for v := range flags {
		if !strings.HasPrefix(v, "RECTIFY_SCHEDULE_") {
			assert.True(t, documented[v], "%s is in the README's configuration table", v)
		}
	}
	for v := range documented {
		if v == "RECTIFY_SCHEDULE_" || strings.HasPrefix(v, "RECTIFY_SCHEDULE_") || secrets[v] || v == "RECTIFY_SERVER" || v == "RECTIFY_LOGIN" {
			continue
		}
		assert.True(t, flags[v], "the README's %s is a flag too", v)
	}
}

func TestAVariableSetsItsSettingAndABadValueIsRefusedByName(t *testing.T) {
	cases := []struct{ env, value, flag string }{
		{"RECTIFY_SESSION_TTL", "twelve", "session-ttl"},
		{"RECTIFY_BACKUP_KEEP", "many", "backup-keep"},
		{"RECTIFY_ESCALATION_STEPS", "7,x", "escalation-steps"},
		{"RECTIFY_SCHEDULER", "maybe", "scheduler"},
		{"RECTIFY_SCHEDULE_OVERDUE", "every day", "schedule-overdue"},
		{"RECTIFY_TZ", "Mars/Olympus", "tz"},
		{"RECTIFY_LOG_LEVEL", "loud", "log-level"},
	}
	for _, tc := range cases {
		t.Run(tc.env+"="+tc.value+" stops start-up", func(t *testing.T) {
			t.Setenv(tc.env, tc.value)
			err := run(context.Background(), []string{"serve", "--data", t.TempDir()}, io.Discard, io.Discard)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.env)
			assert.Contains(t, err.Error(), tc.value)
		})
		t.Run("--"+tc.flag+"="+tc.value+" stops start-up", func(t *testing.T) {
			var errs syncBuffer
			err := run(context.Background(), []string{"serve", "--data", t.TempDir(), "--" + tc.flag + "=" + tc.value}, io.Discard, &errs)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.flag)
			assert.Contains(t, err.Error(), tc.value)
		})
	}
	t.Run("a good variable is taken", func(t *testing.T) {
		t.Setenv("RECTIFY_SESSION_TTL", "90m")
		t.Setenv("RECTIFY_ESCALATION_STEPS", "3,7")
		t.Setenv("RECTIFY_SCHEDULER", "off")
		cfg, _, err := parseConfig("serve", nil, io.Discard, nil)
		require.NoError(t, err)
		assert.Equal(t, 90*time.Minute, cfg.SessionTTL)
		assert.Equal(t, []int{3, 7}, cfg.EscalationSteps)
		assert.False(t, cfg.Scheduler)
	})
}

func TestServeTakesEveryJobFlagAndListsItInHelp(t *testing.T) {
	var help syncBuffer
	err := run(context.Background(), []string{"serve", "--help"}, io.Discard, &help)
	require.ErrorIs(t, err, flag.ErrHelp)
	for _, f := range []string{"-escalation-steps", "-report-grace-days", "-backup-keep", "-webhook-allow", "-schedule-overdue", "-schedule-delivery", "-shutdown-grace", "-smtp-host"} {
		assert.Contains(t, help.String(), f)
	}
	cfg, _, err := parseConfig("serve", []string{"--escalation-steps", "3,7"}, io.Discard, nil)
	require.NoError(t, err)
	assert.Equal(t, []int{3, 7}, cfg.EscalationSteps)
}

func TestTheBinaryStopsAtOnceOnABadVariable(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the real binary; run without -short")
	}
	bin := buildBinary(t)
	// The bound only catches a server that starts anyway (it would run
	// until killed); the time taken is logged, not asserted, since a
	// loaded machine may be slow to exec anything.
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "serve", "--addr", "127.0.0.1:0", "--data", t.TempDir())
	cmd.Env = append(os.Environ(), "RECTIFY_SESSION_TTL=twelve")
	start := time.Now()
	out, err := cmd.CombinedOutput()
	t.Logf("exited after %v", time.Since(start))
	require.NoError(t, ctx.Err(), "the server did not start")
	assert.NotContains(t, string(out), "listening on")
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit)
	assert.NotZero(t, exit.ExitCode())
	assert.Contains(t, string(out), `RECTIFY_SESSION_TTL="twelve"`)
}
