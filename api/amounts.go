package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"portfolio/models"
)

// amountLabel names a JSON amount field in the refusals.
func amountLabel(field string) string {
	switch field {
	case "completed_yuan":
		return "本月完成投资"
	case "total_investment_yuan":
		return "总投资"
	case "completed_before_yuan":
		return "截至上年底累计完成"
	case "annual_plan_yuan":
		return "年度计划投资"
	case "amount_yuan":
		return "年度目标"
	}
	return field
}

// badAmount answers a JSON body whose amount is not an int64 at all
// (1e19, 1.5, "abc"): a 422 naming the field and the bound, like an
// amount that parses but is out of range. It reports false for any
// other decoding error, which the caller answers.
func (s *server) badAmount(c *gin.Context, err error) bool {
	var ute *json.UnmarshalTypeError
	if !errors.As(err, &ute) || !strings.HasSuffix(ute.Field, "_yuan") {
		return false
	}
	label, field := amountLabel(ute.Field), strings.TrimSuffix(ute.Field, "_yuan")
	s.fail(c, http.StatusUnprocessableEntity, "invalid", label+"应为 0 到 "+models.AmountBoundText()+" 之间的整数（元）", gin.H{"field": field})
	return true
}
