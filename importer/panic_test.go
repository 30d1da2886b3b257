package importer

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"portfolio/models/storetest"
)

// TestReaderPanicIsLoggedWithItsStack: a panic while reading gives the
// user the Chinese message and leaves the stack in the log.
func TestReaderPanicIsLoggedWithItsStack(t *testing.T) {
	var logs bytes.Buffer
	im := &Importer{Store: storetest.SQLite(t), Log: slog.New(slog.NewTextHandler(&logs, nil))}
	res := newResult("bad.xlsx", Options{})
	_, err := im.run(context.Background(), res, Options{}, func(rowSink) (*Parsed, error) {
		var rows []int
		_ = rows[3] // a reader bug: index out of range
		return nil, nil
	})
	if !errors.Is(err, ErrRejected) || len(res.Errors) != 1 || res.Errors[0].Message != errCorrupt.Error() {
		t.Fatalf("error %v, issues %+v: want the file refused with the corrupt-file message", err, res.Errors)
	}
	out := logs.String()
	for _, want := range []string{"panic while reading", "file=bad.xlsx", "index out of range", "panic_test.go"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}
