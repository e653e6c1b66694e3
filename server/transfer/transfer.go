// Package transfer moves a hiregate database between engines (SQLite and
// PostgreSQL, either way) through a file: Export writes every moved row
// (sqlstore.MovedTables) of one snapshot, Import loads them into an empty
// database in one transaction. Both sides compute a row count and a
// checksum per table; Import refuses a file whose rows do not add up to
// its own summary and checks the loaded database against it afterwards.
//
// The file is JSON Lines: a header, one line per row ({"t": table,
// "r": [values in column order]}), and a summary last, so that a file cut
// short is recognised.
package transfer

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/big"
	"strings"

	"github.com/hiregate/hiregate/server/store/sqlstore"
)

// Format and Version identify the file.
const (
	Format  = "hiregate-export"
	Version = 1
)

// maxLine bounds one line of the file: a row holds at most a 100,000
// character resume and a 10,000 character cover letter, JSON-escaped.
const maxLine = 8 << 20

// Source is a database rows are read from.
type Source interface {
	ExportRows(ctx context.Context, fn func(t sqlstore.Table, row []any) error) error
}

// Sink is a database rows are loaded into.
type Sink interface {
	Source
	ImportRows(ctx context.Context, fill func(insert func(t sqlstore.Table, row []any) error) error) error
}

// TableSum is the row count and checksum of one table. The checksum is the
// sum, modulo 2^256, of the SHA-256 of each row's JSON: independent of the
// order rows are read in, which differs between engines' collations.
type TableSum struct {
	Rows   int64  `json:"rows"`
	SHA256 string `json:"sha256"`
}

// Summary maps each moved table's name to its sum.
type Summary map[string]TableSum

// String lists the tables in moving order, for the operator.
func (s Summary) String() string {
	var b strings.Builder
	for _, t := range sqlstore.MovedTables {
		fmt.Fprintf(&b, "%-20s %8d rows  sha256 %s\n", t.Name, s[t.Name].Rows, s[t.Name].SHA256)
	}
	return b.String()
}

// Equal reports whether s and o agree on every table.
func (s Summary) Equal(o Summary) bool { return maps.Equal(s, o) }

// summer accumulates a Summary.
type summer struct {
	rows map[string]int64
	sums map[string]*big.Int
}

var modulus = new(big.Int).Lsh(big.NewInt(1), 256)

func newSummer() *summer {
	s := &summer{rows: map[string]int64{}, sums: map[string]*big.Int{}}
	for _, t := range sqlstore.MovedTables {
		s.sums[t.Name] = new(big.Int)
	}
	return s
}

func (s *summer) add(table string, rowJSON []byte) {
	h := sha256.Sum256(rowJSON)
	sum := s.sums[table]
	sum.Add(sum, new(big.Int).SetBytes(h[:]))
	sum.Mod(sum, modulus)
	s.rows[table]++
}

func (s *summer) summary() Summary {
	out := Summary{}
	for _, t := range sqlstore.MovedTables {
		var b [32]byte
		out[t.Name] = TableSum{Rows: s.rows[t.Name], SHA256: hex.EncodeToString(s.sums[t.Name].FillBytes(b[:]))}
	}
	return out
}

type header struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
}

type summaryLine struct {
	Summary Summary `json:"summary"`
}

// Export writes every moved row of src to w and returns the summary it
// wrote last.
func Export(ctx context.Context, src Source, w io.Writer) (Summary, error) {
	bw := bufio.NewWriterSize(w, 1<<16)
	sums := newSummer()
	if err := writeLine(bw, header{Format: Format, Version: Version}); err != nil {
		return nil, err
	}
	err := src.ExportRows(ctx, func(t sqlstore.Table, row []any) error {
		r, err := json.Marshal(row)
		if err != nil {
			return fmt.Errorf("export %s: %w", t.Name, err)
		}
		sums.add(t.Name, r)
		name, _ := json.Marshal(t.Name)
		bw.WriteString(`{"t":`)
		bw.Write(name)
		bw.WriteString(`,"r":`)
		bw.Write(r)
		_, err = bw.WriteString("}\n")
		if err != nil {
			return fmt.Errorf("export: write: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s := sums.summary()
	if err := writeLine(bw, summaryLine{Summary: s}); err != nil {
		return nil, err
	}
	if err := bw.Flush(); err != nil {
		return nil, fmt.Errorf("export: write: %w", err)
	}
	return s, nil
}

// writeLine writes v as one line of JSON.
func writeLine(w *bufio.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if _, err := w.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("export: write: %w", err)
	}
	return nil
}

// Sum computes src's summary without writing anything.
func Sum(ctx context.Context, src Source) (Summary, error) {
	return Export(ctx, src, io.Discard)
}

// ErrMismatch reports a database or file whose rows do not match a
// summary.
var ErrMismatch = errors.New("transfer: rows do not match the summary")

// Import loads the file read from r into dst, which must hold no moved
// rows, in one transaction, and then checks dst against the file's
// summary. Nothing is loaded when the file is malformed, cut short or
// inconsistent with its summary.
func Import(ctx context.Context, dst Sink, r io.Reader) (Summary, error) {
	var want Summary
	err := dst.ImportRows(ctx, func(insert func(sqlstore.Table, []any) error) error {
		var err error
		want, err = load(r, insert)
		return err
	})
	if err != nil {
		return nil, err
	}
	got, err := Sum(ctx, dst)
	if err != nil {
		return nil, fmt.Errorf("import: verify: %w", err)
	}
	if !got.Equal(want) {
		return got, fmt.Errorf("%w: the database now holds\n%sbut the file says\n%s", ErrMismatch, got, want)
	}
	return got, nil
}

// load reads the file, inserting each row, and returns its summary once
// the rows read are seen to match it.
func load(r io.Reader, insert func(sqlstore.Table, []any) error) (Summary, error) {
	tables := map[string]sqlstore.Table{}
	for _, t := range sqlstore.MovedTables {
		tables[t.Name] = t
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<16), maxLine)
	n := 0
	next := func() ([]byte, bool) {
		if !sc.Scan() {
			return nil, false
		}
		n++
		return sc.Bytes(), true
	}
	line, ok := next()
	var h header
	if !ok || json.Unmarshal(line, &h) != nil || h.Format != Format {
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("import: read: %w", err)
		}
		return nil, fmt.Errorf("import: not a hiregate export (the first line must be {\"format\":%q,...})", Format)
	}
	if h.Version != Version {
		return nil, fmt.Errorf("import: export format version %d; this hiregate reads version %d", h.Version, Version)
	}
	sums := newSummer()
	var want Summary
	for {
		line, ok := next()
		if !ok {
			break
		}
		if want != nil {
			return nil, fmt.Errorf("import: line %d: data after the summary", n)
		}
		var probe struct {
			T       string          `json:"t"`
			R       json.RawMessage `json:"r"`
			Summary Summary         `json:"summary"`
		}
		if err := json.Unmarshal(line, &probe); err != nil {
			return nil, fmt.Errorf("import: line %d: %v", n, err)
		}
		if probe.Summary != nil {
			want = probe.Summary
			continue
		}
		t, ok := tables[probe.T]
		if !ok {
			return nil, fmt.Errorf("import: line %d: unknown table %q", n, probe.T)
		}
		row, err := decodeRow(t, probe.R)
		if err != nil {
			return nil, fmt.Errorf("import: line %d (%s): %v", n, t.Name, err)
		}
		canon, err := json.Marshal(row)
		if err != nil {
			return nil, fmt.Errorf("import: line %d (%s): %v", n, t.Name, err)
		}
		sums.add(t.Name, canon)
		if err := insert(t, row); err != nil {
			return nil, fmt.Errorf("import: line %d: %w", n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("import: read line %d: %w", n+1, err)
	}
	if want == nil {
		return nil, errors.New("import: the file ends before its summary: it was cut short; nothing was imported")
	}
	if got := sums.summary(); !got.Equal(want) {
		return nil, fmt.Errorf("%w: the file's rows add up to\n%sbut its summary says\n%snothing was imported", ErrMismatch, got, want)
	}
	return want, nil
}

// decodeRow reads a row's JSON array into the Go types of its columns'
// kinds, refusing anything else.
func decodeRow(t sqlstore.Table, raw json.RawMessage) ([]any, error) {
	var vals []json.RawMessage
	if err := json.Unmarshal(raw, &vals); err != nil {
		return nil, fmt.Errorf("the row is not a JSON array")
	}
	if len(vals) != len(t.Columns) {
		return nil, fmt.Errorf("%d values, want %d (%s)", len(vals), len(t.Columns), t.ColumnList())
	}
	row := make([]any, len(vals))
	for i, c := range t.Columns {
		v := vals[i]
		var err error
		switch c.Kind {
		case sqlstore.Text:
			var s string
			err = json.Unmarshal(v, &s)
			if err == nil && string(v) == "null" {
				err = errors.New("null")
			}
			row[i] = s
		case sqlstore.Int:
			var n int64
			err = json.Unmarshal(v, &n)
			if err == nil && string(v) == "null" {
				err = errors.New("null")
			}
			row[i] = n
		case sqlstore.NullableInt:
			var p *int64
			err = json.Unmarshal(v, &p)
			row[i] = p
		case sqlstore.NullableText:
			var p *string
			err = json.Unmarshal(v, &p)
			row[i] = p
		case sqlstore.Bool:
			var b bool
			err = json.Unmarshal(v, &b)
			if err == nil && string(v) == "null" {
				err = errors.New("null")
			}
			row[i] = b
		case sqlstore.Bytes:
			// Base64 in the file, as encoding/json writes a []byte.
			var b []byte
			err = json.Unmarshal(v, &b)
			if err == nil && string(v) == "null" {
				err = errors.New("null")
			}
			row[i] = b
		}
		if err != nil {
			return nil, fmt.Errorf("column %s: %s is not a valid value", c.Name, truncate(string(v), 40))
		}
	}
	return row, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
