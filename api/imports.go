package api

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"portfolio/importer"
	"portfolio/models"
)

// Preview is an upload's preview: what each file would do if applied.
type Preview struct {
	ID    string             `json:"id"`
	Files []*importer.Result `json:"files"`
	// Applicable is false when a file has errors: apply would be refused
	// (unless asked to skip the invalid rows).
	Applicable bool          `json:"applicable"`
	Summary    importSummary `json:"summary"`
}

func (s *server) who(c *gin.Context, source string) models.Who {
	w := models.Who{Source: source, RemoteAddr: c.ClientIP()}
	if u := currentUser(c); u != nil {
		w.Actor, w.UserID = u.Username, u.ID
	}
	return w
}

// onlyCity is the city a city official's imports are limited to.
func onlyCity(c *gin.Context) string {
	if u := currentUser(c); u != nil && u.Role == models.RoleCity {
		return u.City
	}
	return ""
}

func source(c *gin.Context) string {
	if wantsJSON(c) {
		return models.SourceAPI
	}
	return models.SourceWeb
}

// stageUpload reads a multipart upload of one or more workbooks into the
// staging area; the caller answers when it returns false.
func (s *server) stageUpload(c *gin.Context) (*importer.Staged, bool) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.cfg.MaxUploadBytes)
	form, err := c.MultipartForm()
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.fail(c, http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("上传的文件超过 %d MB 的上限", s.cfg.MaxUploadBytes>>20), nil)
			return nil, false
		}
		s.badRequest(c, "请选择要上传的 .xlsx、.xls 或 .csv 文件")
		return nil, false
	}
	defer form.RemoveAll()
	files := form.File["file"]
	if len(files) == 0 {
		s.badRequest(c, "请选择要上传的 .xlsx、.xls 或 .csv 文件")
		return nil, false
	}
	var opt importer.ParseOptions
	switch k := c.PostForm("kind"); k {
	case "", string(importer.KindPlan), string(importer.KindMonthly):
		opt.Kind = importer.Kind(k)
	default:
		s.badRequest(c, "kind 应为 plan 或 monthly")
		return nil, false
	}
	for _, p := range []struct {
		name     string
		dst      *int
		min, max int
	}{{"year", &opt.Year, 2000, 2100}, {"month", &opt.Month, 1, 12}} {
		if v := strings.TrimSpace(c.PostForm(p.name)); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < p.min || n > p.max {
				s.badRequest(c, fmt.Sprintf("%s 应在 %d 到 %d 之间", p.name, p.min, p.max))
				return nil, false
			}
			*p.dst = n
		}
	}
	names := make([]string, len(files))
	for i, fh := range files {
		names[i] = filepath.Base(fh.Filename)
		switch strings.ToLower(filepath.Ext(names[i])) {
		case ".xlsx", ".csv", ".xls", ".ods", ".et", ".xlsb": // the last three are named by the importer, with how to save them as .xlsx
		default:
			s.badRequest(c, fmt.Sprintf("文件“%s”不是 .xlsx、.xls 或 .csv 工作簿", names[i]))
			return nil, false
		}
	}
	open := func(i int) (io.ReadCloser, error) { return files[i].Open() }
	st, err := s.cfg.Staging.Stage(c.Request.Context(), names, open, opt, s.who(c, source(c)).Actor, time.Now())
	if err != nil {
		s.internal(c, err)
		return nil, false
	}
	s.cfg.Log.Info("upload staged", "id", st.ID, "files", len(names), "addr", c.ClientIP())
	return st, true
}

// preview runs every staged file as a dry run.
func (s *server) preview(c *gin.Context, st *importer.Staged) (*Preview, bool) {
	p := &Preview{ID: st.ID, Applicable: true}
	for _, f := range st.Files {
		res, err := s.cfg.Importer.ImportFile(c.Request.Context(), f.Path, importer.Options{
			ParseOptions: st.Options, DryRun: true, WithChanges: true, FileName: f.Name, Who: s.who(c, source(c)), OnlyCity: onlyCity(c)})
		if err != nil && !errors.Is(err, importer.ErrRejected) {
			s.internal(c, err)
			return nil, false
		}
		if len(res.Errors) > 0 {
			p.Applicable = false
		}
		p.Files = append(p.Files, res)
	}
	p.Summary = summarize(p.Files)
	return p, true
}

func (s *server) loadStaged(c *gin.Context) (*importer.Staged, bool) {
	st, err := s.cfg.Staging.Load(c.Request.Context(), c.Param("id"))
	if errors.Is(err, importer.ErrNoStaged) {
		s.fail(c, http.StatusNotFound, "not_found", "这次上传不存在：可能已导入、已放弃或已过期，请重新上传", nil)
		return nil, false
	}
	if err != nil {
		s.internal(c, err)
		return nil, false
	}
	if u := currentUser(c); u.Role != models.RoleAdmin && st.Actor != u.Username {
		s.refuse(c, u, "another user's upload")
		return nil, false
	}
	return st, true
}

// applyStaged applies every file of an upload, each as its own batch, and
// removes the upload. It refuses (422) while any file has errors, unless
// req.SkipInvalid: then the valid rows are written and the rest listed.
func (s *server) applyStaged(c *gin.Context, st *importer.Staged, req applyRequest) ([]*importer.Result, bool) {
	p, ok := s.preview(c, st)
	if !ok {
		return nil, false
	}
	if !p.Applicable && !req.SkipInvalid {
		s.metrics.rejected(p)
		s.fail(c, http.StatusUnprocessableEntity, "rejected", "文件中有错误，未导入任何数据；请修改后重新上传", p)
		return nil, false
	}
	var out []*importer.Result
	for _, f := range st.Files {
		start := time.Now()
		res, err := s.cfg.Importer.ImportFile(c.Request.Context(), f.Path, importer.Options{
			ParseOptions: st.Options, FileName: f.Name, Who: s.who(c, source(c)), OnlyCity: onlyCity(c), SkipInvalid: req.SkipInvalid})
		s.metrics.imported(res, err, time.Since(start))
		if errors.Is(err, importer.ErrRejected) {
			s.fail(c, http.StatusUnprocessableEntity, "rejected", fmt.Sprintf("“%s”有错误，未导入", f.Name), res)
			return nil, false
		}
		if err != nil {
			s.internal(c, err)
			return nil, false
		}
		out = append(out, res)
	}
	if err := s.cfg.Staging.Remove(c.Request.Context(), st.ID); err != nil {
		s.cfg.Log.Error("remove staged upload", "id", st.ID, "err", err)
	}
	return out, true
}

func (s *server) batchParam(c *gin.Context) (int64, bool) {
	return s.pathID(c, "batch", "没有这个导入批次")
}

// revert undoes a batch, mapping its refusals to 404 and 409. Another
// user's batch is 404, as on every batch route.
func (s *server) revert(c *gin.Context, id int64) (*models.ImportBatch, bool) {
	if _, ok := s.ownBatch(c, id); !ok {
		return nil, false
	}
	b, err := s.cfg.Importer.Revert(c.Request.Context(), id, s.who(c, source(c)))
	if err != nil {
		s.storeError(c, err, "没有这个导入批次")
		return nil, false
	}
	s.metrics.reverted(b)
	s.cfg.Log.Info("batch reverted", "batch", id, "addr", c.ClientIP())
	return b, true
}

// --- JSON API ---

func (s *server) importUploadJSON(c *gin.Context) {
	st, ok := s.stageUpload(c)
	if !ok {
		return
	}
	p, ok := s.preview(c, st)
	if !ok {
		return
	}
	// A file that is not a workbook we can read at all (a .xls, a zip
	// bomb, random bytes) leaves nothing to preview: answered 422 with
	// the message, and the upload is not kept.
	for _, f := range p.Files {
		if e, bad := f.Unreadable(); bad {
			if err := s.cfg.Staging.Remove(c.Request.Context(), st.ID); err != nil {
				s.internal(c, err)
				return
			}
			s.fail(c, http.StatusUnprocessableEntity, "unreadable", fmt.Sprintf("“%s”：%s", f.File, e.Message), p)
			return
		}
	}
	c.JSON(http.StatusCreated, p)
}

func (s *server) importPreviewJSON(c *gin.Context) {
	if st, ok := s.loadStaged(c); ok {
		if p, ok := s.preview(c, st); ok {
			c.JSON(http.StatusOK, p)
		}
	}
}

func (s *server) importApplyJSON(c *gin.Context) {
	req, ok := s.readApply(c)
	if !ok {
		return
	}
	if st, ok := s.loadStaged(c); ok {
		if res, ok := s.applyStaged(c, st, req); ok {
			c.JSON(http.StatusOK, appliedFiles{Files: res, Summary: summarize(res)})
		}
	}
}

// discard drops a staged upload; only its log line remains.
func (s *server) discard(c *gin.Context) bool {
	st, ok := s.loadStaged(c)
	if !ok {
		return false
	}
	if err := s.cfg.Staging.Remove(c.Request.Context(), st.ID); err != nil {
		s.internal(c, err)
		return false
	}
	s.cfg.Log.Info("upload discarded", "id", st.ID, "addr", c.ClientIP())
	return true
}

func (s *server) importDiscardJSON(c *gin.Context) {
	if s.discard(c) {
		c.Status(http.StatusNoContent)
	}
}

// batches lists the import batches the user may see: all for an admin,
// a city official's own otherwise.
func (s *server) batches(c *gin.Context, limit int) ([]models.ImportBatch, error) {
	var owner int64
	if u := currentUser(c); u.Role != models.RoleAdmin {
		owner = u.ID
	}
	return s.cfg.Store.Batches(c.Request.Context(), owner, limit)
}

func (s *server) batchesJSON(c *gin.Context) {
	bs, err := s.batches(c, 500)
	if err != nil {
		s.internal(c, err)
		return
	}
	c.JSON(http.StatusOK, batchList{Batches: bs})
}

// loadBatch reads the batch named in the path, if the user may see it.
func (s *server) loadBatch(c *gin.Context) (*models.ImportBatch, bool) {
	id, ok := s.batchParam(c)
	if !ok {
		return nil, false
	}
	return s.ownBatch(c, id)
}

// ownBatch loads a batch the user may see: any for an admin, only their
// own (by user id) for anyone else. Another user's batch is answered as
// one that does not exist (404), and the attempt is audited.
func (s *server) ownBatch(c *gin.Context, id int64) (*models.ImportBatch, bool) {
	b, err := s.cfg.Store.Batch(c.Request.Context(), id)
	if err != nil {
		s.storeError(c, err, "没有这个导入批次")
		return nil, false
	}
	if u := currentUser(c); u.Role != models.RoleAdmin && !b.OwnedBy(u.ID) {
		s.refuseWith(c, u, "another user's batch", http.StatusNotFound, "not_found", "没有这个导入批次")
		return nil, false
	}
	return b, true
}

func (s *server) batchJSON(c *gin.Context) {
	if b, ok := s.loadBatch(c); ok {
		c.JSON(http.StatusOK, b)
	}
}

func (s *server) batchRevertJSON(c *gin.Context) {
	if id, ok := s.batchParam(c); ok {
		if b, ok := s.revert(c, id); ok {
			c.JSON(http.StatusOK, b)
		}
	}
}

// --- pages ---

func (s *server) importsPage(c *gin.Context) {
	bs, err := s.batches(c, 200)
	if err != nil {
		s.internal(c, err)
		return
	}
	s.render(c, http.StatusOK, "imports.html", map[string]any{"Title": "数据导入", "Batches": bs, "Done": c.Query("done")})
}

func (s *server) importUploadPage(c *gin.Context) {
	if st, ok := s.stageUpload(c); ok {
		c.Redirect(http.StatusSeeOther, "/imports/preview/"+st.ID)
	}
}

func (s *server) importPreviewPage(c *gin.Context) {
	if st, ok := s.loadStaged(c); ok {
		if p, ok := s.preview(c, st); ok {
			s.render(c, http.StatusOK, "preview.html", map[string]any{"Title": "导入预览", "P": p})
		}
	}
}

// importApplyPage applies an upload. Skipping the invalid rows, it
// answers with the rows left out (no redirect: the upload is gone, and
// with it the only list of them); otherwise it redirects to the list.
func (s *server) importApplyPage(c *gin.Context) {
	req, ok := s.readApply(c)
	if !ok {
		return
	}
	st, ok := s.loadStaged(c)
	if !ok {
		return
	}
	res, ok := s.applyStaged(c, st, req)
	if !ok {
		return
	}
	if !req.SkipInvalid {
		c.Redirect(http.StatusSeeOther, "/imports?done=applied")
		return
	}
	bs, err := s.batches(c, 200)
	if err != nil {
		s.internal(c, err)
		return
	}
	s.render(c, http.StatusOK, "imports.html", map[string]any{"Title": "数据导入", "Batches": bs, "Done": "applied", "Applied": summarize(res)})
}

func (s *server) importDiscardPage(c *gin.Context) {
	if s.discard(c) {
		c.Redirect(http.StatusSeeOther, "/imports?done=discarded")
	}
}

// revertConfirmPage says what a revert will change before it is done.
func (s *server) revertConfirmPage(c *gin.Context) {
	if b, ok := s.loadBatch(c); ok {
		s.render(c, http.StatusOK, "revert.html", map[string]any{"Title": "撤销导入", "B": b})
	}
}

func (s *server) revertPage(c *gin.Context) {
	if id, ok := s.batchParam(c); ok {
		if _, ok := s.revert(c, id); ok {
			c.Redirect(http.StatusSeeOther, "/imports?done=reverted")
		}
	}
}
