// Package reminders holds the server's periodic checks that post to the
// webhooks: a month's reporting deadline passed with reports missing, and
// problems past their due date. Each event is claimed in the store
// before it is sent (models.ClaimEvent), so the checks are idempotent and
// safe when every app server runs them.
package reminders
