package report

import (
	"github.com/xuri/excelize/v2"
)

// scheduleStyles are the workbook's cell styles.
type scheduleStyles struct {
	title, unit, header, total, section, sub         int
	text, center, amount, rate                       int
	totalAmt, sectionAmt, subAmt, totalRate, secRate int
	lights                                           map[string]int // by light
	note                                             int
}

func newScheduleStyles(x *excelize.File) (*scheduleStyles, error) {
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	font := func(size float64, bold bool) *excelize.Font {
		return &excelize.Font{Family: "宋体", Size: size, Bold: bold}
	}
	fill := func(color string) excelize.Fill {
		return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}
	}
	wan := "#,##0.00"
	pct := "0.00%"
	st := &scheduleStyles{}
	var greenStyle, yellowStyle, redStyle int
	defs := []struct {
		dst *int
		s   excelize.Style
	}{
		{&st.title, excelize.Style{Font: font(18, true), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}},
		{&st.unit, excelize.Style{Font: font(10, false), Alignment: &excelize.Alignment{Horizontal: "right"}}},
		{&st.header, excelize.Style{Font: font(10, true), Border: border, Fill: fill("D9E1F2"),
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&st.total, excelize.Style{Font: font(10, true), Border: border, Fill: fill("FCE4D6"), Alignment: &excelize.Alignment{Horizontal: "center"}}},
		{&st.section, excelize.Style{Font: font(10, true), Border: border, Fill: fill("EDEDED")}},
		{&st.sub, excelize.Style{Font: font(10, true), Border: border}},
		{&st.text, excelize.Style{Font: font(10, false), Border: border, Alignment: &excelize.Alignment{Vertical: "center"}}},
		{&st.center, excelize.Style{Font: font(10, false), Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}},
		{&st.amount, excelize.Style{Font: font(10, false), Border: border, CustomNumFmt: &wan}},
		{&st.rate, excelize.Style{Font: font(10, false), Border: border, CustomNumFmt: &pct}},
		{&st.totalAmt, excelize.Style{Font: font(10, true), Border: border, Fill: fill("FCE4D6"), CustomNumFmt: &wan}},
		{&st.sectionAmt, excelize.Style{Font: font(10, true), Border: border, Fill: fill("EDEDED"), CustomNumFmt: &wan}},
		{&st.subAmt, excelize.Style{Font: font(10, true), Border: border, CustomNumFmt: &wan}},
		{&st.totalRate, excelize.Style{Font: font(10, true), Border: border, Fill: fill("FCE4D6"), CustomNumFmt: &pct}},
		{&st.secRate, excelize.Style{Font: font(10, true), Border: border, CustomNumFmt: &pct}},
		// The lights: the fills Excel's own "good / neutral / bad" styles use.
		{&greenStyle, excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 10, Color: "006100"}, Border: border, Fill: fill("C6EFCE"), Alignment: &excelize.Alignment{Horizontal: "center"}}},
		{&yellowStyle, excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 10, Color: "9C5700"}, Border: border, Fill: fill("FFEB9C"), Alignment: &excelize.Alignment{Horizontal: "center"}}},
		{&redStyle, excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 10, Color: "9C0006"}, Border: border, Fill: fill("FFC7CE"), Alignment: &excelize.Alignment{Horizontal: "center"}}},
		{&st.note, excelize.Style{Font: font(9, false), Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
	}
	for _, d := range defs {
		id, err := x.NewStyle(&d.s)
		if err != nil {
			return nil, err
		}
		*d.dst = id
	}
	st.lights = map[string]int{Green: greenStyle, Yellow: yellowStyle, Red: redStyle}
	return st, nil
}
