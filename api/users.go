package api

import (
	"context"
	"time"

	"portfolio/models"
)

// userRow is one user as the admin page and GET /api/v1/users show it:
// never its password hash nor its tokens' hashes.
type userRow struct {
	models.User
	Projects []projectRef `json:"projects"`
	Tokens   []tokenView  `json:"tokens"`
}

// userList is GET /api/v1/users: every user by username.
type userList struct {
	Users []userRow `json:"users"`
}

// projectRef names a project assigned to a manager.
type projectRef struct {
	ID   int64   `json:"id"`
	Code *string `json:"code"`
	Name string  `json:"name"`
}

func refOf(p models.Project) projectRef { return projectRef{ID: p.ID, Code: p.Code, Name: p.Name} }

// tokenView is a personal access token without its hash.
type tokenView struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

// userRows reads every user with its projects and tokens in four queries,
// however many users there are: the users, all assignments, all tokens,
// the assigned projects.
func (s *server) userRows(ctx context.Context) ([]userRow, error) {
	us, err := s.cfg.Store.Users(ctx)
	if err != nil {
		return nil, err
	}
	assigned, err := s.cfg.Store.Assignments(ctx)
	if err != nil {
		return nil, err
	}
	tokens, err := s.cfg.Store.AllTokens(ctx)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, ps := range assigned {
		ids = append(ids, ps...)
	}
	projects, err := s.cfg.Store.ProjectsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	rows := make([]userRow, 0, len(us))
	for _, u := range us {
		r := userRow{User: u, Projects: []projectRef{}, Tokens: []tokenView{}}
		for _, id := range assigned[u.ID] {
			if p, ok := projects[id]; ok {
				r.Projects = append(r.Projects, refOf(p))
			}
		}
		for _, t := range tokens[u.ID] {
			r.Tokens = append(r.Tokens, tokenView{ID: t.ID, Name: t.Name, CreatedAt: t.CreatedAt, LastUsedAt: t.LastUsedAt, RevokedAt: t.RevokedAt})
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// assignProject gives the user username the project key names (its code,
// or its name when one project bears it): the page's and the API's one
// step (the store refuses an account that takes no projects).
func (s *server) assignProject(ctx context.Context, username, key string, who models.Who) (*models.Project, error) {
	u, err := s.cfg.Store.UserByName(ctx, username)
	if err != nil {
		return nil, err
	}
	p, err := s.cfg.Store.FindProject(ctx, "project", key)
	if err != nil {
		return nil, err
	}
	return p, s.cfg.Store.Assign(ctx, u.ID, p.ID, who)
}

// createToken makes a personal access token for the user username and
// returns it: the only time it is shown.
func (s *server) createToken(ctx context.Context, username, label string, who models.Who) (string, *models.APIToken, error) {
	u, err := s.cfg.Store.UserByName(ctx, username)
	if err != nil {
		return "", nil, err
	}
	return s.cfg.Store.CreateToken(ctx, u.ID, label, who)
}
