package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"portfolio/report"
)

// flagshipPanel is the dashboard's panel of flagship and named projects,
// and what GET /api/v1/flagships answers.
type flagshipPanel struct {
	Year     int                  `json:"year"`
	Month    int                  `json:"month"`
	City     string               `json:"city"`
	Named    int                  `json:"named"`
	Lights   report.Lights        `json:"lights"`
	Projects []report.FlagshipRow `json:"projects"`
}

// flagships is the panel of the rollup's period and city, from the cache.
func (s *server) flagships(ctx context.Context, fp report.Fingerprint, r *report.Rollup) (*flagshipPanel, error) {
	v, err := s.rollups.Value(ctx, fp, "flagships:"+r.City, r.Year, r.Month, func(ctx context.Context) (any, error) {
		rows, err := s.cfg.Reporter.Flagships(ctx, r.Year, r.Month, r.City)
		if err != nil {
			return nil, err
		}
		p := &flagshipPanel{Year: r.Year, Month: r.Month, City: r.City, Projects: rows}
		for _, f := range rows {
			if f.Named {
				p.Named++
			}
			switch f.Light {
			case report.Red:
				p.Lights.Red++
			case report.Yellow:
				p.Lights.Yellow++
			default:
				p.Lights.Green++
			}
		}
		return p, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*flagshipPanel), nil
}

// flagshipsJSON is GET /api/v1/flagships: the flagship projects (示范引领性,
// ¥2bn and more) and those the Government Work Report names, each with its
// light, year to date and milestones; ?city= as the rollup's.
func (s *server) flagshipsJSON(c *gin.Context) {
	r, fp, ok := s.rollup(c, false)
	if !ok {
		return
	}
	p, err := s.flagships(c.Request.Context(), fp, r.Rollup)
	if err != nil {
		s.internal(c, err)
		return
	}
	c.JSON(http.StatusOK, p)
}
