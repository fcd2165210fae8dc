package search

import "github.com/blevesearch/bleve/v2"

// Internal keys, for tests that tamper with a closed index.
var (
	KeyMappingVersion = string(keyMappingVersion)
	KeyPosition       = string(keyPosition)
	KeyFreeDate       = string(keyFreeDate)
)

// SetInternal sets a value the closed index in dir keeps about itself.
func SetInternal(dir, key, value string) error {
	idx, err := bleve.Open(dir)
	if err != nil {
		return err
	}
	if err := idx.SetInternal([]byte(key), []byte(value)); err != nil {
		idx.Close()
		return err
	}
	return idx.Close()
}

// Internal reads a value the closed index in dir keeps about itself.
func Internal(dir, key string) (string, error) {
	idx, err := bleve.Open(dir)
	if err != nil {
		return "", err
	}
	defer idx.Close()
	v, err := idx.GetInternal([]byte(key))
	return string(v), err
}
