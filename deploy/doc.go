// Package deploy holds what running Plekwijzer beyond one process needs
// besides the binary: the reverse proxy's configuration (Caddyfile), the
// Prometheus scrape configuration (prometheus.yml) and the Grafana
// dashboard with its provisioning (grafana/), used by the replicas and
// monitoring profiles of docker-compose.yml. docs/SCALING.md explains
// them. Its tests check these files against each other, against
// docker-compose.yml as Docker Compose loads it, and against the metrics
// the service really serves.
package deploy
