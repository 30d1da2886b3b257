package api

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"portfolio/importer"
	"portfolio/province"
)

// firstOfKind is how many errors of each kind a preview lists; the
// errors workbook has them all.
const firstOfKind = 5

// importSummary is what an upload's preview (and an apply) leads with:
// the counts of all its files, the rows of other cities skipped, the
// money the rows move, and the errors grouped by kind.
type importSummary struct {
	Created          int                   `json:"created"`
	Updated          int                   `json:"updated"`
	Unchanged        int                   `json:"unchanged"`
	Rejected         int                   `json:"rejected"`
	SkippedOtherCity int                   `json:"skipped_other_city"`
	Errors           int                   `json:"errors"`
	Warnings         int                   `json:"warnings"`
	Money            importer.Money        `json:"money"`
	ErrorGroups      []importer.IssueGroup `json:"error_groups"`
}

// summarize adds up the files' results.
func summarize(files []*importer.Result) importSummary {
	sum := importSummary{Money: importer.Money{Months: []importer.MonthMoney{}}, ErrorGroups: importer.GroupErrors(files, firstOfKind)}
	for _, f := range files {
		sum.Created += f.Created
		sum.Updated += f.Updated
		sum.Unchanged += f.Unchanged
		sum.Rejected += f.Rejected
		sum.SkippedOtherCity += f.SkippedOtherCity
		sum.Errors += len(f.Errors)
		sum.Warnings += len(f.Warnings)
		sum.Money.Add(f.Money)
	}
	return sum
}

// applyRequest is the body of POST /api/v1/imports/previews/:id/apply
// (optional) and the apply form's fields.
type applyRequest struct {
	// SkipInvalid applies the valid rows of a file with errors and lists
	// the rest, as the command line's --skip-invalid does.
	SkipInvalid bool `json:"skip_invalid" form:"skip_invalid"`
}

// readApply reads the apply options: a JSON body for the API (none is
// all defaults), the form's fields for the page.
func (s *server) readApply(c *gin.Context) (applyRequest, bool) {
	var req applyRequest
	if wantsJSON(c) && c.Request.ContentLength != 0 && strings.HasPrefix(c.ContentType(), "application/json") {
		if err := c.ShouldBindJSON(&req); err != nil {
			s.badRequest(c, "请求体应为 JSON：{\"skip_invalid\": true 或 false}")
			return req, false
		}
		return req, true
	}
	switch v := c.PostForm("skip_invalid"); v {
	case "", "0", "false":
	case "1", "true", "on":
		req.SkipInvalid = true
	default:
		s.badRequest(c, fmt.Sprintf("skip_invalid 应为 true 或 false，而不是“%s”", v))
		return req, false
	}
	return req, true
}

// importErrorsXLSX is GET …/preview(s)/:id/errors.xlsx: every error of
// an upload's preview as a workbook, on the same terms as the preview.
func (s *server) importErrorsXLSX(c *gin.Context) {
	st, ok := s.loadStaged(c)
	if !ok {
		return
	}
	p, ok := s.preview(c, st)
	if !ok {
		return
	}
	var buf bytes.Buffer
	if err := importer.WriteErrors(&buf, p.Files); err != nil {
		s.internal(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="import-errors.xlsx"; filename*=UTF-8''%E5%AF%BC%E5%85%A5%E9%94%99%E8%AF%AF.xlsx`)
	writeBytes(c, http.StatusOK, xlsxType, buf.Bytes())
}

// Count shows a count with thousands separators (for the pages).
func (importSummary) Count(n int) string { return province.Thousands(int64(n)) }

// Change shows a change in 万元 with its sign: +1,234.00, -5.00, 0.00.
func (importSummary) Change(yuan int64) string {
	if yuan > 0 {
		return "+" + province.Wan(yuan)
	}
	return province.Wan(yuan)
}

// Writes is how many rows applying would write.
func (s importSummary) Writes() int { return s.Created + s.Updated }

// xlsxType is the content type of an .xlsx workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
