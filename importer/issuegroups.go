package importer

import (
	"cmp"
	"regexp"
	"slices"
)

// FileIssue is an issue with the file it was found in.
type FileIssue struct {
	File string `json:"file"`
	Issue
}

// IssueGroup is the issues of one kind: the same message about the same
// column, its particulars (quoted names, numbers) left out. Kind is the
// message itself while all of the group's are the same.
type IssueGroup struct {
	Kind   string      `json:"kind"`
	Column string      `json:"column"`
	Count  int         `json:"count"`
	First  []FileIssue `json:"first"` // the first of them, in file order
}

var (
	quoted  = regexp.MustCompile(`“[^”]*”`)
	numbers = regexp.MustCompile(`[0-9][0-9.,]*`)
)

// issueKind is a message with its particulars left out: 该项目属于“…”，…
func issueKind(msg string) string {
	return numbers.ReplaceAllString(quoted.ReplaceAllString(msg, "“…”"), "…")
}

// GroupErrors groups the errors of results by kind, the largest group
// first, each with its first n errors.
func GroupErrors(results []*Result, n int) []IssueGroup {
	type key struct{ kind, column string }
	var groups []IssueGroup
	at := map[key]int{}
	for _, r := range results {
		for _, is := range r.Errors {
			k := key{issueKind(is.Message), is.Column}
			i, ok := at[k]
			if !ok {
				i = len(groups)
				at[k] = i
				// Named by its message while every one says the same.
				groups = append(groups, IssueGroup{Kind: is.Message, Column: k.column, First: []FileIssue{}})
			}
			g := &groups[i]
			if g.Kind != is.Message {
				g.Kind = k.kind
			}
			g.Count++
			if len(g.First) < n {
				g.First = append(g.First, FileIssue{File: r.File, Issue: is})
			}
		}
	}
	slices.SortStableFunc(groups, func(a, b IssueGroup) int { return cmp.Compare(b.Count, a.Count) })
	return groups
}
