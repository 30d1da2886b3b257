package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"portfolio/models"
)

// TestDemoAccountsPrintedAgain: serve --demo on a database that has its
// users already prints the demo accounts again, but only those whose
// demo password still signs in.
func TestDemoAccountsPrintedAgain(t *testing.T) {
	ctx := context.Background()
	s, err := openStore(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var out bytes.Buffer
	e := env{ctx: ctx, stdout: &out, stderr: &out}
	if err := firstUsers(e, s, true); err != nil {
		t.Fatal(err)
	}
	first := out.String()
	out.Reset()
	if err := s.SetPassword(ctx, "builder", "changed-by-its-unit", models.Who{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	if err := firstUsers(e, s, true); err != nil {
		t.Fatal(err)
	}
	again := out.String()
	for _, want := range []string{"admin-demo", "nanchang-demo", "leader-demo"} {
		if !strings.Contains(first, want) || !strings.Contains(again, want) {
			t.Errorf("%s: first run %q, again %q", want, first, again)
		}
	}
	if !strings.Contains(first, "builder-demo") || strings.Contains(again, "builder-demo") {
		t.Errorf("builder's changed password: first %q, again %q", first, again)
	}
	out.Reset()
	if err := firstUsers(e, s, false); err != nil || out.Len() != 0 {
		t.Errorf("serve without --demo on a database with users: %v %q", err, out.String())
	}
}
