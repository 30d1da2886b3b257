package province

// The roles of the province's users: who may change what.
const (
	RoleAdmin   = "admin"   // 省发改委: every project, and may move a project to another city
	RoleCity    = "city"    // 设区市发改委: the projects its city owns
	RoleManager = "manager" // 项目单位: the projects assigned to it
	RoleViewer  = "viewer"  // 领导: reads everything, changes nothing
)

// RoleLabel is a role in words, as the pages name it.
func RoleLabel(role string) string {
	return map[string]string{RoleAdmin: "省发改委管理员", RoleCity: "设区市发改委", RoleManager: "项目单位", RoleViewer: "领导（查看）"}[role]
}

// MayTakeProjects tells whether an account of role is given projects:
// only a manager reports for projects, so only a manager's account is
// assigned them (the others see projects by their role or city).
func MayTakeProjects(role string) bool { return role == RoleManager }

// AccountCities are the places a city official's account may administer:
// the 11 cities and 赣江新区.
func AccountCities() []string { return append(Cities(), CityNewArea) }

// OwnerCity is the city a project belongs to, given the city of each of
// its list entries by year: the city of the newest year's entry. Only the
// province admin can write an entry whose city differs from the owner's
// (the importer refuses it to a city official, whatever the year), so
// the newest entry's city is always one the province agreed to. "" when
// the project is in no list. models.OwnerCities is this rule in SQL.
func OwnerCity(cityByYear map[int]string) string {
	newest, city := 0, ""
	for y, c := range cityByYear {
		if y > newest {
			newest, city = y, c
		}
	}
	return city
}

// MayEdit tells whether a user may change a project (its milestones, plan
// and reports) and, for a city official, import its rows: the admin
// always; a city official when its city owns the project; a manager when
// the project is assigned to it; a viewer never.
func MayEdit(role, userCity, ownerCity string, assigned bool) bool {
	switch role {
	case RoleAdmin:
		return true
	case RoleCity:
		return userCity != "" && userCity == ownerCity
	case RoleManager:
		return assigned
	}
	return false
}

// MayMove tells whether a user may give a project another owner city
// (through a list whose row names another city): only the admin.
func MayMove(role string) bool { return role == RoleAdmin }
