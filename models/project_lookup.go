package models

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// MaxProjectKey bounds the code or name an admin types to pick a project.
const MaxProjectKey = 200

// ProjectsByID loads the projects of ids (code and name for the pages
// that show a project where the audit or an assignment names its id);
// ids that name no project are absent.
func (s *Store) ProjectsByID(ctx context.Context, ids []int64) (map[int64]Project, error) {
	out := make(map[int64]Project, len(ids))
	for part := range slices.Chunk(ids, 500) {
		var ps []Project
		if err := s.read.WithContext(ctx).Where("id IN ?", part).Find(&ps).Error; err != nil {
			return nil, fmt.Errorf("models: projects by id: %w", err)
		}
		for _, p := range ps {
			out[p.ID] = p
		}
	}
	return out, nil
}

// FindProject is the project whose code is key (case folded), else the
// one project named key. A FieldError of field says when none or several
// match, or when key is empty or too long.
func (s *Store) FindProject(ctx context.Context, field, key string) (*Project, error) {
	key = strings.TrimSpace(key)
	if key == "" {
		return nil, &FieldError{field, "请填写项目代码或项目名称"}
	}
	if err := CheckText(field, "项目代码或名称", key, MaxProjectKey); err != nil {
		return nil, err
	}
	db := s.read.WithContext(ctx)
	var ps []Project
	if err := db.Where("UPPER(code) = ?", strings.ToUpper(key)).Limit(2).Find(&ps).Error; err != nil {
		return nil, fmt.Errorf("models: find project: %w", err)
	}
	if len(ps) == 0 {
		if err := db.Where("name = ?", key).Limit(2).Find(&ps).Error; err != nil {
			return nil, fmt.Errorf("models: find project: %w", err)
		}
	}
	switch len(ps) {
	case 0:
		return nil, &FieldError{field, fmt.Sprintf("没有代码或名称为“%s”的项目", key)}
	case 1:
		return &ps[0], nil
	}
	return nil, &FieldError{field, fmt.Sprintf("名称为“%s”的项目不止一个，请填写项目代码", key)}
}
