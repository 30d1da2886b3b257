package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-isatty"

	"portfolio/importer"
	"portfolio/province"
)

// progressBar draws one status line on a terminal, redrawn in place
// with \r: "[2/3] plan.xlsx 写入 [=========>          ]  48%  1,920/4,000".
// Updates come at most every interval, except the first of a new step
// and a finished count; Done redraws the last one and ends the line.
// A nil *progressBar draws nothing.
type progressBar struct {
	w        io.Writer
	now      func() time.Time
	interval time.Duration
	width    int // cells of the bar between [ and ]

	mu     sync.Mutex
	prefix string
	label  string
	done   int64
	total  int64
	last   time.Time
	shown  bool // a line is on the screen, not yet ended
	stale  bool // the newest state is not drawn yet
}

// newProgressBar makes a bar on w when w is a terminal and quiet is
// false; otherwise nil, which draws nothing.
func newProgressBar(w io.Writer, quiet bool) *progressBar {
	if quiet || !isTerminal(w) {
		return nil
	}
	return &progressBar{w: w, now: time.Now, interval: 100 * time.Millisecond, width: 24}
}

// isTerminal tells whether w is a terminal (not a file or a pipe).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// Prefix sets what the line starts with (the file, "[i/n] name").
func (b *progressBar) Prefix(p string) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.prefix = p
}

// Update sets the step's label and its count, done of total (0: unknown).
func (b *progressBar) Update(label string, done, total int64) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.shown && label == b.label && done == b.done && total == b.total {
		return // drawn already
	}
	changed := label != b.label
	b.label, b.done, b.total = label, done, total
	b.stale = true
	now := b.now()
	if !changed && !(total > 0 && done >= total) && now.Sub(b.last) < b.interval {
		return
	}
	b.draw(now)
}

// Done draws the newest state and ends the line, so what is printed next
// starts on a line of its own.
func (b *progressBar) Done() {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.stale {
		b.draw(b.now())
	}
	if b.shown {
		fmt.Fprint(b.w, "\n")
	}
	b.shown, b.label, b.done, b.total = false, "", 0, 0
}

// draw writes the line: \r, the text, and "erase to the end of the line"
// for what a longer line before left there.
func (b *progressBar) draw(now time.Time) {
	b.last, b.stale, b.shown = now, false, true
	fmt.Fprintf(b.w, "\r%s\x1b[K", b.line())
}

func (b *progressBar) line() string {
	var s strings.Builder
	if b.prefix != "" {
		s.WriteString(b.prefix + " ")
	}
	s.WriteString(b.label)
	switch {
	case b.total > 0:
		frac := min(float64(b.done)/float64(b.total), 1)
		full := int(frac * float64(b.width))
		s.WriteString(" [" + strings.Repeat("=", full))
		if full < b.width {
			s.WriteString(">" + strings.Repeat(" ", b.width-full-1))
		}
		fmt.Fprintf(&s, "] %3d%%  %s/%s", int(frac*100), province.Thousands(min(b.done, b.total)), province.Thousands(b.total))
	case b.done > 0:
		s.WriteString(" " + province.Thousands(b.done))
	default:
		s.WriteString(" …")
	}
	return s.String()
}

// importStage names an importer stage on the bar.
func importStage(stage string) string {
	switch stage {
	case importer.StageRead:
		return "读取（行）"
	case importer.StageParse:
		return "检查格式（行）"
	case importer.StageCheck:
		return "与数据库比对"
	case importer.StageWrite:
		return "写入（条）"
	}
	return stage
}

// importProgress is an importer hook drawing on b; nil when b is nil.
// An import reads and checks in one goroutine while it compares and
// writes in another: the rows read, of the file's estimate, are its
// progress, so while the reading lasts the bar shows it alone (the
// label would otherwise switch back and forth).
func importProgress(b *progressBar) importer.ProgressFunc {
	if b == nil {
		return nil
	}
	var mu sync.Mutex
	reading := false
	return func(stage string, done, total int64) {
		mu.Lock()
		defer mu.Unlock()
		switch {
		case stage == importer.StageRead:
			reading = total == 0 || done < total
		case reading:
			return
		}
		b.Update(importStage(stage), done, total)
	}
}
