package api

import (
	"log/slog"
	"time"

	"portfolio/importer"
	"portfolio/models"
	"portfolio/notify"
	"portfolio/report"
)

// The web layer's defaults, the values a Config field left zero takes.
// The command line's settings (internal/cli's config) start from these,
// so each number is written once.
const (
	DefaultMaxUploadBytes  = 50 << 20
	DefaultMaxBodyBytes    = 1 << 20
	DefaultSessionIdle     = 30 * time.Minute
	DefaultSessionAbsolute = 12 * time.Hour
	DefaultMaxImports      = 2
	DefaultImportQueue     = 4
	// maxLoginBytes bounds the sign-in form, which anyone may send; it is
	// not a setting.
	maxLoginBytes = 16 << 10
)

// Config is what the web layer needs, wired by the command line.
type Config struct {
	Store    *models.Store
	Reporter *report.Reporter
	Importer *importer.Importer
	Staging  *importer.Staging
	Log      *slog.Logger
	// MaxUploadBytes caps one upload request, MaxBodyBytes every other
	// request's body.
	MaxUploadBytes, MaxBodyBytes int64
	// Sessions are the sign-in timeouts.
	Sessions models.SessionLimits
	// TrustedProxies are the addresses (IPs or CIDRs) of reverse proxies
	// in front of the server. Only from them are X-Forwarded-For (the
	// client's address in logs, audit and the sign-in limiter) and
	// X-Forwarded-Proto (secure cookies behind a TLS-terminating proxy)
	// believed; none by default, so a client cannot claim an address.
	TrustedProxies []string
	// MaxImports is how many uploads are parsed or applied at once;
	// ImportQueue how many more may wait for a turn (negative: none).
	// Beyond both, an import is answered 503 with Retry-After.
	MaxImports, ImportQueue int
	// OC4IDS names the publisher, URI, licence and publication policy of
	// GET /api/v1/oc4ids (its year and month come from the request).
	OC4IDS report.OC4IDSOptions
	// Notifier is told of the events worth a message (a report returned,
	// a month's deadline passed with reports missing); nil sends nothing.
	// The server never waits for it.
	Notifier notify.Sender
	// Webhooks are the command line's (--notify-webhook), shown on the
	// admin's settings page beside the admin's own.
	Webhooks []models.Webhook
	// Now is the clock the reporting calendar reads; nil is time.Now.
	Now func() time.Time
}

// withDefaults fills the fields left zero with the defaults above.
func (cfg Config) withDefaults() Config {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.MaxUploadBytes <= 0 {
		cfg.MaxUploadBytes = DefaultMaxUploadBytes
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.Sessions.Idle <= 0 {
		cfg.Sessions.Idle = DefaultSessionIdle
	}
	if cfg.Sessions.Absolute <= 0 {
		cfg.Sessions.Absolute = DefaultSessionAbsolute
	}
	if cfg.MaxImports <= 0 {
		cfg.MaxImports = DefaultMaxImports
	}
	switch {
	case cfg.ImportQueue == 0:
		cfg.ImportQueue = DefaultImportQueue
	case cfg.ImportQueue < 0:
		cfg.ImportQueue = 0
	}
	return cfg
}
