package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"portfolio/api"
	"portfolio/demo"
	"portfolio/importer"
	"portfolio/models"
	"portfolio/report"
)

func cmdServe(e env, args []string) error {
	fs := newFlags("serve", e)
	db := dbFlag(fs)
	addr := fs.String("addr", ":8080", "address to listen on")
	withDemo := fs.Bool("demo", false, "on an empty database, load the demo portfolio first")
	maxUpload := fs.Int64("max-upload-mb", 50, "largest upload accepted, in MiB")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	s, err := openStore(e.ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	im := &importer.Importer{Store: s}
	if *withDemo {
		if err := loadDemo(e, s, im, log); err != nil {
			return err
		}
	}
	staging := &importer.Staging{Dir: filepath.Join(os.TempDir(), "portfolio-uploads")}
	staging.Sweep(time.Now())
	handler, err := api.New(api.Config{Store: s, Reporter: &report.Reporter{Store: s}, Importer: im, Staging: staging,
		Log: log, MaxUploadBytes: *maxUpload << 20})
	if err != nil {
		return err
	}
	srv := &http.Server{
		Addr:              *addr,
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // large workbooks upload slowly
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	log.Info("serving", "addr", *addr, "db", s.Dialect())
	fmt.Fprintf(e.stdout, "portfolio 已启动：在浏览器中打开 %s\n", displayURL(*addr))
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
	var n int64
	if err := s.Read().WithContext(e.ctx).Model(&models.PlanEntry{}).Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		fmt.Fprintf(e.stdout, "数据库已有 %d 条项目计划，未加载演示数据\n", n)
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
	for _, f := range files {
		res, err := im.ImportFile(e.ctx, f.Path, importer.Options{
			ParseOptions: importer.ParseOptions{Kind: importer.Kind(f.Kind), Year: f.Year, Month: f.Month},
			Who:          models.Who{Actor: "demo", Source: models.SourceImport},
		})
		if err != nil {
			if res != nil && len(res.Errors) > 0 {
				return fmt.Errorf("import demo %s: %w: %s", filepath.Base(f.Path), err, issueText(res.Errors[0]))
			}
			return fmt.Errorf("import demo %s: %w", filepath.Base(f.Path), err)
		}
		log.Info("demo imported", "file", filepath.Base(f.Path), "created", res.Created, "updated", res.Updated, "batch", res.BatchID)
	}
	fmt.Fprintf(e.stdout, "已加载演示数据：%d 个工作簿（2023 年全年、2024 年 1-9 月），用时 %s\n", len(files), time.Since(start).Round(time.Second))
	fmt.Fprintln(e.stdout, "本版本尚未启用账户：打开页面即可查看，无需登录。")
	return nil
}
