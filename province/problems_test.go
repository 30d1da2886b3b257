package province

import "testing"

func TestProblemNext(t *testing.T) {
	for _, c := range []struct {
		action, status, level string
		wantStatus, wantLevel string
		ok                    bool
	}{
		{ActStart, ProblemOpen, LevelCounty, ProblemInProgress, LevelCounty, true},
		{ActStart, ProblemInProgress, LevelCounty, ProblemInProgress, LevelCounty, false},
		{ActEscalate, ProblemOpen, LevelCounty, ProblemOpen, LevelCity, true},
		{ActEscalate, ProblemInProgress, LevelCity, ProblemOpen, LevelProvince, true},
		{ActEscalate, ProblemOpen, LevelProvince, ProblemOpen, LevelProvince, false},
		{ActEscalate, ProblemResolved, LevelCounty, ProblemResolved, LevelCounty, false},
		{ActResolve, ProblemOpen, LevelProvince, ProblemResolved, LevelProvince, true},
		{ActResolve, ProblemResolved, LevelCity, ProblemResolved, LevelCity, false},
		{ActClose, ProblemInProgress, LevelCity, ProblemClosed, LevelCity, true},
		{ActClose, ProblemClosed, LevelCity, ProblemClosed, LevelCity, false},
		{ActReopen, ProblemResolved, LevelCity, ProblemOpen, LevelCity, true},
		{ActReopen, ProblemClosed, LevelCounty, ProblemOpen, LevelCounty, true},
		{ActReopen, ProblemOpen, LevelCounty, ProblemOpen, LevelCounty, false},
		{"raise", ProblemOpen, LevelCounty, ProblemOpen, LevelCounty, false},
	} {
		st, lv, ok := ProblemNext(c.action, c.status, c.level)
		if ok != c.ok || (ok && (st != c.wantStatus || lv != c.wantLevel)) {
			t.Errorf("%s on %s/%s = %s/%s %v; want %s/%s %v", c.action, c.status, c.level, st, lv, ok, c.wantStatus, c.wantLevel, c.ok)
		}
	}
}

func TestMayMoveProblem(t *testing.T) {
	for _, c := range []struct {
		role, action, level string
		owns, want          bool
	}{
		{RoleAdmin, ActResolve, LevelProvince, false, true},
		{RoleAdmin, ActEscalate, LevelCounty, false, true},
		{RoleCity, ActEscalate, LevelCounty, true, true},
		{RoleCity, ActEscalate, LevelCity, true, true},
		{RoleCity, ActResolve, LevelProvince, true, false}, // the province's now
		{RoleCity, ActStart, LevelCounty, false, false},    // another city's
		{RoleManager, ActResolve, LevelCounty, true, true},
		{RoleManager, ActReopen, LevelCounty, true, true},
		{RoleManager, ActResolve, LevelCity, true, false},
		{RoleManager, ActEscalate, LevelCounty, true, false},
		{RoleManager, ActResolve, LevelCounty, false, false},
		{RoleViewer, ActResolve, LevelCounty, true, false},
	} {
		if got := MayMoveProblem(c.role, c.action, c.level, c.owns); got != c.want {
			t.Errorf("MayMoveProblem(%s, %s, %s, %v) = %v", c.role, c.action, c.level, c.owns, got)
		}
	}
	for _, c := range []struct {
		role, level string
		owns, want  bool
	}{
		{RoleManager, LevelCounty, true, true}, {RoleManager, LevelCity, true, false}, {RoleManager, LevelCounty, false, false},
		{RoleCity, LevelCity, true, true}, {RoleCity, LevelProvince, true, false}, {RoleCity, LevelCounty, false, false},
		{RoleAdmin, LevelProvince, false, true}, {RoleViewer, LevelCounty, true, false},
	} {
		if got := MayRaiseProblem(c.role, c.level, c.owns); got != c.want {
			t.Errorf("MayRaiseProblem(%s, %s, %v) = %v", c.role, c.level, c.owns, got)
		}
	}
}

func TestProblemWordsAreComplete(t *testing.T) {
	for _, l := range ProblemLevels() {
		if LevelLabel(l) == "" {
			t.Errorf("level %s has no label", l)
		}
	}
	for _, s := range ProblemStatuses() {
		if ProblemStatusLabel(s) == "" {
			t.Errorf("status %s has no label", s)
		}
	}
	for _, a := range ProblemActions() {
		if ProblemActionLabel(a) == "" {
			t.Errorf("action %s has no label", a)
		}
	}
	if len(ProblemCategories()) != 9 {
		t.Errorf("categories %v", ProblemCategories())
	}
}
