package docimport

import (
	"testing"

	"github.com/stretchr/testify/require"
	_ "golang.org/x/text/encoding/simplifiedchinese"
)

func TestProbe(t *testing.T) { require.True(t, true) }
