package province

import "strings"

// The problems ledger (问题台账): what blocks a project, who must clear it
// and at which level of government it is being worked.
//
// A problem is raised open, at the county level by default. It is worked
// (in_progress), resolved, or closed as not a problem; a resolved or
// closed one may be reopened (back to open). Escalating moves it one
// level up (county → city → province) and back to open: the new level
// takes it up from the start. Who may do what:
//
//   - a project manager raises problems on its assigned projects (county
//     level only), and resolves or reopens the county-level ones of its
//     projects (it is the one that knows the land was granted); it does
//     not escalate: asking the city is the city's call.
//   - a city official raises problems on its city's projects (county or
//     city level) and works every county- and city-level problem of them:
//     starts, resolves, closes, reopens and escalates (county → city,
//     city → province). A province-level problem is the province's.
//   - the province admin works every problem at every level.
//   - a viewer reads.
//
// "Its projects" is MayEdit: the caller passes whether the user may edit
// the problem's project.

// Problem categories, in the order the ledger lists them.
func ProblemCategories() []string {
	return []string{"用地", "用林", "环评", "资金", "能耗", "电力", "征迁", "审批", "其他"}
}

// Problem levels, lowest first.
const (
	LevelCounty   = "county"
	LevelCity     = "city"
	LevelProvince = "province"
)

// Problem statuses.
const (
	ProblemOpen       = "open"
	ProblemInProgress = "in_progress"
	ProblemResolved   = "resolved"
	ProblemClosed     = "closed" // not a problem after all
)

// Problem actions: each moves a problem's status (and escalate its level).
const (
	ActStart    = "start"
	ActEscalate = "escalate"
	ActResolve  = "resolve"
	ActClose    = "close"
	ActReopen   = "reopen"
)

// ProblemLevels lists the levels, lowest first.
func ProblemLevels() []string { return []string{LevelCounty, LevelCity, LevelProvince} }

// ProblemStatuses lists the statuses in the order of the loop.
func ProblemStatuses() []string {
	return []string{ProblemOpen, ProblemInProgress, ProblemResolved, ProblemClosed}
}

// ProblemActions lists the actions.
func ProblemActions() []string {
	return []string{ActStart, ActEscalate, ActResolve, ActClose, ActReopen}
}

// LevelLabel is a level in words.
func LevelLabel(l string) string {
	return map[string]string{LevelCounty: "县级", LevelCity: "市级", LevelProvince: "省级"}[l]
}

// ProblemStatusLabel is a status in words.
func ProblemStatusLabel(s string) string {
	return map[string]string{ProblemOpen: "待处理", ProblemInProgress: "处理中", ProblemResolved: "已解决", ProblemClosed: "已关闭（非问题）"}[s]
}

// ProblemActionLabel is an action in words, as a button says it.
func ProblemActionLabel(a string) string {
	return map[string]string{ActStart: "开始处理", ActEscalate: "上报上级协调", ActResolve: "标记已解决", ActClose: "关闭（非问题）", ActReopen: "重新打开", "raise": "提出"}[a]
}

// ProblemDepartments are the usual 要素保障部门, offered as suggestions;
// the field is free text.
func ProblemDepartments() []string {
	return []string{"自然资源部门", "林业部门", "生态环境部门", "财政部门", "发展改革部门", "住房城乡建设部门", "水利部门", "交通运输部门", "供电公司", "县（市、区）人民政府"}
}

// ProblemWords lists the allowed values of a field for a refusal message:
// "用地、用林、…".
func ProblemWords(values []string, label func(string) string) string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = v
		if label != nil {
			out[i] = v + "（" + label(v) + "）"
		}
	}
	return strings.Join(out, "、")
}

// ProblemIsOpen tells whether a status still needs work (counted as open, and late
// when its due date is past).
func ProblemIsOpen(status string) bool {
	return status == ProblemOpen || status == ProblemInProgress
}

// ProblemNext is where action takes a problem of status and level: the
// new status and level, or ok false when the action does not apply
// (resolving a resolved problem, escalating past the province).
func ProblemNext(action, status, level string) (newStatus, newLevel string, ok bool) {
	switch action {
	case ActStart:
		return ProblemInProgress, level, status == ProblemOpen
	case ActResolve:
		return ProblemResolved, level, ProblemIsOpen(status)
	case ActClose:
		return ProblemClosed, level, ProblemIsOpen(status)
	case ActReopen:
		return ProblemOpen, level, status == ProblemResolved || status == ProblemClosed
	case ActEscalate:
		switch level {
		case LevelCounty:
			return ProblemOpen, LevelCity, ProblemIsOpen(status)
		case LevelCity:
			return ProblemOpen, LevelProvince, ProblemIsOpen(status)
		}
	}
	return status, level, false
}

// MayRaiseProblem tells whether a user may raise a problem at level on a
// project (ownsProject: MayEdit for it).
func MayRaiseProblem(role, level string, ownsProject bool) bool {
	switch role {
	case RoleAdmin:
		return true
	case RoleCity:
		return ownsProject && (level == LevelCounty || level == LevelCity)
	case RoleManager:
		return ownsProject && level == LevelCounty
	}
	return false
}

// MayMoveProblem tells whether a user may take action on a problem at
// level of a project (ownsProject: MayEdit for it); see the rules above.
func MayMoveProblem(role, action, level string, ownsProject bool) bool {
	switch role {
	case RoleAdmin:
		return true
	case RoleCity:
		return ownsProject && level != LevelProvince
	case RoleManager:
		return ownsProject && level == LevelCounty && (action == ActResolve || action == ActReopen)
	}
	return false
}
