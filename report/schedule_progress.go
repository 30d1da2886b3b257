package report

import (
	"context"
	"io"

	"gorm.io/gorm"
)

// ScheduleProgress is told how many of the table's project rows are
// written (done of total) while WriteScheduleProgress runs.
type ScheduleProgress func(done, total int)

// scheduleProgressKey is the context key of a ScheduleProgress.
type scheduleProgressKey struct{}

// scheduleProgressStep is how many rows pass between two calls.
const scheduleProgressStep = 256

// WriteScheduleProgress is WriteSchedule calling progress as the rows
// go out: at the first row, every few hundred rows and at the last. The
// hook rides on the context, as net/http/httptrace's do, so the
// streaming code needs no extra parameter; WriteSchedule has none.
func (r *Reporter) WriteScheduleProgress(ctx context.Context, w io.Writer, f ProjectFilter, progress ScheduleProgress) error {
	if progress != nil {
		ctx = context.WithValue(ctx, scheduleProgressKey{}, progress)
	}
	return r.WriteSchedule(ctx, w, f)
}

// scheduleRowDone reports row done of total to the hook on db's context,
// if any.
func scheduleRowDone(db *gorm.DB, done, total int) {
	if done != 1 && done != total && done%scheduleProgressStep != 0 {
		return
	}
	if fn, ok := db.Statement.Context.Value(scheduleProgressKey{}).(ScheduleProgress); ok {
		fn(done, total)
	}
}
