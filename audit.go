package plekwijzer

import (
	"context"
	"time"
)

// AuditAction is what was done with participant data.
type AuditAction string

// Audit actions.
const (
	AuditRead      AuditAction = "lezen"
	AuditCreate    AuditAction = "aanmaken"
	AuditUpdate    AuditAction = "wijzigen"
	AuditDelete    AuditAction = "verwijderen"
	AuditMatch     AuditAction = "matchen"
	AuditExport    AuditAction = "exporteren"
	AuditAnonymise AuditAction = "anonimiseren"
)

// AuditActions lists the valid actions.
var AuditActions = []AuditAction{AuditRead, AuditCreate, AuditUpdate, AuditDelete, AuditMatch, AuditExport, AuditAnonymise}

// AuditEntry records one access to one participant's data, modelled on NEN
// 7513: who (user, name and role at the time), on whose behalf, what, whose
// data, through which endpoint, when. Entries are append-only: no API
// changes or deletes them, and the database refuses it too.
type AuditEntry struct {
	ID            int64       `json:"id"`
	At            time.Time   `json:"tijd"`
	UserID        string      `json:"gebruikerId"`
	UserName      string      `json:"gebruikerNaam"`
	Role          Role        `json:"rol"`
	OnBehalfOf    *string     `json:"namens"`
	Action        AuditAction `json:"actie"`
	ParticipantID string      `json:"deelnemerId"`
	Endpoint      string      `json:"endpoint"`
	RequestID     string      `json:"verzoekId"`
	// Detail says more about an action where one needs it, never in
	// words about the participant: for a booking that deviates from the
	// rules of matching, "afwijking: " and the rules' keys.
	Detail *string `json:"toelichting,omitempty"`
}

// AuditFilter narrows the audit log.
type AuditFilter struct {
	ParticipantID string
	UserID        string
	Action        AuditAction
	From, To      *time.Time // [From, To)
	Page          Page
}

// AuditStore keeps the audit log.
type AuditStore interface {
	// RecordAccess appends entries, all or none.
	RecordAccess(ctx context.Context, entries []AuditEntry) error
	// FindAudit returns one page of entries, newest first, and the total.
	FindAudit(ctx context.Context, f AuditFilter) ([]*AuditEntry, int, error)
}
