package api

import (
	"io"
	"mime"
	"net/http"
	"os"

	"github.com/gin-gonic/gin"
)

// SendFile sends a generated document as a download named name. write
// fills a temporary file first, so a failure is still an error answer
// (returned, nothing written: the caller shows it as JSON or as a page)
// and the download has a length. The web pages use it too.
func SendFile(c *gin.Context, name, contentType string, write func(io.Writer) error) error {
	f, err := os.CreateTemp("", "rectify-download-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	defer f.Close()
	if err := write(f); err != nil {
		return err
	}
	size, err := f.Seek(0, io.SeekCurrent)
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		return err
	}
	c.DataFromReader(http.StatusOK, size, contentType, f,
		map[string]string{"Content-Disposition": mime.FormatMediaType("attachment", map[string]string{"filename": name})})
	return nil
}
