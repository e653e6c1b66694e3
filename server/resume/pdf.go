package resume

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

// source is the PDF's bytes as the library reads them. Once stopped, every
// read fails: the library turns that into a panic, which ends an abandoned
// extraction at its next read.
type source struct {
	r       *bytes.Reader
	stopped atomic.Bool
}

func newSource(data []byte) *source { return &source{r: bytes.NewReader(data)} }

func (s *source) stop() { s.stopped.Store(true) }

func (s *source) ReadAt(p []byte, off int64) (int, error) {
	if s.stopped.Load() {
		return 0, errStopped
	}
	return s.r.ReadAt(p, off)
}

// testHook, when set by a test, runs at the start of every PDF extraction.
var testHook func()

// readPDF opens the file, checks its structure against the limits, measures
// what its streams inflate to and only then reads its text. Panics from the
// library (it reports most malformations that way) become ReasonMalformed.
func (e *Extractor) readPDF(src *source) (text *Text, err error) {
	defer func() {
		if x := recover(); x != nil {
			text = nil
			var rej rejection
			if er, ok := x.(error); ok && errors.As(er, &rej) {
				err = Rejected(rej.reason)
				return
			}
			if src.stopped.Load() {
				err = Rejected(ReasonTooSlow)
				return
			}
			err = Rejected(ReasonMalformed)
		}
	}()
	if testHook != nil {
		testHook()
	}
	r, err := pdf.NewReader(src, src.r.Size())
	if err != nil {
		if errors.Is(err, pdf.ErrInvalidPassword) || strings.Contains(err.Error(), "encrypt") {
			return nil, Rejected(ReasonEncrypted)
		}
		return nil, Rejected(ReasonMalformed)
	}
	if !r.Trailer().Key("Encrypt").IsNull() {
		return nil, Rejected(ReasonEncrypted)
	}
	root := r.Trailer().Key("Root").Key("Pages")
	if root.Kind() != pdf.Dict {
		return nil, Rejected(ReasonMalformed)
	}
	if root.Key("Count").Int64() > int64(e.limits.MaxPages) {
		return nil, Rejected(ReasonTooManyPages)
	}
	pages, err := e.pages(root)
	if err != nil {
		return nil, err
	}
	if len(pages) == 0 {
		return nil, Rejected(ReasonNoText)
	}
	if err := e.measure(src, pages); err != nil {
		return nil, err
	}
	var b textBuilder
	b.max = e.limits.MaxTextChars * utf8.UTFMax
	for _, p := range pages {
		readPage(src, p, &b)
		b.sep('\n')
		b.sep('\n')
	}
	return e.finish(b.String(), len(pages))
}

// pages walks the page tree, bounded in depth and in the number of nodes it
// visits (a Kids array may point back at an ancestor).
func (e *Extractor) pages(root pdf.Value) ([]pdf.Page, error) {
	var out []pdf.Page
	visits := 0
	maxVisits := 4*e.limits.MaxPages + 64
	var walk func(n pdf.Value, depth int) error
	walk = func(n pdf.Value, depth int) error {
		if depth > e.limits.MaxDepth {
			return Rejected(ReasonTooDeep)
		}
		if visits++; visits > maxVisits {
			return Rejected(ReasonTooManyPages)
		}
		switch n.Key("Type").Name() {
		case "Pages":
			kids := n.Key("Kids")
			for i := 0; i < kids.Len(); i++ {
				if err := walk(kids.Index(i), depth+1); err != nil {
					return err
				}
			}
		case "Page":
			if len(out) == e.limits.MaxPages {
				return Rejected(ReasonTooManyPages)
			}
			out = append(out, pdf.Page{V: n})
		}
		return nil
	}
	if err := walk(root, 0); err != nil {
		return nil, err
	}
	return out, nil
}

// measure streams every stream the text will be read from through a
// counter, stopping as soon as the total passes MaxInflated: a stream that
// inflates to gigabytes costs MaxInflated bytes of work, not memory.
func (e *Extractor) measure(src *source, pages []pdf.Page) error {
	budget := e.limits.MaxInflated
	count := func(v pdf.Value) {
		if v.Kind() != pdf.Stream {
			return
		}
		rc := v.Reader()
		defer rc.Close()
		n, err := io.Copy(io.Discard, io.LimitReader(rc, budget+1))
		if err != nil {
			panic(err)
		}
		if budget -= n; budget < 0 {
			panic(rejection{ReasonInflatesTooBig})
		}
	}
	for _, p := range pages {
		if src.stopped.Load() {
			panic(errStopped)
		}
		c := p.V.Key("Contents")
		if c.Kind() == pdf.Array {
			for i := 0; i < c.Len(); i++ {
				count(c.Index(i))
			}
		} else {
			count(c)
		}
		fonts := p.Resources().Key("Font")
		for _, name := range fonts.Keys() {
			count(fonts.Key(name).Key("ToUnicode"))
		}
	}
	return nil
}

// readPage appends the page's text to b: the strings its text operators
// show, decoded through their fonts, with a line break where the text
// moves to a new line and a space where a TJ array leaves a gap wider than
// a fifth of an em (how many generators, TeX among them, space words).
func readPage(src *source, p pdf.Page, b *textBuilder) {
	c := p.V.Key("Contents")
	if c.Kind() != pdf.Stream && c.Kind() != pdf.Array {
		return
	}
	fonts := map[string]*pdf.Font{}
	var enc pdf.TextEncoding
	show := func(v pdf.Value) {
		if v.Kind() != pdf.String {
			return
		}
		raw := v.RawString()
		if enc == nil {
			b.WriteString(raw)
			return
		}
		b.WriteString(enc.Decode(raw))
	}
	var args []pdf.Value
	pdf.Interpret(c, func(stk *pdf.Stack, op string) {
		if src.stopped.Load() {
			panic(errStopped)
		}
		args = args[:0]
		for stk.Len() > 0 {
			args = append(args, stk.Pop())
		}
		// args is in reverse: args[0] is the operator's last operand.
		switch op {
		case "BT", "ET", "T*":
			b.sep('\n')
		case "Td", "TD":
			if len(args) == 2 && args[0].Float64() != 0 {
				b.sep('\n')
			} else {
				b.sep(' ')
			}
		case "Tm":
			b.sep(' ')
		case "Tf":
			if len(args) != 2 {
				return
			}
			name := args[1].Name()
			f, ok := fonts[name]
			if !ok {
				font := p.Font(name)
				f = &font
				fonts[name] = f
			}
			if f.V.IsNull() {
				enc = nil
			} else {
				enc = f.Encoder()
			}
		case "Tj":
			if len(args) == 1 {
				show(args[0])
			}
		case "'":
			b.sep('\n')
			if len(args) == 1 {
				show(args[0])
			}
		case "\"":
			b.sep('\n')
			if len(args) == 3 {
				show(args[0])
			}
		case "TJ":
			if len(args) != 1 {
				return
			}
			a := args[0]
			for i := 0; i < a.Len(); i++ {
				x := a.Index(i)
				switch x.Kind() {
				case pdf.String:
					show(x)
				case pdf.Integer, pdf.Real:
					if x.Float64() < -200 {
						b.sep(' ')
					}
				}
			}
		}
		if b.full() {
			panic(rejection{ReasonTextTooLong})
		}
	})
}

// textBuilder collects extracted text: only printable characters (a font
// without a usable encoding yields raw codes), whitespace collapsed.
type textBuilder struct {
	buf []byte
	max int
}

func (b *textBuilder) full() bool { return len(b.buf) > b.max }

// WriteString appends s, replacing invalid UTF-8 and control characters by
// spaces and collapsing runs of spaces.
func (b *textBuilder) WriteString(s string) {
	for _, r := range s {
		switch {
		case r == utf8.RuneError, unicode.IsControl(r), unicode.IsSpace(r):
			b.sep(' ')
		case !unicode.IsPrint(r):
			// Private-use glyph codes and the like carry no text.
		default:
			b.buf = utf8.AppendRune(b.buf, r)
		}
	}
}

// sep adds a separator unless one is already there: a newline replaces a
// trailing space, and no more than one blank line is kept.
func (b *textBuilder) sep(c byte) {
	n := len(b.buf)
	if n == 0 {
		return
	}
	last := b.buf[n-1]
	switch {
	case c == ' ' && (last == ' ' || last == '\n'):
		return
	case c == '\n' && last == ' ':
		b.buf = b.buf[:n-1]
		b.sep('\n')
		return
	case c == '\n' && n >= 2 && b.buf[n-2] == '\n' && last == '\n':
		return
	}
	b.buf = append(b.buf, c)
}

func (b *textBuilder) String() string {
	return strings.TrimSpace(string(b.buf))
}
