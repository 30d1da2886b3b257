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
