package province

// The sheets a blank template carries besides its table: the rules with
// an example row, and the (hidden) lists its dropdowns offer.
const (
	TemplateNotesSheet   = "填表说明"
	TemplateChoicesSheet = "下拉选项"
)

// IsTemplateSheet tells a template's notes or choices sheet, which the
// importer passes over without a warning.
func IsTemplateSheet(name string) bool {
	return name == TemplateNotesSheet || name == TemplateChoicesSheet
}

// SummarySheet is the 汇总 sheet beside an exported 调度表: sums by sector
// and city, no project rows.
const SummarySheet = "汇总"

// IsSummarySheet tells a sheet of sums, which the importer reads but does
// not warn about when it holds no project table.
func IsSummarySheet(name string) bool { return name == SummarySheet }
