package cli

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"portfolio/models"
)

// TestTargetCommands sets, lists and clears targets as an operator would:
// exit 0 and a line saying what was set, exit 2 with the Chinese message
// for a bad value, the audit naming the CLI.
func TestTargetCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	if code, out, stderr := cli(t, "target", "list", "--db", db, "--year", "2030"); code != 0 || !strings.Contains(out, "2030年未设定目标") {
		t.Fatalf("list of a year without targets: %d %q %q", code, out, stderr)
	}
	if code, out, stderr := cli(t, "target", "set", "--db", db, "--year", "2030", "--amount-yuan", "1050000000000"); code != 0 || !strings.Contains(out, "全省 目标 10,500.00 亿元") {
		t.Fatalf("set: %d %q %q", code, out, stderr)
	}
	if code, _, stderr := cli(t, "target", "set", "--db", db, "--year", "2030", "--city", "南昌市", "--amount-yuan", "90000000000"); code != 0 {
		t.Fatalf("set a city's: %d %q", code, stderr)
	}
	for _, bad := range []struct {
		args  []string
		words string
	}{
		{[]string{"set", "--year", "2030", "--amount-yuan", "-5"}, "年度目标不能为负数"},
		{[]string{"set", "--year", "2030", "--amount-yuan", "10000000000001"}, "不能超过 1,000,000,000.00 万元"},
		{[]string{"set", "--year", "2030", "--city", "长沙市", "--amount-yuan", "5"}, "设区市应为以下之一"},
		{[]string{"set", "--year", "2030", "--sector", "航天", "--amount-yuan", "5"}, "领域应为以下之一"},
		{[]string{"set", "--year", "2030", "--sector", "能源", "--city", "南昌市", "--amount-yuan", "5"}, "exclude each other"},
		{[]string{"set", "--year", "1999", "--amount-yuan", "5"}, "年份应为 2000 到 2100 之间"},
		{[]string{"set", "--year", "2030"}, "--amount-yuan is required"},
		{[]string{"list"}, "--year is required"},
		{[]string{"rename"}, "unknown subcommand"},
	} {
		code, _, stderr := cli(t, append(append([]string{"target"}, bad.args...), "--db", db)...)
		if bad.args[0] == "rename" {
			code, _, stderr = cli(t, "target", "rename")
		}
		if code != exitUsage || !strings.Contains(stderr, bad.words) {
			t.Errorf("target %v: exit %d %q (want 2 saying %q)", bad.args, code, stderr, bad.words)
		}
	}
	code, out, _ := cli(t, "target", "list", "--db", db, "--year", "2030", "--json")
	var ts []models.AnnualTarget
	if err := json.Unmarshal([]byte(out), &ts); code != 0 || err != nil || len(ts) != 2 || ts[0].AmountYuan != 1_050_000_000_000 || ts[1].ScopeKey != "南昌市" {
		t.Fatalf("list --json: %d %v %s", code, err, out)
	}
	if code, _, stderr := cli(t, "target", "clear", "--db", db, "--year", "2030", "--city", "南昌市"); code != 0 {
		t.Fatalf("clear: %d %q", code, stderr)
	}
	if code, _, stderr := cli(t, "target", "clear", "--db", db, "--year", "2030", "--city", "南昌市"); code != exitFailure || !strings.Contains(stderr, "no such target") {
		t.Errorf("clear again: %d %q", code, stderr)
	}
	if code, out, _ := cli(t, "rollup", "--db", db, "--year", "2031", "--month", "1"); code != 0 || !strings.Contains(out, "未设定目标") {
		t.Errorf("rollup of a year without a target: %d %q", code, out)
	}
	if code, out, _ := cli(t, "rollup", "--db", db, "--year", "2030", "--month", "1"); code != 0 || !strings.Contains(out, "年度目标 10,500.00 亿元") {
		t.Errorf("rollup of 2030: %d %q", code, out)
	}
	s, err := openStore(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	entries, _, err := s.Audit(context.Background(), models.AuditFilter{Actor: models.ActorCLI})
	if err != nil || len(entries) != 3 || entries[0].Action != models.ActionDelete || entries[0].Source != models.SourceCLI {
		t.Errorf("audit: %+v %v", entries, err)
	}
}
