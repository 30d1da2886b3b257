package importer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	"gorm.io/gorm"

	"portfolio/models"
)

// Importer applies workbooks to a store.
type Importer struct {
	Store *models.Store
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Log gets what the user is not shown: the stack of a panic recovered
	// while reading a file (a reader bug on a valid file leaves a trace).
	// nil discards.
	Log *slog.Logger
}

// logPanic logs a recovered panic with its stack; the user gets errCorrupt.
func (im *Importer) logPanic(ctx context.Context, file string, v any) {
	if im.Log != nil {
		im.Log.ErrorContext(ctx, "importer: panic while reading a workbook", "file", file, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
	}
}

// Options say how to import one file.
type Options struct {
	ParseOptions
	DryRun      bool
	SkipInvalid bool // write the valid rows and list the rest
	// WithChanges keeps the row-by-row changes in the Result (for a preview page).
	WithChanges bool
	// FileName is the name shown in messages and kept on the batch
	// (an upload's original name); "" means the path's base name.
	FileName string
	Who      models.Who
	// OnlyCity, when set, refuses every row of another city: a city's
	// officials import their own city's projects only.
	OnlyCity string
}

// Result is what one file's import did or would do: the `import --json` object.
type Result struct {
	File      string `json:"file"`
	Kind      Kind   `json:"kind"`
	Year      int    `json:"year"`
	Month     int    `json:"month,omitempty"`
	DryRun    bool   `json:"dry_run"`
	Created   int    `json:"created"`
	Updated   int    `json:"updated"`
	Unchanged int    `json:"unchanged"`
	Rejected  int    `json:"rejected"`
	// SkippedOtherCity counts the rows of other cities a city official's
	// import passed over (not errors: the province's list has them all).
	SkippedOtherCity int `json:"skipped_other_city"`
	// Parts breaks created, updated and unchanged down into plan entries
	// and monthly reports (a 调度表 has both).
	Parts    Parts       `json:"parts"`
	Money    Money       `json:"money"`
	Errors   []Issue     `json:"errors"`
	Warnings []Issue     `json:"warnings"`
	BatchID  int64       `json:"batch_id"`
	SHA256   string      `json:"sha256"`
	Changes  []RowChange `json:"changes,omitempty"`
}

// Written tells whether the import wrote anything.
func (r *Result) Written() bool { return r.BatchID != 0 }

// Unreadable is the error of a file that could not be read as a
// workbook at all (an .xls, a corrupt or encrypted file, one over a
// limit): an error of the file, not of a sheet's row.
func (r *Result) Unreadable() (Issue, bool) {
	for _, e := range r.Errors {
		if e.Sheet == "" && e.Row == 0 {
			return e, true
		}
	}
	return Issue{}, false
}

// ErrRejected means the file had errors and nothing was written.
var ErrRejected = errors.New("importer: data rejected, nothing written")

func (im *Importer) now() time.Time {
	if im.Now != nil {
		return im.Now().UTC()
	}
	return time.Now().UTC()
}

// ImportFile reads the file at path and, unless it has errors (and
// SkipInvalid is off) or DryRun is set, applies it in one transaction.
// It returns ErrRejected (with the Result listing why) when nothing was
// written because of errors in the data; other errors are failures.
//
// The file is read a row at a time: each part of partRows rows is
// checked, compared with the store and written as it comes, inside the
// one transaction, so memory does not grow with the file. A part that
// finds an error stops the writing; the rest is still read and compared,
// for the messages, and the transaction is rolled back.
func (im *Importer) ImportFile(ctx context.Context, path string, opt Options) (*Result, error) {
	name := opt.FileName
	if name == "" {
		name = filepath.Base(path)
	}
	res := newResult(name, opt)
	// A file over the size limit is refused by its size, before hashing
	// or parsing reads it.
	if fi, err := os.Stat(path); err == nil && fi.Size() > opt.maxBytes() {
		res.Errors = append(res.Errors, Issue{Message: tooLarge(opt.maxBytes()).Error()})
		return res, ErrRejected
	}
	sum, err := fileSHA256(path)
	if err != nil {
		return res, fmt.Errorf("importer: read %s: %w", name, err)
	}
	res.SHA256 = sum
	bk, err := openBook(path, name, opt.ParseOptions)
	if err != nil {
		// The file could not be read as a workbook at all: that is the
		// data's fault, answered like any rejected file.
		res.Errors = append(res.Errors, Issue{Message: err.Error()})
		return res, ErrRejected
	}
	defer bk.close()
	return im.run(ctx, res, opt, func(sink rowSink) (*Parsed, error) {
		return parseBook(bk, name, opt.ParseOptions, sink)
	})
}

func newResult(name string, opt Options) *Result {
	return &Result{File: name, Kind: opt.Kind, Year: opt.Year, DryRun: opt.DryRun, Errors: []Issue{}, Warnings: []Issue{},
		Money: Money{Months: []MonthMoney{}}}
}

// FileToImport is one file of ImportFiles with its options.
type FileToImport struct {
	Path string
	Opt  Options
}

// ImportFiles imports files in order, each as its own batch. It stops
// at the first file that fails or is rejected and returns the results
// so far.
func (im *Importer) ImportFiles(ctx context.Context, files []FileToImport) ([]*Result, error) {
	var out []*Result
	for _, f := range files {
		res, err := im.ImportFile(ctx, f.Path, f.Opt)
		out = append(out, res)
		if err != nil {
			return out, err
		}
	}
	return out, ctx.Err()
}

// Apply compares rows already parsed with the store and writes them as
// one batch, as ImportFile does for a file's rows. res may carry file
// facts already (name, hash); nil starts a new Result.
func (im *Importer) Apply(ctx context.Context, p *Parsed, sha string, opt Options, res *Result) (*Result, error) {
	if res == nil {
		res = newResult(p.File, opt)
		res.SHA256 = sha
	}
	return im.run(ctx, res, opt, func(sink rowSink) (*Parsed, error) {
		q := *p
		q.Plans, q.Monthly = nil, nil
		if err := feed(sink, p, &q); err != nil {
			return nil, err
		}
		return &q, nil
	})
}

// feed hands p's rows to sink, adding them to q, as the reader would: a
// 调度表's two parts of each row together.
func feed(sink rowSink, p, q *Parsed) error {
	schedule := p.Kind == KindSchedule
	if schedule && len(p.Plans) != len(p.Monthly) {
		return fmt.Errorf("importer: a 调度表 of %d plan rows and %d monthly rows", len(p.Plans), len(p.Monthly))
	}
	for i, r := range p.Plans {
		if err := sink.plan(q, r); err != nil {
			return &sinkError{err}
		}
		if !schedule {
			continue
		}
		if err := sink.monthly(q, p.Monthly[i]); err != nil {
			return &sinkError{err}
		}
	}
	if schedule {
		return nil
	}
	for _, r := range p.Monthly {
		if err := sink.monthly(q, r); err != nil {
			return &sinkError{err}
		}
	}
	return nil
}

// partRows is how many rows are compared and written at a time; the
// first part is smaller, so the writing starts sooner.
const (
	partRows      = 500
	firstPartRows = 100
)

// part is a run of rows read, handed from the reading goroutine to the
// writing one with what the file had said by then.
type part struct {
	head    Parsed // kind, year and month; no rows
	failed  bool   // the file had shown an error before these rows
	plans   []PlanRow
	reports []MonthlyRow
}

// partSink gathers the rows read into parts and hands them over.
type partSink struct {
	ctx  context.Context // the import's: a cancelled one stops the reading
	out  chan<- part
	stop <-chan struct{} // closed when the writing side gave up
	cur  part
	sent int // parts handed over
}

// full tells whether the part being gathered, of n rows, is complete.
func (s *partSink) full(n int) bool {
	if s.sent == 0 {
		return n >= firstPartRows
	}
	return n >= partRows
}

func (s *partSink) plan(p *Parsed, r PlanRow) error {
	if err := s.ctx.Err(); err != nil {
		return err
	}
	s.cur.plans = append(s.cur.plans, r)
	// A 调度表 row's monthly part follows its plan part: the part is
	// handed over after it, so the two stay together.
	if p.Kind != KindSchedule && s.full(len(s.cur.plans)) {
		return s.send(p)
	}
	return nil
}

func (s *partSink) monthly(p *Parsed, r MonthlyRow) error {
	if err := s.ctx.Err(); err != nil {
		return err
	}
	s.cur.reports = append(s.cur.reports, r)
	if s.full(len(s.cur.reports)) {
		return s.send(p)
	}
	return nil
}

// errStopped tells the reading side that the writing side stopped.
var errStopped = errors.New("importer: stopped")

// send hands the rows gathered on; none is a no-op.
func (s *partSink) send(p *Parsed) error {
	if len(s.cur.plans) == 0 && len(s.cur.reports) == 0 {
		return nil
	}
	pt := s.cur
	pt.head = Parsed{File: p.File, Kind: p.Kind, Year: p.Year, Month: p.Month}
	pt.failed = len(p.Errors) > 0
	s.cur = part{}
	s.sent++
	select {
	case s.out <- pt:
		return nil
	case <-s.stop:
		return errStopped
	}
}

// run reads rows through read and compares and writes them in parts:
// in one write transaction, or for a dry run in one read snapshot. The
// reading and checking run in a goroutine of their own, a part ahead of
// the comparing and writing.
func (im *Importer) run(ctx context.Context, res *Result, opt Options, read func(rowSink) (*Parsed, error)) (*Result, error) {
	res.DryRun = opt.DryRun
	body := func(db *gorm.DB) error {
		if err := models.PlanEachQuery(db); err != nil {
			return err
		}
		a := &applier{im: im, ctx: ctx, db: db, opt: opt, res: res, x: newAcross()}
		parts := make(chan part, 1)
		stop := make(chan struct{})
		var stopOnce sync.Once
		halt := func() { stopOnce.Do(func() { close(stop) }) }
		// However the writing side ends (an error, a panic), the reading
		// side is told to stop, so it never waits on a send forever.
		defer halt()
		var p *Parsed
		var readErr error
		go func() {
			defer close(parts)
			// A panic while reading must be a clear message, never a crash
			// of the server that took the upload.
			defer func() {
				if v := recover(); v != nil {
					im.logPanic(ctx, res.File, v)
					p, readErr = nil, errCorrupt
				}
			}()
			sink := &partSink{ctx: ctx, out: parts, stop: stop}
			if p, readErr = read(sink); readErr == nil {
				readErr = sink.send(p)
			}
		}()
		var err error
		for pt := range parts {
			if err == nil {
				if err = a.flush(pt); err == nil {
					err = ctx.Err()
				}
				if err != nil {
					halt()
				}
			}
		}
		if err != nil {
			return err
		}
		if readErr != nil {
			var se *sinkError
			if errors.As(readErr, &se) {
				return se.err
			}
			// The file could not be read to its end: what its first parts
			// would have done is no answer.
			res.Created, res.Updated, res.Unchanged, res.Changes = 0, 0, 0, nil
			res.SkippedOtherCity, res.Money, res.Parts = 0, Money{Months: []MonthMoney{}}, Parts{}
			res.Errors = append(res.Errors, Issue{Message: readErr.Error()})
			return ErrRejected
		}
		return a.finish(p)
	}
	var err error
	if opt.DryRun {
		err = im.Store.Snapshot(ctx, body)
	} else {
		err = im.Store.Tx(ctx, body)
	}
	if err != nil {
		res.BatchID = 0
		return res, err
	}
	return res, nil
}

// applier compares and writes the parts of one import.
type applier struct {
	im    *Importer
	ctx   context.Context
	db    *gorm.DB
	opt   Options
	res   *Result
	x     *across
	batch *models.ImportBatch // made at the first write

	// The issues the comparison found, kept apart from the file's own
	// (which come first in the result).
	errors, warnings []Issue
	rejected         int
	wholeYTD         int      // see changeSet.wholeYTD
	checking         bool     // the check stage was announced
	write            *tracker // the write stage's count
	audit            auditing // the written rows' audit entries
}

// flush compares a part and, while the file has shown no error (or
// SkipInvalid), writes it.
func (a *applier) flush(pt part) error {
	if !a.checking {
		a.checking = true
		a.opt.Progress.report(StageCheck, 0, 0)
	}
	p := &pt.head
	cs, err := diff(a.ctx, a.db, p, pt.plans, pt.reports, a.opt.OnlyCity, a.x)
	if err != nil {
		return err
	}
	a.errors = append(a.errors, cs.errors...)
	a.warnings = append(a.warnings, cs.warnings...)
	a.rejected += cs.rejected
	a.wholeYTD += cs.wholeYTD
	a.res.SkippedOtherCity += cs.skipped
	a.res.Money.Add(cs.money)
	countRows(a.res, p.Kind, cs.rows)
	if a.opt.WithChanges {
		// Unchanged rows are counted, not listed: a re-upload of a
		// 3,670-row list would otherwise list 3,670 non-changes.
		for _, r := range cs.rows {
			if r.Action != ActionUnchanged {
				a.res.Changes = append(a.res.Changes, r)
			}
		}
	}
	failed := (pt.failed || len(a.errors) > 0) && !a.opt.SkipInvalid
	if a.opt.DryRun || failed || (len(cs.plans) == 0 && len(cs.reports) == 0) {
		return nil
	}
	if a.batch == nil {
		a.batch = &models.ImportBatch{Kind: string(p.Kind), Year: p.Year, Month: p.Month, FileName: a.res.File, SHA256: a.res.SHA256,
			Status: models.BatchApplied, Actor: a.opt.Who.Actor, CreatedAt: a.im.now()}
		if id := a.opt.Who.UserID; id != 0 {
			a.batch.UserID = &id
		}
		if err := a.db.Create(a.batch).Error; err != nil {
			return fmt.Errorf("importer: create batch: %w", err)
		}
		a.x.batch = a.batch.ID
		a.write = a.opt.Progress.start(StageWrite, 0)
	}
	audit, err := a.im.write(a.db, cs, a.batch.ID, a.opt.Who, a.write)
	if err != nil {
		return err
	}
	a.x.wrote(cs)
	if err := a.audit.writePending(a.db, a.write); err != nil {
		return err
	}
	a.audit.render(audit)
	return nil
}

// finish settles the result: the file's issues, then the comparison's;
// the batch's counts. A file with errors writes nothing (ErrRejected
// rolls the transaction back) unless SkipInvalid.
func (a *applier) finish(p *Parsed) error {
	res := a.res
	res.Kind, res.Year, res.Month = p.Kind, p.Year, p.Month
	res.Errors = append(append(res.Errors, p.Errors...), a.errors...)
	res.Warnings = append(append(res.Warnings, p.Warnings...), a.warnings...)
	if a.wholeYTD > 0 {
		res.Warnings = append(res.Warnings, Issue{Message: fmt.Sprintf("%d个项目在系统中没有%d年%d月之前的完成数：其1-%d月累计完成全部记入%d月（与表中“%d月完成”不同）",
			a.wholeYTD, p.Year, p.Month, p.Month, p.Month, p.Month)})
	}
	res.Rejected = p.Rejected + a.rejected
	if len(res.Errors) > 0 && !a.opt.SkipInvalid {
		return ErrRejected
	}
	if a.batch == nil {
		return nil // nothing to write: a re-import of the same file leaves no trace
	}
	if err := a.audit.writePending(a.db, a.write); err != nil {
		return err
	}
	a.write.finish()
	err := a.db.Model(a.batch).Updates(map[string]any{"created": res.Created, "updated": res.Updated,
		"unchanged": res.Unchanged, "rejected": res.Rejected}).Error
	if err != nil {
		return fmt.Errorf("importer: count batch: %w", err)
	}
	res.BatchID = a.batch.ID
	return nil
}

func countRows(res *Result, kind Kind, rows []RowChange) {
	for _, r := range rows {
		res.Parts.count(kind, r)
		switch r.Action {
		case ActionCreate:
			res.Created++
		case ActionUpdate:
			res.Updated++
		case ActionUnchanged:
			res.Unchanged++
		}
	}
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path) // #nosec G304 -- the file being imported, as above
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
