package sqlstore

import "fmt"

// Kind is how a column's values are represented when rows are moved
// between engines.
type Kind int

// Column kinds and the Go type of their values.
const (
	Text         Kind = iota // string
	Int                      // int64
	NullableInt              // *int64
	Bool                     // bool
	Bytes                    // []byte (never nil): a BLOB, BYTEA
	NullableText             // *string
)

// Column is one column of a Table.
type Column struct {
	Name string
	Kind Kind
}

// Table is a table whose rows move with the data when a database changes
// engine (hiregate export / import). Both engines have these tables with
// these columns.
type Table struct {
	Name    string
	Columns []Column
	OrderBy string // the primary key
}

// ColumnList is the table's column names, comma separated.
func (t Table) ColumnList() string {
	s := ""
	for i, c := range t.Columns {
		if i > 0 {
			s += ", "
		}
		s += c.Name
	}
	return s
}

// Dest returns scan destinations for one row and a function that reads
// the scanned values out as the Kind types.
func (t Table) Dest() (dest []any, values func() []any) {
	dest = make([]any, len(t.Columns))
	for i, c := range t.Columns {
		switch c.Kind {
		case Text:
			dest[i] = new(string)
		case Int:
			dest[i] = new(int64)
		case NullableInt:
			dest[i] = new(*int64)
		case Bool:
			dest[i] = new(bool)
		case Bytes:
			dest[i] = new([]byte)
		case NullableText:
			dest[i] = new(*string)
		}
	}
	return dest, func() []any {
		out := make([]any, len(dest))
		for i, d := range dest {
			switch d := d.(type) {
			case *string:
				out[i] = *d
			case *int64:
				out[i] = *d
			case **int64:
				out[i] = *d
			case *bool:
				out[i] = *d
			case *[]byte:
				out[i] = *d
			case **string:
				out[i] = *d
			}
		}
		return out
	}
}

// MovedTables are the tables a move carries, parents before children.
// Sessions, refresh tokens, login attempts, pending second-factor logins
// (mfa_tokens), one-time codes and signing keys stay behind:
// they belong to the servers of the old database, and everyone signs in
// again on the new one.
var MovedTables = []Table{
	{Name: "users", OrderBy: "id", Columns: []Column{
		{"id", Text}, {"email", Text}, {"full_name", Text}, {"role", Text}, {"active", Bool},
		{"password_hash", Text}, {"created_at", Int}, {"email_verified", Bool}, {"notify_email", Bool}}},
	{Name: "jobs", OrderBy: "id", Columns: []Column{
		{"id", Text}, {"title", Text}, {"description", Text}, {"location", Text}, {"employment_type", Text},
		{"salary_min", NullableInt}, {"salary_max", NullableInt}, {"status", Text}, {"recruiter_id", Text},
		{"created_at", Int}, {"updated_at", Int}, {"blind_until", Text}}},
	{Name: "applications", OrderBy: "id", Columns: []Column{
		{"id", Text}, {"job_id", Text}, {"candidate_id", Text}, {"cover_letter", Text}, {"resume_text", Text},
		{"status", Text}, {"created_at", Int}, {"updated_at", Int}}},
	// A resume's file and a screening profile; the funnel's running
	// counts are not moved: each engine rebuilds them as the history rows
	// arrive.
	{Name: "resumes", OrderBy: "application_id", Columns: []Column{
		{"application_id", Text}, {"filename", Text}, {"content_type", Text}, {"size", Int}, {"sha256", Text},
		{"text_chars", Int}, {"pages", Int}, {"uploaded_at", Int}, {"data", Bytes}}},
	{Name: "application_profiles", OrderBy: "application_id", Columns: []Column{
		{"application_id", Text}, {"job_id", Text}, {"version", Int}, {"profile", Bytes}}},
	// The skill list, jobs' skills and stored scores (with the versions
	// that say how current they are).
	{Name: "skills", OrderBy: "id", Columns: []Column{
		{"id", Text}, {"name", Text}, {"name_key", Text}, {"aliases", Text}, {"updated_at", Int}}},
	{Name: "job_scoring", OrderBy: "job_id", Columns: []Column{
		{"job_id", Text}, {"required", Text}, {"nice", Text}, {"version", Int}, {"scored", Int}}},
	{Name: "application_scores", OrderBy: "application_id", Columns: []Column{
		{"application_id", Text}, {"job_id", Text}, {"version", Int}, {"score", Int}, {"explain", Text}}},
	{Name: "application_history", OrderBy: "application_id, seq", Columns: []Column{
		{"application_id", Text}, {"seq", Int}, {"status", Text}, {"at", Int}, {"by_id", Text}, {"by_name", Text},
		{"reason", Text}}},
	{Name: "notes", OrderBy: "id", Columns: []Column{
		{"id", Text}, {"application_id", Text}, {"author_id", Text}, {"body", Text}, {"created_at", Int}}},
	{Name: "messages", OrderBy: "id", Columns: []Column{
		{"id", Text}, {"application_id", Text}, {"author_id", Text}, {"body", Text}, {"created_at", Int}}},
	{Name: "message_reads", OrderBy: "user_id, application_id", Columns: []Column{
		{"user_id", Text}, {"application_id", Text}, {"read_at", Int}, {"read_id", Text}}},
	{Name: "audit_events", OrderBy: "id", Columns: []Column{
		{"id", Text}, {"at", Int}, {"type", Text}, {"user_id", Text}, {"email", Text}, {"ip", Text}, {"detail", Text}}},
	// Second factors move too, or their users would lose them. The secret
	// stays sealed: the new servers need the same MFA key.
	{Name: "mfa_totp", OrderBy: "user_id", Columns: []Column{
		{"user_id", Text}, {"secret", Text}, {"enabled_at", NullableInt}, {"last_step", Int}, {"created_at", Int}}},
	{Name: "mfa_recovery_codes", OrderBy: "user_id, hash", Columns: []Column{
		{"user_id", Text}, {"hash", Text}, {"used_at", NullableInt}}},
	// Hiring teams, interviews, scorecards and feedback.
	{Name: "job_team", OrderBy: "job_id, user_id", Columns: []Column{
		{"job_id", Text}, {"user_id", Text}, {"role", Text}, {"added_at", Int}}},
	{Name: "interviews", OrderBy: "id", Columns: []Column{
		{"id", Text}, {"application_id", Text}, {"organizer_id", Text}, {"starts_at", Int}, {"duration_minutes", Int},
		{"location", Text}, {"url", Text}, {"status", Text}, {"sequence", Int}, {"created_at", Int}, {"updated_at", Int}}},
	{Name: "interview_interviewers", OrderBy: "interview_id, user_id", Columns: []Column{
		{"interview_id", Text}, {"user_id", Text}}},
	{Name: "scorecards", OrderBy: "job_id", Columns: []Column{
		{"job_id", Text}, {"criteria", Text}, {"required_before_offer", Bool}, {"updated_at", Int}}},
	{Name: "feedback", OrderBy: "interview_id, author_id", Columns: []Column{
		{"interview_id", Text}, {"author_id", Text}, {"application_id", Text}, {"ratings", Text}, {"recommendation", Text},
		{"notes", Text}, {"submitted_at", Int}, {"updated_at", Int}}},
	// Queued mails move so that none is lost; sent and failed ones are
	// the mail log. Their data may hold codes, which the new servers
	// accept as the old ones did.
	{Name: "mail_outbox", OrderBy: "id", Columns: []Column{
		{"id", Text}, {"user_id", Text}, {"to_addr", Text}, {"to_name", Text}, {"template", Text}, {"data", Bytes},
		{"calendar_method", Text}, {"calendar", Bytes}, {"subject", Text}, {"status", Text}, {"attempts", Int},
		{"last_error", Text}, {"next_at", Int}, {"claim", Text}, {"created_at", Int}, {"sent_at", NullableInt}}},
	{Name: "mail_templates", OrderBy: "name", Columns: []Column{
		{"name", Text}, {"subject", Text}, {"body", Text}, {"updated_at", Int}}},
	// Voluntary self-identification (NULL: not answered).
	{Name: "demographics", OrderBy: "user_id", Columns: []Column{
		{"user_id", Text}, {"gender", NullableText}, {"ethnicity", NullableText}, {"age_band", NullableText}, {"updated_at", Int}}},
	// Linked SSH keys move, or their users would have to link them again.
	{Name: "ssh_keys", OrderBy: "id", Columns: []Column{
		{"id", Text}, {"user_id", Text}, {"fingerprint", Text}, {"key_type", Text}, {"public_key", Text},
		{"name", Text}, {"created_at", Int}, {"last_used_at", NullableInt}}},
}

// Select is the statement Export reads: every column, in primary-key
// order, so an export is the same bytes on every engine.
func (t Table) Select() string {
	return `SELECT ` + t.ColumnList() + ` FROM ` + t.Name + ` ORDER BY ` + t.OrderBy
}

// Export hands every row of rows, the result of t.Select(), to fn. fn's
// error comes back as fn returned it; a read error comes back as
// "<engine>: export <table>: ...".
func (t Table) Export(engine string, rows Rows, fn func(Table, []any) error) error {
	dest, values := t.Dest()
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("%s: export %s: %w", engine, t.Name, err)
		}
		if err := fn(t, values()); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: export %s: %w", engine, t.Name, err)
	}
	return nil
}
