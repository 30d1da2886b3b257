package cli

import (
	"errors"
	"flag"
	"io"
	"os"
	"strings"
	"testing"
	"time"
)

func serveSettings(t *testing.T) (*config, *settings) {
	t.Helper()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var c config
	s := newSettings(fs)
	c.serveFlags(s)
	return &c, s
}

// TestSettingsFromFlagsAndEnvironment: a flag wins over its variable, the
// variable over the default, and the defaults are the documented ones.
func TestSettingsFromFlagsAndEnvironment(t *testing.T) {
	c, s := serveSettings(t)
	if err := s.parse(nil); err != nil {
		t.Fatal(err)
	}
	if c.YellowBand != 10 || c.MaxUploadMB != 50 || c.MaxBodyKB != 1024 || c.SessionIdle != 30*time.Minute ||
		c.SessionMax != 12*time.Hour || c.MaxImports != 2 || c.ImportQueue != 4 || c.StagingMaxAge != 24*time.Hour ||
		c.OC4IDS.PublisherName != "江西省发展和改革委员会" || c.Addr != ":8080" || c.Janitor != 10*time.Minute {
		t.Fatalf("defaults: %+v", c)
	}
	t.Setenv("PORTFOLIO_YELLOW_BAND", "5")
	t.Setenv("PORTFOLIO_SESSION_IDLE", "45m")
	t.Setenv("PORTFOLIO_MAX_IMPORTS", "3")
	t.Setenv("PORTFOLIO_OC4IDS_LICENSE", "https://creativecommons.org/licenses/by/4.0/")
	c, s = serveSettings(t)
	if err := s.parse([]string{"--max-imports", "8"}); err != nil {
		t.Fatal(err)
	}
	if c.YellowBand != 5 || c.SessionIdle != 45*time.Minute || c.MaxImports != 8 || c.OC4IDS.License == "" {
		t.Fatalf("environment and flags: %+v", c)
	}
	a := c.api(nil, nil, nil, c.reporter(nil))
	if a.MaxUploadBytes != 50<<20 || a.MaxBodyBytes != 1<<20 || a.Sessions.Idle != 45*time.Minute || a.MaxImports != 8 ||
		a.OC4IDS.License != c.OC4IDS.License || a.Reporter.Opt.YellowBandPoints != 5 {
		t.Fatalf("api config: %+v", a)
	}
}

// TestSettingsOutOfRange: a value past its bound, from a flag or a
// variable, and a variable that does not parse are usage errors that name
// the flag or variable and the range.
func TestSettingsOutOfRange(t *testing.T) {
	for _, tc := range []struct {
		env, val string
		args     []string
		says     string
	}{
		{"", "", []string{"--yellow-band", "0"}, "--yellow-band（$PORTFOLIO_YELLOW_BAND）应在 1 到 50 之间"},
		{"", "", []string{"--max-upload-mb", "100000"}, "应在 1 到 1024 之间"},
		{"PORTFOLIO_SESSION_MAX", "10000h", nil, "--session-max（$PORTFOLIO_SESSION_MAX）应在 1m0s 到 720h0m0s 之间"},
		{"PORTFOLIO_MAX_IMPORTS", "many", nil, `$PORTFOLIO_MAX_IMPORTS="many" 不是整数`},
		{"PORTFOLIO_STAGING_MAX_AGE", "a day", nil, "不是时长"},
		{"", "", []string{"--import-queue", "-1"}, "应在 0 到 1000 之间"},
		{"", "", []string{"--staging", "disk"}, "--staging（$PORTFOLIO_STAGING）应为 db、dir 之一"},
		{"PORTFOLIO_STAGING", "DB", nil, `现在是 "DB"`},
	} {
		if tc.env != "" {
			t.Setenv(tc.env, tc.val)
		}
		_, s := serveSettings(t)
		err := s.parse(tc.args)
		var ue usageError
		if !errors.As(err, &ue) || !strings.Contains(ue.msg, tc.says) {
			t.Errorf("%s=%s %v: %v, want a usage error saying %q", tc.env, tc.val, tc.args, err, tc.says)
		}
		if tc.env != "" {
			if err := os.Unsetenv(tc.env); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestREADMEListsSettings: every setting's flag and variable is in the
// README's table, so the two cannot drift apart.
func TestREADMEListsSettings(t *testing.T) {
	raw, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, s := serveSettings(t)
	if len(s.all) < 16 {
		t.Fatalf("%d settings", len(s.all))
	}
	for _, st := range s.all {
		row := "| `--" + st.flag + "` | `" + st.env + "` |"
		if !strings.Contains(string(raw), row) {
			t.Errorf("README has no row %q", row)
		}
	}
}
