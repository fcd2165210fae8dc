package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

// notificationList is a page of the caller's notifications with the number
// still unread (the bell).
type notificationList struct {
	list[*plekwijzer.Notification]
	Unread int `json:"ongelezen"`
}

// listNotifications answers GET /meldingen: the caller's own notifications,
// unread first, newest first. A notification holds only a pseudonymous
// code and an offer title, so it needs no audit entry of its own; opening
// its link does.
func (s *Server) listNotifications(c echo.Context) error {
	q := newQuery(c, "ongelezen")
	f := plekwijzer.NotificationFilter{Page: q.page()}
	if b := q.boolean("ongelezen"); b != nil {
		f.UnreadOnly = *b
	}
	if err := q.err(); err != nil {
		return err
	}
	items, total, unread, err := s.store.Notifications(c.Request().Context(), actor(c).UserID, f)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, notificationList{newList(items, total, f.Page), unread})
}

// markNotification answers PATCH /meldingen/{id} {"gelezen": true}. Another
// user's notification is not found.
func (s *Server) markNotification(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Read *bool `json:"gelezen"`
	}
	bad, err := bindNew(c, &in)
	if err != nil {
		return err
	}
	var p plekwijzer.Problems
	if in.Read == nil {
		p.Add("gelezen", "is verplicht: true of false")
	}
	if bad != nil || len(p) > 0 {
		return alsoInvalid(bad, p.Err())
	}
	n, err := s.store.MarkNotificationRead(c.Request().Context(), actor(c).UserID, id, *in.Read)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, n)
}

// markAllNotifications answers POST /meldingen/alles-gelezen.
func (s *Server) markAllNotifications(c echo.Context) error {
	n, err := s.store.MarkAllNotificationsRead(c.Request().Context(), actor(c).UserID)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, map[string]int{"gemarkeerd": n})
}

func (s *Server) getNotificationPreferences(c echo.Context) error {
	p, err := s.store.NotificationPreferences(c.Request().Context(), actor(c).UserID)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, p)
}

// putNotificationPreferences answers PUT /mij/meldingsvoorkeuren: the
// choices replace the caller's own; a kind left out goes back to the
// default (direct).
func (s *Server) putNotificationPreferences(c echo.Context) error {
	var in struct {
		Kinds      *map[plekwijzer.NotificationKind]plekwijzer.Delivery `json:"soorten"`
		DigestHour *int                                                 `json:"uurDagelijks"`
	}
	bad, err := bindNew(c, &in)
	if err != nil {
		return err
	}
	p := plekwijzer.NotificationPreferences{Kinds: map[plekwijzer.NotificationKind]plekwijzer.Delivery{}}
	for _, k := range plekwijzer.NotificationKinds {
		p.Kinds[k] = plekwijzer.DefaultDelivery
	}
	if in.Kinds != nil {
		for k, d := range *in.Kinds {
			p.Kinds[k] = d
		}
	}
	var missing plekwijzer.Problems
	if in.DigestHour == nil {
		missing.Add("uurDagelijks", "is verplicht: een heel uur van 0 tot en met 23")
	} else {
		p.DigestHour = *in.DigestHour
	}
	if err := alsoInvalid(missing.Err(), p.Validate()); err != nil || bad != nil {
		return alsoInvalid(bad, err)
	}
	out, err := s.store.SetNotificationPreferences(c.Request().Context(), actor(c).UserID, p)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, out)
}

// listFailedMails answers GET /meldingen/mislukt: mail the worker gave up
// on, for the beheerder to fix an address or the mail server.
func (s *Server) listFailedMails(c echo.Context) error {
	q := newQuery(c)
	pg := q.page()
	if err := q.err(); err != nil {
		return err
	}
	items, total, err := s.store.FailedMails(c.Request().Context(), pg)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, newList(items, total, pg))
}
