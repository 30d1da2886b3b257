package models

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Webhook bounds: the admin's list is short and each address a URL.
const (
	MaxWebhooks   = 10
	MaxWebhookURL = 500
)

// Webhook formats: the robot messages of 企业微信 and 钉钉, or plain JSON.
const (
	WebhookWeCom    = "wecom"
	WebhookDingTalk = "dingtalk"
	WebhookJSON     = "json"
)

// Webhook is an address the notifications are posted to.
type Webhook struct {
	ID        int64     `gorm:"column:id;primaryKey" json:"id"`
	URL       string    `gorm:"column:url" json:"url"`
	Format    string    `gorm:"column:format" json:"format"`
	CreatedAt time.Time `gorm:"column:created_at" json:"created_at"`
	CreatedBy string    `gorm:"column:created_by" json:"created_by"`
}

// TableName fixes the table name.
func (Webhook) TableName() string { return "webhooks" }

// ParseWebhook reads an address as the admin or the command line writes
// it: an http(s) URL, optionally prefixed with its format
// ("wecom+https://…", "dingtalk+https://…", "json+https://…"); without a
// prefix (or with format "" or "auto") the host decides: qyapi.weixin.qq.com
// is 企业微信, oapi.dingtalk.com 钉钉, anything else plain JSON.
func ParseWebhook(raw, format string) (Webhook, error) {
	raw = strings.TrimSpace(raw)
	if p, rest, ok := strings.Cut(raw, "+"); ok && (p == WebhookWeCom || p == WebhookDingTalk || p == WebhookJSON) {
		format, raw = p, rest
	}
	if n := len(raw); n == 0 || n > MaxWebhookURL {
		return Webhook{}, &FieldError{"url", fmt.Sprintf("Webhook 地址应为 1 到 %d 个字符（现在 %d 个）", MaxWebhookURL, n)}
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return Webhook{}, &FieldError{"url", "Webhook 地址应为 http:// 或 https:// 开头的网址（不含用户名密码）"}
	}
	switch format {
	case "", "auto":
		format = WebhookJSON
		switch u.Hostname() {
		case "qyapi.weixin.qq.com":
			format = WebhookWeCom
		case "oapi.dingtalk.com":
			format = WebhookDingTalk
		}
	case WebhookWeCom, WebhookDingTalk, WebhookJSON:
	default:
		return Webhook{}, &FieldError{"format", "Webhook 格式应为 wecom（企业微信）、dingtalk（钉钉）、json 或 auto"}
	}
	return Webhook{URL: raw, Format: format}, nil
}

// Webhooks lists the admin's webhooks, oldest first.
func (s *Store) Webhooks(ctx context.Context) ([]Webhook, error) {
	out := []Webhook{}
	err := s.read.WithContext(ctx).Order("id").Find(&out).Error
	return out, err
}

// AddWebhook adds a webhook (at most MaxWebhooks), audited.
func (s *Store) AddWebhook(ctx context.Context, raw, format string, now time.Time, who Who) (*Webhook, error) {
	w, err := ParseWebhook(raw, format)
	if err != nil {
		return nil, err
	}
	w.CreatedAt, w.CreatedBy = now.UTC(), who.Actor
	err = s.Tx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&Webhook{}).Count(&n).Error; err != nil {
			return err
		}
		if n >= MaxWebhooks {
			return &FieldError{"url", fmt.Sprintf("最多配置 %d 个 Webhook，请先删除不用的", MaxWebhooks)}
		}
		if err := tx.Create(&w).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return &ExistsError{Field: "url", What: "Webhook 地址", Name: w.URL}
			}
			return err
		}
		return WriteAudit(tx, []AuditEntry{{At: w.CreatedAt, Actor: who.Actor, Source: who.Source, RemoteAddr: who.RemoteAddr,
			Action: ActionCreate, Entity: "webhooks", EntityID: w.ID, AfterJSON: AuditJSON(w)}})
	})
	if err != nil {
		return nil, err
	}
	return &w, nil
}

// DeleteWebhook removes a webhook, audited; ErrNotFound when there is none.
func (s *Store) DeleteWebhook(ctx context.Context, id int64, now time.Time, who Who) error {
	return s.Tx(ctx, func(tx *gorm.DB) error {
		var w Webhook
		if err := tx.Take(&w, id).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrNotFound
			}
			return err
		}
		if err := tx.Delete(&Webhook{}, id).Error; err != nil {
			return err
		}
		return WriteAudit(tx, []AuditEntry{{At: now.UTC(), Actor: who.Actor, Source: who.Source, RemoteAddr: who.RemoteAddr,
			Action: ActionDelete, Entity: "webhooks", EntityID: id, BeforeJSON: AuditJSON(w)}})
	})
}
