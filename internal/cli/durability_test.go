package cli

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"portfolio/models"
)

// TestMain lets a test run this package's program in a child process:
// the test binary re-executed with PORTFOLIO_TEST_AS_CLI=1 is portfolio.
func TestMain(m *testing.M) {
	if os.Getenv("PORTFOLIO_TEST_AS_CLI") == "1" {
		os.Exit(Run(append([]string{"portfolio"}, os.Args[1:]...), os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// child is the program as a separate process.
func child(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "PORTFOLIO_TEST_AS_CLI=1")
	return cmd
}

// rawDB opens a SQLite file for plain SQL, as a tool would after a crash
// (models.Open neither migrates nor repairs anything).
func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	s, err := models.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	db, err := s.DB().DB()
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func count(t *testing.T, db *sql.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// TestImportKilledMidwayLosesNothing imports the year's list and nine
// monthly sheets in a child process and kills it with SIGKILL part way,
// at several points. Each time the database passes integrity_check and
// holds every file either whole or not at all.
func TestImportKilledMidwayLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("imports a demo several times")
	}
	plan, monthly := demoWorkbooks(t, "600")
	files := append([]string{plan}, monthly...)
	dir := t.TempDir()

	// A full run first: how long it takes and what each file writes.
	ref := filepath.Join(dir, "ref.db")
	start := time.Now()
	if out, err := child(append([]string{"import", "--db", ref}, files...)...).CombinedOutput(); err != nil {
		t.Fatalf("reference import: %v\n%s", err, out)
	}
	full := time.Since(start)
	rdb := rawDB(t, ref)
	plans := count(t, rdb, `SELECT COUNT(*) FROM plan_entries`)
	perMonth := map[int]int{}
	for m := 1; m <= 9; m++ {
		perMonth[m] = count(t, rdb, `SELECT COUNT(*) FROM monthly_reports WHERE month = ?`, m)
	}
	if plans != 600 || perMonth[9] == 0 {
		t.Fatalf("reference: %d plan entries, %v reports", plans, perMonth)
	}

	// A kill counts as landing inside the run when the child had reported
	// at least one file done (one --json line each, printed after its
	// commit) and not all of them: a later file was being read or written.
	killedInside := 0
	fracs := []float64{0.15, 0.35, 0.55, 0.75, 0.9, 0.25, 0.45, 0.65}
	for i := 0; i < len(fracs) && (i < 5 || killedInside == 0); i++ {
		frac := fracs[i]
		db := filepath.Join(dir, fmt.Sprintf("killed-%d.db", i))
		done, signalled := killImportAt(t, append([]string{"import", "--json", "--db", db}, files...), time.Duration(float64(full)*frac))
		whole := checkWholeOrAbsent(t, rawDB(t, db), frac, plans, perMonth)
		// Files are written in order, each printed after it committed: the
		// database holds the printed ones and at most the one being printed.
		if whole != done && whole != done+1 {
			t.Fatalf("kill at %.0f%%: %d files reported done, %d whole in the database", frac*100, done, whole)
		}
		if signalled && done >= 1 && done < len(files) {
			killedInside++
		}
		t.Logf("killed at %.0f%% of %v: %d of %d files done, %d whole", frac*100, full.Round(time.Millisecond), done, len(files), whole)
	}
	if killedInside == 0 {
		t.Fatal("no kill landed between the first and the last file: the test proved nothing")
	}
}

// killImportAt runs the CLI with args in a child, sends SIGKILL after d,
// and tells how many files it had reported done (JSON lines on stdout)
// and whether the signal is what ended it.
func killImportAt(t *testing.T, args []string, d time.Duration) (done int, signalled bool) {
	t.Helper()
	cmd := child(args...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan int)
	go func() {
		n := 0
		sc := bufio.NewScanner(out)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "{") {
				n++
			}
		}
		lines <- n
	}()
	time.Sleep(d)
	_ = cmd.Process.Signal(syscall.SIGKILL)
	done = <-lines
	err = cmd.Wait()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			signalled = true
		}
	}
	return done, signalled
}

// checkWholeOrAbsent checks a killed import's database: integrity_check
// passes, the plan and each month's reports are whole or absent, one
// batch per whole file, no audit entry of a missing batch. It returns
// the number of whole files.
func checkWholeOrAbsent(t *testing.T, kdb *sql.DB, frac float64, plans int, perMonth map[int]int) int {
	t.Helper()
	var check string
	if err := kdb.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("kill at %.0f%%: integrity_check %q %v", frac*100, check, err)
	}
	whole := 0
	switch n := count(t, kdb, `SELECT COUNT(*) FROM plan_entries`); n {
	case 0:
	case plans:
		whole++
	default:
		t.Fatalf("kill at %.0f%%: %d of %d plan entries", frac*100, n, plans)
	}
	for m := 1; m <= 9; m++ {
		switch n := count(t, kdb, `SELECT COUNT(*) FROM monthly_reports WHERE month = ?`, m); n {
		case 0:
		case perMonth[m]:
			whole++
		default:
			t.Fatalf("kill at %.0f%%: month %d has %d of %d reports", frac*100, m, n, perMonth[m])
		}
	}
	if b := count(t, kdb, `SELECT COUNT(*) FROM import_batches`); b != whole {
		t.Fatalf("kill at %.0f%%: %d batches for %d whole files", frac*100, b, whole)
	}
	orphans := count(t, kdb, `SELECT COUNT(*) FROM audit_entries a WHERE a.batch_id IS NOT NULL
		AND a.batch_id NOT IN (SELECT id FROM import_batches)`)
	if orphans != 0 {
		t.Fatalf("kill at %.0f%%: %d audit entries of a batch that is not there", frac*100, orphans)
	}
	return whole
}

// TestBackupWhileWriting takes `portfolio backup` while another process
// imports the monthly sheets one after another, restores the copy, and
// compares every total with a database that imported exactly the files
// the copy holds.
func TestBackupWhileWriting(t *testing.T) {
	plan, monthly := demoWorkbooks(t, "400")
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	if code, _, stderr := cli(t, "import", "--db", live, plan); code != exitOK {
		t.Fatalf("import: %s", stderr)
	}
	writer := child(append([]string{"import", "--db", live}, monthly...)...)
	var werr strings.Builder
	writer.Stderr = &werr
	if err := writer.Start(); err != nil {
		t.Fatal(err)
	}
	copies := []string{}
	for i := 0; i < 4; i++ {
		time.Sleep(150 * time.Millisecond)
		out := filepath.Join(dir, fmt.Sprintf("backup-%d.db", i))
		if code, _, stderr := cli(t, "backup", "--db", live, "--out", out); code != exitOK {
			t.Fatalf("backup while writing: exit %d: %s", code, stderr)
		}
		copies = append(copies, out)
	}
	if err := writer.Wait(); err != nil {
		t.Fatalf("the writer failed while backups ran: %v\n%s", err, werr.String())
	}
	copies = append(copies, filepath.Join(dir, "backup-last.db"))
	if code, _, stderr := cli(t, "backup", "--db", live, "--out", copies[len(copies)-1]); code != exitOK {
		t.Fatalf("backup: %s", stderr)
	}
	for _, c := range copies {
		db := rawDB(t, c)
		var check string
		if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
			t.Fatalf("%s: integrity_check %q %v", c, check, err)
		}
		months := count(t, db, `SELECT COUNT(DISTINCT month) FROM monthly_reports`)
		// Restore: the copy is a database file; open it like any other.
		restored := filepath.Join(dir, "restored-"+filepath.Base(c))
		if err := os.Rename(c, restored); err != nil {
			t.Fatal(err)
		}
		// The same files, imported into a fresh database.
		want := filepath.Join(dir, "want-"+filepath.Base(c))
		args := append([]string{"import", "--db", want, plan}, monthly[:months]...)
		if code, _, stderr := cli(t, args...); code != exitOK {
			t.Fatalf("reference import: %s", stderr)
		}
		got, exp := rollupJSON(t, restored), rollupJSON(t, want)
		for _, k := range []string{"month", "projects", "plan_yuan", "completed_yuan", "by_sector", "by_city", "by_stage", "by_month", "lights"} {
			if string(got[k]) != string(exp[k]) {
				t.Fatalf("%s (%d months): %s is %s, want %s", filepath.Base(c), months, k, got[k], exp[k])
			}
		}
		t.Logf("%s holds %d months; every total matches", filepath.Base(c), months)
	}
}

// freePort finds a loopback port to serve on.
func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// TestServeFinishesRequestsOnSIGTERM starts `portfolio serve`, begins an
// upload that is still arriving, sends SIGTERM, and finishes the upload:
// the request completes with its preview and the server then exits 0.
func TestServeFinishesRequestsOnSIGTERM(t *testing.T) {
	plan, _ := demoWorkbooks(t, "50")
	db := filepath.Join(t.TempDir(), "p.db")
	if code, _, stderr := cli(t, "user", "add", "--db", db, "--username", "ops", "--role", "admin", "--password", "ops-password"); code != exitOK {
		t.Fatalf("user add: %s", stderr)
	}
	code, out, stderr := cli(t, "user", "token", "--db", db, "ops")
	if code != exitOK {
		t.Fatalf("user token: %s", stderr)
	}
	token := ""
	for _, f := range strings.Fields(out) {
		if strings.HasPrefix(f, "pft_") {
			token = f
		}
	}
	addr := freePort(t)
	srv := child("serve", "--db", db, "--addr", addr)
	stdout, _ := srv.StdoutPipe()
	var serr strings.Builder
	srv.Stderr = &serr
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer srv.Process.Kill()
	ready := bufio.NewReader(stdout)
	if _, err := ready.ReadString('\n'); err != nil {
		t.Fatalf("serve did not start: %v\n%s", err, serr.String())
	}
	go io.Copy(io.Discard, ready)

	// The upload: a multipart body written in two halves.
	book, err := os.ReadFile(plan)
	if err != nil {
		t.Fatal(err)
	}
	const boundary = "portfolio-test-boundary"
	head := "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"list.xlsx\"\r\n" +
		"Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n"
	tail := "\r\n--" + boundary + "--\r\n"
	body := append(append([]byte(head), book...), tail...)
	pr, pw := io.Pipe()
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, "http://"+addr+"/api/v1/imports", pr)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "multipart/form-data; boundary="+boundary)
	req.ContentLength = int64(len(body))
	type answer struct {
		status int
		body   string
		err    error
	}
	done := make(chan answer, 1)
	go func() {
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			done <- answer{err: err}
			return
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		done <- answer{status: res.StatusCode, body: string(b)}
	}()
	half := len(body) / 2
	if _, err := pw.Write(body[:half]); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // the request is in the handler, reading its body
	if err := srv.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_, _ = pw.Write(body[half:])
		_ = pw.Close()
	}()
	a := <-done
	wg.Wait()
	if a.err != nil || a.status != http.StatusCreated {
		t.Fatalf("the in-flight upload: %d %v %.300s\nserver: %s", a.status, a.err, a.body, serr.String())
	}
	var preview struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(a.body), &preview); err != nil || preview.ID == "" {
		t.Fatalf("upload answer %s", a.body)
	}
	exited := make(chan error, 1)
	go func() { exited <- srv.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("serve exited with %v after SIGTERM\n%s", err, serr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop within 30 s of SIGTERM")
	}
	if !strings.Contains(serr.String(), "stopped") {
		t.Errorf("no orderly stop in the log:\n%s", serr.String())
	}
	// After the stop, nothing answers.
	if _, err := http.Get("http://" + addr + "/healthz"); err == nil {
		t.Error("the server still answers after it stopped")
	}
}

// TestServerHasTimeouts: a slow or stalled client cannot hold a
// connection for ever.
func TestServerHasTimeouts(t *testing.T) {
	s := httpServer(":0", http.NotFoundHandler())
	if s.ReadHeaderTimeout <= 0 || s.ReadTimeout <= 0 || s.WriteTimeout <= 0 || s.IdleTimeout <= 0 || s.MaxHeaderBytes <= 0 {
		t.Fatalf("server without limits: %+v", s)
	}
	if got := splitList(" 10.0.0.0/8, ,127.0.0.1 "); len(got) != 2 || got[0] != "10.0.0.0/8" || got[1] != "127.0.0.1" {
		t.Fatalf("splitList: %q", got)
	}
}
