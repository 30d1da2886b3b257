package models

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
	"gorm.io/gorm"

	"portfolio/province"
)

// Roles lists the roles a user may have.
func Roles() []string { return []string{RoleAdmin, RoleCity, RoleManager, RoleViewer} }

// ErrBadPassword means a password was refused (too short) or did not match.
var ErrBadPassword = errors.New("models: bad password")

// argon2id parameters (OWASP: 19 MiB, t=2, p=1).
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// Bounds of what an administrator types for an account.
const (
	MaxUsername    = 64
	MaxDisplayName = 100
	MaxPassword    = 256
	MaxTokenLabel  = 100
)

// HashPassword returns an argon2id hash in the PHC string format.
func HashPassword(password string) (string, error) {
	if n := utf8.RuneCountInString(password); n < 8 || n > MaxPassword {
		return "", fmt.Errorf("%w: 8 to %d characters", ErrBadPassword, MaxPassword)
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// CheckPassword tells whether password matches a HashPassword hash, in
// constant time.
func CheckPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[4])
	want, err2 := enc.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want))) // #nosec G115 -- a stored hash is 32 bytes (checked non-empty above)
	return subtle.ConstantTimeCompare(got, want) == 1
}

// The system actors: the names the CLI, the demo loader and the server's
// own upkeep write into audit entries and batches. No user may take one.
const (
	ActorCLI   = "cli"
	ActorDemo  = "demo"
	ActorServe = "serve"
)

// ReservedUsername tells whether name is a system actor's (any case).
func ReservedUsername(name string) bool {
	for _, a := range []string{ActorCLI, ActorDemo, ActorServe} {
		if strings.EqualFold(strings.TrimSpace(name), a) {
			return true
		}
	}
	return false
}

// NewUser is what it takes to add a user.
type NewUser struct {
	Username    string
	DisplayName string
	Password    string
	Role        string
	City        string // for the city role: the city it administers
}

// AddUser creates a user with a hashed password and audits it.
func (s *Store) AddUser(ctx context.Context, u NewUser, who Who) (*User, error) {
	u.Username = strings.TrimSpace(u.Username)
	if u.Username == "" || strings.ContainsAny(u.Username, " \t\r\n") {
		return nil, &FieldError{"username", "用户名应为一个词，不能为空或含空格"}
	}
	if utf8.RuneCountInString(u.Username) > MaxUsername {
		return nil, &FieldError{"username", fmt.Sprintf("用户名最长 %d 个字符", MaxUsername)}
	}
	if utf8.RuneCountInString(u.DisplayName) > MaxDisplayName {
		return nil, &FieldError{"display_name", fmt.Sprintf("显示名称最长 %d 个字符", MaxDisplayName)}
	}
	if ReservedUsername(u.Username) {
		return nil, &FieldError{"username", fmt.Sprintf("用户名“%s”保留给系统（%s、%s、%s），请换一个", u.Username, ActorCLI, ActorDemo, ActorServe)}
	}
	ok := false
	for _, r := range Roles() {
		ok = ok || r == u.Role
	}
	if !ok {
		return nil, &FieldError{"role", "角色应为 " + strings.Join(Roles(), "、") + " 之一"}
	}
	if err := checkUserCity(u.Role, u.City); err != nil {
		return nil, err
	}
	hash, err := HashPassword(u.Password)
	if err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	user := &User{Username: u.Username, DisplayName: u.DisplayName, PasswordHash: hash, Role: u.Role, City: u.City, CreatedAt: now, UpdatedAt: now}
	err = s.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(user).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return &ExistsError{Field: "username", What: "用户名", Name: u.Username}
			}
			return err
		}
		return WriteAudit(tx, []AuditEntry{userAudit(who, ActionCreate, user, nil, user)})
	})
	if err != nil {
		return nil, err
	}
	return user, nil
}

// checkUserCity: a city account names one of the province's cities (or
// 赣江新区), and only a city account names one.
func checkUserCity(role, city string) error {
	switch {
	case role == RoleCity && city == "":
		return &FieldError{"city", "设区市账号（city）需要填写所属设区市"}
	case city == "":
		return nil
	case role != RoleCity:
		return &FieldError{"city", "只有设区市账号（city）填写所属设区市"}
	}
	cities := province.AccountCities()
	if !slices.Contains(cities, city) {
		return &FieldError{"city", "设区市应为以下之一：" + strings.Join(cities, "、")}
	}
	return nil
}

func userAudit(who Who, action string, u *User, before, after *User) AuditEntry {
	var b, a any
	if before != nil {
		b = before
	}
	if after != nil {
		a = after
	}
	return AuditEntry{At: time.Now().UTC(), Actor: who.Actor, Source: who.Source, RemoteAddr: who.RemoteAddr,
		Action: action, Entity: "users", EntityID: u.ID, BeforeJSON: AuditJSON(b), AfterJSON: AuditJSON(a)}
}

// UserByName finds a user by username.
func (s *Store) UserByName(ctx context.Context, name string) (*User, error) {
	var u User
	err := s.read.WithContext(ctx).Where("username = ?", name).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	return &u, err
}

// Users lists every user by username.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	var us []User
	err := s.read.WithContext(ctx).Order("username").Find(&us).Error
	return us, err
}

// updateUser changes one user in a transaction and audits the change.
func (s *Store) updateUser(ctx context.Context, name string, who Who, change func(tx *gorm.DB, u *User) error) error {
	return s.Tx(ctx, func(tx *gorm.DB) error {
		var u User
		if err := tx.Where("username = ?", name).Take(&u).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrNotFound
			}
			return err
		}
		before := u
		if err := change(tx, &u); err != nil {
			return err
		}
		u.UpdatedAt = time.Now().UTC()
		if err := tx.Save(&u).Error; err != nil {
			return err
		}
		return WriteAudit(tx, []AuditEntry{userAudit(who, ActionUpdate, &u, &before, &u)})
	})
}

// SetPassword replaces a user's password and ends all its sessions.
func (s *Store) SetPassword(ctx context.Context, name, password string, who Who) error {
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return s.updateUser(ctx, name, who, func(tx *gorm.DB, u *User) error {
		u.PasswordHash = hash
		return tx.Where("user_id = ?", u.ID).Delete(&Session{}).Error
	})
}

// DisableUser stops a user from signing in and ends its sessions.
func (s *Store) DisableUser(ctx context.Context, name string, who Who) error {
	return s.updateUser(ctx, name, who, func(tx *gorm.DB, u *User) error {
		u.Disabled = true
		return tx.Where("user_id = ?", u.ID).Delete(&Session{}).Error
	})
}

// Authenticate returns the user when name and password match an enabled
// account. Unknown users cost as much time as wrong passwords.
func (s *Store) Authenticate(ctx context.Context, name, password string) (*User, error) {
	u, err := s.UserByName(ctx, name)
	if errors.Is(err, ErrNotFound) {
		CheckPassword(dummyHash, password)
		return nil, ErrBadPassword
	}
	if err != nil {
		return nil, err
	}
	if !CheckPassword(u.PasswordHash, password) || u.Disabled {
		return nil, ErrBadPassword
	}
	return u, nil
}

// dummyHash is checked for unknown users so timing does not tell them apart.
const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$0zqz8lAc1m7hFKKu6Zbo3dTfyWStlm7bLZkNJGXKc2w"

// UserProject assigns a project to a manager.
type UserProject struct {
	UserID    int64 `gorm:"column:user_id;primaryKey"`
	ProjectID int64 `gorm:"column:project_id;primaryKey"`
}

// TableName fixes the table name.
func (UserProject) TableName() string { return "user_projects" }

// Assign gives a manager a project.
func (s *Store) Assign(ctx context.Context, userID, projectID int64, who Who) error {
	return s.Tx(ctx, func(tx *gorm.DB) error {
		var u User
		if err := tx.Take(&u, userID).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrNotFound
			}
			return err
		}
		if !province.MayTakeProjects(u.Role) {
			return &FieldError{"username", fmt.Sprintf("只能给%s账号分配项目，%s 是%s账号",
				province.RoleLabel(RoleManager), u.Username, province.RoleLabel(u.Role))}
		}
		var n int64
		if err := tx.Model(&Project{}).Where("id = ?", projectID).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return &FieldError{"project_id", fmt.Sprintf("没有编号为 %d 的项目", projectID)}
		}
		up := UserProject{UserID: userID, ProjectID: projectID}
		if err := tx.Create(&up).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return nil
			}
			return err
		}
		pid := projectID
		return WriteAudit(tx, []AuditEntry{{At: time.Now().UTC(), Actor: who.Actor, Source: who.Source, RemoteAddr: who.RemoteAddr,
			Action: ActionCreate, Entity: "user_projects", EntityID: userID, ProjectID: &pid, AfterJSON: AuditJSON(up)}})
	})
}

// Assigned tells whether a project is assigned to a user.
func (s *Store) Assigned(ctx context.Context, userID, projectID int64) (bool, error) {
	var n int64
	err := s.read.WithContext(ctx).Model(&UserProject{}).Where("user_id = ? AND project_id = ?", userID, projectID).Count(&n).Error
	return n > 0, err
}

// Assignments maps every manager with projects to its assigned project
// ids, in id order: one query for a page listing all users.
func (s *Store) Assignments(ctx context.Context) (map[int64][]int64, error) {
	var ups []UserProject
	if err := s.read.WithContext(ctx).Order("user_id, project_id").Find(&ups).Error; err != nil {
		return nil, err
	}
	out := map[int64][]int64{}
	for _, up := range ups {
		out[up.UserID] = append(out[up.UserID], up.ProjectID)
	}
	return out, nil
}
