package web

import (
	"html/template"
	"strings"

	"rectify/internal/ledger"
)

// fieldView is one form field as the "field" template draws it: label,
// control with the value as typed, and the error right beside it.
type fieldView struct {
	ID, Name, Label, Type, Value, Err, Hint string
	Options                                 []option
}

func (h *Handler) planFuncs() template.FuncMap {
	return template.FuncMap{
		"fld":    fld,
		"sel":    sel,
		"people": h.peopleOptions,
		"hint":   func(v fieldView, hint string) fieldView { v.Hint = hint; return v },
		// plans: the user may edit, withdraw or hand over this measure.
		"plans": func(u *ledger.User, t *ledger.Task) bool {
			return u != nil && planner(u) && t.Status.Unfinished() && h.st.Scope(u).Manages(t.BranchID)
		},
	}
}

// fld describes a text-like field: typ is an input type or "textarea".
func fld(f *form, name, label, typ string) fieldView {
	return fieldView{ID: "f-" + strings.ReplaceAll(name, ".", "-"), Name: name, Label: label, Type: typ,
		Value: f.V(name), Err: f.E(name)}
}

// sel describes a <select> whose options are marked from the form value.
func sel(f *form, name, label string, opts []option) fieldView {
	v := fld(f, name, label, "select")
	v.Options = make([]option, len(opts))
	for i, o := range opts {
		o.Selected = o.Value == v.Value
		v.Options[i] = o
	}
	return v
}

// peopleOptions lists users as "姓名（单位）", with a blank first choice.
func (h *Handler) peopleOptions(us []*ledger.User, blank string) []option {
	tree := h.st.Tree()
	out := []option{{"", blank, false}}
	for _, u := range us {
		label := u.Name
		if b := tree.Get(u.BranchID); b != nil {
			label += "（" + b.Name + "）"
		}
		out = append(out, option{id(u.ID), label, false})
	}
	return out
}
