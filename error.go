package plekwijzer

import (
	"errors"
	"fmt"
)

// Error codes: a small set that every part of the service uses and that the
// API maps to HTTP status codes in one table.
const (
	EInvalid      = "invalid"      // the input breaks a rule; Fields says which
	ENotFound     = "not_found"    // no such entity, or not visible to the actor
	EConflict     = "conflict"     // duplicate, still referenced, stale version, no capacity
	EUnauthorized = "unauthorized" // no valid credentials
	EForbidden    = "forbidden"    // the actor's role or organisation may not do this
	ETooLarge     = "too_large"    // the request body is over the limit
	EInternal     = "internal"     // a bug
	EUnavailable  = "unavailable"  // a dependency (the database, the search index) is down for now; try again later
)

// Error is the one error type of the domain. Message is plain Dutch meant for
// the person using the service; Fields lists every invalid field at once.
type Error struct {
	Code    string
	Message string
	Fields  []FieldError
	// Details carries extra machine-readable facts for some conflicts, for
	// example the day-parts that are full.
	Details map[string]any
}

// FieldError names one invalid field and why it is invalid. Name uses the
// API's field names (Dutch camelCase, dotted for nested fields).
type FieldError struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("plekwijzer: %s: %s", e.Code, e.Message)
	}
	return fmt.Sprintf("plekwijzer: %s: %s (%d fields)", e.Code, e.Message, len(e.Fields))
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err's first *Error, EInternal for any other
// error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the message of err's first *Error, or a generic one:
// internal details never reach a user.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Er ging iets mis aan onze kant."
}

// Problems collects field errors during validation.
type Problems []FieldError

// Add records that field name is invalid for reason.
func (p *Problems) Add(name, reason string) { *p = append(*p, FieldError{Name: name, Reason: reason}) }

// Addf records a formatted reason.
func (p *Problems) Addf(name, format string, args ...any) {
	p.Add(name, fmt.Sprintf(format, args...))
}

// Err returns an EInvalid *Error listing every problem, or nil if none.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return &Error{Code: EInvalid, Message: "De invoer is niet geldig.", Fields: p}
}
