package importer_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"portfolio/importer"
	"portfolio/models/storetest"
)

// progressLog records what an import's hook is told.
type progressLog struct {
	mu     sync.Mutex
	stages []string // each stage once, in the order first seen
	last   map[string][2]int64
	calls  map[string]int
}

func (l *progressLog) hook(stage string, done, total int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.last == nil {
		l.last, l.calls = map[string][2]int64{}, map[string]int{}
	}
	if _, ok := l.last[stage]; !ok {
		l.stages = append(l.stages, stage)
	}
	l.last[stage] = [2]int64{done, total}
	l.calls[stage]++
}

func planCSV(n int) string {
	var b strings.Builder
	b.WriteString("2024年项目表\n项目名称,领域,建设地点,建设性质,2024年计划投资\n")
	for i := range n {
		fmt.Fprintf(&b, "进度测试项目%d,综合交通,南昌市,续建,%d\n", i+1, 100+i)
	}
	return b.String()
}

func TestProgressReportsEachStageOfAnImport(t *testing.T) {
	s := storetest.SQLite(t)
	im := &importer.Importer{Store: s}
	const n = 700
	path := writeFile(t, t.TempDir(), "plan.csv", planCSV(n))
	var log progressLog
	res, err := im.ImportFile(context.Background(), path, importer.Options{ParseOptions: importer.ParseOptions{Progress: log.hook}})
	if err != nil || res.Created != n {
		t.Fatalf("%v %+v", err, res)
	}
	if got := strings.Join(log.stages, " "); got != "read parse check write" {
		t.Fatalf("stages %q", got)
	}
	// Of the 2 title and header lines + 700 rows, the last count told is
	// a step's: the parse stage follows at once.
	if got := log.last[importer.StageRead]; got[0] < 256 || got[1] != n+2 {
		t.Errorf("read ended at %v", got)
	}
	if got := log.last[importer.StageParse]; got[0] != got[1] || got[0] < n {
		t.Errorf("parse ended at %v", got)
	}
	// Each of the 700 projects and its plan entry, and an audit entry for each.
	if got := log.last[importer.StageWrite]; got != [2]int64{4 * n, 4 * n} {
		t.Errorf("write ended at %v, want %d of %d", got, 4*n, 4*n)
	}
	// Throttled: a call every few hundred items, not one per row.
	for stage, c := range log.calls {
		if c > 20 {
			t.Errorf("%s: %d calls", stage, c)
		}
	}

	// The same file again changes nothing: no write stage.
	var again progressLog
	if _, err := im.ImportFile(context.Background(), path, importer.Options{ParseOptions: importer.ParseOptions{Progress: again.hook}}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(again.stages, " "); got != "read parse check" {
		t.Fatalf("re-import stages %q", got)
	}
}

func TestProgressReadTotalOfAWorkbook(t *testing.T) {
	// Generators (excelize's stream writer among them) leave out
	// <dimension>: the total is guessed from the sheet's XML.
	const n = 3000
	x := excelize.NewFile()
	sw, err := x.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	rows := [][]any{{"2024年项目表"}, {"项目名称", "领域", "建设地点", "建设性质", "2024年计划投资"}}
	for i := range n {
		rows = append(rows, []any{fmt.Sprintf("进度测试项目%d", i+1), "综合交通", "南昌市", "续建", 100 + i})
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "plan.xlsx")
	if err := x.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	var log progressLog
	p, err := importer.ParseFile(path, importer.ParseOptions{Progress: log.hook})
	if err != nil || len(p.Plans) != n {
		t.Fatalf("%v", err)
	}
	if est := log.last[importer.StageRead][1]; est < n*8/10 || est > n*12/10 {
		t.Errorf("estimated %d rows, want about %d", est, n+2)
	}
}
