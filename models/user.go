package models

import (
	"time"

	"portfolio/province"
)

// Roles: the province's, named here for the store's callers.
const (
	RoleAdmin   = province.RoleAdmin   // 省发改委
	RoleCity    = province.RoleCity    // 设区市发改委
	RoleManager = province.RoleManager // 项目单位
	RoleViewer  = province.RoleViewer  // 领导, 查看
)

// User is a person who signs in. Sign-in itself comes with the accounts issue.
type User struct {
	ID           int64     `gorm:"column:id;primaryKey" json:"id"`
	Username     string    `gorm:"column:username" json:"username"`
	DisplayName  string    `gorm:"column:display_name" json:"display_name"`
	PasswordHash string    `gorm:"column:password_hash" json:"-"`
	Role         string    `gorm:"column:role" json:"role"`
	City         string    `gorm:"column:city" json:"city"`
	Disabled     bool      `gorm:"column:disabled" json:"disabled"`
	CreatedAt    time.Time `gorm:"column:created_at" json:"created_at"`
	UpdatedAt    time.Time `gorm:"column:updated_at" json:"updated_at"`
}

// TableName fixes the table name.
func (User) TableName() string { return "users" }

// Session is a signed-in browser; ID is the SHA-256 of the cookie's token.
type Session struct {
	ID         string    `gorm:"column:id;primaryKey"`
	UserID     int64     `gorm:"column:user_id"`
	CreatedAt  time.Time `gorm:"column:created_at"`
	LastSeenAt time.Time `gorm:"column:last_seen_at"`
	ExpiresAt  time.Time `gorm:"column:expires_at"`
	RemoteAddr string    `gorm:"column:remote_addr"`
	UserAgent  string    `gorm:"column:user_agent"`
}

// TableName fixes the table name.
func (Session) TableName() string { return "sessions" }

// APIToken is a personal access token, stored hashed.
type APIToken struct {
	ID         int64      `gorm:"column:id;primaryKey"`
	UserID     int64      `gorm:"column:user_id"`
	Name       string     `gorm:"column:name"`
	TokenHash  string     `gorm:"column:token_hash"`
	CreatedAt  time.Time  `gorm:"column:created_at"`
	LastUsedAt *time.Time `gorm:"column:last_used_at"`
	RevokedAt  *time.Time `gorm:"column:revoked_at"`
}

// TableName fixes the table name.
func (APIToken) TableName() string { return "api_tokens" }
