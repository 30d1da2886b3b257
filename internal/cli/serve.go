package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"portfolio/api"
	"portfolio/demo"
	"portfolio/importer"
	"portfolio/models"
	"portfolio/notify"
	"portfolio/province"
	"portfolio/reminders"
)

func cmdServe(e env, args []string) error {
	fs := newFlags("serve", e)
	db := dbFlag(fs)
	withDemo := fs.Bool("demo", false, "on an empty database, load the demo portfolio first")
	var cfg config
	set := newSettings(fs)
	cfg.serveFlags(set)
	if err := set.parse(args); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	s, err := openStore(e.ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	im := &importer.Importer{Store: s, Log: log}
	if *withDemo {
		if err := loadDemo(e, s, im, log); err != nil {
			return err
		}
	}
	if err := firstUsers(e, s, *withDemo); err != nil {
		return err
	}
	staging := cfg.staging(s)
	acfg := cfg.api(s, im, staging, cfg.reporter(s))
	acfg.Log = log
	notifier := notify.New(api.NotifierOptions(s, cfg.NotifyWebhooks, log))
	acfg.Notifier = notifier
	handler, err := api.New(acfg)
	if err != nil {
		return err
	}
	upkeep, stopUpkeep := context.WithCancel(e.ctx)
	defer stopUpkeep()
	notifying := make(chan struct{})
	go func() { notifier.Run(upkeep); close(notifying) }()
	defer func() { stopUpkeep(); <-notifying }()
	// One server at a time (an advisory lock on PostgreSQL): the sweeps
	// and the checks that post (their claims make them once-only anyway).
	swept := janitor(upkeep, cfg.Janitor, time.Now, log, exclusive(s,
		chore{"sessions", func(ctx context.Context, now time.Time) error {
			_, err := s.DeleteExpiredSessions(ctx, cfg.sessions(), now)
			return err
		}},
		chore{"sign-ins", func(ctx context.Context, now time.Time) error {
			_, err := s.DeleteSignInsBefore(ctx, now.Add(-api.SignInWindow))
			return err
		}},
		chore{"deadlines", func(ctx context.Context, now time.Time) error {
			_, err := reminders.CheckDeadlines(ctx, s, notifier, now)
			return err
		}},
		chore{"overdue problems", func(ctx context.Context, now time.Time) error {
			_, err := reminders.CheckOverdueProblems(ctx, s, notifier, now)
			return err
		}})...)
	// Not exclusive: each server removes its own copies of staged uploads.
	sweptUploads := janitor(upkeep, cfg.Janitor, time.Now, log, chore{"staging", staging.Sweep})
	defer func() { stopUpkeep(); <-swept; <-sweptUploads }()
	srv := httpServer(cfg.Addr, handler)
	// Listen first, so "started" is said only once connections are taken
	// and a port in use is an error before it.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("serving", "addr", ln.Addr().String(), "db", s.Dialect())
	fmt.Fprintf(e.stdout, "portfolio 已启动：在浏览器中打开 %s\n", displayURL(cfg.Addr))
	select {
	case err := <-errc:
		return err
	case <-e.ctx.Done():
	}
	// SIGTERM or Ctrl-C: finish the requests in flight, then stop.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

// displayURL is the address to open in a browser: ":8080" listens on
// every interface, so localhost reaches it.
func displayURL(addr string) string {
	if strings.HasPrefix(addr, ":") {
		return "http://localhost" + addr + "/"
	}
	return "http://" + addr + "/"
}

// loadDemo fills an empty database with the demo portfolio, through the
// importer exactly as an upload would go.
func loadDemo(e env, s *models.Store, im *importer.Importer, log *slog.Logger) error {
	projects, entries, err := s.CountProjects(e.ctx)
	if err != nil {
		return err
	}
	if entries > 0 {
		fmt.Fprintf(e.stdout, "数据库已有 %s 个项目（%s 条年度计划），未重新加载演示数据\n", province.Thousands(projects), province.Thousands(entries))
		return nil
	}
	dir, err := os.MkdirTemp("", "portfolio-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	start := time.Now()
	files, err := demo.Write(filepath.Join(dir, "demo.xlsx"), demo.Options{})
	if err != nil {
		return fmt.Errorf("write demo workbooks: %w", err)
	}
	todo := make([]importer.FileToImport, len(files))
	for i, f := range files {
		todo[i] = importer.FileToImport{Path: f.Path, Opt: importer.Options{
			ParseOptions: importer.ParseOptions{Kind: importer.Kind(f.Kind), Year: f.Year, Month: f.Month},
			Who:          models.Who{Actor: models.ActorDemo, Source: models.SourceImport},
		}}
	}
	results, err := im.ImportFiles(e.ctx, todo)
	for _, res := range results {
		log.Info("demo imported", "file", res.File, "created", res.Created, "updated", res.Updated, "batch", res.BatchID)
	}
	if err != nil {
		if n := len(results); n > 0 && len(results[n-1].Errors) > 0 {
			return fmt.Errorf("import demo %s: %w: %s", results[n-1].File, err, issueText(results[n-1].Errors[0]))
		}
		return fmt.Errorf("import demo: %w", err)
	}
	problems, err := seedDemoProblems(e.ctx, s, time.Now())
	if err != nil {
		return err
	}
	milestones, err := seedDemoMilestones(e.ctx, s)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "已加载演示数据：%d 个工作簿（2023 年全年、2024 年 1-9 月）、%d 个问题台账条目、%d 个里程碑，用时 %s\n",
		len(files), problems, milestones, time.Since(start).Round(time.Second))
	return nil
}

// firstUsers gives a database without users its first admin, with a
// one-time password printed here; the demo gets ready-made accounts of
// every role instead.
func firstUsers(e env, s *models.Store, withDemo bool) error {
	us, err := s.Users(e.ctx)
	if err != nil {
		return err
	}
	if len(us) > 0 {
		if withDemo {
			return demoAccountsAgain(e, s)
		}
		return nil
	}
	who := models.Who{Actor: models.ActorServe, Source: models.SourceCLI}
	if !withDemo {
		pw := newPassword()
		if _, err := s.AddUser(e.ctx, models.NewUser{Username: "admin", DisplayName: "管理员", Password: pw, Role: models.RoleAdmin}, who); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "已创建管理员账户：用户名 admin，密码 %s（只显示这一次，请登录后修改：portfolio user passwd admin）\n", pw)
		return nil
	}
	accounts := demoAccounts()
	fmt.Fprintln(e.stdout, "演示账户（仅供演示，请勿用于生产）：")
	for _, a := range accounts {
		u, err := s.AddUser(e.ctx, a, who)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "  %-9s 密码 %-14s %s\n", a.Username, a.Password, a.DisplayName)
		if a.Role == models.RoleManager {
			ids, err := s.CityProjects(e.ctx, accounts[1].City, 3) // the demo city official's projects
			if err != nil {
				return err
			}
			for _, id := range ids {
				if err := s.Assign(e.ctx, u.ID, id, who); err != nil {
					return err
				}
			}
			if err := demoSeason(e.ctx, s, ids); err != nil {
				return fmt.Errorf("demo reporting season: %w", err)
			}
		}
	}
	return nil
}

// demoAccounts are the demo's accounts, one per role, with their passwords.
func demoAccounts() []models.NewUser {
	return []models.NewUser{
		{Username: "admin", DisplayName: "省发改委管理员", Password: "admin-demo", Role: models.RoleAdmin},
		{Username: "nanchang", DisplayName: "南昌市发改委", Password: "nanchang-demo", Role: models.RoleCity, City: province.Cities()[0]},
		{Username: "builder", DisplayName: "项目单位", Password: "builder-demo", Role: models.RoleManager},
		{Username: "leader", DisplayName: "领导", Password: "leader-demo", Role: models.RoleViewer},
	}
}

// demoAccountsAgain prints, on a database that has users already, the
// demo accounts that still sign in with their demo passwords.
func demoAccountsAgain(e env, s *models.Store) error {
	var still []models.NewUser
	for _, a := range demoAccounts() {
		_, err := s.Authenticate(e.ctx, a.Username, a.Password)
		switch {
		case err == nil:
			still = append(still, a)
		case !errors.Is(err, models.ErrBadPassword):
			return err
		}
	}
	if len(still) == 0 {
		fmt.Fprintln(e.stdout, "数据库已有用户，演示账户的密码已改过或已停用")
		return nil
	}
	fmt.Fprintln(e.stdout, "演示账户（仅供演示，请勿用于生产）：")
	for _, a := range still {
		fmt.Fprintf(e.stdout, "  %-9s 密码 %-14s %s\n", a.Username, a.Password, a.DisplayName)
	}
	return nil
}

// httpServer is the server with every timeout set: a client that sends
// its headers slowly, never finishes a body or never reads the answer
// cannot hold a connection for ever.
func httpServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // large workbooks upload slowly
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
}

// splitList splits a comma-separated flag value, dropping blanks.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
