package sqlstore_test

import (
	"errors"
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/hiregate/hiregate/server/store/sqlstore"
)

// fakeRows yields one int per row, then ends with err.
type fakeRows struct {
	vals []int
	i    int
	err  error
}

func (r *fakeRows) Next() bool { r.i++; return r.i <= len(r.vals) }
func (r *fakeRows) Err() error { return r.err }
func (r *fakeRows) Scan(dest ...any) error {
	*dest[0].(*int) = r.vals[r.i-1]
	return nil
}

var errBroken = errors.New("connection lost")

func TestCollect(t *testing.T) {
	errOdd := errors.New("odd")
	tests := []struct {
		name    string
		rows    *fakeRows
		want    []int
		wantErr error
	}{
		{"empty is not nil", &fakeRows{}, []int{}, nil},
		{"all rows in order", &fakeRows{vals: []int{4, 2, 8}}, []int{4, 2, 8}, nil},
		{"a result set cut short is an error", &fakeRows{vals: []int{4, 2}, err: errBroken}, nil, errBroken},
		{"a scan error stops the read", &fakeRows{vals: []int{4, 3, 8}}, nil, errOdd},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := sqlstore.Collect(tt.rows, func(row sqlstore.Scanner) (int, error) {
				var n int
				if err := row.Scan(&n); err != nil {
					return 0, err
				}
				if n%2 == 1 {
					return 0, errOdd
				}
				return n, nil
			})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Collect(%v) error = %v, want %v", tt.rows.vals, err, tt.wantErr)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Collect(%v) = %#v, want %#v", tt.rows.vals, got, tt.want)
			}
		})
	}
}

func TestLoadMigrations(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	tests := []struct {
		name    string
		fs      fstest.MapFS
		want    []int // versions, in order
		wantErr bool
	}{
		{"sorted by number", fstest.MapFS{"m/0010_b.sql": file("b"), "m/0002_a.sql": file("a")}, []int{2, 10}, false},
		{"no number", fstest.MapFS{"m/init.sql": file("x")}, nil, true},
		{"zero", fstest.MapFS{"m/0000_x.sql": file("x")}, nil, true},
		{"not sql", fstest.MapFS{"m/0001_x.txt": file("x")}, nil, true},
		{"shared number", fstest.MapFS{"m/0001_a.sql": file("a"), "m/01_b.sql": file("b")}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, err := sqlstore.LoadMigrations(tt.fs, "m")
			if (err != nil) != tt.wantErr {
				t.Fatalf("LoadMigrations() error = %v, want error %v", err, tt.wantErr)
			}
			var got []int
			for _, m := range ms {
				got = append(got, m.Version)
				if want := string(tt.fs["m/"+m.Name].Data); m.SQL != want {
					t.Errorf("LoadMigrations() %s SQL = %q, want %q", m.Name, m.SQL, want)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("LoadMigrations() versions = %v, want %v", got, tt.want)
			}
		})
	}
}
