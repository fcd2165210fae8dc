package api

import "github.com/iederz/plekwijzer"

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

	v1 := e.Group("/api/v1")
	v1.GET("/openapi.json", s.openAPI)

	g := v1.Group("", s.authenticate)
	everyone := allow(admin, coach, partner, manager)
	g.GET("/mij", s.me, everyone)

	g.GET("/organisaties", s.listOrganisations, everyone)
	g.POST("/organisaties", s.createOrganisation, allow(admin))
	g.GET("/organisaties/:id", s.getOrganisation, everyone)
	g.PATCH("/organisaties/:id", s.updateOrganisation, allow(admin, partner))
	g.DELETE("/organisaties/:id", s.deleteOrganisation, allow(admin))

	g.GET("/werksoorten", s.listWorkTypes, everyone)
	g.POST("/werksoorten", s.createWorkType, allow(admin))
	g.GET("/werksoorten/:id", s.getWorkType, everyone)
	g.PATCH("/werksoorten/:id", s.updateWorkType, allow(admin))
	g.DELETE("/werksoorten/:id", s.deleteWorkType, allow(admin))

	g.GET("/vaardigheden", s.listSkills, everyone)
	g.GET("/vaardigheden/:id", s.getSkill, everyone)

	g.GET("/werkplekken", s.listOffers, everyone)
	g.POST("/werkplekken", s.createOffer, allow(admin, partner))
	g.GET("/werkplekken/:id", s.getOffer, everyone)
	g.PATCH("/werkplekken/:id", s.updateOffer, allow(admin, partner))
	g.DELETE("/werkplekken/:id", s.deleteOffer, allow(admin, partner))

	g.GET("/deelnemers", s.listParticipants, allow(admin, coach))
	g.POST("/deelnemers", s.createParticipant, allow(admin, coach))
	g.GET("/deelnemers/:id", s.getParticipant, allow(admin, coach))
	g.PATCH("/deelnemers/:id", s.updateParticipant, allow(admin, coach))
	g.DELETE("/deelnemers/:id", s.deleteParticipant, allow(admin, coach))

	g.GET("/plaatsingen", s.listPlacements, allow(admin, coach, partner))
	g.POST("/plaatsingen", s.createPlacement, allow(admin, coach))
	g.GET("/plaatsingen/:id", s.getPlacement, allow(admin, coach, partner))
	g.PATCH("/plaatsingen/:id", s.updatePlacement, allow(admin, coach, partner))

	g.GET("/gebruikers", s.listUsers, allow(admin))
	g.POST("/gebruikers", s.createUser, allow(admin))
	g.GET("/gebruikers/:id", s.getUser, allow(admin))
	g.PATCH("/gebruikers/:id", s.updateUser, allow(admin))
	g.DELETE("/gebruikers/:id", s.deleteUser, allow(admin))
	g.GET("/gebruikers/:id/tokens", s.listTokens, allow(admin))
	g.POST("/gebruikers/:id/tokens", s.createToken, allow(admin))
	g.DELETE("/gebruikers/:id/tokens/:tokenId", s.deleteToken, allow(admin))
}

// Route is one operation of the API, for tests that walk them all.
type Route struct {
	Method, Path string
}

// Routes lists every API operation under /api/v1.
func (s *Server) Routes() []Route {
	var out []Route
	for _, r := range s.echo.Routes() {
		if len(r.Path) > len("/api/v1") && r.Path[:len("/api/v1")] == "/api/v1" {
			out = append(out, Route{Method: r.Method, Path: r.Path})
		}
	}
	return out
}
