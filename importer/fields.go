package importer

import (
	"regexp"
	"strings"

	"portfolio/province"
)

// field is what a column holds.
type field int

const (
	fNone field = iota
	fSeq
	fCode
	fName
	fOwner
	fResponsible
	fContent
	fPlace
	fCity
	fCounty
	fSector
	fSubsector
	fPeriod
	fStage
	fTotal
	fBefore
	fPlan
	fFlagship
	fTags
	fNote
	fMonth    // completed in the report month
	fYTD      // completed 1–N月
	fProgress // 形象进度
	fProblems // 存在问题
	fTarget   // 形象进度目标: read past, not stored
)

// isMoney tells the amount columns, which carry a unit and add up.
func (f field) isMoney() bool {
	switch f {
	case fTotal, fBefore, fPlan, fMonth, fYTD:
		return true
	}
	return false
}

var (
	ytdRe   = regexp.MustCompile(`1[-—–~至到](\d{1,2})月`)
	monthRe = regexp.MustCompile(`(^|[^-—–~至到\d])(\d{1,2})月(份)?(完成|投资|实际|$)`)
	endRe   = regexp.MustCompile(`(截至|截止|至)(\d{4}年)?(上年)?底`)
)

// classify tells what a header names. h is the folded header text,
// parent and child joined without a separator ("2024年计划计划投资").
// The order of the tests is the precedence: "截至2023年底累计完成" is
// the amount before the year, not this year's cumulative; "建设单位" is
// the owner, not a name.
func classify(h string) field {
	h = strings.ToLower(squash(h))
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(h, w) {
				return true
			}
		}
		return false
	}
	switch {
	case h == "":
		return fNone
	case has("序号", "编号") && !has("代码", "编码"):
		return fSeq
	case has("代码", "编码") && !has("区划"):
		return fCode
	case has("项目名称"):
		return fName // also "项目名称及建设内容"
	case has("建设单位", "项目法人", "业主单位", "项目单位", "项目业主", "实施单位", "申报单位"):
		return fOwner
	case has("责任单位", "牵头单位", "责任部门", "责任人"):
		return fResponsible
	case has("建设内容", "建设规模"):
		return fContent
	case has("形象进度") && has("目标", "计划"):
		return fTarget
	case has("形象进度", "进展情况", "进度情况"):
		return fProgress
	case has("问题"):
		return fProblems
	case has("清单", "标签", "项目类别", "备注类别"):
		return fTags // before 备注: "备注类别" is a list tag, not a note
	case has("备注"):
		return fNote
	case has("示范"):
		return fFlagship
	case has("年限", "起止", "建设期限", "建设周期", "建设工期"):
		return fPeriod
	case has("性质", "建设阶段", "项目阶段", "建设类型"):
		return fStage
	case has("时间", "日期", "年月") || (has(province.MilestoneStart, province.MilestoneComplete, province.MilestoneOperate, "完工") && !has("投资", "完成")):
		// 计划开工时间, 计划竣工年月: dates, and not the 计划 amount below.
		return fNone
	case (has("上年底", "以前年度", "以前累计", "开工累计", "往年累计") || endRe.MatchString(h)) && has("完成", "投资", "累计"):
		return fBefore
	case ytdRe.MatchString(h) || has("本年累计", "年初累计", "自年初", "年度累计", "累计完成"):
		return fYTD
	case has("本月", "当月") || monthRe.MatchString(h):
		return fMonth
	case has("总投资"):
		return fTotal
	case has("计划"):
		return fPlan
	case has("子领域", "类别", "分类") || (has("行业") && !has("领域")):
		return fSubsector // 项目类别 was taken as tags above
	case has("领域"):
		return fSector
	case has("类型"):
		return fTags // 项目类型: tags, or the stage when its values say so (see stageColumn)
	case has("地点", "所在地", "建设地址"):
		return fPlace
	case has("县"):
		return fCounty
	case has("设区市", "所属市", "地市") || h == "市" || h == "城市":
		return fCity
	case has("名称") || h == "项目":
		return fName
	}
	return fNone
}

// unitOf reads a unit from a header ("总投资（亿元）"); 0 when it names none.
func unitOf(h string) int64 {
	h = squash(h)
	switch {
	case strings.Contains(h, "亿元"):
		return UnitYi
	case strings.Contains(h, "万元"):
		return UnitWan
	case strings.Contains(h, "(元)"):
		return UnitYuan
	}
	return 0
}

// ytdMonth reads N from a "1-N月" header, 0 when there is none.
func ytdMonth(h string) int {
	m := ytdRe.FindStringSubmatch(squash(h))
	if m == nil {
		return 0
	}
	n := 0
	for _, c := range m[1] {
		n = n*10 + int(c-'0')
	}
	return n
}
