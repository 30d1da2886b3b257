package importer

import (
	"time"

	"gorm.io/gorm"

	"portfolio/models"
)

// auditPart is the audit trail of one written part: each row written,
// with the values before and after, under the batch.
type auditPart struct {
	at      time.Time
	who     models.Who
	batchID int64
	rows    []auditRow
}

// auditRow is one written row; before and after are rendered as JSON.
type auditRow struct {
	action, entity string
	id, projectID  int64
	before, after  any
}

// entries renders the part's audit entries. The rows it reads are not
// changed once written, so this may run beside the next part's writes.
func (p *auditPart) entries() []models.AuditEntry {
	out := make([]models.AuditEntry, len(p.rows))
	batchID := p.batchID
	for i, r := range p.rows {
		pid := r.projectID
		out[i] = models.AuditEntry{At: p.at, Actor: p.who.Actor, Source: p.who.Source, RemoteAddr: p.who.RemoteAddr,
			Action: r.action, Entity: r.entity, EntityID: r.id, ProjectID: &pid, BatchID: &batchID,
			BeforeJSON: models.AuditJSON(r.before), AfterJSON: models.AuditJSON(r.after)}
	}
	return out
}

// auditing renders a part's audit entries (their JSON is most of the
// writing goroutine's own work) on a goroutine of its own while the next
// part is compared and written, and writes them before that part's. The
// entries keep the order of the writes, and the last part's are written
// before the batch is counted, inside the same transaction.
type auditing struct {
	pending chan []models.AuditEntry // the part being rendered, if any
}

// render starts rendering a part's entries.
func (a *auditing) render(p *auditPart) {
	if p == nil || len(p.rows) == 0 {
		return
	}
	a.pending = make(chan []models.AuditEntry, 1)
	go func(out chan<- []models.AuditEntry) { out <- p.entries() }(a.pending)
}

// writePending waits for the part being rendered and writes its entries.
func (a *auditing) writePending(tx *gorm.DB, pr *tracker) error {
	if a.pending == nil {
		return nil
	}
	entries := <-a.pending
	a.pending = nil
	return writeAudit(tx, entries, pr)
}
