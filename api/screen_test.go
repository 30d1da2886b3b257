package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestScreenAndReportedProblems: the screen's refresh and the problems'
// limit are bounded; the month's reported problems come red first, each
// with its text; the screen lists the ledger's open problems, and says so
// when there are none.
func TestScreenAndReportedProblems(t *testing.T) {
	s := demoStore(t)
	srv := newServer(t, s)
	checkAnswers(t, srv, []answerCase{
		{"/screen?refresh=4", http.StatusBadRequest, "refresh 参数应为 5 到 3600 之间的秒数"},
		{"/screen?refresh=x", http.StatusBadRequest, "refresh 参数"},
		{"/screen?refresh=3601", http.StatusBadRequest, "refresh 参数"},
		{"/api/v1/reported-problems?limit=0", http.StatusBadRequest, "limit 参数应为 1 到 100"},
		{"/api/v1/reported-problems?limit=101", http.StatusBadRequest, "limit 参数"},
		{"/api/v1/reported-problems?month=13", http.StatusBadRequest, "month"},
	})
	code, body := get(t, srv, srv.URL+"/api/v1/reported-problems?limit=30")
	var list struct {
		Month    int `json:"month"`
		Problems []struct {
			Name, Light, Problems string
		} `json:"problems"`
	}
	if code != http.StatusOK || json.Unmarshal([]byte(body), &list) != nil || len(list.Problems) == 0 || len(list.Problems) > 30 {
		t.Fatalf("problems: %d %.300s", code, body)
	}
	rank := map[string]int{"red": 2, "yellow": 1, "green": 0}
	for i, p := range list.Problems {
		if strings.TrimSpace(p.Problems) == "" || (i > 0 && rank[p.Light] > rank[list.Problems[i-1].Light]) {
			t.Errorf("problem %d: %+v after %+v", i, p, list.Problems[max(i-1, 0)])
		}
	}
	code, body = get(t, srv, srv.URL+"/screen")
	if code != http.StatusOK || !strings.Contains(body, "问题台账没有未解决的问题") || !strings.Contains(body, `data-refresh="300"`) {
		t.Errorf("screen: %d, an empty ledger, refresh default: %.300s", code, body)
	}
}
