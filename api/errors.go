package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

// statusClientClosed is the status of a request whose client went away
// before the answer (nginx's 499).
const statusClientClosed = 499

// statusOf maps every domain error code to its HTTP status: the one table.
var statusOf = map[string]int{
	plekwijzer.EInvalid:      http.StatusBadRequest,
	plekwijzer.ENotFound:     http.StatusNotFound,
	plekwijzer.EConflict:     http.StatusConflict,
	plekwijzer.EUnauthorized: http.StatusUnauthorized,
	plekwijzer.EForbidden:    http.StatusForbidden,
	plekwijzer.ETooLarge:     http.StatusRequestEntityTooLarge,
	plekwijzer.EInternal:     http.StatusInternalServerError,
	plekwijzer.EUnavailable:  http.StatusServiceUnavailable,
}

// retryAfter is the Retry-After of a 503 that says nothing more precise:
// long enough for a restarted database or a freed disk, short enough that
// a client does not give up.
const retryAfter = "30"

// titles are the short Dutch titles of problem responses, per status.
var titles = map[int]string{
	http.StatusBadRequest:            "Ongeldige invoer",
	http.StatusUnauthorized:          "Niet ingelogd",
	http.StatusForbidden:             "Geen toegang",
	http.StatusNotFound:              "Niet gevonden",
	http.StatusMethodNotAllowed:      "Methode niet toegestaan",
	http.StatusConflict:              "Conflict",
	http.StatusRequestEntityTooLarge: "Te groot",
	http.StatusUnsupportedMediaType:  "Verkeerd formaat",
	http.StatusTooManyRequests:       "Te veel verzoeken",
	http.StatusInternalServerError:   "Interne fout",
	http.StatusServiceUnavailable:    "Niet beschikbaar",
}

// problem is an RFC 9457 problem document.
type problem struct {
	Type          string                  `json:"type"`
	Title         string                  `json:"title"`
	Status        int                     `json:"status"`
	Detail        string                  `json:"detail"`
	Instance      string                  `json:"instance,omitempty"`
	InvalidParams []plekwijzer.FieldError `json:"invalidParams,omitempty"`
}

// errorHandler is Echo's HTTPErrorHandler: every error leaves as
// application/problem+json. Domain errors keep their message; internal ones
// are logged once, with the request id, and reach the client as a generic
// message. errors.As, not a type assertion, so wrapped errors map too.
func (s *Server) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	// A client that went away cancels its request's queries: that is no
	// internal error to log or to alert on. Nobody reads the answer; its
	// status (499, as proxies log it) shows in the metrics apart from 5xx.
	if errors.Is(err, context.Canceled) && c.Request().Context().Err() != nil {
		s.log.Info("client went away", "requestId", requestID(c))
		c.Response().WriteHeader(statusClientClosed)
		return
	}
	p := problem{Type: "about:blank"}
	var extra map[string]any
	var de *plekwijzer.Error
	var he *echo.HTTPError
	switch {
	case errors.As(err, &de):
		p.Status = statusOf[de.Code]
		if p.Status == 0 {
			p.Status = http.StatusInternalServerError
		}
		p.Detail = de.Message
		p.InvalidParams = de.Fields
		extra = de.Details
		switch p.Status {
		case http.StatusInternalServerError:
			s.log.Error("internal error", "err", err, "requestId", requestID(c))
			p.Detail = plekwijzer.ErrorMessage(nil)
		case http.StatusServiceUnavailable:
			// An outage, not a bug: the cause (a refused connection,
			// an unwritable disk) holds no request data.
			s.log.Warn("unavailable", "err", err, "requestId", requestID(c))
		}
	case errors.As(err, &he):
		p.Status = he.Code
		switch he.Code {
		case http.StatusNotFound:
			p.Detail = "Dit adres bestaat niet."
		case http.StatusMethodNotAllowed:
			p.Detail = "Deze methode kan hier niet."
		case http.StatusRequestEntityTooLarge:
			p.Detail = "De inhoud van het verzoek is te groot."
		case http.StatusUnauthorized:
			p.Detail = "Log in met een geldig token (Authorization: Bearer …)."
		default:
			if msg, ok := he.Message.(string); ok && p.Status < 500 {
				p.Detail = msg
			} else {
				p.Detail = http.StatusText(he.Code)
			}
		}
		switch {
		case p.Status == http.StatusServiceUnavailable:
			// The handlers' own Dutch reason (busy, too slow).
			if msg, ok := he.Message.(string); ok {
				p.Detail = msg
			}
		case p.Status >= 500:
			s.log.Error("internal error", "err", err, "requestId", requestID(c))
			p.Detail = plekwijzer.ErrorMessage(nil)
		}
	default:
		s.log.Error("internal error", "err", err, "requestId", requestID(c))
		p.Status = http.StatusInternalServerError
		p.Detail = plekwijzer.ErrorMessage(nil)
	}
	p.Title = titles[p.Status]
	if p.Title == "" {
		p.Title = http.StatusText(p.Status)
	}
	var body any = p
	if len(extra) > 0 {
		m := map[string]any{"type": p.Type, "title": p.Title, "status": p.Status, "detail": p.Detail}
		if len(p.InvalidParams) > 0 {
			m["invalidParams"] = p.InvalidParams
		}
		for k, v := range extra {
			if _, taken := m[k]; !taken {
				m[k] = v
			}
		}
		body = m
	}
	if p.Status == http.StatusServiceUnavailable && c.Response().Header().Get(echo.HeaderRetryAfter) == "" {
		c.Response().Header().Set(echo.HeaderRetryAfter, retryAfter)
	}
	c.Response().Header().Set(echo.HeaderContentType, "application/problem+json")
	c.Response().WriteHeader(p.Status)
	if c.Request().Method == http.MethodHead {
		return
	}
	if err := jsonEncode(c.Response(), body); err != nil {
		s.log.Warn("write error response", "err", err)
	}
}

// invalid returns an EInvalid error for one field.
func invalid(name, reason string) error {
	return &plekwijzer.Error{Code: plekwijzer.EInvalid, Message: "De invoer is niet geldig.",
		Fields: []plekwijzer.FieldError{{Name: name, Reason: reason}}}
}

// forbidden returns an EForbidden error with a Dutch explanation.
func forbidden(msg string) error {
	return plekwijzer.Errorf(plekwijzer.EForbidden, "%s", msg)
}

// notFound is the answer for entities the actor may not know about.
func notFound() error { return plekwijzer.Errorf(plekwijzer.ENotFound, "Niet gevonden.") }
