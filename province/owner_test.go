package province

import "testing"

func TestOwnerCity(t *testing.T) {
	for _, c := range []struct {
		byYear map[int]string
		want   string
	}{
		{nil, ""},
		{map[int]string{2024: "赣州市"}, "赣州市"},
		{map[int]string{2023: "赣州市", 2025: "南昌市", 2024: "九江市"}, "南昌市"},
	} {
		if got := OwnerCity(c.byYear); got != c.want {
			t.Errorf("OwnerCity(%v) = %q, want %q", c.byYear, got, c.want)
		}
	}
}

func TestMayEdit(t *testing.T) {
	for _, c := range []struct {
		role, userCity, owner string
		assigned, want        bool
	}{
		{RoleAdmin, "", "赣州市", false, true},
		{RoleCity, "南昌市", "南昌市", false, true},
		{RoleCity, "南昌市", "赣州市", false, false},
		{RoleCity, "", "", false, false}, // a city official without a city owns nothing, not the unlisted
		{RoleManager, "", "赣州市", true, true},
		{RoleManager, "", "赣州市", false, false},
		{RoleViewer, "", "赣州市", true, false},
		{"", "南昌市", "南昌市", true, false},
	} {
		if got := MayEdit(c.role, c.userCity, c.owner, c.assigned); got != c.want {
			t.Errorf("MayEdit(%q, %q, %q, %v) = %v", c.role, c.userCity, c.owner, c.assigned, got)
		}
	}
	if MayMove(RoleCity) || !MayMove(RoleAdmin) {
		t.Error("only the admin moves a project to another city")
	}
}
