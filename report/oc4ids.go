package report

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"portfolio/models"
	"portfolio/province"
)

// The OC4IDS export publishes the year's list as an Open Contracting for
// Infrastructure Data Standard (OC4IDS 0.9.5) project package: one
// project per plan entry, with its budget, place, parties, milestones and
// the month-by-month completed investment as metrics. Codes come from the
// standard's codelists (projectStatus, projectSector, projectType,
// milestoneType, metricID); the list's own words (领域, 子领域, 建设性质)
// travel beside them in additionalClassifications so nothing is lost in
// the mapping. Amounts are whole yuan, currency CNY.

const (
	// oc4idsVersion is the schema version the package declares (major.minor).
	oc4idsVersion = "0.9"
	// oc4idsIDPrefix starts every project id. OC4IDS asks publishers to
	// register a prefix; replace this one when the registered one is known.
	oc4idsIDPrefix = "oc4ids-jxfgw-"
	// oc4idsDefaultPublisher publishes the list when the caller names no one.
	oc4idsDefaultPublisher = province.Commission
	// oc4idsCodeScheme names the register of 投资项目统一代码.
	oc4idsCodeScheme = "投资项目统一代码"
	// oc4idsProvince is where every project of the list is.
	oc4idsProvince = "江西省"
)

// OC4IDSOptions choose what the export covers and how it names itself.
type OC4IDSOptions struct {
	// Year and Month are the period, resolved as the dashboard's
	// (Reporter.DefaultPeriod): 0 = the province's year, the province's
	// month of it (December when none is yet). Data up to the month's end.
	Year  int
	Month int
	// PublisherName publishes the package and is every project's public
	// authority; "" means 江西省发展和改革委员会.
	PublisherName string
	// URI identifies the package (where it can be downloaded); "" gives
	// a URN made of the id prefix and the period.
	URI string
	// PublishedDate is the package's date; zero means now.
	PublishedDate time.Time
	// License and PublicationPolicy are URLs, left out when "": the
	// publisher decides them, the program does not.
	License           string
	PublicationPolicy string
}

// OC4IDSPackage is an OC4IDS project package.
type OC4IDSPackage struct {
	Version           string          `json:"version"`
	URI               string          `json:"uri"`
	PublishedDate     string          `json:"publishedDate"`
	Publisher         OC4IDSPublisher `json:"publisher"`
	License           string          `json:"license,omitempty"`
	PublicationPolicy string          `json:"publicationPolicy,omitempty"`
	Projects          []OC4IDSProject `json:"projects"`
}

// OC4IDSPublisher names the package's publisher.
type OC4IDSPublisher struct {
	Name string `json:"name"`
}

// OC4IDSProject is one project of the package. Optional parts are
// pointers or omitempty slices: the schema wants them absent, not empty.
type OC4IDSProject struct {
	ID                        string                 `json:"id"`
	Updated                   string                 `json:"updated,omitempty"`
	Language                  string                 `json:"language,omitempty"`
	Identifiers               []OC4IDSIdentifier     `json:"identifiers,omitempty"`
	Title                     string                 `json:"title,omitempty"`
	Description               string                 `json:"description,omitempty"`
	Status                    string                 `json:"status,omitempty"`
	Type                      string                 `json:"type,omitempty"`
	Sector                    []string               `json:"sector,omitempty"`
	AdditionalClassifications []OC4IDSClassification `json:"additionalClassifications,omitempty"`
	Period                    *OC4IDSPeriod          `json:"period,omitempty"`
	Budget                    *OC4IDSBudget          `json:"budget,omitempty"`
	Locations                 []OC4IDSLocation       `json:"locations,omitempty"`
	PublicAuthority           *OC4IDSOrgRef          `json:"publicAuthority,omitempty"`
	Parties                   []OC4IDSOrganization   `json:"parties,omitempty"`
	Milestones                []OC4IDSMilestone      `json:"milestones,omitempty"`
	Forecasts                 []OC4IDSMetric         `json:"forecasts,omitempty"`
	Metrics                   []OC4IDSMetric         `json:"metrics,omitempty"`
}

// OC4IDSIdentifier is an identifier of the project in another register.
type OC4IDSIdentifier struct {
	ID     string `json:"id"`
	Scheme string `json:"scheme,omitempty"`
}

// OC4IDSClassification is a classification outside the codelists.
type OC4IDSClassification struct {
	Scheme      string `json:"scheme,omitempty"`
	ID          string `json:"id,omitempty"`
	Description string `json:"description,omitempty"`
}

// OC4IDSPeriod is a span of time; dates are RFC 3339 in China time.
type OC4IDSPeriod struct {
	StartDate string `json:"startDate,omitempty"`
	EndDate   string `json:"endDate,omitempty"`
}

// OC4IDSValue is an amount of money in whole yuan.
type OC4IDSValue struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

// OC4IDSBudget is the project's total investment and the year's plan.
type OC4IDSBudget struct {
	Amount           *OC4IDSValue             `json:"amount,omitempty"`
	BudgetBreakdowns []OC4IDSBudgetBreakdowns `json:"budgetBreakdowns,omitempty"`
}

// OC4IDSBudgetBreakdowns is one way of breaking the budget down.
type OC4IDSBudgetBreakdowns struct {
	ID              string                  `json:"id"`
	Description     string                  `json:"description,omitempty"`
	BudgetBreakdown []OC4IDSBudgetBreakdown `json:"budgetBreakdown,omitempty"`
}

// OC4IDSBudgetBreakdown is one part of a budget breakdown.
type OC4IDSBudgetBreakdown struct {
	ID          string        `json:"id"`
	Description string        `json:"description,omitempty"`
	Amount      *OC4IDSValue  `json:"amount,omitempty"`
	Period      *OC4IDSPeriod `json:"period,omitempty"`
}

// OC4IDSLocation is where the project is.
type OC4IDSLocation struct {
	ID          string           `json:"id"`
	Description string           `json:"description,omitempty"`
	Gazetteer   *OC4IDSGazetteer `json:"gazetteer,omitempty"`
	Address     *OC4IDSAddress   `json:"address,omitempty"`
}

// OC4IDSGazetteer names a place by codes of a gazetteer.
type OC4IDSGazetteer struct {
	Scheme      string   `json:"scheme"`
	Identifiers []string `json:"identifiers"`
}

// OC4IDSAddress is a postal-style address: region is the city (设区市),
// locality the county (县区).
type OC4IDSAddress struct {
	Locality    string `json:"locality,omitempty"`
	Region      string `json:"region,omitempty"`
	CountryName string `json:"countryName,omitempty"`
}

// OC4IDSOrgRef points at one of the project's parties.
type OC4IDSOrgRef struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
}

// OC4IDSOrganization is a party to the project with its roles
// (partyRole codelist).
type OC4IDSOrganization struct {
	ID      string         `json:"id"`
	Name    string         `json:"name,omitempty"`
	Address *OC4IDSAddress `json:"address,omitempty"`
	Roles   []string       `json:"roles,omitempty"`
}

// OC4IDSMilestone is a milestone with its due and met dates.
type OC4IDSMilestone struct {
	ID           string `json:"id"`
	Title        string `json:"title,omitempty"`
	Type         string `json:"type,omitempty"`
	Description  string `json:"description,omitempty"`
	DueDate      string `json:"dueDate,omitempty"`
	DateMet      string `json:"dateMet,omitempty"`
	DateModified string `json:"dateModified,omitempty"`
	Status       string `json:"status,omitempty"`
}

// OC4IDSMetric is a series of observations of one measure (metricID codelist).
type OC4IDSMetric struct {
	ID           string              `json:"id"`
	Title        string              `json:"title,omitempty"`
	Description  string              `json:"description,omitempty"`
	Observations []OC4IDSObservation `json:"observations,omitempty"`
}

// OC4IDSObservation is one observation: a value for a financial metric,
// a measure (text) for a physical one.
type OC4IDSObservation struct {
	ID      string        `json:"id"`
	Period  *OC4IDSPeriod `json:"period,omitempty"`
	Value   *OC4IDSValue  `json:"value,omitempty"`
	Measure string        `json:"measure,omitempty"`
	Notes   string        `json:"notes,omitempty"`
}

// OC4IDS builds the year's list as an OC4IDS project package, with the
// approved monthly reports up to the report month. A year without a list
// is models.ErrNotFound: a package must hold at least one project.
func OC4IDS(ctx context.Context, st *models.Store, opt OC4IDSOptions) (*OC4IDSPackage, error) {
	if opt.Month < 0 || opt.Month > 12 {
		return nil, fmt.Errorf("report: oc4ids: month %d is not 0..12", opt.Month)
	}
	d, err := loadOC4IDS(ctx, st, opt.Year, opt.Month)
	if err != nil {
		return nil, err
	}
	published := opt.PublishedDate
	if published.IsZero() {
		published = time.Now()
	}
	publisher := strings.TrimSpace(opt.PublisherName)
	if publisher == "" {
		publisher = oc4idsDefaultPublisher
	}
	uri := opt.URI
	if uri == "" {
		uri = fmt.Sprintf("urn:%s:%d-%02d", strings.TrimSuffix(oc4idsIDPrefix, "-"), d.Year, d.Month)
	}
	// Milestones are read as of the end of the report month, like the
	// lights (the period always has a month: December when the province
	// has none of the year yet).
	asOf := province.ReportDates(d.Year, d.Month).AsOf
	pkg := &OC4IDSPackage{
		Version:           oc4idsVersion,
		URI:               uri,
		PublishedDate:     published.Format(time.RFC3339),
		Publisher:         OC4IDSPublisher{Name: publisher},
		License:           opt.License,
		PublicationPolicy: opt.PublicationPolicy,
		Projects:          make([]OC4IDSProject, 0, len(d.rows)),
	}
	for _, e := range d.rows {
		pkg.Projects = append(pkg.Projects, oc4idsProject(e, d, publisher, asOf))
	}
	return pkg, nil
}

// WriteOC4IDS writes the package as indented UTF-8 JSON. Chinese stays as
// it is; < > & are escaped as \u003c \u003e \u0026 (still the same string
// to any JSON reader), so a name like <script> cannot become markup even
// where the file is shown as HTML.
func WriteOC4IDS(w io.Writer, pkg *OC4IDSPackage) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(pkg); err != nil {
		return fmt.Errorf("report: write oc4ids: %w", err)
	}
	return nil
}
