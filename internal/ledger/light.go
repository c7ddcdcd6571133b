package ledger

// Light is the 红黄绿灯 signal of a task.
type Light string

// Lights.
const (
	LightGreen  Light = "green"
	LightYellow Light = "yellow"
	LightRed    Light = "red"
	LightDone   Light = "done"
)

// Valid reports whether l is known.
func (l Light) Valid() bool {
	return l == LightGreen || l == LightYellow || l == LightRed || l == LightDone
}

// Label is the Chinese name.
func (l Light) Label() string {
	return map[Light]string{LightGreen: "绿灯", LightYellow: "黄灯", LightRed: "红灯", LightDone: "已销号"}[l]
}

// LightOn returns the task's light on today. A submitted task waits for
// the officer, not the owner, so it is not red however late it is.
func (t *Task) LightOn(today Date) Light {
	switch {
	case t.Status == StatusClosed:
		return LightDone
	case t.Overdue(today):
		return LightRed
	case t.DueSoon(today):
		return LightYellow
	}
	return LightGreen
}
