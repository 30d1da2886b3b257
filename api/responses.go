package api

import (
	"portfolio/importer"
	"portfolio/models"
)

// The JSON answers that wrap a list, named as openapi.json names their
// schemas. A resource that is one row answers the row's own type.
type (
	// auditPage is GET /api/v1/audit: one page of entries and how many
	// match in all.
	auditPage struct {
		Total   int64      `json:"total"`
		Entries []auditRow `json:"entries"`
	}
	// appliedFiles is POST /api/v1/imports/{id}/apply: one result a file.
	appliedFiles struct {
		Files   []*importer.Result `json:"files"`
		Summary importSummary      `json:"summary"`
	}
	// batchList is GET /api/v1/imports/batches, newest first.
	batchList struct {
		Batches []models.ImportBatch `json:"batches"`
	}
	// pendingList is GET /api/v1/reports/pending.
	pendingList struct {
		Reports []models.PendingReport `json:"reports"`
	}
	// health is GET /healthz.
	health struct {
		Status   string `json:"status"`
		Database string `json:"database"`
	}
)
