-- 0009: a milestone keeps the first date planned for it, so a page can say
-- how far its plan slipped (issue 17). Backfilled from the history: the
-- first audit entry of the milestone that carries a planned date (its
-- creation, else the first change that set one), else today's planned
-- date. AuditJSON writes encoding/json's compact form, "planned_on":"…".
ALTER TABLE milestones ADD COLUMN first_planned_on TEXT NOT NULL DEFAULT '';
UPDATE milestones SET first_planned_on = COALESCE((
    SELECT SUBSTR(a.after_json, {{strpos}}(a.after_json, '"planned_on":"') + 14, 10)
    FROM audit_entries a
    WHERE a.entity = 'milestones' AND a.entity_id = milestones.id
      AND a.action IN ('create', 'update')
      AND a.after_json LIKE '%"planned_on":"%'
      AND a.after_json NOT LIKE '%"planned_on":""%'
    ORDER BY a.id
    LIMIT 1
), planned_on);
-- The list's count of moved milestones reads this index alone (report's
-- perProject, slipped): no read of the milestones table.
CREATE INDEX milestones_project_first ON milestones (project_id, first_planned_on, planned_on);
