package api_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/api"
	"rectify/internal/store"
)

func TestHealthzReportsDegradedWhenAnAdministratorIsNeeded(t *testing.T) {
	cases := map[string]struct {
		limits store.HealthLimits
		want   string
	}{
		"free space below the threshold": {store.HealthLimits{MinFreeBytes: 1 << 62}, "disk:"},
		"no nightly backup yet":          {store.HealthLimits{BackupMaxAge: 48 * time.Hour}, "backup:"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			e := newBareEnv(t, api.Config{Health: tc.limits})
			rec := e.do("GET", "/healthz", "", nil)
			require.Equal(t, http.StatusServiceUnavailable, rec.Code)
			var body struct {
				Status   string
				Problems []string
			}
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body))
			assert.Equal(t, "degraded", body.Status)
			require.Len(t, body.Problems, 1)
			assert.Contains(t, body.Problems[0], tc.want)
		})
	}
}

func TestAFreshServerWithoutABackupYetIsHealthy(t *testing.T) {
	e := newBareEnv(t, api.Config{Health: store.HealthLimits{BackupMaxAge: 48 * time.Hour, Since: time.Now()}})
	rec := e.do("GET", "/healthz", "", nil)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Contains(t, rec.Body.String(), `"status":"ok"`)
}
