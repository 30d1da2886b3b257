package report

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"portfolio/models"
	"portfolio/province"
)

// Change is one audit entry of a project in words, as its page shows it:
// "2024年9月月报 完成投资 1,234.00 万元 → 1,300.00 万元".
type Change struct {
	ID      int64     `json:"id"`
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"`
	Source  string    `json:"source"`
	Action  string    `json:"action"`
	Entity  string    `json:"entity"`
	BatchID *int64    `json:"batch_id"`
	Subject string    `json:"subject"`
	Summary string    `json:"summary"`
}

// StatusLabel is a monthly report's status as the users read it.
func StatusLabel(st string) string {
	return map[string]string{models.ReportDraft: "草稿", models.ReportSubmitted: "待审核",
		models.ReportApproved: "已审核", models.ReportReturned: "已退回"}[st]
}

// Changes puts a project's audit entries in words, in their order.
func Changes(es []models.AuditEntry) []Change {
	out := make([]Change, 0, len(es))
	for _, e := range es {
		before, after := auditFields(e.BeforeJSON), auditFields(e.AfterJSON)
		out = append(out, Change{ID: e.ID, At: e.At, Actor: e.Actor, Source: e.Source, Action: e.Action, Entity: e.Entity,
			BatchID: e.BatchID, Subject: changeSubject(e.Entity, before, after), Summary: changeSummary(e.Entity, before, after)})
	}
	return out
}

// auditFields reads an audit entry's row; numbers stay exact.
func auditFields(s string) map[string]any {
	m := map[string]any{}
	if s == "" {
		return m
	}
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	_ = d.Decode(&m) // a row that does not read says nothing
	return m
}

// changeSubject names the row changed: 2024年9月月报, 2024年计划, 里程碑“开工”.
func changeSubject(entity string, before, after map[string]any) string {
	get := func(k string) string {
		if v, ok := after[k]; ok {
			return fmt.Sprint(v)
		}
		if v, ok := before[k]; ok {
			return fmt.Sprint(v)
		}
		return ""
	}
	switch entity {
	case "monthly_reports":
		return get("year") + "年" + get("month") + "月月报"
	case "plan_entries":
		return get("year") + "年计划"
	case "milestones":
		return "里程碑“" + get("kind") + "”"
	case "problems":
		return "问题台账“" + get("category") + "”"
	case "projects":
		return "项目"
	case "user_projects":
		return "项目分配"
	}
	return entity
}

// headline are the fields a new row is described by.
func headline(entity string) []string {
	return map[string][]string{
		"monthly_reports": {"completed_yuan", "progress", "status"},
		"plan_entries":    {"annual_plan_yuan", "total_investment_yuan", "stage"},
		"milestones":      {"planned_on", "reached_on"},
		"projects":        {"name", "code"},
		"problems":        {"description", "level", "due_on"},
	}[entity]
}

// unshown are the fields no history sentence repeats: keys, versions and
// the times the entry itself carries.
func unshown(k string) bool {
	return slices.Contains([]string{"id", "project_id", "year", "month", "version", "batch_id", "created_at", "updated_at", "norm_name"}, k)
}

// changeSummary is what changed: each field that differs as "label A → B",
// a new row by its headline fields, a removed one as such.
func changeSummary(entity string, before, after map[string]any) string {
	var parts []string
	switch {
	case len(before) == 0 && len(after) == 0:
		return ""
	case entity == "user_projects" && after["UserID"] != nil:
		// models.UserProject has no JSON names: {"UserID":3,"ProjectID":16}.
		return "分配给用户编号 " + fmt.Sprint(after["UserID"])
	case len(before) == 0:
		for _, k := range headline(entity) {
			if v, ok := after[k]; ok && fmt.Sprint(v) != "" {
				parts = append(parts, province.FieldLabel(k)+" "+fieldValue(k, v))
			}
		}
	case len(after) == 0:
		return "已删除"
	default:
		keys := make([]string, 0, len(after))
		for k := range after {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if b := before[k]; !unshown(k) && fmt.Sprint(b) != fmt.Sprint(after[k]) {
				parts = append(parts, province.FieldLabel(k)+" "+fieldValue(k, b)+" → "+fieldValue(k, after[k]))
			}
		}
		if len(parts) == 0 {
			return "内容未变"
		}
	}
	return strings.Join(parts, "；")
}

// maxHistoryText bounds a text value a history sentence repeats.
const maxHistoryText = 40

// fieldValue is one stored value as the officials read it.
func fieldValue(k string, v any) string {
	switch x := v.(type) {
	case nil:
		return "（空）"
	case bool:
		return map[bool]string{true: "是", false: "否"}[x]
	case json.Number:
		if n, err := x.Int64(); err == nil && strings.HasSuffix(k, "_yuan") {
			return Wan(n) + " 万元"
		}
		return x.String()
	}
	s := fmt.Sprint(v)
	switch {
	case s == "":
		return "（空）"
	case k == "stage":
		return StageLabel(s)
	case k == "status" && province.ProblemStatusLabel(s) != "":
		return province.ProblemStatusLabel(s)
	case k == "status":
		return StatusLabel(s)
	case k == "level":
		return province.LevelLabel(s)
	}
	if r := []rune(s); len(r) > maxHistoryText {
		return string(r[:maxHistoryText]) + "…"
	}
	return s
}
