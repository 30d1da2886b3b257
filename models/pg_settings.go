package models

import (
	"net/url"
	"strings"
)

// pgSessionDefaults are the PostgreSQL settings our connections start
// with unless the DSN names them (a DSN's unknown query parameters are
// sent to the server as run-time parameters):
//   - jit=off: compiling the rollup's statements took a third of their
//     time at 300,000 projects (2.3 of 7.5 s) and pays back only on
//     statements far longer than ours;
//   - work_mem=32MB: the rollup's and the projects page's hash joins of
//     a year's list (300,000 rows) fit in memory instead of spilling
//     190 MB through temporary files at the server's default of 4 MB.
//     Per sort or hash of a statement, on each of at most 20 connections.
func pgSessionDefaults() [][2]string {
	return [][2]string{{"jit", "off"}, {"work_mem", "32MB"}}
}

// withPgDefaults adds pgSessionDefaults to a postgres:// DSN that does not
// set them; a DSN that cannot be parsed is returned as it is (opening it
// reports the error).
func withPgDefaults(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || !strings.HasPrefix(u.Scheme, "postgres") {
		return dsn
	}
	q := u.Query()
	for _, kv := range pgSessionDefaults() {
		if !q.Has(kv[0]) {
			q.Set(kv[0], kv[1])
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}
