package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"portfolio/api"
	"portfolio/importer"
	"portfolio/models"
	"portfolio/province"
	"portfolio/report"
)

// config is every setting an operator may give: a flag, else its
// PORTFOLIO_* environment variable, else the default here. README lists
// them (TestREADMEListsSettings keeps the two together).
type config struct {
	Addr           string
	MaxUploadMB    int
	MaxBodyKB      int
	TrustedProxies string
	SessionIdle    time.Duration
	SessionMax     time.Duration
	Staging        string // "db", "dir", or "" for the database's default
	StagingDir     string
	StagingMaxAge  time.Duration
	MaxImports     int
	ImportQueue    int
	YellowBand     int
	OC4IDS         report.OC4IDSOptions // publisher, URI, licence, policy
	Janitor        time.Duration
	NotifyWebhooks webhookList // --notify-webhook, repeatable
}

// webhookList is the repeatable --notify-webhook: each value an http(s)
// URL, optionally prefixed with its format (wecom+, dingtalk+, json+).
type webhookList []models.Webhook

func (l *webhookList) String() string { return fmt.Sprint(len(*l), " webhooks") }

// Set adds one webhook, refusing a bad address or one too many.
func (l *webhookList) Set(v string) error {
	if len(*l) >= models.MaxWebhooks {
		return fmt.Errorf("最多 %d 个 --notify-webhook", models.MaxWebhooks)
	}
	w, err := models.ParseWebhook(v, "")
	if err != nil {
		var fe *models.FieldError
		if errors.As(err, &fe) {
			return errors.New(fe.Message)
		}
		return err
	}
	*l = append(*l, w)
	return nil
}

// webhooks registers the repeatable --notify-webhook; its variable holds
// the addresses separated by spaces.
func (s *settings) webhooks(l *webhookList) {
	const name, env = "notify-webhook", "PORTFOLIO_NOTIFY_WEBHOOKS"
	for _, v := range strings.Fields(s.add(name, env, "")) {
		if err := l.Set(v); err != nil {
			s.checks = append(s.checks, func() error { return usageError{fmt.Sprintf("$%s：%v", env, err)} })
		}
	}
	s.fs.Var(l, name, "a webhook the notifications are posted to (repeatable; wecom+, dingtalk+ or json+ before the URL names its format) ($"+env+")")
}

// setting is one flag with its variable and bounds, as README shows it.
type setting struct {
	flag, env, def string
}

// settings registers a config's flags on a flag set, each defaulting to
// its environment variable; a variable that does not parse is remembered
// and refused when the flags are checked.
type settings struct {
	fs     *flag.FlagSet
	all    []setting
	checks []func() error
}

func newSettings(fs *flag.FlagSet) *settings { return &settings{fs: fs} }

func (s *settings) add(name, env, def string) string {
	s.all = append(s.all, setting{name, env, def})
	if v, ok := os.LookupEnv(env); ok {
		return v
	}
	return def
}

func (s *settings) str(p *string, name, env, def, help string) {
	s.fs.StringVar(p, name, s.add(name, env, def), help+" ($"+env+")")
}

// oneOf registers a word from a list; "" stays allowed, for "as the
// default says".
func (s *settings) oneOf(p *string, name, env string, words []string, help string) {
	s.str(p, name, env, "", fmt.Sprintf("%s: %s", help, strings.Join(words, " | ")))
	s.checks = append(s.checks, func() error {
		if *p == "" || slices.Contains(words, *p) {
			return nil
		}
		return usageError{fmt.Sprintf("--%s（$%s）应为 %s 之一，现在是 %q", name, env, strings.Join(words, "、"), *p)}
	})
}

// num registers a whole number in [lo, hi].
func (s *settings) num(p *int, name, env string, def, lo, hi int, help string) {
	bounded(s, name, env, def, lo, hi, "整数", strconv.Atoi, strconv.Itoa, func(v int) {
		s.fs.IntVar(p, name, v, fmt.Sprintf("%s, %d..%d ($%s)", help, lo, hi, env))
	}, p)
}

// dur registers a duration ("30m", "12h") in [lo, hi].
func (s *settings) dur(p *time.Duration, name, env string, def, lo, hi time.Duration, help string) {
	bounded(s, name, env, def, lo, hi, "时长（如 30m、12h）", time.ParseDuration, time.Duration.String, func(v time.Duration) {
		s.fs.DurationVar(p, name, v, fmt.Sprintf("%s, %s..%s ($%s)", help, lo, hi, env))
	}, p)
}

// bounded registers a setting of an ordered kind: its variable parsed
// (or remembered as refused), the flag registered by define with that
// default, and the bounds checked once the flags are parsed.
func bounded[T int | time.Duration](s *settings, name, env string, def, lo, hi T, kind string,
	parse func(string) (T, error), format func(T) string, define func(T), p *T) {
	raw := s.add(name, env, format(def))
	v, err := parse(raw)
	if err != nil {
		s.checks = append(s.checks, func() error { return usageError{fmt.Sprintf("$%s=%q 不是%s", env, raw, kind)} })
		v = def
	}
	define(v)
	s.checks = append(s.checks, func() error {
		if *p < lo || *p > hi {
			return usageError{fmt.Sprintf("--%s（$%s）应在 %s 到 %s 之间，现在是 %s", name, env, format(lo), format(hi), format(*p))}
		}
		return nil
	})
}

// parse parses args and checks every setting against its bounds.
func (s *settings) parse(args []string) error {
	if err := parseFlags(s.fs, args); err != nil {
		return err
	}
	for _, check := range s.checks {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

// reportFlags are the settings of what the figures and exports say:
// serve, rollup and export read them.
func (c *config) reportFlags(s *settings) {
	s.num(&c.YellowBand, "yellow-band", "PORTFOLIO_YELLOW_BAND", province.DefaultBandPoints, 1, 50,
		"percentage points behind time progress that are still yellow (beyond them red)")
	s.str(&c.OC4IDS.PublisherName, "oc4ids-publisher", "PORTFOLIO_OC4IDS_PUBLISHER", province.Commission,
		"publisher of the OC4IDS package and every project's public authority")
	s.str(&c.OC4IDS.URI, "oc4ids-uri", "PORTFOLIO_OC4IDS_URI", "", "URI of the OC4IDS package (default: a URN of the id prefix and the period)")
	s.str(&c.OC4IDS.License, "oc4ids-license", "PORTFOLIO_OC4IDS_LICENSE", "", "URL of the OC4IDS package's licence (none by default)")
	s.str(&c.OC4IDS.PublicationPolicy, "oc4ids-policy", "PORTFOLIO_OC4IDS_POLICY", "", "URL of the publication policy (none by default)")
}

// serveFlags are the web server's settings.
func (c *config) serveFlags(s *settings) {
	c.reportFlags(s)
	s.str(&c.Addr, "addr", "PORTFOLIO_ADDR", ":8080", "address to listen on")
	s.num(&c.MaxUploadMB, "max-upload-mb", "PORTFOLIO_MAX_UPLOAD_MB", api.DefaultMaxUploadBytes>>20, 1, 1024, "largest upload accepted, in MiB")
	s.num(&c.MaxBodyKB, "max-body-kb", "PORTFOLIO_MAX_BODY_KB", api.DefaultMaxBodyBytes>>10, 16, 64<<10, "largest request body but an upload, in KiB")
	s.str(&c.TrustedProxies, "trusted-proxies", "PORTFOLIO_TRUSTED_PROXIES", "",
		"comma-separated IPs or CIDRs of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (none by default)")
	s.dur(&c.SessionIdle, "session-idle", "PORTFOLIO_SESSION_IDLE", api.DefaultSessionIdle, time.Minute, 24*time.Hour, "sign-in ends after this long without a request")
	s.dur(&c.SessionMax, "session-max", "PORTFOLIO_SESSION_MAX", api.DefaultSessionAbsolute, time.Minute, 30*24*time.Hour, "sign-in ends this long after it began")
	s.oneOf(&c.Staging, "staging", "PORTFOLIO_STAGING", []string{"db", "dir"},
		"where uploads wait between preview and apply: in the database every server shares (default on PostgreSQL) or in --staging-dir (default on SQLite)")
	s.str(&c.StagingDir, "staging-dir", "PORTFOLIO_STAGING_DIR", filepath.Join(os.TempDir(), "portfolio-uploads"),
		"with --staging dir, where uploads wait between preview and apply (several servers share it); with db, each server's cache of them")
	s.dur(&c.StagingMaxAge, "staging-max-age", "PORTFOLIO_STAGING_MAX_AGE", importer.DefaultStagingMaxAge, time.Hour, 30*24*time.Hour,
		"an upload not applied within this is removed")
	s.num(&c.MaxImports, "max-imports", "PORTFOLIO_MAX_IMPORTS", api.DefaultMaxImports, 1, 64, "uploads parsed or applied at once")
	s.num(&c.ImportQueue, "import-queue", "PORTFOLIO_IMPORT_QUEUE", api.DefaultImportQueue, 0, 1000,
		"uploads that may wait for a turn (beyond them: 503 with Retry-After)")
	s.dur(&c.Janitor, "janitor-every", "PORTFOLIO_JANITOR_EVERY", 10*time.Minute, time.Minute, 24*time.Hour,
		"how often expired sessions and stale uploads are removed, and the reporting deadlines checked")
	s.webhooks(&c.NotifyWebhooks)
}

// reporter is the figures' reporter under the settings.
func (c *config) reporter(s *models.Store) *report.Reporter {
	return &report.Reporter{Store: s, Opt: report.Options{YellowBandPoints: c.YellowBand}}
}

// staging is where uploads wait under the settings: in the database by
// default on PostgreSQL (every app server sees them), in the directory
// by default on SQLite.
func (c *config) staging(s *models.Store) *importer.Staging {
	st := &importer.Staging{Dir: c.StagingDir, MaxAge: c.StagingMaxAge}
	if c.Staging == "db" || (c.Staging == "" && s.Dialect() == models.Postgres) {
		st.DB = s
	}
	return st
}

// sessions is the sign-in timeouts.
func (c *config) sessions() models.SessionLimits {
	return models.SessionLimits{Idle: c.SessionIdle, Absolute: c.SessionMax}
}

// api is the web layer's configuration under the settings.
func (c *config) api(s *models.Store, im *importer.Importer, staging *importer.Staging, rep *report.Reporter) api.Config {
	queue := c.ImportQueue
	if queue == 0 {
		queue = -1 // api reads 0 as its default; none waits here
	}
	return api.Config{Store: s, Reporter: rep, Importer: im, Staging: staging,
		MaxUploadBytes: int64(c.MaxUploadMB) << 20, MaxBodyBytes: int64(c.MaxBodyKB) << 10,
		TrustedProxies: splitList(c.TrustedProxies), Sessions: c.sessions(),
		MaxImports: c.MaxImports, ImportQueue: queue, OC4IDS: c.OC4IDS, Webhooks: c.NotifyWebhooks}
}
