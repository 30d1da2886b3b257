package api

import (
	"fmt"

	"github.com/gin-gonic/gin"

	"portfolio/models"
	"portfolio/notify"
	"portfolio/province"
)

// notifyEscalated posts that a problem moved up a level: who asks whom.
func (s *server) notifyEscalated(c *gin.Context, p *models.Problem, note string) {
	name, by, ok := s.eventWords(c, p.ProjectID, "设区市发改委")
	if !ok {
		return
	}
	text := fmt.Sprintf("%s的%s问题（%s）已由 %s 提请%s协调解决。", name, p.Category, p.Description, by, province.LevelLabel(p.Level))
	if note != "" {
		text += "说明：" + note
	}
	s.notify(notify.Event{Kind: notify.KindProblemEscalated, At: s.now(), Title: "【重点项目调度】问题提级协调", Text: text, Link: notify.ProblemsLink(p.ProjectID)})
}
