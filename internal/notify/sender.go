package notify

import (
	"context"
	"net/http"
	"net/netip"
	"time"
)

// defaultTimeout bounds one delivery attempt; the outbox retries later.
const defaultTimeout = 10 * time.Second

// Config configures a Sender. The zero value works for robots; e-mail needs
// SMTP.
type Config struct {
	Timeout time.Duration    // per attempt; 10s when zero
	Allow   []netip.Prefix   // RECTIFY_WEBHOOK_ALLOW: internal ranges webhooks may reach
	SMTP    SMTPConfig       // outgoing mail server
	Now     func() time.Time // clock for signing timestamps; time.Now when nil
}

// SMTPConfig is the outgoing mail server, set by the administrator.
type SMTPConfig struct {
	Host     string
	Port     int // 587 with StartTLS, 465 with TLS, 25 plain; 25 when zero
	Username string
	Password string
	From     string // bare address, e.g. rectify@example.gov.cn
	StartTLS bool   // require STARTTLS before sending (port 587)
	TLS      bool   // implicit TLS from the first byte (SMTPS, port 465), common on Chinese mail hosts
}

// Sender delivers digests. It is safe for concurrent use.
type Sender struct {
	cfg    Config
	client *http.Client
}

// NewSender returns a Sender for cfg, filling in defaults.
func NewSender(cfg Config) *Sender {
	if cfg.Timeout <= 0 {
		cfg.Timeout = defaultTimeout
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.SMTP.Port == 0 {
		cfg.SMTP.Port = 25
	}
	return &Sender{cfg: cfg, client: newHTTPClient(cfg.Allow)}
}

func (s *Sender) now() time.Time { return s.cfg.Now() }

// Send delivers d on ch in one attempt bounded by Config.Timeout. It returns
// nil on success or a *DeliveryError; IsRetryable tells the outbox whether
// to schedule another attempt with NextAttempt.
func (s *Sender) Send(ctx context.Context, ch Channel, d Digest) error {
	if err := ValidateChannel(ch); err != nil {
		return permanent(ch.Type, "invalid channel", err)
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	switch ch.Type {
	case WeCom:
		return s.sendWeCom(ctx, ch, d)
	case DingTalk:
		return s.sendDingTalk(ctx, ch, d)
	case Feishu:
		return s.sendFeishu(ctx, ch, d)
	default: // ValidateChannel admits no other type
		return s.sendEmail(ctx, ch, d)
	}
}
