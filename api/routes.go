package api

import (
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

const (
	admin   = plekwijzer.RoleAdmin
	coach   = plekwijzer.RoleCoach
	partner = plekwijzer.RolePartner
	manager = plekwijzer.RoleManager
)

// routes is the one route table. Each route names the roles that may call
// it; what a coach or partner may touch within a route is in policy.go.
func (s *Server) routes() {
	e := s.echo
	e.GET("/livez", s.livez)
	e.GET("/readyz", s.readyz)
	e.GET("/metrics", s.metricsHandler())

	e.GET("/api/v1/openapi.json", s.openAPI)

	// Public: no token, open offers and work types only (the widget).
	limit := s.publicLimiter()
	for path, h := range map[string]echo.HandlerFunc{"/publiek/werkplekken": s.publicOffers, "/publiek/werksoorten": s.publicWorkTypes} {
		e.GET("/api/v1"+path, h, limit, s.publicCORS, s.singleQueryValues)
		e.OPTIONS("/api/v1"+path, h, s.publicCORS)
	}

	everyone := []plekwijzer.Role{admin, coach, partner, manager}
	s.route("GET", "/mij", s.me, everyone...)

	s.route("GET", "/organisaties", s.listOrganisations, everyone...)
	s.route("POST", "/organisaties", s.createOrganisation, admin)
	s.route("GET", "/organisaties/:id", s.getOrganisation, everyone...)
	s.route("GET", "/organisaties/:id/contactpersonen", s.listContacts, admin, coach)
	s.route("PATCH", "/organisaties/:id", s.updateOrganisation, admin, partner)
	s.route("DELETE", "/organisaties/:id", s.deleteOrganisation, admin)

	s.route("GET", "/werksoorten", s.listWorkTypes, everyone...)
	s.route("POST", "/werksoorten", s.workTypes().createOne, admin)
	s.route("GET", "/werksoorten/:id", s.workTypes().getOne, everyone...)
	s.route("PATCH", "/werksoorten/:id", s.workTypes().updateOne, admin)
	s.route("DELETE", "/werksoorten/:id", s.workTypes().deleteOne, admin)

	s.route("GET", "/vaardigheden", s.listSkills, everyone...)
	s.route("GET", "/vaardigheden/:id", s.getSkill, everyone...)

	s.route("GET", "/werkplekken", s.listOffers, everyone...)
	s.route("POST", "/werkplekken", s.createOffer, admin, partner)
	s.route("GET", "/werkplekken/:id", s.getOffer, everyone...)
	s.route("PATCH", "/werkplekken/:id", s.updateOffer, admin, partner)
	s.route("DELETE", "/werkplekken/:id", s.deleteOffer, admin, partner)
	s.route("GET", "/werkplekken/:id/vrij", s.freePlaces, everyone...)

	s.route("GET", "/deelnemers", s.listParticipants, admin, coach)
	s.route("POST", "/deelnemers", s.createParticipant, admin, coach)
	s.route("GET", "/deelnemers/:id", s.getParticipant, admin, coach)
	s.route("PATCH", "/deelnemers/:id", s.updateParticipant, admin, coach)
	s.route("DELETE", "/deelnemers/:id", s.deleteParticipant, admin, coach)
	s.route("GET", "/deelnemers/:id/export", s.exportParticipant, admin, coach)
	s.route("GET", "/deelnemers/:id/matches", s.matches, admin, coach)
	s.route("GET", "/deelnemers/:id/werksoorten", s.participantWorkTypes, admin, coach)
	s.route("GET", "/werkplekken/:id/kandidaten", s.candidates, admin, coach)
	s.route("GET", "/passend", s.fitting, admin, coach)
	s.route("GET", "/statistieken/vraag", s.demandGap, admin, manager)
	s.route("POST", "/planningen", s.plan, admin, coach)

	s.route("GET", "/plaatsingen", s.listPlacements, admin, coach, partner)
	s.route("POST", "/plaatsingen", s.createPlacement, admin, coach)
	s.route("GET", "/plaatsingen/:id", s.getPlacement, admin, coach, partner)
	s.route("PATCH", "/plaatsingen/:id", s.updatePlacement, admin, coach, partner)

	// Capacity: reserved places, timelines, the waiting list, statistics.
	s.route("GET", "/contingenten", s.listContingents, admin, coach, manager)
	s.route("POST", "/contingenten", s.contingents().createOne, admin)
	s.route("GET", "/contingenten/:id", s.contingents().getOne, admin, coach, manager)
	s.route("PATCH", "/contingenten/:id", s.contingents().updateOne, admin)
	s.route("DELETE", "/contingenten/:id", s.contingents().deleteOne, admin)
	s.route("GET", "/deelnemers/:id/tijdlijn", s.participantTimeline, admin, coach)
	s.route("GET", "/wachtlijst", s.waitingList, admin, coach)
	s.route("GET", "/statistieken/bezetting", s.occupancyStats, admin, manager)
	s.route("GET", "/statistieken/uitval", s.dropoutStats, admin, manager)
	s.route("GET", "/statistieken/variatie", s.varietyStats, admin, manager)

	s.route("GET", "/zoeken", s.search, admin, coach, manager)

	s.route("GET", "/audit", s.listAudit, admin)
	s.route("GET", "/bewaartermijn", s.retentionReport, admin)

	s.route("GET", "/coaches", s.listCoaches, admin, coach)
	s.route("GET", "/gebruikers", s.listUsers, admin)
	s.route("POST", "/gebruikers", s.createUser, admin)
	s.route("GET", "/gebruikers/:id", s.getUser, admin)
	s.route("PATCH", "/gebruikers/:id", s.updateUser, admin)
	s.route("DELETE", "/gebruikers/:id", s.deleteUser, admin)
	s.route("GET", "/gebruikers/:id/tokens", s.listTokens, admin)
	s.route("POST", "/gebruikers/:id/tokens", s.createToken, admin)
	s.route("DELETE", "/gebruikers/:id/tokens/:tokenId", s.deleteToken, admin)
	s.route("GET", "/gebruikers/:id/inloggen", s.getLogin, admin)
	s.route("PUT", "/gebruikers/:id/wachtwoord", s.setPassword, admin)
	s.route("POST", "/gebruikers/:id/koppelingen", s.linkIdentity, admin)
	s.route("DELETE", "/gebruikers/:id/koppelingen", s.unlinkIdentities, admin)

	// Voordrachten: the werkplek answers, both sides arrange the intake
	// and write in the placement's thread; managers see the figures.
	s.route("POST", "/plaatsingen/:id/antwoord", s.answerProposal, admin, partner)
	s.route("POST", "/plaatsingen/:id/kennismaking", s.replyIntake, admin, coach, partner)
	s.route("GET", "/plaatsingen/:id/berichten", s.listMessages, admin, coach, partner)
	s.route("POST", "/plaatsingen/:id/berichten", s.addMessage, admin, coach, partner)
	s.route("GET", "/statistieken/voordrachten", s.proposalStats, admin, manager)
	// Attendance per day-part date; the missed hours are derived from it.
	s.route("GET", "/plaatsingen/:id/aanwezigheid", s.getAttendance, admin, coach, partner)
	s.route("PUT", "/plaatsingen/:id/aanwezigheid", s.putAttendance, admin, coach, partner)
	// Evaluations: the werkplek observes, the coach talks with the
	// participant; managers never see one (docs/EVALUATIONS.md).
	s.route("GET", "/werknemersvaardigheden", s.listWorkSkills, everyone...)
	s.route("GET", "/plaatsingen/:id/evaluaties", s.listEvaluations, admin, coach, partner)
	s.route("POST", "/plaatsingen/:id/evaluaties", s.addEvaluation, admin, coach, partner)
	s.route("GET", "/evaluaties/te-doen", s.dueEvaluations, admin, coach, partner)
	s.route("GET", "/deelnemers/:id/ontwikkeling", s.development, admin, coach)
	// Notifications: everyone reads and marks their own; the beheerder
	// sees the mail that could not be delivered (docs/NOTIFICATIONS.md).
	s.route("GET", "/meldingen", s.listNotifications, everyone...)
	s.route("GET", "/meldingen/mislukt", s.listFailedMails, admin)
	s.route("POST", "/meldingen/alles-gelezen", s.markAllNotifications, everyone...)
	s.route("PATCH", "/meldingen/:id", s.markNotification, everyone...)
	s.route("GET", "/mij/meldingsvoorkeuren", s.getNotificationPreferences, everyone...)
	s.route("PUT", "/mij/meldingsvoorkeuren", s.putNotificationPreferences, everyone...)
}

// route adds an operation under /api/v1 that needs a token of one of roles.
// Middleware per route, not per group: an Echo group with middleware
// catches every method on its paths and would turn 405 into 404.
func (s *Server) route(method, path string, h echo.HandlerFunc, roles ...plekwijzer.Role) {
	s.echo.Add(method, "/api/v1"+path, h, s.authenticate, allow(roles...), s.singleQueryValues)
}

// Route is one operation of the API, for tests that walk them all.
type Route struct {
	Method, Path string
}

// Routes lists every API operation under /api/v1.
func (s *Server) Routes() []Route {
	var out []Route
	for _, r := range s.echo.Routes() {
		switch r.Method {
		case "GET", "POST", "PUT", "PATCH", "DELETE":
		default:
			continue // Echo's internal not-found routes
		}
		if strings.HasPrefix(r.Path, "/api/v1/") {
			out = append(out, Route{Method: r.Method, Path: r.Path})
		}
	}
	return out
}
