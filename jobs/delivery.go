package jobs

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"rectify/internal/ledger"
	"rectify/internal/notify"
	"rectify/internal/store"
)

// Delivery is the outbox sender. Each run claims the rows due (in one
// transaction), sends each with no transaction open, and records the
// outcome (in another): sent; failed with a retry at notify.NextAttempt
// when the error is retryable (5xx, 429, network); dead at once when it is
// not (4xx, bad signature, refused address, channel gone), or after
// notify.MaxAttempts attempts. A crash between send and record leaves the
// row claimed until its lease ends; it is then sent again with the same
// key, which the message carries so a receiver can drop the repeat.
type Delivery struct{ d *deps }

// Name is "delivery".
func (j *Delivery) Name() string { return NameDelivery }

// Run delivers what is due as of now.
func (j *Delivery) Run(ctx context.Context, now time.Time) error { return runCounted(j, ctx, now) }

// leftoverAge is how long a digest item may wait before delivery gathers
// it itself: its job died between writing it and flushing its digests.
const leftoverAge = 10 * time.Minute

// RunCounted is Run reporting how many messages were sent.
func (j *Delivery) RunCounted(ctx context.Context, now time.Time) (int, error) {
	leftovers := store.FlushFilter{Before: now.Add(-leftoverAge), Day: j.d.today(now), Now: now}
	if _, err := j.d.st.FlushDigests(leftovers); err != nil {
		return 0, err
	}
	sent := 0
	start := j.d.clock()
	for ctx.Err() == nil {
		rows, err := j.d.st.ClaimDeliveries(now, j.d.cfg.Lease, deliveryBatch)
		if err != nil {
			return sent, err
		}
		n, err := j.deliverAll(ctx, now, start, rows)
		sent += n
		if err != nil {
			return sent, err
		}
		if len(rows) < deliveryBatch {
			break
		}
	}
	return sent, nil
}

// deliveryWorkers bounds how many destinations are sent to at once.
const deliveryWorkers = 8

// deliverAll sends rows grouped by destination: each destination's rows
// in order, destinations concurrently (at most deliveryWorkers), so a
// robot that hangs until its timeout delays only its own messages.
func (j *Delivery) deliverAll(ctx context.Context, now, start time.Time, rows []*store.OutboxRow) (int, error) {
	groups := map[string][]*store.OutboxRow{}
	var order []string
	for _, row := range rows {
		k := fmt.Sprintf("%s:%d:%d", row.Target, row.ChannelID, row.UserID)
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], row)
	}
	var (
		wg   sync.WaitGroup
		sem  = make(chan struct{}, deliveryWorkers)
		sent atomic.Int64
		mu   sync.Mutex
		errs []error
	)
	for _, k := range order {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			for _, row := range groups[k] {
				ok, err := j.deliver(ctx, now, start, row)
				if err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
					return
				}
				if ok {
					sent.Add(1)
				}
			}
		})
	}
	wg.Wait()
	return int(sent.Load()), errors.Join(errs...)
}

// deliver makes one attempt at row and records its outcome. A retry is
// timed from the reply: now plus the wall time since the run started.
func (j *Delivery) deliver(ctx context.Context, now, start time.Time, row *store.OutboxRow) (bool, error) {
	ch, dg, err := j.message(row)
	if err == nil {
		err = j.d.cfg.Sender.Send(ctx, ch, dg)
	}
	replied := now.Add(j.d.clock().Sub(start))
	o := store.DeliveryOutcome{ID: row.ID, Attempt: row.Attempts, At: replied}
	switch {
	case err == nil:
		o.Sent = true
	case !notify.IsRetryable(err) || row.Attempts >= notify.MaxAttempts:
		o.Dead, o.Error = true, err.Error()
	default:
		o.Error, o.NextAt = err.Error(), notify.NextAttempt(row.Attempts, replied, j.d.cfg.Jitter)
		// A server that says when to come back is believed, if later.
		if ra := replied.Add(notify.RetryAfter(err)); ra.After(o.NextAt) {
			o.NextAt = ra
		}
	}
	j.d.cfg.Log.Debug().Int64("row", row.ID).Str("key", row.Key).Bool("sent", o.Sent).Bool("dead", o.Dead).
		Str("error", o.Error).Msg("delivery attempt")
	return o.Sent, j.d.st.FinishDelivery(o)
}

// errGone is a permanent failure: the destination no longer exists.
var errGone = errors.New("destination removed or disabled")

// message builds the channel and digest of row.
func (j *Delivery) message(row *store.OutboxRow) (notify.Channel, notify.Digest, error) {
	var ch notify.Channel
	switch row.Target {
	case store.TargetChannel:
		c, err := j.d.st.FindChannel(row.ChannelID)
		if ledger.ErrorCode(err) == ledger.ENOTFOUND || err == nil && !c.Enabled {
			return ch, notify.Digest{}, fmt.Errorf("channel %d: %w", row.ChannelID, errGone)
		} else if err != nil {
			return ch, notify.Digest{}, err
		}
		ch = notify.Channel{Type: notify.ChannelType(c.Type), URL: c.URL, Secret: c.Secret}
	case store.TargetEmail:
		u, err := j.d.st.FindUser(row.UserID)
		if ledger.ErrorCode(err) == ledger.ENOTFOUND || err == nil && (u.Disabled || u.Email == "") {
			return ch, notify.Digest{}, fmt.Errorf("user %d has no active address: %w", row.UserID, errGone)
		} else if err != nil {
			return ch, notify.Digest{}, err
		}
		ch = notify.Channel{Type: notify.Email, To: []string{u.Email}}
	default:
		return ch, notify.Digest{}, fmt.Errorf("outbox row %d: unknown target %q: %w", row.ID, row.Target, errGone)
	}
	return ch, j.digest(row), nil
}

// digest renders row for notify. The row's key rides along for receivers
// to drop a repeat: in the ledger link's query (behind the link text in
// robot markdown) when BaseURL is set, else at the end of the title.
func (j *Delivery) digest(row *store.OutboxRow) notify.Digest {
	d := notify.Digest{Title: row.Title, Key: row.Key}
	if s, ok := specOf(row.Job); ok && s.digest != "" && d.Title == "" {
		d.Title = fmt.Sprintf(s.digest, len(row.Items))
	}
	base := j.d.cfg.BaseURL
	for _, it := range row.Items {
		ni := notify.Item{Kind: it.Kind, TaskID: it.TaskID, Branch: it.Branch, DueOn: it.DueOn.String(),
			Light: string(it.Light), DaysOverdue: it.DaysOverdue}
		if base != "" && it.TaskID != 0 {
			ni.Link = base + "/tasks/" + strconv.FormatInt(it.TaskID, 10)
		}
		d.Items = append(d.Items, ni)
	}
	if base != "" {
		d.Link = base + "/tasks?notice=" + url.QueryEscape(row.Key)
	} else {
		d.Title += " 〔" + row.Key + "〕"
	}
	return d
}
