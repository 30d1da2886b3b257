package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"portfolio/models"
	"portfolio/province"
)

// adminPage is GET /admin/users: users, their roles, cities, assigned
// projects and tokens, with the forms to change them.
func (s *server) adminPage(c *gin.Context) {
	s.renderAdmin(c, http.StatusOK, "", "")
}

func (s *server) renderAdmin(c *gin.Context, status int, msg, token string) {
	rows, err := s.userRows(c.Request.Context())
	if err != nil {
		s.internal(c, err)
		return
	}
	s.render(c, status, "admin.html", map[string]any{"Title": "用户管理", "Users": rows, "Message": msg, "Token": token,
		"Roles": models.Roles(), "Cities": province.AccountCities()})
}

// adminAction is POST /admin/users/*: add, disable, passwd, assign, token, revoke.
func (s *server) adminAction(c *gin.Context) {
	ctx := c.Request.Context()
	who := s.who(c, models.SourceWeb)
	name := strings.TrimSpace(c.PostForm("username"))
	var err error
	msg, token := "", ""
	switch c.Param("action") {
	case "add":
		_, err = s.cfg.Store.AddUser(ctx, models.NewUser{Username: name, DisplayName: c.PostForm("display_name"),
			Password: c.PostForm("password"), Role: c.PostForm("role"), City: c.PostForm("city")}, who)
		msg = "已添加用户 " + name
	case "disable":
		if c.PostForm("confirm") != "1" {
			s.disableConfirm(c, name)
			return
		}
		err = s.cfg.Store.DisableUser(ctx, name, who)
		msg = "已停用 " + name
	case "passwd":
		err = s.cfg.Store.SetPassword(ctx, name, c.PostForm("password"), who)
		msg = "已重设 " + name + " 的密码"
	case "assign":
		var p *models.Project
		if p, err = s.assignProject(ctx, name, c.PostForm("project"), who); err == nil {
			msg = "已将项目“" + p.Name + "”分配给 " + name
		}
	case "token":
		token, _, err = s.createToken(ctx, name, c.PostForm("label"), who)
		msg = "已为 " + name + " 生成令牌（只显示这一次）"
	case "revoke":
		var id int64
		if id, err = strconv.ParseInt(c.PostForm("token_id"), 10, 64); err == nil {
			err = s.cfg.Store.RevokeToken(ctx, id, who)
		}
		msg = "已撤销令牌"
	default:
		s.notFound(c)
		return
	}
	if err != nil {
		r, ok := refusalOf(err, "没有这个用户或令牌")
		if !ok {
			s.internal(c, err)
			return
		}
		s.renderAdmin(c, r.status, "操作未完成："+r.message, "")
		return
	}
	s.renderAdmin(c, http.StatusOK, msg, token)
}

// disableConfirmPage is GET /admin/users/disable?username=NAME: the step
// that asks before a user is disabled (its sessions end, it cannot sign
// in); the page's form posts the confirmation.
func (s *server) disableConfirmPage(c *gin.Context) {
	s.disableConfirm(c, strings.TrimSpace(c.Query("username")))
}

func (s *server) disableConfirm(c *gin.Context, name string) {
	u, err := s.cfg.Store.UserByName(c.Request.Context(), name)
	if err != nil {
		s.storeError(c, err, "没有这个用户")
		return
	}
	s.render(c, http.StatusOK, "admin_disable.html", map[string]any{"Title": "停用用户", "User": u})
}
