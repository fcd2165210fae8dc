package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// writableSQLite checks, before the database is opened, that this process
// can write the SQLite file at path and the folder it is in. SQLite opens
// a file it cannot write read-only without a word, and in WAL mode it
// creates path-wal and path-shm beside it; the service then fails at its
// first write with "attempt to write a readonly database", which names
// neither the file nor what to do. The check writes nothing to the
// database: it opens the files for writing and creates and removes a
// file in the folder.
func writableSQLite(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return sqliteNotWritable(path, dir, "cannot be created", err)
	}
	f, err := os.CreateTemp(dir, ".plekwijzer-probe-*")
	if err != nil {
		return sqliteNotWritable(path, dir, "cannot be written", err)
	}
	f.Close()
	if err := os.Remove(f.Name()); err != nil {
		return sqliteNotWritable(path, dir, "cannot be written", err)
	}
	for _, name := range []string{path, path + "-wal", path + "-shm"} {
		f, err := os.OpenFile(name, os.O_WRONLY, 0)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return sqliteNotWritable(path, name, "cannot be written", err)
		}
		f.Close()
	}
	return nil
}

// sqliteNotWritable is the start-up error for a SQLite database whose
// file or folder (what) cannot be written or created because of err: it
// names both, absolute, the operating system's reason, and what to do.
func sqliteNotWritable(path, what, verb string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err // the path is named already
	}
	kind := "the file"
	if what == filepath.Dir(path) {
		kind = "its folder"
	}
	if abs, aerr := filepath.Abs(path); aerr == nil {
		path = abs
	}
	if abs, aerr := filepath.Abs(what); aerr == nil {
		what = abs
	}
	return fmt.Errorf("SQLite database %s: %s %s %s (%v); give the user the service runs as write access to it "+
		"(SQLite also writes %s-wal and %s-shm beside the database), mount it read-write, "+
		"or set PLEKWIJZER_DATA_DIR (or --data-dir) or PLEKWIJZER_DATABASE_URL to a writable place",
		path, kind, what, verb, err, filepath.Base(path), filepath.Base(path))
}
