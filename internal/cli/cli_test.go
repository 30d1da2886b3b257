package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"portfolio/api"
	"portfolio/demo"
	"portfolio/importer"
	"portfolio/models"
	"portfolio/models/storetest"
	"portfolio/province"
	"portfolio/report"
)

// cli runs the program as a user would and returns exit code and output.
func cli(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(append([]string{"portfolio"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

// TestDemoImportRollupExact writes the demo workbooks, imports them all
// through the CLI, and checks every total of `rollup --json` to the yuan
// against what the generator made — on SQLite and on PostgreSQL.
func TestDemoImportRollupExact(t *testing.T) {
	const projects = 400
	dir := t.TempDir()
	code, out, stderr := cli(t, "demo", "--out", filepath.Join(dir, "demo.xlsx"), "--projects", "400", "--seed", "7")
	if code != 0 {
		t.Fatalf("demo: exit %d: %s", code, stderr)
	}
	var files []string
	plan2024 := ""
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		parts := strings.Split(sc.Text(), "\t")
		files = append(files, parts[0])
		if len(parts) == 4 && parts[1] == "plan" && parts[2] == "2024" {
			plan2024 = parts[0]
		}
	}
	if len(files) != 2+12+9 {
		t.Fatalf("demo wrote %d files: %s", len(files), out)
	}
	gen := demo.Generate(demo.Options{Projects: projects, Seed: 7})
	y24 := gen.Year(2024)

	backends := map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "p.db") },
		"postgres": func(t *testing.T) string { return storetest.PostgresDSN(t) },
	}
	for name, open := range backends {
		t.Run(name, func(t *testing.T) {
			db := open(t)
			for _, f := range files {
				code, out, stderr := cli(t, "import", "--db", db, "--json", f)
				if code != 0 {
					t.Fatalf("import %s: exit %d\n%s\n%s", f, code, out, stderr)
				}
			}
			code, out, stderr := cli(t, "rollup", "--db", db, "--year", "2024", "--month", "9", "--json")
			if code != 0 {
				t.Fatalf("rollup: exit %d: %s", code, stderr)
			}
			var r report.Rollup
			if err := json.Unmarshal([]byte(out), &r); err != nil {
				t.Fatal(err)
			}
			_, _, plan := y24.Totals()
			if r.Projects != len(y24.Projects) || r.PlanYuan != plan || r.CompletedYuan != y24.Completed(9) {
				t.Fatalf("rollup projects %d plan %d completed %d; generated %d, %d, %d",
					r.Projects, r.PlanYuan, r.CompletedYuan, len(y24.Projects), plan, y24.Completed(9))
			}
			if r.TargetYuan != 1_000_000_000_000 {
				t.Fatalf("target %d", r.TargetYuan)
			}
			type sums struct {
				n, overruns, delays int
				plan, done          int64
			}
			want := map[string]map[string]*sums{"sector": {}, "city": {}, "stage": {}}
			first := map[string]demo.Project{} // the 2023 list's entry, by code
			for _, p := range gen.Year(2023).Projects {
				first[p.Code] = p
			}
			var overruns, delays int
			for i := range y24.Projects {
				p := &y24.Projects[i]
				o, ok := first[p.Code]
				if !ok {
					o = *p
				}
				over, late := 0, 0 // 1 when the rule holds
				if province.Overrun(o.TotalYuan, p.TotalYuan) {
					over = 1
				}
				if province.EndDelayed(o.EndYear, p.EndYear) {
					late = 1
				}
				for dim, key := range map[string]string{"sector": p.Sector, "city": p.City, "stage": p.Stage} {
					s := want[dim][key]
					if s == nil {
						s = &sums{}
						want[dim][key] = s
					}
					s.n++
					s.plan += p.PlanYuan
					s.done += p.Completed(9)
					s.overruns += over
					s.delays += late
				}
				overruns, delays = overruns+over, delays+late
			}
			if r.Overruns != overruns || r.Delays != delays || overruns == 0 || delays == 0 {
				t.Errorf("rollup: %d overruns, %d delays; the generator made %d, %d", r.Overruns, r.Delays, overruns, delays)
			}
			for dim, groups := range map[string][]report.Group{"sector": r.BySector, "city": r.ByCity, "stage": r.ByStage} {
				if len(groups) != len(want[dim]) {
					t.Errorf("%s: %d groups, want %d", dim, len(groups), len(want[dim]))
				}
				for _, g := range groups {
					w := want[dim][g.Key]
					if w == nil || g.Projects != w.n || g.PlanYuan != w.plan || g.CompletedYuan != w.done || g.Overruns != w.overruns || g.Delays != w.delays {
						t.Errorf("%s %s: %d projects, plan %d, completed %d, %d overruns, %d delays; want %+v", dim, g.Key, g.Projects, g.PlanYuan, g.CompletedYuan, g.Overruns, g.Delays, w)
					}
				}
			}
			// The web API serves the very same object, to the yuan.
			s, err := openStore(context.Background(), db)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			h, err := api.New(api.Config{Store: s, Reporter: &report.Reporter{Store: s}, Importer: &importer.Importer{Store: s},
				Staging: &importer.Staging{Dir: t.TempDir()}})
			if err != nil {
				t.Fatal(err)
			}
			// A leader's session, made in the store as sign-in would.
			u, err := s.AddUser(context.Background(), models.NewUser{Username: "leader", Password: "leader-pass", Role: models.RoleViewer}, models.Who{})
			if err != nil {
				t.Fatal(err)
			}
			token, err := s.CreateSession(context.Background(), u.ID, models.SessionLimits{Idle: time.Hour, Absolute: time.Hour}, "", "", time.Now().UTC())
			if err != nil {
				t.Fatal(err)
			}
			signed := func(path string) *http.Request {
				req := httptest.NewRequest(http.MethodGet, path, nil)
				req.AddCookie(&http.Cookie{Name: "portfolio_session", Value: token})
				return req
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, signed("/api/v1/rollup?year=2024&month=9"))
			var web report.Rollup
			if err := json.Unmarshal(rec.Body.Bytes(), &web); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(web, r) {
				t.Fatalf("/api/v1/rollup differs from rollup --json")
			}
			rec = httptest.NewRecorder()
			h.ServeHTTP(rec, signed("/?year=2024&month=9"))
			if !strings.Contains(rec.Body.String(), report.Yi(r.CompletedYuan)) || !strings.Contains(rec.Body.String(), report.Yi(r.PlanYuan)) {
				t.Fatalf("the dashboard does not show the rollup's plan %s and completed %s", report.Yi(r.PlanYuan), report.Yi(r.CompletedYuan))
			}
			// The same list again changes nothing.
			code, out, _ = cli(t, "import", "--db", db, "--json", plan2024)
			var res importer.Result
			if err := json.Unmarshal([]byte(out), &res); err != nil || code != 0 {
				t.Fatalf("re-import: exit %d %v %s", code, err, out)
			}
			if res.Created != 0 || res.Updated != 0 || res.Unchanged != len(y24.Projects) || res.BatchID != 0 {
				t.Fatalf("re-import of the 2024 list: %+v", res)
			}
		})
	}
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	if code, _, _ := cli(t); code != exitUsage {
		t.Errorf("no command: %d", code)
	}
	if code, _, _ := cli(t, "frobnicate"); code != exitUsage {
		t.Errorf("unknown command: %d", code)
	}
	if code, _, _ := cli(t, "import", "--db", db); code != exitUsage {
		t.Errorf("import without file: %d", code)
	}
	if code, _, _ := cli(t, "import", "--db", db, "--kind", "weekly", "x.xlsx"); code != exitUsage {
		t.Errorf("bad --kind: %d", code)
	}
	xls := filepath.Join(dir, "old.xls")
	if err := os.WriteFile(xls, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest of an OLE file"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, _ := cli(t, "import", "--db", db, "--json", xls)
	if code != exitRejected || !strings.Contains(out, "xlsx") {
		t.Errorf(".xls: exit %d, %s", code, out)
	}
	if code, _, _ := cli(t, "migrate", "--db", db); code != exitOK {
		t.Errorf("migrate: %d", code)
	}
	if code, _, _ := cli(t, "backup", "--db", db, "--out", filepath.Join(dir, "b.db")); code != exitOK {
		t.Errorf("backup: %d", code)
	}
	if code, _, _ := cli(t, "backup", "--db", db, "--out", filepath.Join(dir, "b.db")); code != exitFailure {
		t.Errorf("backup over an existing file: %d", code)
	}
}

func TestUserCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	code, out, stderr := cli(t, "user", "add", "--db", db, "--username", "nanchang", "--role", "city", "--city", "南昌市")
	if code != exitOK || !strings.Contains(out, "password (shown once): ") {
		t.Fatalf("add: %d %s %s", code, out, stderr)
	}
	pw := strings.TrimSpace(out[strings.Index(out, "shown once): ")+len("shown once): "):])
	if len(pw) != 16 {
		t.Fatalf("generated password %q", pw)
	}
	if code, _, _ := cli(t, "user", "add", "--db", db, "--username", "nanchang", "--role", "viewer", "--password", "12345678"); code != exitUsage {
		t.Errorf("duplicate user: %d", code)
	}
	if code, _, _ := cli(t, "user", "add", "--db", db, "--username", "v", "--role", "viewer", "--password", "short"); code != exitUsage {
		t.Errorf("short password: %d", code)
	}
	if code, _, _ := cli(t, "user", "passwd", "--db", db, "--password", "nanchang-2024", "nanchang"); code != exitOK {
		t.Errorf("passwd: %d", code)
	}
	if code, _, _ := cli(t, "user", "disable", "--db", db, "nanchang"); code != exitOK {
		t.Errorf("disable: %d", code)
	}
	if code, _, _ := cli(t, "user", "disable", "--db", db, "nobody"); code != exitFailure {
		t.Errorf("disable unknown: %d", code)
	}
	code, out, _ = cli(t, "user", "list", "--db", db)
	if code != exitOK || !strings.Contains(out, "nanchang") || !strings.Contains(out, "disabled") || !strings.Contains(out, "南昌市") {
		t.Fatalf("list: %d %s", code, out)
	}
	code, out, _ = cli(t, "user", "token", "--db", db, "--label", "报表", "nanchang")
	if code != exitOK || !strings.Contains(out, "pft_") {
		t.Fatalf("token: %d %s", code, out)
	}
	if code, out, _ := cli(t, "user", "tokens", "--db", db, "nanchang"); code != exitOK || !strings.Contains(out, "active") {
		t.Fatalf("tokens: %d %s", code, out)
	}
	if code, _, _ := cli(t, "user", "revoke-token", "--db", db, "1"); code != exitOK {
		t.Fatalf("revoke-token: %d", code)
	}
	if code, _, _ := cli(t, "user", "revoke-token", "--db", db, "1"); code != exitFailure {
		t.Fatalf("revoking twice: %d", code)
	}
	if code, _, _ := cli(t, "user", "frobnicate"); code != exitUsage {
		t.Errorf("unknown subcommand: %d", code)
	}
}

// TestNewPasswordIsUniform: every letter of the alphabet is drawn about
// equally often. With a byte taken modulo 55 the first 36 letters came
// 5/4 as often as the last 19.
func TestNewPasswordIsUniform(t *testing.T) {
	const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	counts := map[rune]int{}
	for range 2000 {
		pw := newPassword()
		if len(pw) != 16 {
			t.Fatalf("password %q", pw)
		}
		for _, r := range pw {
			if !strings.ContainsRune(alphabet, r) {
				t.Fatalf("%q not in the alphabet", r)
			}
			counts[r]++
		}
	}
	var first, last float64
	for i, r := range alphabet {
		if i < 36 {
			first += float64(counts[r]) / 36
		} else {
			last += float64(counts[r]) / 19
		}
	}
	if ratio := first / last; ratio < 0.92 || ratio > 1.08 {
		t.Errorf("the first 36 letters come %.3f times as often as the last 19", ratio)
	}
}
