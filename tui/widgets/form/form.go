// Package form is the column of labelled inputs every data-entry screen
// is built from, with per-field errors from the server's 422s.
package form

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/styles"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/widgets/choice"
)

// Field is one input of a Form: a line, a multi-line area, or a choice.
type Field struct {
	// Name is the API's name for the field, so a 422's field messages
	// land next to the right input.
	Name  string
	Label string
	Input textinput.Model
	Area  *textarea.Model
	// Choices, when set, make the field a selector moved with ←/→.
	Choices []string
	Choice  int
	// Checked, when set, makes a selector pick any number of its
	// choices: Choice is then the one under the cursor, space toggles it.
	Checked []bool
	Err     string
}

// Value is the field's text or chosen value.
func (f *Field) Value() string {
	switch {
	case f.Checked != nil:
		var on []string
		for _, i := range f.Picked() {
			on = append(on, f.Choices[i])
		}
		return strings.Join(on, ", ")
	case f.Choices != nil:
		return f.Choices[f.Choice]
	case f.Area != nil:
		return f.Area.Value()
	}
	return f.Input.Value()
}

// SetValue sets the field's text, or selects the choice equal to v.
func (f *Field) SetValue(v string) {
	switch {
	case f.Choices != nil:
		for i, c := range f.Choices {
			if c == v {
				f.Choice = i
			}
		}
	case f.Area != nil:
		f.Area.SetValue(v)
	default:
		// Typing goes on after what was set, as after a completion.
		f.Input.SetValue(v)
		f.Input.CursorEnd()
	}
}

// Text returns a one-line field.
func Text(name, label string, limit int) *Field {
	in := textinput.New()
	in.Prompt = ""
	in.CharLimit = limit
	return &Field{Name: name, Label: label, Input: in}
}

// Password returns a one-line field that masks what is typed.
func Password(name, label string) *Field {
	f := Text(name, label, 0)
	f.Input.EchoMode = textinput.EchoPassword
	f.Input.EchoCharacter = '•'
	return f
}

// Area returns a multi-line field.
func Area(name, label string, limit int) *Field {
	a := textarea.New()
	a.CharLimit = limit
	a.MaxHeight = 0
	a.ShowLineNumbers = false
	a.Prompt = ""
	a.FocusedStyle.CursorLine = lipgloss.NewStyle()
	return &Field{Name: name, Label: label, Area: &a}
}

// WithPlaceholder shows p in the empty field, as an example of what to
// type; it returns f for chaining.
func (f *Field) WithPlaceholder(p string) *Field {
	if f.Area != nil {
		f.Area.Placeholder = p
	} else {
		f.Input.Placeholder = p
	}
	return f
}

// Checks returns a field that picks any number of options: ←/→ move
// among them, space toggles the one under the cursor.
func Checks(name, label string, options ...string) *Field {
	return &Field{Name: name, Label: label, Choices: options, Checked: make([]bool, len(options))}
}

// Picked lists the indexes of the checked options, in order.
func (f *Field) Picked() []int {
	var out []int
	for i, on := range f.Checked {
		if on {
			out = append(out, i)
		}
	}
	return out
}

// Choice returns a selector over choices.
func Choice(name, label string, choices ...string) *Field {
	return &Field{Name: name, Label: label, Choices: choices}
}

// Form is a column of fields with a focus, per-field errors and a
// general error line.
type Form struct {
	Fields []*Field
	// EnterSubmits makes enter in a one-line field submit the form
	// rather than move to the next field.
	EnterSubmits bool
	Err          string
	focus        int
	width        int
	height       int
	labelWidth   int
	// clean holds the values as they were given, to tell whether the
	// user changed anything.
	clean []string
}

// New returns a form with the first field focused.
func New(fields ...*Field) *Form {
	f := &Form{Fields: fields}
	for _, fl := range fields {
		f.labelWidth = max(f.labelWidth, lipgloss.Width(focusMark+fl.Label)+2)
	}
	f.Focus(0)
	f.MarkClean()
	return f
}

// MarkClean takes the values now in the form as the ones the user started
// from (a form filled in to edit something).
func (f *Form) MarkClean() {
	f.clean = f.clean[:0]
	for _, fl := range f.Fields {
		f.clean = append(f.clean, fl.Value())
	}
}

// Changed reports whether the user changed any value since MarkClean:
// leaving would lose it.
func (f *Form) Changed() bool {
	for i, fl := range f.Fields {
		if i >= len(f.clean) || fl.Value() != f.clean[i] {
			return true
		}
	}
	return false
}

// Field returns the field named name.
func (f *Form) Field(name string) *Field {
	for _, fl := range f.Fields {
		if fl.Name == name {
			return fl
		}
	}
	return nil
}

// Focused is the index of the focused field.
func (f *Form) Focused() int { return f.focus }

// Focus moves the focus to field i.
func (f *Form) Focus(i int) tea.Cmd {
	f.focus = (i + len(f.Fields)) % len(f.Fields)
	var cmd tea.Cmd
	for j, fl := range f.Fields {
		switch {
		case fl.Area != nil && j == f.focus:
			cmd = fl.Area.Focus()
		case fl.Area != nil:
			fl.Area.Blur()
		case fl.Choices != nil:
		case j == f.focus:
			cmd = fl.Input.Focus()
		default:
			fl.Input.Blur()
		}
	}
	return cmd
}

// Capturing reports whether the focused field takes typed text.
func (f *Form) Capturing() bool { return f.Fields[f.focus].Choices == nil }

// ClearErrors removes every error.
func (f *Form) ClearErrors() {
	f.Err = ""
	for _, fl := range f.Fields {
		fl.Err = ""
	}
}

// SetFieldErrors puts each message next to its field and returns the
// messages for fields the form does not have.
func (f *Form) SetFieldErrors(fields map[string]string) map[string]string {
	rest := map[string]string{}
	first := -1
	for name, msg := range fields {
		fl := f.Field(name)
		if fl == nil {
			rest[name] = msg
			continue
		}
		fl.Err = msg
	}
	for i, fl := range f.Fields {
		if fl.Err != "" && first < 0 {
			first = i
		}
	}
	if first >= 0 {
		f.Focus(first)
	}
	return rest
}

// SetError shows err: field messages next to their fields, the rest on
// the general line.
func (f *Form) SetError(c *ui.Context, err error) {
	f.ClearErrors()
	rest := f.SetFieldErrors(ui.FieldErrors(err))
	f.Err = c.ErrorText(err)
	for name, msg := range rest {
		f.Err += "; " + name + ": " + msg
	}
}

// Update handles a message; submit is true when the user asked to submit.
func (f *Form) Update(msg tea.Msg, k *keys.KeyMap) (cmd tea.Cmd, submit bool) {
	fl := f.Fields[f.focus]
	if km, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(km, k.SubmitAlt):
			return nil, true
		case key.Matches(km, k.NextField):
			return f.Focus(f.focus + 1), false
		case key.Matches(km, k.PrevField):
			return f.Focus(f.focus - 1), false
		case fl.Area == nil && key.Matches(km, k.Submit):
			if f.EnterSubmits || f.focus == len(f.Fields)-1 {
				return nil, true
			}
			return f.Focus(f.focus + 1), false
		case fl.Area == nil && fl.Choices == nil && key.Matches(km, k.Down):
			return f.Focus(f.focus + 1), false
		case fl.Area == nil && fl.Choices == nil && key.Matches(km, k.Up) && km.String() == "up":
			return f.Focus(f.focus - 1), false
		case fl.Checked != nil:
			switch {
			case km.Type == tea.KeySpace || km.String() == " ":
				if len(fl.Checked) > 0 {
					fl.Checked[fl.Choice] = !fl.Checked[fl.Choice]
				}
			case key.Matches(km, k.Left) && len(fl.Choices) > 0:
				fl.Choice = choice.Step(fl.Choice, len(fl.Choices), -1)
			case key.Matches(km, k.Right) && len(fl.Choices) > 0:
				fl.Choice = choice.Step(fl.Choice, len(fl.Choices), 1)
			case key.Matches(km, k.Down):
				return f.Focus(f.focus + 1), false
			case key.Matches(km, k.Up):
				return f.Focus(f.focus - 1), false
			}
			return nil, false
		case fl.Choices != nil:
			switch {
			case choice.Sideways(&fl.Choice, len(fl.Choices), km, k):
			case key.Matches(km, k.Down):
				return f.Focus(f.focus + 1), false
			case key.Matches(km, k.Up):
				return f.Focus(f.focus - 1), false
			}
			return nil, false
		}
	}
	switch {
	case fl.Area != nil:
		a, c := fl.Area.Update(msg)
		*fl.Area = a
		return c, false
	case fl.Choices == nil:
		fl.Input, cmd = fl.Input.Update(msg)
		return cmd, false
	}
	return nil, false
}

// SetSize lays the fields out in w×h: one-line fields take a line each,
// multi-line fields share what is left.
func (f *Form) SetSize(w, h int) {
	f.width, f.height = w, h
	inputW := max(10, w-f.labelWidth-1)
	areas, fixed := 0, 2 // the general error line and a blank
	for _, fl := range f.Fields {
		if fl.Area != nil {
			areas++
			fixed++ // its label line
		} else {
			fixed++
		}
		if fl.Err != "" {
			fixed++
		}
	}
	each := 3
	if areas > 0 {
		each = max(3, (h-fixed)/areas)
	}
	for _, fl := range f.Fields {
		if fl.Area != nil {
			fl.Area.SetWidth(w)
			fl.Area.SetHeight(each)
		} else {
			fl.Input.Width = inputW - 1
		}
	}
}

// focusMark points at the focused field, so where typing goes shows
// without colour and before the cursor blinks.
const focusMark = "▸ "

// View renders the form.
func (f *Form) View(s *styles.Styles) string {
	var lines []string
	for i, fl := range f.Fields {
		ls, mark := s.Label, strings.Repeat(" ", lipgloss.Width(focusMark))
		if i == f.focus {
			ls, mark = s.LabelFocus, focusMark
		}
		label := ls.Render(padRight(mark+fl.Label, f.labelWidth))
		switch {
		case fl.Area != nil:
			lines = append(lines, label+fieldErr(s, fl), fl.Area.View())
		case fl.Checked != nil:
			lines = append(lines, f.checks(s, fl, label, i == f.focus)...)
			if fl.Err != "" {
				lines = append(lines, f.errLines(s, fl.Err)...)
			}
		case fl.Choices != nil:
			lines = append(lines, label+choice.Options(s, fl.Choices, fl.Choice, i == f.focus))
			if fl.Err != "" {
				lines = append(lines, f.errLines(s, fl.Err)...)
			}
		default:
			lines = append(lines, label+fl.Input.View())
			if fl.Err != "" {
				lines = append(lines, f.errLines(s, fl.Err)...)
			}
		}
	}
	if f.Err != "" {
		lines = append(lines, "", s.Error.Width(max(20, f.width)).Render(f.Err))
	}
	return strings.Join(lines, "\n")
}

// errLines is a field's error under it, wrapped to the form's width:
// a server's message may be longer than an 80-column line.
func (f *Form) errLines(s *styles.Styles, err string) []string {
	indent := strings.Repeat(" ", f.labelWidth)
	width := max(10, f.width-f.labelWidth)
	if f.width == 0 {
		width = max(10, lipgloss.Width("↑ "+err))
	}
	wrapped := strings.Split(lipgloss.NewStyle().Width(width).Render("↑ "+err), "\n")
	out := make([]string, len(wrapped))
	for i, l := range wrapped {
		if i > 0 {
			l = "  " + l
		}
		out[i] = indent + s.FieldError.Render(strings.TrimRight(l, " "))
	}
	return out
}

// checks renders a Checks field: "[x] name" for each option, wrapped
// under its label; the option under the cursor is highlighted (and
// bracketed by ‹›, so it shows without colour) while the field has focus.
func (f *Form) checks(s *styles.Styles, fl *Field, label string, focused bool) []string {
	if len(fl.Choices) == 0 {
		return []string{label + s.Subtle.Render("(nothing to pick)")}
	}
	width := max(10, f.width-f.labelWidth)
	indent := strings.Repeat(" ", f.labelWidth)
	var lines []string
	line, used := label, 0
	for i, o := range fl.Choices {
		box := "[ ] "
		if fl.Checked[i] {
			box = "[x] "
		}
		item := " " + box + o + " "
		if focused && i == fl.Choice {
			item = s.Selected.Render("›" + box + o + "‹")
		}
		w := lipgloss.Width(item)
		if used > 0 && used+1+w > width {
			lines = append(lines, line)
			line, used = indent, 0
		}
		if used > 0 {
			line += " "
			used++
		}
		line += item
		used += w
	}
	return append(lines, line)
}

func fieldErr(s *styles.Styles, fl *Field) string {
	if fl.Err == "" {
		return ""
	}
	return s.FieldError.Render("← " + fl.Err)
}

func padRight(v string, w int) string {
	return v + strings.Repeat(" ", max(0, w-lipgloss.Width(v)))
}

// KeyBindings are the keys a form uses, for help.
func (f *Form) KeyBindings(k *keys.KeyMap) []key.Binding {
	submit := k.SubmitAlt
	if f.EnterSubmits {
		submit = k.Submit
	}
	// The form's action first: a narrow footer keeps its first keys.
	return []key.Binding{submit, k.NextField, k.PrevField}
}

// Page renders the form of a screen that is only this form: a line on
// what it is for (or that it is being saved), a blank, the fields.
func (f *Form) Page(s *styles.Styles, hint string, saving bool) string {
	if saving {
		hint = "Saving…"
	}
	return s.Subtle.Render(hint) + "\n\n" + f.View(s)
}
