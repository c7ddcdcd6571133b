// Package auth hashes passwords, issues and checks session tokens, and
// slows down password guessing.
package auth

import (
	"crypto/rand"
	"encoding/base64"
	"sync"

	"golang.org/x/crypto/bcrypt"
)

// Cost is the bcrypt cost; tests lower it to keep the suite fast.
var Cost = 11

// HashPassword returns a bcrypt hash of p.
func HashPassword(p string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(p), Cost)
	return string(h), err
}

// CheckPassword reports whether p matches hash. An empty hash never
// matches, and the check still costs a bcrypt round so that timing does
// not tell unknown logins from wrong passwords.
func CheckPassword(hash, p string) bool {
	if hash == "" {
		_ = bcrypt.CompareHashAndPassword(dummyHash(), []byte(p))
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(p)) == nil
}

// dummyHash is a hash at the current Cost, made once per cost: comparing
// against it costs what comparing against a real user's hash costs, so an
// unknown login answers no faster than a known one. (It was made at
// bcrypt.MinCost, which answered unknown logins in 2–5 ms against 135–190
// ms for known ones, and told which logins exist.)
func dummyHash() []byte {
	dummy.Lock()
	defer dummy.Unlock()
	if dummy.cost != Cost || dummy.hash == nil {
		dummy.hash, _ = bcrypt.GenerateFromPassword([]byte("rectify-dummy-password"), Cost)
		dummy.cost = Cost
	}
	return dummy.hash
}

var dummy struct {
	sync.Mutex
	cost int
	hash []byte
}

// GeneratePassword returns a random password for a first admin.
func GeneratePassword() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
