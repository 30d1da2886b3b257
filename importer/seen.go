package importer

// seen is the rows one file has shown so far, by project code and by
// normalised name, to catch a project listed twice. A 100,000-row list
// keeps 100,000 of them until its end, so they are kept small: a code of
// the standard form is packed exactly into 16 bytes and a row into 8.
type seen struct {
	sheets []string // the sheets rows were seen on, for the messages
	codes  map[packedCode]seenRow
	other  map[string]seenRow // codes of another form
	names  map[string]seenRow // rows without a code
}

// seenRow is a row: its sheet's index in seen.sheets and its number.
type seenRow struct{ sheet, row int32 }

// packedCode is a code of the standard form, 2024-360700-48-01-02315X:
// its first twelve digits, then the other seven and the last character.
type packedCode [2]uint64

func newSeen() *seen {
	return &seen{codes: map[packedCode]seenRow{}, other: map[string]seenRow{}, names: map[string]seenRow{}}
}

// code records the row of a code and, when an earlier row had the same
// code, returns that row.
func (s *seen) code(code string, at rowRef) (rowRef, bool) {
	if k, ok := packCode(code); ok {
		return remember(s, s.codes, k, at)
	}
	return remember(s, s.other, code, at)
}

// name records the row of a normalised name, returning an earlier one.
func (s *seen) name(norm string, at rowRef) (rowRef, bool) {
	return remember(s, s.names, norm, at)
}

func remember[K comparable](s *seen, m map[K]seenRow, k K, at rowRef) (rowRef, bool) {
	if first, ok := m[k]; ok {
		return rowRef{sheet: s.sheets[first.sheet], row: int(first.row)}, true
	}
	if n := len(s.sheets); n == 0 || s.sheets[n-1] != at.sheet {
		s.sheets = append(s.sheets, at.sheet)
	}
	m[k] = seenRow{sheet: int32(len(s.sheets) - 1), row: int32(at.row)} // #nosec G115 -- sheets and rows are far below 2^31 (a sheet has at most 1,048,576 rows)
	return rowRef{}, false
}

// packCode packs a clean code of the standard form (codeForm) exactly:
// two codes pack alike only when they are the same.
func packCode(c string) (packedCode, bool) {
	if !codeForm(c) {
		return packedCode{}, false
	}
	var k packedCode
	digits := 0
	for i := range len(c) - 1 {
		if c[i] == '-' {
			continue
		}
		half := 0
		if digits >= 12 {
			half = 1
		}
		k[half] = k[half]*10 + uint64(c[i]-'0')
		digits++
	}
	last := uint64(c[len(c)-1] - '0')
	if c[len(c)-1] >= 'A' {
		last = uint64(c[len(c)-1]-'A') + 10
	}
	k[1] = k[1]*36 + last
	return k, true
}
