package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"rectify/internal/app"
	"rectify/internal/ledger"
	"rectify/internal/notify"
	"rectify/internal/store"
)

// scheduleRoutes are the routes of scheduled work: notification channels
// and deliveries (admin), the caller's in-app notifications, and running
// a job by hand (admin, through app.JobRunner: the jobs package knows no
// HTTP).
func (s *Server) scheduleRoutes() []Route {
	h := handle
	return []Route{
		{Method: "GET", Path: "/channels", Summary: "Notification channels (admin); secrets are never shown", Handler: h(s.listChannels)},
		{Method: "POST", Path: "/channels", Summary: "Add a wecom, dingtalk, feishu or email channel for a branch and its sub-branches (admin)", Body: BodyJSON, Handler: h(s.createChannel)},
		{Method: "PATCH", Path: "/channels/:id", Summary: "Change a channel (admin)", Body: BodyJSON, Handler: h(s.updateChannel)},
		{Method: "DELETE", Path: "/channels/:id", Summary: "Remove a channel (admin)", Handler: h(s.deleteChannel)},
		{Method: "GET", Path: "/deliveries", Summary: "Outbox rows, newest first, by state: pending, sent, failed or dead (admin)", Handler: h(s.listDeliveries)},
		{Method: "GET", Path: "/notifications", Summary: "The caller's in-app notifications, newest first (unread=true: unread only)", Handler: h(s.listNotifications)},
		{Method: "POST", Path: "/notifications/read-all", Summary: "Mark all the caller's notifications read", Handler: h(s.readAllNotifications)},
		{Method: "POST", Path: "/notifications/:id/read", Summary: "Mark one of the caller's notifications read", Handler: h(s.readNotification)},
		{Method: "GET", Path: "/admin/jobs", Summary: "Scheduled jobs with their schedule, last and next run (admin)", Handler: h(s.listJobs)},
		{Method: "POST", Path: "/admin/jobs/:name/run", Summary: "Run a job now and answer what it did (admin)", Handler: h(s.runJob)},
	}
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

func (s *Server) listChannels(c *gin.Context) (int, any, error) {
	chs, err := s.app.Channels(CurrentUser(c))
	if err != nil {
		return 0, nil, err
	}
	out := make([]channelView, 0, len(chs))
	for _, ch := range chs {
		out = append(out, viewChannel(ch))
	}
	return http.StatusOK, gin.H{"channels": out}, nil
}

type channelRequest struct {
	BranchID *int64  `json:"branch_id"`
	Type     *string `json:"type"`
	URL      *string `json:"url"`
	Secret   *string `json:"secret"`
	Enabled  *bool   `json:"enabled"`
}

func (req *channelRequest) input() app.ChannelInput {
	return app.ChannelInput{BranchID: req.BranchID, Type: req.Type, URL: req.URL, Secret: req.Secret, Enabled: req.Enabled}
}

func (s *Server) createChannel(c *gin.Context) (int, any, error) {
	if err := app.MayManageChannels(CurrentUser(c)); err != nil {
		return 0, nil, err
	}
	var req channelRequest
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	ch, err := s.app.CreateChannel(CurrentUser(c), req.input())
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, viewChannel(ch), nil
}

func (s *Server) updateChannel(c *gin.Context) (int, any, error) {
	if err := app.MayManageChannels(CurrentUser(c)); err != nil {
		return 0, nil, err
	}
	id, err := pathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	var req channelRequest
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	ch, err := s.app.UpdateChannel(CurrentUser(c), id, req.input())
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, viewChannel(ch), nil
}

func (s *Server) deleteChannel(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	if err := s.app.DeleteChannel(CurrentUser(c), id); err != nil {
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

func (s *Server) listDeliveries(c *gin.Context) (int, any, error) {
	rows, err := s.app.Deliveries(CurrentUser(c), c.Query("state"))
	if err != nil {
		return 0, nil, err
	}
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
	return http.StatusOK, gin.H{"deliveries": out}, nil
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

func (s *Server) listNotifications(c *gin.Context) (int, any, error) {
	ns, err := s.app.Notifications(CurrentUser(c), c.Query("unread"), 0)
	if err != nil {
		return 0, nil, err
	}
	out := make([]notificationView, 0, len(ns))
	for _, n := range ns {
		out = append(out, viewNotification(n))
	}
	return http.StatusOK, gin.H{"notifications": out}, nil
}

func (s *Server) readNotification(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	n, err := s.app.MarkRead(CurrentUser(c), id)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, viewNotification(n), nil
}

func (s *Server) readAllNotifications(c *gin.Context) (int, any, error) {
	n, err := s.app.MarkManyRead(CurrentUser(c), nil)
	return http.StatusOK, gin.H{"marked": n}, err
}

func (s *Server) listJobs(c *gin.Context) (int, any, error) {
	st, err := s.app.Jobs(CurrentUser(c))
	return http.StatusOK, gin.H{"jobs": st}, err
}

func (s *Server) runJob(c *gin.Context) (int, any, error) {
	res, err := s.app.RunJob(c.Request.Context(), CurrentUser(c), c.Param("name"))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, res, nil
}
