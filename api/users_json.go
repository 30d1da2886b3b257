package api

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"portfolio/models"
)

// The admin's user actions as JSON, for a script that provisions
// accounts; the page (admin.go) calls the same store methods and steps.
// Every change is audited by the store with the API as its source.

// noUser is the 404 of a username that names no user.
const noUser = "没有这个用户"

// userRequest is POST /api/v1/users: the fields of models.NewUser, which
// the store checks.
type userRequest struct {
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Password    string `json:"password"`
	Role        string `json:"role"`
	City        string `json:"city"`
}

// passwordRequest is PUT /api/v1/users/{username}/password.
type passwordRequest struct {
	Password string `json:"password"`
}

// assignRequest is POST /api/v1/users/{username}/projects: a project's
// code, or its name when one project bears it.
type assignRequest struct {
	Project string `json:"project"`
}

// tokenRequest is POST /api/v1/users/{username}/tokens.
type tokenRequest struct {
	Name string `json:"name"`
}

// newToken is the token just made: the only time it is shown.
type newToken struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Token string `json:"token"`
}

// usersJSON is GET /api/v1/users.
func (s *server) usersJSON(c *gin.Context) {
	rows, err := s.userRows(c.Request.Context())
	if err != nil {
		s.internal(c, err)
		return
	}
	c.JSON(http.StatusOK, userList{Users: rows})
}

// addUserJSON is POST /api/v1/users → 201 with the user.
func (s *server) addUserJSON(c *gin.Context) {
	var req userRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		s.badBody(c, err, "请求体应为 JSON：username、display_name、password、role，设区市账号还需 city")
		return
	}
	u, err := s.cfg.Store.AddUser(c.Request.Context(), models.NewUser(req), s.who(c, source(c)))
	if err != nil {
		s.storeError(c, err, "")
		return
	}
	c.JSON(http.StatusCreated, u)
}

// disableUserJSON is POST /api/v1/users/{username}/disable → the user,
// disabled, its sessions ended.
func (s *server) disableUserJSON(c *gin.Context) {
	ctx, name := c.Request.Context(), c.Param("username")
	err := s.cfg.Store.DisableUser(ctx, name, s.who(c, source(c)))
	var u *models.User
	if err == nil {
		u, err = s.cfg.Store.UserByName(ctx, name)
	}
	if err != nil {
		s.storeError(c, err, noUser)
		return
	}
	c.JSON(http.StatusOK, u)
}

// passwordJSON is PUT /api/v1/users/{username}/password → 204; the
// user's sessions end.
func (s *server) passwordJSON(c *gin.Context) {
	var req passwordRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		s.badBody(c, err, "请求体应为 JSON：password")
		return
	}
	if err := s.cfg.Store.SetPassword(c.Request.Context(), c.Param("username"), req.Password, s.who(c, source(c))); err != nil {
		s.storeError(c, err, noUser)
		return
	}
	c.Status(http.StatusNoContent)
}

// assignJSON is POST /api/v1/users/{username}/projects → the project.
func (s *server) assignJSON(c *gin.Context) {
	var req assignRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		s.badBody(c, err, "请求体应为 JSON：project（项目代码或名称）")
		return
	}
	p, err := s.assignProject(c.Request.Context(), c.Param("username"), req.Project, s.who(c, source(c)))
	if err != nil {
		s.storeError(c, err, noUser)
		return
	}
	c.JSON(http.StatusOK, refOf(*p))
}

// tokenJSON is POST /api/v1/users/{username}/tokens → 201 with the token.
func (s *server) tokenJSON(c *gin.Context) {
	var req tokenRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		s.badBody(c, err, "请求体应为 JSON：name（令牌用途）")
		return
	}
	token, t, err := s.createToken(c.Request.Context(), c.Param("username"), req.Name, s.who(c, source(c)))
	if fe := (*models.FieldError)(nil); errors.As(err, &fe) && fe.Field == "label" {
		err = &models.FieldError{Field: "name", Message: fe.Message} // the page's field is label, the body's name
	}
	if err != nil {
		s.storeError(c, err, noUser)
		return
	}
	c.JSON(http.StatusCreated, newToken{ID: t.ID, Name: t.Name, Token: token})
}

// revokeTokenJSON is DELETE /api/v1/tokens/{tid} → 204.
func (s *server) revokeTokenJSON(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("tid"), 10, 64)
	if err != nil || id < 1 {
		s.badRequest(c, "令牌编号应为正整数")
		return
	}
	if err := s.cfg.Store.RevokeToken(c.Request.Context(), id, s.who(c, source(c))); err != nil {
		s.storeError(c, err, "没有这个令牌，或它已撤销")
		return
	}
	c.Status(http.StatusNoContent)
}
