package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"golang.org/x/term"

	"github.com/hiregate/hiregate/server/accounts"
	"github.com/hiregate/hiregate/server/app"
	"github.com/hiregate/hiregate/server/auth"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// flagNames maps the domain's field names to the flags that set them.
var flagNames = map[string]string{"email": "--email", "full_name": "--name", "role": "--role", "password": "password (stdin)"}

func userCreate(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	data := dataFlag(fs)
	email := fs.String("email", "", "the user's email (required)")
	name := fs.String("name", "", "the user's full name (required)")
	role := fs.String("role", string(hiregate.RoleAdmin), "candidate, recruiter or admin")
	if code, ok := parseSub(fs, args, stdout, stderr); !ok {
		return code
	}
	var missing []string
	if strings.TrimSpace(*email) == "" {
		missing = append(missing, "--email")
	}
	if strings.TrimSpace(*name) == "" {
		missing = append(missing, "--name")
	}
	if len(missing) > 0 {
		verb := "is"
		if len(missing) > 1 {
			verb = "are"
		}
		fmt.Fprintf(stderr, "hiregate user create: %s %s required\n", strings.Join(missing, " and "), verb)
		return exitUsage
	}
	if !hiregate.Role(*role).Valid() {
		fmt.Fprintf(stderr, "hiregate user create: invalid --role: %q is not one of candidate, recruiter, admin\n", *role)
		return exitUsage
	}
	cfg, code, ok := subConfig(data, getenv, stdout, stderr)
	if !ok {
		return code
	}

	password, err := readPassword(stdin, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "hiregate user create: %v\n", err)
		return exitUsage
	}
	if msg := hiregate.PasswordProblem(password); msg != "" {
		fmt.Fprintf(stderr, "hiregate user create: invalid password (stdin): %s\n", msg)
		return exitUsage
	}

	log := newLogger(cfg, stderr)
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		fmt.Fprintf(stderr, "hiregate user create: create data directory: %v\n", err)
		return exitError
	}
	eng, err := app.OpenStore(ctx, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "hiregate user create: %v\n", err)
		return exitError
	}
	db := eng.Store
	defer db.Close()
	svc, err := auth.New(app.AuthConfig(cfg, nil), db, log)
	if err != nil {
		fmt.Fprintf(stderr, "hiregate user create: %v\n", err)
		return exitError
	}
	u, err := accounts.New(db, svc).CreateUser(ctx, hiregate.CreateUserRequest{Email: *email, Password: password, FullName: *name, Role: hiregate.Role(*role)})
	if err != nil {
		var he *hiregate.Error
		if errors.As(err, &he) && he.Code == hiregate.EINVALID && len(he.Fields) > 0 {
			keys := make([]string, 0, len(he.Fields))
			for k := range he.Fields {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				n := flagNames[k]
				if n == "" {
					n = k
				}
				fmt.Fprintf(stderr, "hiregate user create: invalid %s: %s\n", n, he.Fields[k])
			}
			return exitUsage
		}
		fmt.Fprintf(stderr, "hiregate user create: %s\n", describe(err))
		return exitError
	}
	fmt.Fprintf(stdout, "created %s %s (%s), id %s\n", u.Role, u.Email, u.FullName, u.ID)
	return exitOK
}

// maxPasswordLine bounds what is read from a non-terminal stdin.
const maxPasswordLine = 4096

// readPassword prompts twice without echo when stdin is a terminal, and
// otherwise reads one line (so `printf '%s\n' "$PW" | hiregate user create`
// works in scripts). The password is never taken from a flag: flags show in
// ps and in shell history.
func readPassword(stdin io.Reader, prompt io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fd := int(f.Fd())
		fmt.Fprint(prompt, "Password: ")
		p1, err := term.ReadPassword(fd)
		fmt.Fprintln(prompt)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		fmt.Fprint(prompt, "Repeat password: ")
		p2, err := term.ReadPassword(fd)
		fmt.Fprintln(prompt)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		if string(p1) != string(p2) {
			return "", errors.New("the passwords do not match")
		}
		return string(p1), nil
	}
	line, err := bufio.NewReader(io.LimitReader(stdin, maxPasswordLine)).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		if errors.Is(err, io.EOF) {
			return "", errors.New("no password on stdin; pipe it in, such as: printf '%s\\n' \"$PASSWORD\" | hiregate user create ...")
		}
		return "", fmt.Errorf("read password from stdin: %w", err)
	}
	return strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r"), nil
}
