package notify

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/smtp"
	"net/textproto"
	"strconv"
	"strings"
	"time"
)

// emailMaxItems caps the list in one mail; the ledger link leads to the rest.
const emailMaxItems = 1000

// emailFooter tells recipients why the mail is so terse.
const emailFooter = "此邮件由整改台账系统自动发送，只列任务编号、支部、时限和状态；问题与整改措施请登录系统查看。"

// errSMTPConfig marks failures that only an administrator can fix.
var errSMTPConfig = errors.New("smtp configuration")

// renderEmailText is the plain-text body: title, one line per item, link.
func renderEmailText(d Digest) string {
	var b strings.Builder
	b.WriteString(digestTitle(d) + "\n\n")
	n := min(len(d.Items), emailMaxItems)
	for _, it := range d.Items[:n] {
		b.WriteString(itemLine(it, plainStyle) + "\n")
	}
	if n < len(d.Items) {
		b.WriteString(moreLine(len(d.Items), n) + "\n")
	}
	if href := safeLink(d.Link); href != "" {
		b.WriteString("\n打开整改台账：" + href + "\n")
	}
	b.WriteString("\n-- \n" + emailFooter + "\n")
	return b.String()
}

// buildEmail assembles the RFC 5322 message. The subject is RFC 2047
// encoded and the body base64, so Chinese text survives servers without
// 8BITMIME and no line exceeds 76 characters.
func buildEmail(from string, to []string, d Digest, now time.Time) []byte {
	var b strings.Builder
	header := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	header("From", from)
	// Folded so a long recipient list stays under the 998-character line limit.
	header("To", strings.Join(to, ",\r\n "))
	header("Subject", mime.BEncoding.Encode("UTF-8", digestTitle(d)))
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", messageID(from, d.Key, now))
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=UTF-8")
	header("Content-Transfer-Encoding", "base64")
	b.WriteString("\r\n")
	body := base64.StdEncoding.EncodeToString([]byte(renderEmailText(d)))
	for len(body) > 76 {
		b.WriteString(body[:76] + "\r\n")
		body = body[76:]
	}
	b.WriteString(body + "\r\n")
	return []byte(b.String())
}

func messageID(from, key string, now time.Time) string {
	domain := from[strings.LastIndexByte(from, '@')+1:]
	if key != "" {
		// Hashed: the key holds ids and dates that need not travel in a header.
		sum := sha256.Sum256([]byte(key))
		return fmt.Sprintf("<%s.rectify@%s>", hex.EncodeToString(sum[:12]), domain)
	}
	var r [8]byte
	_, _ = rand.Read(r[:])
	return fmt.Sprintf("<%d.%s@%s>", now.Unix(), hex.EncodeToString(r[:]), domain)
}

func (s *Sender) sendEmail(ctx context.Context, ch Channel, d Digest) error {
	cfg := s.cfg.SMTP
	if cfg.Host == "" {
		return permanent(Email, "smtp host is not configured", errSMTPConfig)
	}
	if err := validateAddress(cfg.From); err != nil {
		return permanent(Email, "smtp from address "+strconv.Quote(cfg.From)+" is invalid", errSMTPConfig)
	}
	if len(ch.To) == 0 {
		return permanent(Email, "no recipients", fieldErr("to", "needs at least one address"))
	}
	msg := buildEmail(cfg.From, ch.To, d, s.now())
	if err := deliverSMTP(ctx, cfg, ch.To, msg); err != nil {
		return classifySMTP(err)
	}
	return nil
}

// deliverSMTP runs one SMTP transaction. The server comes from the
// administrator's configuration, not from users, so it is dialled without
// the webhook address guard: a mail relay on the 内网 is the normal case.
func deliverSMTP(ctx context.Context, cfg SMTPConfig, to []string, msg []byte) error {
	c, err := dialSMTP(ctx, cfg)
	if err != nil {
		return err
	}
	defer c.Close()
	if cfg.StartTLS {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return fmt.Errorf("%w: server does not offer STARTTLS", errSMTPConfig)
		}
		if err := c.StartTLS(&tls.Config{ServerName: cfg.Host, MinVersion: tls.VersionTLS12}); err != nil {
			return err
		}
	}
	if err := authSMTP(c, cfg); err != nil {
		return err
	}
	if err := c.Mail(cfg.From); err != nil {
		return err
	}
	for _, rcpt := range to {
		if err := c.Rcpt(rcpt); err != nil {
			return err
		}
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	// The server accepted the message; a failed QUIT must not cause a resend.
	_ = c.Quit()
	return nil
}

func dialSMTP(ctx context.Context, cfg SMTPConfig) (*smtp.Client, error) {
	addr := net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port))
	var conn net.Conn
	var err error
	if cfg.TLS {
		td := &tls.Dialer{Config: &tls.Config{ServerName: cfg.Host, MinVersion: tls.VersionTLS12}}
		conn, err = td.DialContext(ctx, "tcp", addr)
	} else {
		conn, err = (&net.Dialer{}).DialContext(ctx, "tcp", addr)
	}
	if err != nil {
		return nil, err
	}
	if deadline, ok := ctx.Deadline(); ok {
		// net/smtp has no context support; the deadline bounds the whole dialogue.
		_ = conn.SetDeadline(deadline)
	}
	c, err := smtp.NewClient(conn, cfg.Host)
	if err != nil {
		conn.Close()
		return nil, err
	}
	return c, nil
}

// authSMTP logs in when a user name is configured. smtp.PlainAuth refuses
// to send the password over an unencrypted connection except to localhost;
// that refusal is a configuration error, not a server reply.
func authSMTP(c *smtp.Client, cfg SMTPConfig) error {
	if cfg.Username == "" {
		return nil
	}
	err := c.Auth(smtp.PlainAuth("", cfg.Username, cfg.Password, cfg.Host))
	var te *textproto.Error
	if err != nil && !errors.As(err, &te) {
		return fmt.Errorf("%w: %v", errSMTPConfig, err)
	}
	return err
}

// classifySMTP: 4xx replies are temporary by definition (RFC 5321), 5xx
// permanent; configuration errors are permanent; the rest is network
// trouble and worth another try.
func classifySMTP(err error) error {
	var te *textproto.Error
	if errors.As(err, &te) {
		return &DeliveryError{
			Channel:   Email,
			Retryable: te.Code >= 400 && te.Code < 500,
			Status:    te.Code,
			Message:   shorten(te.Msg, 200),
		}
	}
	if errors.Is(err, errSMTPConfig) {
		return permanent(Email, "", err)
	}
	return retryable(Email, "smtp", err)
}
