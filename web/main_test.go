package web_test

import (
	"os"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"rectify/internal/auth"
)

func TestMain(m *testing.M) {
	// Logins hash with bcrypt; the lowest cost keeps the suite fast.
	auth.Cost = bcrypt.MinCost
	os.Exit(m.Run())
}
