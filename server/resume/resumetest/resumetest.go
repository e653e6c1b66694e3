// Package resumetest writes small, valid PDF files for tests: real files
// with correct cross-reference offsets that any PDF reader opens, so tests
// exercise the same code path as a resume exported by a word processor.
package resumetest

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"strings"
)

// PDF returns a PDF with one page per argument; each page shows its lines
// of text in Helvetica (WinAnsi encoding). Parentheses and backslashes are
// escaped.
func PDF(pages ...string) []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"", // the page tree, once the kids are known
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
	}
	var kids []string
	for _, text := range pages {
		var c strings.Builder
		c.WriteString("BT /F1 12 Tf 72 720 Td 14 TL\n")
		for i, line := range strings.Split(text, "\n") {
			if i > 0 {
				c.WriteString("T*\n")
			}
			fmt.Fprintf(&c, "(%s) Tj\n", Escape(line))
		}
		c.WriteString("ET")
		objs = append(objs, Stream("", []byte(c.String())))
		content := len(objs)
		objs = append(objs, fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "+
			"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", content))
		kids = append(kids, fmt.Sprintf("%d 0 R", len(objs)))
	}
	objs[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids))
	return Build("", objs...)
}

// Escape escapes s for a PDF literal string.
func Escape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`)
	return r.Replace(s)
}

// Stream returns a stream object with the given extra dictionary entries
// (such as "/Filter /FlateDecode") and data.
func Stream(dict string, data []byte) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}

// Flate returns a FlateDecode stream object holding data compressed.
func Flate(data []byte) string {
	var b bytes.Buffer
	w, _ := zlib.NewWriterLevel(&b, zlib.BestSpeed)
	w.Write(data)
	w.Close()
	return Stream("/Filter /FlateDecode", b.Bytes())
}

// Build writes a PDF whose objects are numbered from 1 in the order given,
// object 1 being the catalog. extraTrailer is added to the trailer
// dictionary (for example an /Encrypt entry).
func Build(extraTrailer string, objs ...string) []byte {
	var b bytes.Buffer
	// The binary comment marks the file as binary to transfer tools.
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f\r\n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n\r\n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, extraTrailer, xref)
	return b.Bytes()
}
