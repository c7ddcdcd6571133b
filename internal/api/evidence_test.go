package api_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/api"
	"rectify/internal/ledger"
)

func TestEvidenceIsStoredByItsHashAndDownloadedAsAnAttachment(t *testing.T) {
	e := newEnv(t)
	id := e.openTask()
	data := []byte("<html><script>alert('佐证')</script></html>\x00\xff binary tail")
	sum := sha256.Sum256(data)
	sha := hex.EncodeToString(sum[:])

	rec := e.must(http.StatusCreated, "POST", taskPath(id, "evidence"), "member1", upload{"file", "../../etc/passwd", data})
	ev := decode[ledger.Evidence](t, rec)
	assert.NotZero(t, ev.ID)
	assert.Equal(t, id, ev.TaskID)
	assert.Equal(t, "passwd", ev.Name, "only the base name is kept, for display")
	assert.Equal(t, sha, ev.SHA256)
	assert.Equal(t, int64(len(data)), ev.Size)
	assert.Equal(t, e.id("member1"), ev.UploadedBy)

	// On disk the file is named by its SHA-256 inside the evidence folder,
	// and nothing else was written anywhere in the data folder.
	stored, err := os.ReadFile(e.st.EvidencePath(sha))
	require.NoError(t, err)
	assert.Equal(t, data, stored)
	assert.Equal(t, filepath.Join(e.st.Dir(), "evidence", sha[:2], sha), e.st.EvidencePath(sha))
	var files []string
	require.NoError(t, filepath.WalkDir(filepath.Dir(e.st.Dir()), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, strings.TrimPrefix(p, e.st.Dir()))
		}
		return err
	}))
	assert.ElementsMatch(t, []string{"/rectify.db", "/evidence/" + sha[:2] + "/" + sha}, files)

	list := decode[struct{ Evidence []ledger.Evidence }](t, e.must(http.StatusOK, "GET", taskPath(id, "evidence"), "member1b", nil)).Evidence
	require.Len(t, list, 1)
	assert.Equal(t, ev, list[0])

	dl := e.must(http.StatusOK, "GET", taskPath(id, "evidence/"+itoa(ev.ID)), "officer", nil)
	assert.Equal(t, data, dl.Body.Bytes())
	disp, params, err := mime.ParseMediaType(dl.Header().Get("Content-Disposition"))
	require.NoError(t, err)
	assert.Equal(t, "attachment", disp)
	assert.Equal(t, "passwd", params["filename"])
	assert.Equal(t, "application/octet-stream", dl.Header().Get("Content-Type"))
	assert.Equal(t, "nosniff", dl.Header().Get("X-Content-Type-Options"))

	evs := e.events(id)
	assert.Equal(t, "evidence", evs[len(evs)-1]["action"])
	assert.Equal(t, "passwd", evs[len(evs)-1]["note"])
}

func TestEvidenceWithAChineseNameKeepsItInTheDownload(t *testing.T) {
	e := newEnv(t)
	id := e.openTask()
	ev := decode[ledger.Evidence](t, e.must(http.StatusCreated, "POST", taskPath(id, "evidence"), "member1",
		upload{"file", `C:\材料\整改"报告".pdf`, []byte("%PDF-1.4")}))
	assert.Equal(t, "整改报告.pdf", ev.Name)
	assert.Equal(t, "application/pdf", ev.ContentType)
	dl := e.must(http.StatusOK, "GET", taskPath(id, "evidence/"+itoa(ev.ID)), "member1", nil)
	_, params, err := mime.ParseMediaType(dl.Header().Get("Content-Disposition"))
	require.NoError(t, err)
	assert.Equal(t, "整改报告.pdf", params["filename"])
}

func TestTheSameFileTwiceIsOneFileAndTwoRecords(t *testing.T) {
	e := newEnv(t)
	id := e.openTask()
	data := []byte("同一份会议记录")
	a := decode[ledger.Evidence](t, e.must(http.StatusCreated, "POST", taskPath(id, "evidence"), "member1", upload{"file", "a.txt", data}))
	b := decode[ledger.Evidence](t, e.must(http.StatusCreated, "POST", taskPath(id, "evidence"), "officer1", upload{"file", "b.txt", data}))
	assert.NotEqual(t, a.ID, b.ID)
	assert.Equal(t, a.SHA256, b.SHA256)
	entries, err := os.ReadDir(filepath.Dir(e.st.EvidencePath(a.SHA256)))
	require.NoError(t, err)
	assert.Len(t, entries, 1)
	for _, ev := range []ledger.Evidence{a, b} {
		dl := e.must(http.StatusOK, "GET", taskPath(id, "evidence/"+itoa(ev.ID)), "member1", nil)
		assert.Equal(t, data, dl.Body.Bytes())
	}
}

func TestEvidenceOfAnotherBranchIsNotFound(t *testing.T) {
	e := newEnv(t)
	id := e.openTask()
	ev := decode[ledger.Evidence](t, e.must(http.StatusCreated, "POST", taskPath(id, "evidence"), "member1", upload{"file", "记录.txt", []byte("机密材料")}))
	other := e.openTask()
	for _, c := range []struct {
		name, path, as string
		status         int
		code, field    string
	}{
		{"member2 downloading it", taskPath(id, "evidence/"+itoa(ev.ID)), "member2", 404, "not_found", ""},
		{"member2 listing it", taskPath(id, "evidence"), "member2", 404, "not_found", ""},
		{"officer2 downloading it", taskPath(id, "evidence/"+itoa(ev.ID)), "officer2", 404, "not_found", ""},
		{"asking for it under another task", taskPath(other, "evidence/"+itoa(ev.ID)), "admin", 404, "not_found", ""},
		{"an unknown file", taskPath(id, "evidence/999"), "admin", 404, "not_found", ""},
		{"a file id that is not a number", taskPath(id, "evidence/x"), "admin", 400, "invalid", "eid"},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := e.do("GET", c.path, c.as, nil)
			wantError(t, rec, c.status, c.code, c.field)
			assert.NotContains(t, rec.Body.String(), "机密材料")
		})
	}
}

func TestAnUploadWithoutAUsableFileIs400(t *testing.T) {
	e := newEnv(t)
	id := e.openTask()
	path := taskPath(id, "evidence")
	for _, c := range []struct {
		name string
		req  func() *http.Request
	}{
		{"a JSON body", func() *http.Request { return e.request("POST", path, "member1", map[string]string{"file": "x"}) }},
		{"a part named otherwise", func() *http.Request {
			return e.request("POST", path, "member1", upload{"attachment", "a.txt", []byte("x")})
		}},
		{"an empty file", func() *http.Request { return e.request("POST", path, "member1", upload{"file", "a.txt", nil}) }},
		{"a broken multipart body", func() *http.Request {
			req := e.request("POST", path, "member1", rawJSON("--x\r\nnot a part"))
			req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
			return req
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := e.state(path)
			wantError(t, e.serve(c.req()), http.StatusBadRequest, "invalid", "file")
			e.unchanged(t, before)
		})
	}
	t.Run("a member who does not own the task", func(t *testing.T) {
		before := e.state(path)
		wantError(t, e.do("POST", path, "member1b", upload{"file", "a.txt", []byte("x")}), http.StatusForbidden, "forbidden", "")
		e.unchanged(t, before)
	})
}

func TestAnUploadOverTheUploadLimitIs413(t *testing.T) {
	e := newBareEnv(t, api.Config{MaxUpload: 64 << 10})
	e.party = e.createBranch("党委", 0)
	e.createUser("officer", "王纪委", ledger.RoleOfficer, e.party)
	e.createUser("member1", "张三", ledger.RoleMember, e.party)
	e.login("member1")
	e.login("officer")
	e.batch = e.createBatch("officer", e.party, "审计")
	e.problem = e.createProblem("officer", e.batch, e.party, "问题")
	id := e.createTaskOn(e.problem, "officer", "member1", "2026-04-30", "措施").ID
	big := upload{"file", "big.bin", bytes.Repeat([]byte("x"), 65<<10)}

	before := e.state(taskPath(id, ""))
	wantError(t, e.do("POST", taskPath(id, "evidence"), "member1", big), http.StatusRequestEntityTooLarge, "too_large", "")
	e.unchanged(t, before)

	req := e.request("POST", taskPath(id, "evidence"), "member1", big)
	req.ContentLength = -1
	req.Body = io.NopCloser(req.Body)
	wantError(t, e.serve(req), http.StatusRequestEntityTooLarge, "too_large", "")
	e.unchanged(t, before)

	e.must(http.StatusCreated, "POST", taskPath(id, "evidence"), "member1", upload{"file", "small.bin", bytes.Repeat([]byte("x"), 60<<10)})
}
