package importer

import "strings"

// grid is one sheet as text cells, before any meaning is given to them.
// Row i of rows is Excel row i+1.
type grid struct {
	name   string
	rows   [][]string
	merges []mergeRange
	// noValue holds the cells (0-based row, column) whose formula was
	// saved without its result: they read as empty but are not.
	noValue map[[2]int]bool
}

// mergeRange is a merged block, 0-based and inclusive.
type mergeRange struct {
	top, left, bottom, right int
}

func (g *grid) cell(r, c int) string {
	if r < 0 || r >= len(g.rows) || c < 0 || c >= len(g.rows[r]) {
		return ""
	}
	return g.rows[r][c]
}

// blank tells whether a row holds nothing but white space.
func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
