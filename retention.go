package plekwijzer

import "context"

// InactiveParticipant is a participant with no placement holding places
// and no activity since LastActivity: a candidate for anonymisation when
// the retention period has passed.
type InactiveParticipant struct {
	ID           string `json:"id"`
	Code         string `json:"code"`
	CoachID      string `json:"coachId"`
	LastActivity Date   `json:"laatsteActiviteit"`
}

// RetentionStore finds and anonymises participants whose retention period
// has passed.
type RetentionStore interface {
	// InactiveParticipants returns the participants without a proposed or
	// active placement whose last activity (a change to their profile, or
	// the end or start of a placement) was before the given date, oldest
	// first.
	InactiveParticipants(ctx context.Context, before Date) ([]InactiveParticipant, error)
	// Anonymise erases each participant as DeleteParticipant does and
	// records entry (with the participant filled in) in the audit log, in
	// one transaction per participant. It returns how many it erased; one
	// that became active meanwhile is skipped.
	Anonymise(ctx context.Context, ids []string, entry AuditEntry) (int, error)
}

// DefaultRetentionMonths is how long a participant may be inactive before
// their data is anonymised, unless configured otherwise.
const DefaultRetentionMonths = 24

// RetentionCutoff is the date before which a participant's last activity
// must lie for their data to be anonymised on day today.
func RetentionCutoff(today Date, months int) Date {
	t := today.Time()
	if t.IsZero() {
		return today
	}
	return DateOf(t.AddDate(0, -months, 0))
}

// RetentionReport is what a retention run would do, or did: who is due
// now, and who will be within the next month.
type RetentionReport struct {
	On     bool                  `json:"aan"` // false: the policy is off (0 months)
	Months int                   `json:"maanden"`
	Cutoff Date                  `json:"peildatum"`
	Due    []InactiveParticipant `json:"teAnonimiseren"`
	Soon   []InactiveParticipant `json:"binnenkort"`
	Done   int                   `json:"geanonimiseerd"`
	DryRun bool                  `json:"proef"`
}

// PlanRetention lists the participants whose data is due for anonymisation
// on day today, and those due within 30 days.
func PlanRetention(ctx context.Context, st RetentionStore, today Date, months int) (*RetentionReport, error) {
	r := &RetentionReport{On: months > 0, Months: months, Cutoff: RetentionCutoff(today, months), Due: []InactiveParticipant{}, Soon: []InactiveParticipant{}, DryRun: true}
	all, err := st.InactiveParticipants(ctx, RetentionCutoff(today.AddDays(30), months))
	if err != nil {
		return nil, err
	}
	for _, p := range all {
		if p.LastActivity < r.Cutoff {
			r.Due = append(r.Due, p)
		} else {
			r.Soon = append(r.Soon, p)
		}
	}
	return r, nil
}

// RunRetention anonymises the participants due on day today and records
// each in the audit log as done by the system on behalf of the retention
// policy. runID names the run in the log.
func RunRetention(ctx context.Context, st RetentionStore, today Date, months int, runID string) (*RetentionReport, error) {
	r, err := PlanRetention(ctx, st, today, months)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(r.Due))
	for i, p := range r.Due {
		ids[i] = p.ID
	}
	policy := "bewaartermijn"
	r.DryRun = false
	r.Done, err = st.Anonymise(ctx, ids, AuditEntry{
		UserID: "systeem", UserName: "Bewaartermijn", Role: RoleSystem, OnBehalfOf: &policy,
		Action: AuditAnonymise, Endpoint: "taak bewaartermijn", RequestID: runID,
	})
	return r, err
}
