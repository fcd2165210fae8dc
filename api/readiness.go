package api

// indexReadiness is the answer of /readyz once the database answers. A
// search index that cannot be written leaves the replica ready, with
// status "degraded": only /zoeken needs the index, and it answers 503
// then; every other route works from the database. Answering 503 would
// make a load balancer (Caddy's health_uri, a Kubernetes readiness probe)
// take the replica out, and when every replica's disk has the same
// problem, the whole service with it, for the sake of one route. The
// index recovers by itself; plekwijzer_search_index_healthy is what to
// alert on.
func (s *Server) indexReadiness() map[string]string {
	if s.cfg.Index == nil {
		return map[string]string{"status": "ready"}
	}
	if ok, reason := s.cfg.Index.Health(); !ok {
		return map[string]string{"status": "degraded", "searchIndex": "unhealthy", "reason": reason}
	}
	return map[string]string{"status": "ready", "searchIndex": "healthy"}
}
