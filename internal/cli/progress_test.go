package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// fakeTerminal is a progressBar on a buffer with a clock the test moves.
func fakeTerminal() (*progressBar, *bytes.Buffer, *time.Time) {
	var buf bytes.Buffer
	now := time.Date(2024, 7, 1, 9, 0, 0, 0, time.UTC)
	b := &progressBar{w: &buf, now: func() time.Time { return now }, interval: 100 * time.Millisecond, width: 10}
	return b, &buf, &now
}

// screen is what a terminal shows after out: each \r returns to the
// line's start, \x1b[K erases the rest of it.
func screen(out string) []string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		parts := strings.Split(l, "\r")
		lines = append(lines, strings.ReplaceAll(parts[len(parts)-1], "\x1b[K", ""))
	}
	return lines
}

func TestProgressBarDrawsThrottlesAndEndsTheLine(t *testing.T) {
	b, buf, now := fakeTerminal()
	b.Prefix("[1/2] plan.xlsx")
	b.Update("写入（条）", 0, 4000)
	for done := int64(1); done < 4000; done++ {
		b.Update("写入（条）", done, 4000) // 4,000 updates within the same instant
	}
	if n := strings.Count(buf.String(), "\r"); n != 1 {
		t.Fatalf("%d draws in one interval, want 1: %q", n, buf.String())
	}
	*now = now.Add(150 * time.Millisecond)
	b.Update("写入（条）", 1920, 4000)
	if got := screen(buf.String())[0]; got != "[1/2] plan.xlsx 写入（条） [====>     ]  48%  1,920/4,000" {
		t.Fatalf("line %q", got)
	}
	b.Update("写入（条）", 3999, 4000) // throttled, but Done draws it
	b.Done()
	lines := screen(buf.String())
	if len(lines) != 2 || lines[0] != "[1/2] plan.xlsx 写入（条） [=========>]  99%  3,999/4,000" || lines[1] != "" {
		t.Fatalf("after Done: %q", lines)
	}

	// A new step draws at once; a finished count too.
	b.Prefix("[2/2] m1.xlsx")
	b.Update("读取（行）", 12345, 0)
	b.Update("与数据库比对", 0, 0)
	b.Update("写入（条）", 10, 10)
	b.Done()
	lines = screen(buf.String())
	if got := lines[1]; got != "[2/2] m1.xlsx 写入（条） [==========] 100%  10/10" {
		t.Fatalf("second file %q", got)
	}
	for _, want := range []string{"读取（行） 12,345", "与数据库比对 …"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("no %q in %q", want, buf.String())
		}
	}
}

func TestProgressBarQuietOffATerminal(t *testing.T) {
	var buf bytes.Buffer
	if b := newProgressBar(&buf, false); b != nil {
		t.Fatal("a bar on a buffer")
	}
	var b *progressBar // what newProgressBar gives off a terminal or with --json
	b.Prefix("x")
	b.Update("读取（行）", 1, 2)
	b.Done()
	if importProgress(b) != nil {
		t.Fatal("a hook without a bar")
	}
}
