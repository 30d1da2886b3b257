package province

// MilestoneLightSQL is MilestoneLight as an SQL expression over a
// milestones row aliased m and the year's plan entry aliased e (columns
// kind, planned_on, reached_on; stage), giving a light code (0, 1, 2);
// args fill its placeholders in order. Portable SQL: string comparison of
// ISO dates, as the Go rule does.
func MilestoneLightSQL(m, e string, year, month int) (string, []any) {
	d := ReportDates(year, month)
	q := `CASE
      WHEN ` + m + `.planned_on = '' OR (` + m + `.reached_on <> '' AND ` + m + `.reached_on <= ?) THEN 0
      WHEN ` + m + `.kind = ? AND ` + e + `.stage = ? THEN
        CASE WHEN ` + m + `.planned_on <= ? THEN 2 WHEN ` + m + `.planned_on <= ? THEN 1 ELSE 0 END
      WHEN ` + m + `.planned_on < ? THEN 2
      ELSE 0
    END`
	return q, []any{d.AsOf, MilestoneStart, StageNewStart, d.StartRed, d.StartYellow, d.AsOf}
}

// OpenMilestoneSQL is a condition that keeps only milestones that can be
// late in the report month (planned, not reached by its end): a filter
// for the index, not a part of the rule (MilestoneLightSQL holds it all).
func OpenMilestoneSQL(m string, year, month int) (string, []any) {
	return m + `.planned_on <> '' AND (` + m + `.reached_on = '' OR ` + m + `.reached_on > ?)`,
		[]any{ReportDates(year, month).AsOf}
}

// ProjectLightSQL is ProjectLight as an SQL expression over columns
// done and plan (yuan) and late (the largest MilestoneLightSQL code of the
// project's milestones, 0 for none), giving a light code.
func ProjectLightSQL(done, plan, late string, month, band int) (string, []any) {
	q := `CASE
      WHEN ` + late + ` >= 2 THEN 2
      WHEN ` + plan + ` > 0 AND ` + done + ` * 1200 < ` + plan + ` * (100 * ? - 12 * ?) THEN 2
      WHEN ` + late + ` >= 1 THEN 1
      WHEN ` + plan + ` > 0 AND ` + done + ` * 12 < ` + plan + ` * ? THEN 1
      ELSE 0
    END`
	return q, []any{month, band, month}
}
