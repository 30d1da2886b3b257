package xlsxtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// ToXLS converts workbooks to .xls (BIFF8) with LibreOffice, all in one
// run (a run takes seconds), into dir: dir/<name>.xls for each. Without
// soffice the test is skipped, visibly, unless PORTFOLIO_REQUIRE_SOFFICE=1
// (CI installs it), where it fails.
func ToXLS(t testing.TB, dir string, files ...string) {
	t.Helper()
	bin, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("PORTFOLIO_REQUIRE_SOFFICE") == "1" {
			t.Fatal("soffice (LibreOffice) not found, and PORTFOLIO_REQUIRE_SOFFICE=1")
		}
		t.Skip("soffice (LibreOffice) not found: the .xls comparisons are skipped")
	}
	// A profile of its own: a LibreOffice already running (another test
	// binary's) would otherwise take the conversion and return at once.
	profile := "file://" + filepath.ToSlash(t.TempDir())
	args := append([]string{"-env:UserInstallation=" + profile, "--headless", "--convert-to", "xls", "--outdir", dir}, files...)
	out, err := exec.Command(bin, args...).CombinedOutput() // #nosec G204 -- the test's own files
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	for _, f := range files {
		x := filepath.Join(dir, strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))+".xls")
		if _, err := os.Stat(x); err != nil {
			t.Fatalf("soffice wrote no %s:\n%s", x, out)
		}
	}
}
