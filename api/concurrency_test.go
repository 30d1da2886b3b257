package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"portfolio/api"
	"portfolio/importer"
	"portfolio/internal/clustertest"
	"portfolio/models"
	"portfolio/models/storetest"
	"portfolio/report"
)

// The load of TestConcurrentWritersAndReaders: 50 writers, each with a
// fixed amount of work, and readers that run until the writers are done.
const (
	ccYear            = 2024
	ccManagerUsers    = 10 // each manages ccProjectsEach projects
	ccProjectsEach    = 3  // one writer goroutine per project: 30
	ccMonths          = 4  // months 1..4 each project's writer reports
	ccSharedUsers     = 3  // managers of the one contended project
	ccSharedWriters   = 6  // goroutines editing the same report
	ccSharedEdits     = 3  // acknowledged submissions each of them makes
	ccSharedMonth     = 7  // the contended report's month
	ccMilestoneShared = 4  // projects whose one milestone two writers edit
	ccMilestoneEdits  = 3  // acknowledged edits each of those 8 writers makes
	ccApprovers       = 4  // city officers, two per city
	ccReaders         = 4
	ccImportAfter     = 30 // the import starts once this many reports are in
)

// ccCity is the city of the i-th manager's project (and officer): two
// cities in turn. 景德镇市 holds the projects the concurrent import reports on.
func ccCity(i int) string {
	if i%2 == 0 {
		return "南昌市"
	}
	return "九江市"
}

// ccActor is one user's HTTP client: a signed-in cookie jar or a
// personal access token.
type ccActor struct {
	name  string
	c     *http.Client
	token string
}

// ccAck is the last write the server acknowledged for a row: the one
// with the highest version, since every accepted write raises it by one.
type ccAck struct {
	Version       int
	CompletedYuan int64
	Status        string
	Note          string // milestones: the note written
}

type ccReportKey struct {
	ProjectID int64
	Month     int
}

// ccRun is the shared state of one load run; every field is safe for
// concurrent use.
type ccRun struct {
	t    *testing.T
	ctx  context.Context
	base string

	mu         sync.Mutex
	reports    map[ccReportKey]ccAck
	milestones map[int64]ccAck

	submits, approvals, returns, milestoneWrites, imports atomic.Int64
	reportConflicts, reportLocked                         atomic.Int64
	reviewConflicts, milestoneConflicts                   atomic.Int64
	reads, polls                                          atomic.Int64
	badGateways                                           atomic.Int64 // 502s tried again

	retryBadGateway bool // behind a balancer: a 502 is tried again

	managersLeft, sharedLeft, writersLeft atomic.Int64
}

func (r *ccRun) ackReport(m models.MonthlyReport) {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := ccReportKey{m.ProjectID, m.Month}
	if cur, ok := r.reports[k]; !ok || m.Version > cur.Version {
		r.reports[k] = ccAck{Version: m.Version, CompletedYuan: m.CompletedYuan, Status: m.Status}
	}
}

func (r *ccRun) ackMilestone(m models.Milestone) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if cur, ok := r.milestones[m.ID]; !ok || m.Version > cur.Version {
		r.milestones[m.ID] = ccAck{Version: m.Version, Note: m.Note}
	}
}

// lockedText reports SQLite lock errors leaking into an answer or a log.
func lockedText(s string) bool {
	s = strings.ToLower(s)
	return strings.Contains(s, "database is locked") || strings.Contains(s, "sqlite_busy")
}

// send makes one request; ok is false after a transport error (reported).
// A 5xx or a lock error in the body is reported too.
func (r *ccRun) send(a *ccActor, method, path, contentType string, body []byte) (code int, raw []byte, ok bool) {
	for attempt := 1; ; attempt++ {
		code, raw, ok = r.sendOnce(a, method, path, contentType, body)
		// Behind a balancer, a server stopping drops the connections it
		// had not accepted yet: nginx answers 502, nothing was written or
		// acknowledged, and a client tries again.
		if !ok || code != http.StatusBadGateway || !r.retryBadGateway || attempt == 3 {
			break
		}
		r.badGateways.Add(1)
		time.Sleep(50 * time.Millisecond)
	}
	if ok && code >= 500 {
		r.t.Errorf("%s %s as %s: %d %.300s", method, path, a.name, code, raw)
	}
	return code, raw, ok
}

// sendOnce is one try of send.
func (r *ccRun) sendOnce(a *ccActor, method, path, contentType string, body []byte) (code int, raw []byte, ok bool) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(r.ctx, method, r.base+path, rd)
	if err != nil {
		r.t.Errorf("%s %s: %v", method, path, err)
		return 0, nil, false
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if a.token != "" {
		req.Header.Set("Authorization", "Bearer "+a.token)
	}
	res, err := a.c.Do(req)
	if err != nil {
		r.t.Errorf("%s %s as %s: transport error: %v", method, path, a.name, err)
		return 0, nil, false
	}
	defer res.Body.Close()
	raw, err = io.ReadAll(res.Body)
	if err != nil {
		r.t.Errorf("%s %s as %s: reading the answer: %v", method, path, a.name, err)
		return 0, nil, false
	}
	if lockedText(string(raw)) {
		r.t.Errorf("%s %s as %s: the answer mentions a lock: %.300s", method, path, a.name, raw)
	}
	return res.StatusCode, raw, true
}

func (r *ccRun) sendJSON(a *ccActor, method, path string, body any) (int, []byte, bool) {
	b, err := json.Marshal(body)
	if err != nil {
		r.t.Errorf("%s %s: %v", method, path, err)
		return 0, nil, false
	}
	return r.send(a, method, path, "application/json", b)
}

// ccError is the API's error shape.
type ccError struct {
	Error struct {
		Code    string          `json:"code"`
		Details json.RawMessage `json:"details"`
	} `json:"error"`
}

func ccParseError(raw []byte) ccError {
	var e ccError
	_ = json.Unmarshal(raw, &e)
	return e
}

func reportsPath(pid int64) string { return fmt.Sprintf("/api/v1/projects/%d/reports", pid) }

func milestonesPath(pid int64) string { return fmt.Sprintf("/api/v1/projects/%d/milestones", pid) }

// ccPause lets the others run while a writer waits for a reviewer; it is
// no timing assumption, only politeness to a two-core machine.
func ccPause() { time.Sleep(time.Millisecond) }

// managerWriter reports months 1..ccMonths of its own project, each a new
// report answered 201, and adds a milestone and then reaches it.
func (r *ccRun) managerWriter(a *ccActor, pid int64, idx int) {
	defer r.managersLeft.Add(-1)
	for m := 1; m <= ccMonths; m++ {
		val := int64(idx+1)*1_000_000 + int64(m)*1_000
		code, raw, ok := r.sendJSON(a, http.MethodPost, reportsPath(pid), map[string]any{
			"year": ccYear, "month": m, "completed_yuan": val, "progress": fmt.Sprintf("第%d月按计划推进", m)})
		if !ok {
			return
		}
		if code != http.StatusCreated {
			r.t.Errorf("project %d month %d as %s: %d %.300s", pid, m, a.name, code, raw)
			return
		}
		var rep models.MonthlyReport
		if err := json.Unmarshal(raw, &rep); err != nil || rep.CompletedYuan != val {
			r.t.Errorf("project %d month %d: answer %.300s (%v)", pid, m, raw, err)
			return
		}
		r.submits.Add(1)
		r.ackReport(rep)
		if m == 3 {
			if !r.ownMilestone(a, pid) {
				return
			}
		}
	}
}

// ownMilestone adds a milestone to the writer's project and reaches it.
func (r *ccRun) ownMilestone(a *ccActor, pid int64) bool {
	body := map[string]any{"kind": "开工", "planned_on": "2024-03-01", "note": "计划三月开工"}
	for _, step := range []string{"add", "reach"} {
		code, raw, ok := r.sendJSON(a, http.MethodPost, milestonesPath(pid), body)
		if !ok {
			return false
		}
		var ms models.Milestone
		if code != http.StatusOK || json.Unmarshal(raw, &ms) != nil {
			r.t.Errorf("milestone %s on project %d: %d %.300s", step, pid, code, raw)
			return false
		}
		r.milestoneWrites.Add(1)
		r.ackMilestone(ms)
		body["id"], body["version"], body["reached_on"], body["note"] = ms.ID, ms.Version, "2024-03-10", "三月十日开工"
	}
	return true
}

// sharedWriter edits the one contended report until ccSharedEdits of its
// submissions were accepted. A 409 is a correct answer: "conflict" gives
// the current version to retry with; "locked" means the report awaits
// review, and the returner will hand it back.
func (r *ccRun) sharedWriter(a *ccActor, pid int64, w int) {
	defer r.sharedLeft.Add(-1)
	version := 0
	for done := 0; done < ccSharedEdits; {
		if r.ctx.Err() != nil {
			r.t.Errorf("shared writer %d gave up after %d edits: %v", w, done, r.ctx.Err())
			return
		}
		val := int64(w*100+done+1) * 10_000
		code, raw, ok := r.sendJSON(a, http.MethodPost, reportsPath(pid), map[string]any{
			"year": ccYear, "month": ccSharedMonth, "completed_yuan": val, "progress": fmt.Sprintf("writer %d edit %d", w, done), "version": version})
		if !ok {
			return
		}
		switch code {
		case http.StatusCreated:
			var rep models.MonthlyReport
			if err := json.Unmarshal(raw, &rep); err != nil || rep.CompletedYuan != val || rep.Status != models.ReportSubmitted {
				r.t.Errorf("shared report: answer %.300s (%v)", raw, err)
				return
			}
			r.submits.Add(1)
			r.ackReport(rep)
			version = rep.Version
			done++
		case http.StatusConflict:
			e := ccParseError(raw)
			switch e.Error.Code {
			case "conflict":
				r.reportConflicts.Add(1)
				var cur *models.MonthlyReport
				if len(e.Error.Details) > 0 {
					if err := json.Unmarshal(e.Error.Details, &cur); err != nil {
						r.t.Errorf("conflict details %.300s: %v", raw, err)
						return
					}
				}
				if cur != nil {
					version = cur.Version
				} else if version, ok = r.currentReportVersion(a, pid, ccSharedMonth); !ok {
					return // two first submissions raced; the loser reads the winner's version
				}
			case "locked":
				r.reportLocked.Add(1)
				ccPause()
			default:
				r.t.Errorf("shared report: 409 %.300s", raw)
				return
			}
		default:
			r.t.Errorf("shared report as %s: %d %.300s", a.name, code, raw)
			return
		}
	}
}

// currentReportVersion reads a report's version from the project's page.
func (r *ccRun) currentReportVersion(a *ccActor, pid int64, month int) (int, bool) {
	code, raw, ok := r.send(a, http.MethodGet, fmt.Sprintf("/api/v1/projects/%d", pid), "", nil)
	if !ok {
		return 0, false
	}
	var h models.ProjectHistory
	if code != http.StatusOK || json.Unmarshal(raw, &h) != nil {
		r.t.Errorf("project %d: %d %.300s", pid, code, raw)
		return 0, false
	}
	for _, rep := range h.Reports {
		if rep.Year == ccYear && rep.Month == month {
			return rep.Version, true
		}
	}
	return 0, true
}

// pending lists the reports awaiting the actor's review.
func (r *ccRun) pending(a *ccActor) ([]models.MonthlyReport, bool) {
	code, raw, ok := r.send(a, http.MethodGet, "/api/v1/reports/pending", "", nil)
	if !ok {
		return nil, false
	}
	r.polls.Add(1)
	var out struct{ Reports []models.MonthlyReport }
	if code != http.StatusOK || json.Unmarshal(raw, &out) != nil {
		r.t.Errorf("pending as %s: %d %.300s", a.name, code, raw)
		return nil, false
	}
	return out.Reports, true
}

// review approves or returns a report at the version the reviewer saw;
// a 409 (someone reviewed it first) is counted.
func (r *ccRun) review(a *ccActor, rep models.MonthlyReport, approve bool) bool {
	action := "return"
	if approve {
		action = "approve"
	}
	code, raw, ok := r.sendJSON(a, http.MethodPost, fmt.Sprintf("/api/v1/reports/%d/%s", rep.ID, action), map[string]any{"version": rep.Version})
	if !ok {
		return false
	}
	switch code {
	case http.StatusOK:
		var out models.MonthlyReport
		if err := json.Unmarshal(raw, &out); err != nil {
			r.t.Errorf("%s: %.300s", action, raw)
			return false
		}
		if approve {
			r.approvals.Add(1)
		} else {
			r.returns.Add(1)
		}
		r.ackReport(out)
	case http.StatusConflict:
		r.reviewConflicts.Add(1)
	default:
		r.t.Errorf("%s report %d as %s: %d %.300s", action, rep.ID, a.name, code, raw)
		return false
	}
	return true
}

// approver approves its city's pending reports, except the contended one,
// until the managers are done and nothing is left. Two officers share a
// city and take the list in opposite orders, so they also collide.
func (r *ccRun) approver(a *ccActor, skip int64, reverse bool) {
	for r.ctx.Err() == nil {
		done := r.managersLeft.Load() == 0 // read before the list: the list then holds every report
		list, ok := r.pending(a)
		if !ok {
			return
		}
		var todo []models.MonthlyReport
		for _, rep := range list {
			if rep.ProjectID != skip {
				todo = append(todo, rep)
			}
		}
		if len(todo) == 0 {
			if done {
				return
			}
			ccPause()
			continue
		}
		for i := range todo {
			rep := todo[i]
			if reverse {
				rep = todo[len(todo)-1-i]
			}
			if !r.review(a, rep, true) {
				return
			}
		}
	}
	r.t.Errorf("approver %s: %v", a.name, r.ctx.Err())
}

// returner hands the contended report back whenever it is submitted, so
// its writers can edit it again, until they are done.
func (r *ccRun) returner(a *ccActor, pid int64) {
	for r.sharedLeft.Load() > 0 {
		if r.ctx.Err() != nil {
			r.t.Errorf("returner: %v", r.ctx.Err())
			return
		}
		list, ok := r.pending(a)
		if !ok {
			return
		}
		found := false
		for _, rep := range list {
			if rep.ProjectID == pid {
				found = true
				if !r.review(a, rep, false) {
					return
				}
			}
		}
		if !found {
			ccPause()
		}
	}
}

// milestoneEditor edits a milestone another writer edits too, retrying a
// 409 with the version it carries, until ccMilestoneEdits were accepted.
func (r *ccRun) milestoneEditor(a *ccActor, pid, id int64, w int) {
	version := 1
	for done := 0; done < ccMilestoneEdits; {
		if r.ctx.Err() != nil {
			r.t.Errorf("milestone editor %d: %v", w, r.ctx.Err())
			return
		}
		note := fmt.Sprintf("editor %d edit %d", w, done)
		code, raw, ok := r.sendJSON(a, http.MethodPost, milestonesPath(pid), map[string]any{
			"id": id, "kind": "竣工", "planned_on": fmt.Sprintf("2024-%02d-%02d", 9+w%3, 1+done), "note": note, "version": version})
		if !ok {
			return
		}
		switch code {
		case http.StatusOK:
			var ms models.Milestone
			if err := json.Unmarshal(raw, &ms); err != nil || ms.Note != note {
				r.t.Errorf("milestone %d: %.300s", id, raw)
				return
			}
			r.milestoneWrites.Add(1)
			r.ackMilestone(ms)
			version = ms.Version
			done++
		case http.StatusConflict:
			r.milestoneConflicts.Add(1)
			var cur models.Milestone
			e := ccParseError(raw)
			if e.Error.Code != "conflict" || json.Unmarshal(e.Error.Details, &cur) != nil || cur.Version == 0 {
				r.t.Errorf("milestone %d conflict: %.300s", id, raw)
				return
			}
			version = cur.Version
		default:
			r.t.Errorf("milestone %d as %s: %d %.300s", id, a.name, code, raw)
			return
		}
	}
}

// importWorkbook uploads a monthly workbook on the 景德镇市 projects once the
// managers are well under way, and applies it.
func (r *ccRun) importWorkbook(a *ccActor, book []byte, want map[int64]int64) {
	for r.submits.Load() < ccImportAfter && r.managersLeft.Load() > 0 && r.ctx.Err() == nil {
		ccPause()
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, _ := w.CreateFormFile("file", "2024年6月调度表.xlsx")
	fw.Write(book)
	for k, v := range map[string]string{"kind": "monthly", "year": fmt.Sprint(ccYear), "month": "6"} {
		w.WriteField(k, v)
	}
	w.Close()
	code, raw, ok := r.send(a, http.MethodPost, "/api/v1/imports", w.FormDataContentType(), buf.Bytes())
	if !ok {
		return
	}
	var p struct {
		ID         string
		Applicable bool
	}
	if code != http.StatusCreated || json.Unmarshal(raw, &p) != nil || !p.Applicable {
		r.t.Errorf("upload: %d %.500s", code, raw)
		return
	}
	code, raw, ok = r.send(a, http.MethodPost, "/api/v1/imports/previews/"+p.ID+"/apply", "application/json", nil)
	if !ok {
		return
	}
	var applied struct {
		Files []struct {
			BatchID int64 `json:"batch_id"`
			Created int   `json:"created"`
		}
	}
	if code != http.StatusOK || json.Unmarshal(raw, &applied) != nil || len(applied.Files) != 1 ||
		applied.Files[0].BatchID == 0 || applied.Files[0].Created != len(want) {
		r.t.Errorf("apply: %d %.500s", code, raw)
		return
	}
	r.imports.Add(1)
	for pid, yuan := range want {
		r.ackReport(models.MonthlyReport{ProjectID: pid, Month: 6, CompletedYuan: yuan, Status: models.ReportApproved, Version: 1})
	}
}

// reader hammers the dashboard, the rollup and the project list until
// the writers are done. A rollup's total must agree with its own
// month-by-month curve, however many approvals land meanwhile.
func (r *ccRun) reader(a *ccActor, paths []string) {
	for i := 0; i == 0 || r.writersLeft.Load() > 0; i++ {
		if r.ctx.Err() != nil {
			return
		}
		path := paths[i%len(paths)]
		code, raw, ok := r.send(a, http.MethodGet, path, "", nil)
		if !ok {
			return
		}
		if code != http.StatusOK {
			r.t.Errorf("GET %s as %s: %d %.300s", path, a.name, code, raw)
			return
		}
		r.reads.Add(1)
		if strings.HasPrefix(path, "/api/v1/rollup") {
			var ro report.Rollup
			if err := json.Unmarshal(raw, &ro); err != nil {
				r.t.Errorf("rollup: %v", err)
				return
			}
			if n := len(ro.ByMonth); n == 0 || ro.ByMonth[n-1].CumulativeYuan != ro.CompletedYuan {
				r.t.Errorf("GET %s: completed %d but the month curve ends at %v", path, ro.CompletedYuan, ro.ByMonth)
			}
		}
	}
}

// loggedServer is newServer's server with its log kept in logs.
func loggedServer(t *testing.T, s *models.Store, logs io.Writer) *httptest.Server {
	t.Helper()
	h, err := api.New(api.Config{Store: s, Reporter: &report.Reporter{Store: s}, Importer: &importer.Importer{Store: s},
		Staging: &importer.Staging{Dir: filepath.Join(t.TempDir(), "uploads")},
		Log:     slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})), MaxUploadBytes: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// ccUsers adds users two at a time (each hashes a password) and gives
// each either a signed-in cookie jar or a personal access token.
func ccUsers(t *testing.T, s *models.Store, base string, tr http.RoundTripper, users []models.NewUser, cookie map[string]bool) map[string]*ccActor {
	t.Helper()
	out := make(map[string]*ccActor, len(users))
	var mu sync.Mutex
	jobs := make(chan models.NewUser)
	errs := make(chan error, len(users))
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for nu := range jobs {
				a, err := ccUser(s, base, tr, nu, cookie[nu.Username])
				if err != nil {
					errs <- err
					continue
				}
				mu.Lock()
				out[nu.Username] = a
				mu.Unlock()
			}
		})
	}
	for _, nu := range users {
		jobs <- nu
	}
	close(jobs)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	return out
}

func ccUser(s *models.Store, base string, tr http.RoundTripper, nu models.NewUser, cookie bool) (*ccActor, error) {
	nu.Password = nu.Username + nu.Username
	u, err := s.AddUser(context.Background(), nu, models.Who{})
	if err != nil {
		return nil, fmt.Errorf("add %s: %w", nu.Username, err)
	}
	a := &ccActor{name: nu.Username, c: &http.Client{Transport: tr}}
	if !cookie {
		a.token, _, err = s.CreateToken(context.Background(), u.ID, "load test", models.Who{})
		return a, err
	}
	jar, _ := cookiejar.New(nil)
	a.c.Jar = jar
	res, err := a.c.PostForm(base+"/login", url.Values{"username": {nu.Username}, "password": {nu.Password}})
	if err != nil {
		return nil, err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Request.URL.Path == "/login" {
		return nil, fmt.Errorf("sign-in of %s: %d at %s", nu.Username, res.StatusCode, res.Request.URL)
	}
	return a, nil
}

// TestConcurrentWritersAndReaders runs 50 writers — managers reporting
// their own projects, six of them editing the same report, milestone
// editors, city officers approving, one import — beside readers of the
// dashboard, the rollup and the list, then checks that nothing failed,
// nothing was lost, and every total and audit count matches what the
// clients were told was saved.
func TestConcurrentWritersAndReaders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		logs := &clustertest.SyncBuffer{}
		srv := loggedServer(t, s, logs)
		ccLoad(t, s, ccTarget{base: srv.URL, tr: srv.Client().Transport.(*http.Transport).Clone(), logs: logs.String})
	})
}

// ccTarget is where the load goes: one server in the test's process, or
// a balancer in front of several.
type ccTarget struct {
	base   string
	tr     *http.Transport
	logs   func() string // the servers' logs, read once the load is done
	midway func()        // run once, while the writers write (nil: nothing)
	// balanced: a balancer's 502 (a server going away dropped a request
	// before reading it) is tried again, as a client would.
	balanced bool
}

// ccLoad runs the load of TestConcurrentWritersAndReaders against
// target, whose servers use the database of s, and checks what it wrote.
func ccLoad(t *testing.T, s *models.Store, target ccTarget) {
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute) // a safety net against a hang, not a timing check
	defer cancel()

	// The 2024 list: 30 projects for the managers' writers, one
	// contended project, and three for the import.
	nProjects := ccManagerUsers * ccProjectsEach
	var plans []importer.PlanRow
	add := func(name, city string) {
		plans = append(plans, importer.PlanRow{Sheet: "S", Row: len(plans) + 5, Name: name, Sector: "综合交通", City: city,
			Stage: importer.StageContinuing, TotalYuan: 50_000_000_000, PlanYuan: 1_000_000_000})
	}
	for i := range nProjects {
		add(fmt.Sprintf("并发项目%02d", i), ccCity(i))
	}
	add("共用月报项目", ccCity(0))
	importNames := []string{"景德镇导入项目A", "景德镇导入项目B", "景德镇导入项目C"}
	for _, n := range importNames {
		add(n, "景德镇市")
	}
	im := &importer.Importer{Store: s}
	if _, err := im.Apply(ctx, &importer.Parsed{Kind: importer.KindPlan, Year: ccYear, Plans: plans}, "plan", importer.Options{}, nil); err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	var rows []models.PlanEntry
	if err := s.DB().Where("year = ?", ccYear).Find(&rows).Error; err != nil || len(rows) != len(plans) {
		t.Fatalf("plan entries %d, %v", len(rows), err)
	}
	for _, e := range rows {
		ids[e.Name] = e.ProjectID
	}
	shared := ids["共用月报项目"]

	tr := target.tr
	tr.MaxIdleConnsPerHost = 128
	t.Cleanup(tr.CloseIdleConnections)

	users := []models.NewUser{{Username: "admin", Role: models.RoleAdmin}, {Username: "leader", Role: models.RoleViewer}}
	cookie := map[string]bool{"admin": true, "leader": true}
	for i := range ccManagerUsers {
		users = append(users, models.NewUser{Username: fmt.Sprintf("manager%02d", i), Role: models.RoleManager})
	}
	for i := range ccSharedUsers {
		name := fmt.Sprintf("shared%d", i)
		users = append(users, models.NewUser{Username: name, Role: models.RoleManager})
		cookie[name] = i == 0
	}
	users = append(users, models.NewUser{Username: "site0", Role: models.RoleManager}, models.NewUser{Username: "site1", Role: models.RoleManager})
	for i := range ccApprovers {
		name := fmt.Sprintf("officer%d", i)
		users = append(users, models.NewUser{Username: name, Role: models.RoleCity, City: ccCity(i)})
		cookie[name] = i < 2
	}
	actors := ccUsers(t, s, target.base, tr, users, cookie)
	assign := func(user string, pid int64) {
		u, err := s.UserByName(ctx, user)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Assign(ctx, u.ID, pid, models.Who{}); err != nil {
			t.Fatal(err)
		}
	}
	projectOf := make([]int64, nProjects)
	for i := range nProjects {
		projectOf[i] = ids[fmt.Sprintf("并发项目%02d", i)]
		assign(fmt.Sprintf("manager%02d", i/ccProjectsEach), projectOf[i])
	}
	for i := range ccSharedUsers {
		assign(fmt.Sprintf("shared%d", i), shared)
	}

	r := &ccRun{t: t, ctx: ctx, base: target.base, retryBadGateway: target.balanced, reports: map[ccReportKey]ccAck{}, milestones: map[int64]ccAck{}}

	// The milestones the site editors share: one on each of the
	// first projects, added before the run.
	msIDs := make([]int64, ccMilestoneShared)
	for i := range ccMilestoneShared {
		assign("site0", projectOf[i])
		assign("site1", projectOf[i])
		code, raw, ok := r.sendJSON(actors["admin"], http.MethodPost, milestonesPath(projectOf[i]),
			map[string]any{"kind": "竣工", "planned_on": "2024-09-30"})
		var ms models.Milestone
		if !ok || code != http.StatusOK || json.Unmarshal(raw, &ms) != nil {
			t.Fatalf("milestone: %d %s", code, raw)
		}
		r.milestoneWrites.Add(1)
		r.ackMilestone(ms)
		msIDs[i] = ms.ID
	}

	// The import: the three 景德镇市 projects' June, in 万元.
	bookRows := [][]any{{"2024年6月省大中型项目调度表"}, {"单位：万元"}, {"序号", "项目名称", "6月完成投资", "形象进度"}}
	imported := map[int64]int64{}
	for i, n := range importNames {
		wan := int64(1000 * (i + 1))
		bookRows = append(bookRows, []any{i + 1, n, wan, "按计划推进"})
		imported[ids[n]] = wan * 10_000
	}
	book := sheetBytes(t, bookRows)

	var wg sync.WaitGroup
	writer := func(fn func()) {
		r.writersLeft.Add(1)
		wg.Go(func() {
			defer r.writersLeft.Add(-1)
			fn()
		})
	}
	writers := 0
	r.managersLeft.Store(int64(nProjects))
	r.sharedLeft.Store(ccSharedWriters)
	for i := range nProjects {
		a := actors[fmt.Sprintf("manager%02d", i/ccProjectsEach)]
		writer(func() { r.managerWriter(a, projectOf[i], i) })
		writers++
	}
	for w := range ccSharedWriters {
		a := actors[fmt.Sprintf("shared%d", w%ccSharedUsers)]
		writer(func() { r.sharedWriter(a, shared, w) })
		writers++
	}
	for w := range 2 * ccMilestoneShared {
		a := actors[fmt.Sprintf("site%d", w%2)]
		writer(func() { r.milestoneEditor(a, projectOf[w/2], msIDs[w/2], w) })
		writers++
	}
	for i := range ccApprovers {
		a := actors[fmt.Sprintf("officer%d", i)]
		writer(func() { r.approver(a, shared, i >= 2) })
		writers++
	}
	writer(func() { r.returner(actors["officer0"], shared) })
	writer(func() { r.importWorkbook(actors["admin"], book, imported) })
	writers += 2
	if writers != 50 {
		t.Fatalf("%d writers, want 50", writers)
	}
	readerPaths := [][]string{
		{"/", "/api/v1/rollup"},
		{"/api/v1/rollup?year=2024&month=12", "/api/v1/projects"},
		{"/api/v1/projects?year=2024&month=6&sort=plan&desc=1", "/"},
	}
	var rg sync.WaitGroup
	for i := range ccReaders {
		a := actors[[]string{"admin", "leader", "officer1"}[i%3]]
		paths := readerPaths[i%len(readerPaths)]
		if i == ccReaders-1 {
			a, paths = actors["manager00"], []string{"/api/v1/projects", "/api/v1/projects?year=2024&month=3"}
		}
		rg.Go(func() { r.reader(a, paths) })
	}
	if target.midway != nil {
		for r.submits.Load() < ccImportAfter && r.managersLeft.Load() > 0 && ctx.Err() == nil {
			ccPause()
		}
		target.midway()
		if r.writersLeft.Load() == 0 {
			t.Error("the writers were done before the midway step was: it did not happen in their middle")
		}
	}
	wg.Wait()
	rg.Wait()
	if t.Failed() {
		t.FailNow()
	}

	// The contended report is submitted once more if the returner
	// had the last word, and approved: then it counts in the totals.
	sharedKey := ccReportKey{shared, ccSharedMonth}
	if last := r.reports[sharedKey]; last.Status == models.ReportReturned {
		code, raw, _ := r.sendJSON(actors["shared0"], http.MethodPost, reportsPath(shared), map[string]any{
			"year": ccYear, "month": ccSharedMonth, "completed_yuan": last.CompletedYuan + 1, "progress": "最终稿", "version": last.Version})
		var rep models.MonthlyReport
		if code != http.StatusCreated || json.Unmarshal(raw, &rep) != nil {
			t.Fatalf("resubmitting the contended report: %d %s", code, raw)
		}
		r.submits.Add(1)
		r.ackReport(rep)
	}
	last := r.reports[sharedKey]
	var sharedID int64
	if err := s.DB().Raw("SELECT id FROM monthly_reports WHERE project_id = ? AND year = ? AND month = ?", shared, ccYear, ccSharedMonth).Scan(&sharedID).Error; err != nil {
		t.Fatal(err)
	}
	if !r.review(actors["officer0"], models.MonthlyReport{ID: sharedID, Version: last.Version}, true) || r.reports[sharedKey].Status != models.ReportApproved {
		t.Fatalf("approving the contended report: last acknowledged %+v, now %+v", last, r.reports[sharedKey])
	}

	// No lock error reached the log, and nothing failed there.
	for _, line := range strings.Split(target.logs(), "\n") {
		if lockedText(line) || strings.Contains(line, "level=ERROR") {
			t.Errorf("server log: %s", line)
		}
	}

	// No lost update: every row holds the last write acknowledged.
	var stored []models.MonthlyReport
	if err := s.DB().Where("year = ?", ccYear).Find(&stored).Error; err != nil {
		t.Fatal(err)
	}
	if len(stored) != len(r.reports) {
		t.Errorf("%d reports stored, %d acknowledged", len(stored), len(r.reports))
	}
	wantTotal, wantMonth := int64(0), make([]int64, 13)
	for _, rep := range stored {
		ack, ok := r.reports[ccReportKey{rep.ProjectID, rep.Month}]
		if !ok || rep.CompletedYuan != ack.CompletedYuan || rep.Version != ack.Version || rep.Status != ack.Status {
			t.Errorf("report of project %d month %d: stored %d v%d %s, last acknowledged %+v (known %v)",
				rep.ProjectID, rep.Month, rep.CompletedYuan, rep.Version, rep.Status, ack, ok)
		}
	}
	for k, ack := range r.reports {
		if ack.Status == models.ReportApproved {
			wantTotal += ack.CompletedYuan
			wantMonth[k.Month] += ack.CompletedYuan
		}
	}
	if want := nProjects*ccMonths + 1 + len(imported); len(r.reports) != want {
		t.Errorf("%d reports acknowledged, want %d", len(r.reports), want)
	}
	var ms []models.Milestone
	if err := s.DB().Find(&ms).Error; err != nil {
		t.Fatal(err)
	}
	if len(ms) != len(r.milestones) {
		t.Errorf("%d milestones stored, %d acknowledged", len(ms), len(r.milestones))
	}
	for _, m := range ms {
		if ack, ok := r.milestones[m.ID]; !ok || m.Version != ack.Version || m.Note != ack.Note {
			t.Errorf("milestone %d: stored v%d %q, last acknowledged %+v", m.ID, m.Version, m.Note, ack)
		}
	}

	// Every total is the sum of what was written and approved.
	for _, month := range []int{12, 6, 3} {
		code, raw, ok := r.send(actors["admin"], http.MethodGet, fmt.Sprintf("/api/v1/rollup?year=%d&month=%d", ccYear, month), "", nil)
		var ro report.Rollup
		if !ok || code != http.StatusOK || json.Unmarshal(raw, &ro) != nil {
			t.Fatalf("rollup: %d %.300s", code, raw)
		}
		var want int64
		for m := 1; m <= month; m++ {
			want += wantMonth[m]
			if got := ro.ByMonth[m-1].CompletedYuan; got != wantMonth[m] {
				t.Errorf("rollup to month %d: month %d completed %d, want %d", month, m, got, wantMonth[m])
			}
		}
		if ro.CompletedYuan != want {
			t.Errorf("rollup to month %d: completed %d, want %d", month, ro.CompletedYuan, want)
		}
		if month == 12 && want != wantTotal {
			t.Errorf("the year's approved total %d, by month %d", wantTotal, want)
		}
	}

	// The audit trail holds one entry per acknowledged write.
	count := func(where string, args ...any) int64 {
		var n int64
		if err := s.DB().Model(&models.AuditEntry{}).Where(where, args...).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, c := range []struct {
		what string
		got  int64
		want int64
	}{
		{"report submissions", count("entity = 'monthly_reports' AND action IN ('create', 'update') AND batch_id IS NULL"), r.submits.Load()},
		{"imported reports", count("entity = 'monthly_reports' AND batch_id IS NOT NULL"), int64(len(imported))},
		{"approvals", count("entity = 'monthly_reports' AND action = 'approve'"), r.approvals.Load()},
		{"returns", count("entity = 'monthly_reports' AND action = 'return'"), r.returns.Load()},
		{"milestone writes", count("entity = 'milestones'"), r.milestoneWrites.Load()},
	} {
		if c.got != c.want {
			t.Errorf("audit entries for %s: %d, acknowledged %d", c.what, c.got, c.want)
		}
	}

	t.Logf("%s: writes: %d submissions, %d approvals, %d returns, %d milestone writes, %d import; "+
		"409s: %d report conflicts, %d locked, %d review conflicts, %d milestone conflicts; "+
		"reads: %d (+%d pending-list polls); %d answers 502 tried again",
		s.Dialect(), r.submits.Load(), r.approvals.Load(), r.returns.Load(), r.milestoneWrites.Load(), r.imports.Load(),
		r.reportConflicts.Load(), r.reportLocked.Load(), r.reviewConflicts.Load(), r.milestoneConflicts.Load(),
		r.reads.Load(), r.polls.Load(), r.badGateways.Load())
}
