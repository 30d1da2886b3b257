package importer

import (
	"bytes"

	"gorm.io/gorm"

	"portfolio/models"
)

// The stages an import reports through ParseOptions.Progress, in order.
const (
	// StageRead counts the workbook's rows read (blank ones included) of
	// an estimate: the sheets' stated dimensions, else a guess from the
	// size of their XML or the CSV's line count. total is 0 when there
	// is no estimate; done may pass an estimate that was short.
	StageRead = "read"
	// StageParse counts the rows checked against the layout's rules, of
	// all the rows read.
	StageParse = "parse"
	// StageCheck is the comparison with the store: no count (0, 0).
	StageCheck = "check"
	// StageWrite counts the records written, the audit trail's included,
	// of all the import writes. A dry run or a rejected file has none.
	StageWrite = "write"
)

// ProgressFunc is told how far an import has come: done of total in
// stage (total 0: unknown). It is called from the goroutine doing the
// work, at most every progressStep items and at each stage's start, so
// it may be slow-ish but should not block. An import reads and checks
// in one goroutine and compares and writes in another, so the hook is
// called from both: the read and parse stages from the first, check and
// write from the second, interleaved.
type ProgressFunc func(stage string, done, total int64)

// progressStep is how many items pass between two calls of the hook:
// cheap enough for the row loops, often enough for a bar.
const progressStep = 256

// report calls the hook, if there is one.
func (fn ProgressFunc) report(stage string, done, total int64) {
	if fn != nil {
		fn(stage, done, total)
	}
}

// start begins a counted stage; nil (no hook) counts nothing.
func (fn ProgressFunc) start(stage string, total int64) *tracker {
	if fn == nil {
		return nil
	}
	fn(stage, 0, total)
	return &tracker{fn: fn, stage: stage, total: total, next: progressStep}
}

// tracker counts one stage's items and reports every progressStep.
// Its methods do nothing on a nil tracker.
type tracker struct {
	fn          ProgressFunc
	stage       string
	total, done int64
	next        int64
}

func (t *tracker) add(n int64) {
	if t == nil {
		return
	}
	t.done += n
	if t.done >= t.next {
		t.fn(t.stage, t.done, t.total)
		t.next = t.done + progressStep
	}
}

// finish reports the stage done: its count becomes its total (an
// estimate may have been off).
func (t *tracker) finish() {
	if t != nil {
		t.fn(t.stage, t.done, t.done)
	}
}

// gridRows is the rows of every grid, the parse stage's total.
func gridRows(gs []grid) int64 {
	n := 0
	for _, g := range gs {
		n += len(g.rows)
	}
	return int64(n)
}

// csvRows estimates a CSV's rows by its line ends (a quoted line end
// counts too: an estimate).
func csvRows(b []byte) int64 {
	n := bytes.Count(b, []byte{'\n'})
	if len(b) > 0 && b[len(b)-1] != '\n' {
		n++
	}
	return int64(n)
}

// writeAudit is models.WriteAudit with a count after each part.
func writeAudit(tx *gorm.DB, entries []models.AuditEntry, pr *tracker) error {
	const part = 10_000
	for len(entries) > 0 {
		n := min(part, len(entries))
		if err := models.WriteAudit(tx, entries[:n]); err != nil {
			return err
		}
		pr.add(int64(n))
		entries = entries[n:]
	}
	pr.finish()
	return nil
}
