// Package migrations holds the numbered SQL migrations of both database
// engines, embedded in the binary. The store runs them at start, each in its
// own transaction, and refuses a database that a newer version migrated.
package migrations

import "embed"

// FS holds postgres/NNNN_name.sql and sqlite/NNNN_name.sql.
//
//go:embed postgres/*.sql sqlite/*.sql
var FS embed.FS
