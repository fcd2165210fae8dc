package web

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

// FuzzImportFile feeds arbitrary bytes to the import's file reader as CSV
// and as Excel: never a panic, and a refusal is a plain-Dutch file error.
func FuzzImportFile(f *testing.F) {
	f.Add([]byte("code;doelgroep;fase\nDN-1;statushouder;intake\n"), false)
	f.Add([]byte("\xef\xbb\xbfcode,doelgroep\n\"DN-2\",\"x\"\"y\"\n"), false)
	f.Add([]byte("a;\"b\n"), false)
	x := excelize.NewFile()
	x.SetSheetRow("Sheet1", "A1", &[]any{"code", "doelgroep", "=1+1"})
	x.SetSheetRow("Sheet1", "A2", &[]any{"DN-3", "overig", 42})
	var b bytes.Buffer
	if err := x.Write(&b); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes(), true)
	f.Add([]byte("PK\x03\x04 not really a zip"), true)
	f.Fuzz(func(t *testing.T, data []byte, xlsx bool) {
		name := "import.csv"
		if xlsx {
			name = "import.xlsx"
		}
		if _, err := readTable(bytes.NewReader(data), name); err != nil {
			if _, ok := err.(*fileError); !ok {
				t.Fatalf("%s: %v is not a file error", name, err)
			}
		}
	})
}
