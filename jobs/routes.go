package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"rectify/internal/api"
	"rectify/internal/ledger"
	"rectify/internal/notify"
	"rectify/internal/store"
)

// Routes returns the API of scheduled work for api.Server.Add: channels
// and deliveries (admin), the caller's in-app notifications, and running
// a job by hand (admin).
func Routes(r *Registry) []api.Route {
	h := &handlers{reg: r, st: r.Store()}
	return []api.Route{
		{Method: "GET", Path: "/channels", Summary: "Notification channels (admin); secrets are never shown", Handler: api.Handle(h.listChannels)},
		{Method: "POST", Path: "/channels", Summary: "Add a wecom, dingtalk, feishu or email channel for a branch and its sub-branches (admin)", Handler: api.Handle(h.createChannel)},
		{Method: "PATCH", Path: "/channels/:id", Summary: "Change a channel (admin)", Handler: api.Handle(h.updateChannel)},
		{Method: "DELETE", Path: "/channels/:id", Summary: "Remove a channel (admin)", Handler: api.Handle(h.deleteChannel)},
		{Method: "GET", Path: "/deliveries", Summary: "Outbox rows, newest first, by state: pending, sent, failed or dead (admin)", Handler: api.Handle(h.listDeliveries)},
		{Method: "GET", Path: "/notifications", Summary: "The caller's in-app notifications, newest first (unread=true: unread only)", Handler: api.Handle(h.listNotifications)},
		{Method: "POST", Path: "/notifications/read-all", Summary: "Mark all the caller's notifications read", Handler: api.Handle(h.readAll)},
		{Method: "POST", Path: "/notifications/:id/read", Summary: "Mark one of the caller's notifications read", Handler: api.Handle(h.readOne)},
		{Method: "GET", Path: "/admin/jobs", Summary: "Scheduled jobs with their schedule, last and next run (admin)", Handler: api.Handle(h.listJobs)},
		{Method: "POST", Path: "/admin/jobs/:name/run", Summary: "Run a job now and answer what it did (admin)", Handler: api.Handle(h.runJob)},
	}
}

type handlers struct {
	reg *Registry
	st  *store.Store
}

func adminOnly(c *gin.Context, what string) error {
	if u := api.CurrentUser(c); u == nil || u.Role != ledger.RoleAdmin {
		return ledger.Errorf(ledger.EFORBIDDEN, "only an admin may %s", what)
	}
	return nil
}

func pathID(c *gin.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, ledger.FieldErrorf("id", "id must be a positive integer")
	}
	return id, nil
}

// decode reads one JSON object, naming the field of a mistyped value.
func decode(c *gin.Context, v any) error {
	dec := json.NewDecoder(c.Request.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	var ute *json.UnmarshalTypeError
	var mbe *http.MaxBytesError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &mbe):
		return err
	case errors.As(err, &ute) && ute.Field != "":
		return ledger.FieldErrorf(ute.Field, "%s has the wrong type", ute.Field)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return ledger.FieldErrorf(f, "unknown field %q", f)
	}
	return ledger.Errorf(ledger.EINVALID, "request body must be a JSON object")
}

// channelView is a channel as the API shows it: the secret is never
// returned, and the values of the URL's query (a WeCom key, a DingTalk
// access token) are masked.
type channelView struct {
	ID        int64     `json:"id"`
	BranchID  int64     `json:"branch_id"`
	Type      string    `json:"type"`
	URL       string    `json:"url,omitempty"`
	SecretSet bool      `json:"secret_set"`
	Enabled   bool      `json:"enabled"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

func viewChannel(ch *store.Channel) channelView {
	return channelView{ID: ch.ID, BranchID: ch.BranchID, Type: ch.Type, URL: notify.MaskURL(ch.URL), SecretSet: ch.Secret != "",
		Enabled: ch.Enabled, CreatedAt: ch.CreatedAt, UpdatedAt: ch.UpdatedAt}
}

func (h *handlers) listChannels(c *gin.Context) (int, any, error) {
	if err := adminOnly(c, "see notification channels"); err != nil {
		return 0, nil, err
	}
	chs, err := h.st.Channels()
	out := make([]channelView, 0, len(chs))
	for _, ch := range chs {
		out = append(out, viewChannel(ch))
	}
	return http.StatusOK, gin.H{"channels": out}, err
}

type channelRequest struct {
	BranchID *int64  `json:"branch_id"`
	Type     *string `json:"type"`
	URL      *string `json:"url"`
	Secret   *string `json:"secret"`
	Enabled  *bool   `json:"enabled"`
}

// apply copies the set fields onto ch and validates the result.
func (req *channelRequest) apply(ch *store.Channel) error {
	if req.BranchID != nil {
		ch.BranchID = *req.BranchID
	}
	if req.Type != nil {
		ch.Type = strings.TrimSpace(*req.Type)
	}
	if req.URL != nil {
		ch.URL = strings.TrimSpace(*req.URL)
	}
	if req.Secret != nil {
		ch.Secret = *req.Secret
	}
	if req.Enabled != nil {
		ch.Enabled = *req.Enabled
	}
	err := notify.ValidateChannel(notify.Channel{Type: notify.ChannelType(ch.Type), URL: ch.URL, Secret: ch.Secret})
	var fe *notify.FieldError
	if errors.As(err, &fe) {
		return ledger.FieldErrorf(fe.Field, "%s", fe.Error())
	}
	return err
}

func (h *handlers) createChannel(c *gin.Context) (int, any, error) {
	if err := adminOnly(c, "manage notification channels"); err != nil {
		return 0, nil, err
	}
	var req channelRequest
	if err := decode(c, &req); err != nil {
		return 0, nil, err
	}
	ch := &store.Channel{Enabled: true}
	if err := req.apply(ch); err != nil {
		return 0, nil, err
	}
	if err := h.st.CreateChannel(api.CurrentUser(c), ch); err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, viewChannel(ch), nil
}

func (h *handlers) updateChannel(c *gin.Context) (int, any, error) {
	if err := adminOnly(c, "manage notification channels"); err != nil {
		return 0, nil, err
	}
	id, err := pathID(c)
	if err != nil {
		return 0, nil, err
	}
	var req channelRequest
	if err := decode(c, &req); err != nil {
		return 0, nil, err
	}
	ch, err := h.st.UpdateChannel(api.CurrentUser(c), id, req.apply)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, viewChannel(ch), nil
}

func (h *handlers) deleteChannel(c *gin.Context) (int, any, error) {
	if err := adminOnly(c, "manage notification channels"); err != nil {
		return 0, nil, err
	}
	id, err := pathID(c)
	if err != nil {
		return 0, nil, err
	}
	if err := h.st.DeleteChannel(api.CurrentUser(c), id); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, gin.H{"deleted": id}, nil
}

// deliveryView is an outbox row as admins see it: its items are counted,
// not listed.
type deliveryView struct {
	ID        int64      `json:"id"`
	Key       string     `json:"key"`
	Job       string     `json:"job"`
	Target    string     `json:"target"`
	ChannelID int64      `json:"channel_id,omitempty"`
	UserID    int64      `json:"user_id,omitempty"`
	Items     int        `json:"items"`
	State     string     `json:"state"`
	Attempts  int        `json:"attempts"`
	NextAt    *time.Time `json:"next_attempt_at,omitempty"`
	LastError string     `json:"last_error,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	SentAt    *time.Time `json:"sent_at,omitempty"`
}

var deliveryStates = map[string]bool{"": true, store.StatePending: true, store.StateSent: true, store.StateFailed: true, store.StateDead: true}

func (h *handlers) listDeliveries(c *gin.Context) (int, any, error) {
	if err := adminOnly(c, "see deliveries"); err != nil {
		return 0, nil, err
	}
	state := c.Query("state")
	if !deliveryStates[state] {
		return 0, nil, ledger.FieldErrorf("state", "state must be pending, sent, failed or dead")
	}
	rows, err := h.st.Deliveries(state, 0)
	out := make([]deliveryView, 0, len(rows))
	for _, r := range rows {
		v := deliveryView{ID: r.ID, Key: r.Key, Job: r.Job, Target: r.Target, ChannelID: r.ChannelID, UserID: r.UserID,
			Items: len(r.Items), State: r.State, Attempts: r.Attempts, LastError: r.LastError, CreatedAt: r.CreatedAt, SentAt: r.SentAt}
		if r.State == store.StatePending || r.State == store.StateFailed {
			next := r.NextAt
			v.NextAt = &next
		}
		out = append(out, v)
	}
	return http.StatusOK, gin.H{"deliveries": out}, err
}

// notificationView is one inbox row as its reader sees it.
type notificationView struct {
	ID          int64       `json:"id"`
	Kind        string      `json:"kind"`
	TaskID      int64       `json:"task_id"`
	Title       string      `json:"title,omitempty"`
	DueOn       ledger.Date `json:"due_on,omitempty"`
	DaysOverdue int         `json:"days_overdue,omitempty"`
	CreatedAt   time.Time   `json:"created_at"`
	Read        bool        `json:"read"`
}

func viewNotification(n *store.Notification) notificationView {
	return notificationView{ID: n.ID, Kind: n.Kind, TaskID: n.TaskID, Title: n.Title, DueOn: n.DueOn,
		DaysOverdue: n.DaysOverdue, CreatedAt: n.CreatedAt, Read: n.Read}
}

func (h *handlers) listNotifications(c *gin.Context) (int, any, error) {
	unread := false
	if v := c.Query("unread"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return 0, nil, ledger.FieldErrorf("unread", "unread must be true or false")
		}
		unread = b
	}
	ns, err := h.st.Notifications(api.CurrentUser(c).ID, unread, 0)
	out := make([]notificationView, 0, len(ns))
	for _, n := range ns {
		out = append(out, viewNotification(n))
	}
	return http.StatusOK, gin.H{"notifications": out}, err
}

func (h *handlers) readOne(c *gin.Context) (int, any, error) {
	id, err := pathID(c)
	if err != nil {
		return 0, nil, err
	}
	n, err := h.st.MarkNotificationRead(api.CurrentUser(c).ID, id)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, viewNotification(n), nil
}

func (h *handlers) readAll(c *gin.Context) (int, any, error) {
	n, err := h.st.MarkAllNotificationsRead(api.CurrentUser(c).ID)
	return http.StatusOK, gin.H{"marked": n}, err
}

func (h *handlers) listJobs(c *gin.Context) (int, any, error) {
	if err := adminOnly(c, "see scheduled jobs"); err != nil {
		return 0, nil, err
	}
	st, err := h.reg.Status(h.reg.Now())
	return http.StatusOK, gin.H{"jobs": st}, err
}

// runJob runs a job to the end even if the caller hangs up: the work is
// idempotent, but half a run helps nobody.
func (h *handlers) runJob(c *gin.Context) (int, any, error) {
	if err := adminOnly(c, "run jobs"); err != nil {
		return 0, nil, err
	}
	name := c.Param("name")
	if _, ok := h.reg.Job(name); !ok {
		return 0, nil, ledger.Errorf(ledger.ENOTFOUND, "no job named %q (want one of %s)", name, strings.Join(h.reg.Names(), ", "))
	}
	res, err := h.reg.Run(context.WithoutCancel(c.Request.Context()), name, h.reg.Now())
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, res, nil
}
