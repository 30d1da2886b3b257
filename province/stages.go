package province

// Stage codes as stored (建设性质).
const (
	StageNewStart    = "new_start"
	StageContinuing  = "continuing"
	StageCompleting  = "completing"
	StagePreparatory = "preparatory"
)

// Stages are the stage codes in the report's order.
func Stages() []string {
	return []string{StageNewStart, StageContinuing, StageCompleting, StagePreparatory}
}

// StageLabel is the list's word for a stage code; an unknown code is
// returned as it is.
func StageLabel(code string) string {
	switch code {
	case StageNewStart:
		return "新开工"
	case StageContinuing:
		return "续建"
	case StageCompleting:
		return "竣工投产"
	case StagePreparatory:
		return "前期"
	}
	return code
}

// IsStage tells whether code is one of the stage codes.
func IsStage(code string) bool {
	for _, s := range Stages() {
		if s == code {
			return true
		}
	}
	return false
}

// StageWords lists the stage labels for a message: "新开工、续建、竣工投产 或 前期".
func StageWords() string {
	s := Stages()
	out := ""
	for i, c := range s {
		switch {
		case i == len(s)-1:
			out += " 或 "
		case i > 0:
			out += "、"
		}
		out += StageLabel(c)
	}
	return out
}

// StageOf maps a stage as the lists write it (squashed: no spaces,
// half-width brackets, without a trailing 项目) to its code.
func StageOf(word string) (string, bool) {
	switch word {
	case "新开工", "新建", "开工", "计划新开工", "拟新开工":
		return StageNewStart, true
	case "续建", "在建", "加快建设":
		return StageContinuing, true
	case "竣工投产", "竣工", "投产", "建成", "建成投产", "竣工验收", "计划竣工投产", "计划竣工":
		return StageCompleting, true
	case "预备", "前期", "预备(前期)", "前期(预备)", "做好前期工作", "前期工作", "重大前期":
		return StagePreparatory, true
	}
	return "", false
}

// Milestone kinds (里程碑) the rules name.
const (
	MilestoneStart    = "开工"
	MilestoneComplete = "竣工"
	MilestoneOperate  = "投产"
)

// MilestoneKinds are the standard milestone kinds, in the order a project
// meets them.
func MilestoneKinds() []string {
	return []string{"立项", "可研批复", "用地", "环评", "初步设计", MilestoneStart, "主体完工", MilestoneComplete, MilestoneOperate}
}
