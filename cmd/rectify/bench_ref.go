package main

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// refServer is the stack's ceiling that rectify is compared with in the
// same run: a bare gin engine with a handler that decodes the same task
// JSON and stores it as one record with db.Batch (fsync on), and one that
// answers a fixed task-sized JSON. Its bbolt file lives beside the
// ledger's and is grouped like the store's (MaxBatchSize, MaxBatchDelay).
type refServer struct {
	db   *bbolt.DB
	srv  *http.Server
	base string
}

var refBucket = []byte("tasks")

func startRefServer(dir string, readBody []byte, batchSize int, batchDelay time.Duration) (*refServer, error) {
	db, err := bbolt.Open(filepath.Join(dir, "reference.db"), 0o600, &bbolt.Options{Timeout: time.Second})
	if err != nil {
		return nil, err
	}
	db.MaxBatchSize, db.MaxBatchDelay = batchSize, batchDelay
	if err := db.Update(func(tx *bbolt.Tx) error { _, err := tx.CreateBucketIfNotExists(refBucket); return err }); err != nil {
		db.Close()
		return nil, err
	}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.POST("/tasks", func(c *gin.Context) { refCreate(c, db) })
	r.GET("/tasks/:id", func(c *gin.Context) { c.Data(http.StatusOK, "application/json; charset=utf-8", readBody) })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		db.Close()
		return nil, err
	}
	rs := &refServer{db: db, srv: &http.Server{Handler: r, ReadHeaderTimeout: 10 * time.Second}, base: "http://" + ln.Addr().String()}
	go func() { _ = rs.srv.Serve(ln) }()
	return rs, nil
}

func refCreate(c *gin.Context, db *bbolt.DB) {
	var t ledger.Task
	if err := json.NewDecoder(c.Request.Body).Decode(&t); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
		return
	}
	t.CreatedAt = time.Now().UTC()
	err := db.Batch(func(tx *bbolt.Tx) error {
		b := tx.Bucket(refBucket)
		id, err := b.NextSequence()
		if err != nil {
			return err
		}
		t.ID = int64(id)
		v, err := json.Marshal(&t)
		if err != nil {
			return err
		}
		return b.Put(binary.BigEndian.AppendUint64(nil, id), v)
	})
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": err.Error()})
		return
	}
	c.JSON(http.StatusCreated, gin.H{"task": &t})
}

func (rs *refServer) close() {
	_ = rs.srv.Close()
	_ = rs.db.Close()
}

// compare measures the reference and rectify in turn with the same
// clients and prints rectify's share of the reference: by rate, and by
// CPU time per request (the reference's over rectify's), which other
// load on the machine moves much less.
func (b *bench) compare(name string, ref, real func(w, i int) bool) {
	r, rCPU := b.throughput(name+" — reference (bare gin)", ref)
	file := b.readProfile
	if strings.HasPrefix(name, "task creation") {
		file = b.cpuProfile
	}
	stop := b.profile(file)
	x, xCPU := b.throughput(name+" — rectify", real)
	stop()
	if r > 0 {
		b.row(name+" — ratio rectify/reference", fmt.Sprintf("**%.2f**", x/r))
	}
	if rCPU > 0 && xCPU > 0 {
		b.row(name+" — ratio by CPU per request (reference/rectify)", fmt.Sprintf("%.2f", float64(rCPU)/float64(xCPU)))
	}
}

// doAt is do against another server.
func (b *bench) doAt(base, method, path string, body []byte) (int, error) {
	req, _ := http.NewRequest(method, base+path, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+b.token)
	resp, err := b.http.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, err
}

// profile starts a CPU profile into file unless it is empty, and returns
// the function that stops it.
func (b *bench) profile(file string) func() {
	if file == "" {
		return func() {}
	}
	f, err := os.Create(file)
	if err != nil {
		b.row("CPU profile", "not written: "+err.Error())
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		b.row("CPU profile", "not written: "+err.Error())
		return func() {}
	}
	return func() { pprof.StopCPUProfile(); f.Close() }
}
