package web

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/xuri/excelize/v2"
)

// exportChart sends the table of one dashboard chart as CSV or Excel
// (/dashboard/export/uitval.csv, …/uitval.xlsx): the same rows as the
// page shows, so the small-cell rule of the statistics applies to the
// file as to the page.
func (a *App) exportChart(p *page) error {
	file := p.Param("file")
	id, ext, ok := strings.Cut(file, ".")
	if !ok || (ext != "csv" && ext != "xlsx") {
		return notFound()
	}
	d, err := p.dashboardFigures(readDashboardFilter(p.QueryParams()))
	if err != nil {
		return err
	}
	for _, c := range d.Charts {
		if c.ID != id {
			continue
		}
		name := "plekwijzer-" + c.ID
		if ext == "csv" {
			return writeCSV(p, name+".csv", c.Head, c.Rows)
		}
		return writeXLSX(p, name+".xlsx", c.Title, c.Head, c.Rows)
	}
	return notFound()
}

// writeXLSX sends one sheet with a header row and the rows, every cell as
// text (never a formula), with the title in the document's properties.
func writeXLSX(p *page, name, title string, header []string, rows [][]string) error {
	x := excelize.NewFile()
	defer x.Close()
	sheet := x.GetSheetName(0)
	for r, row := range append([][]string{header}, rows...) {
		for c, v := range row {
			cell, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				return err
			}
			if err := x.SetCellStr(sheet, cell, v); err != nil {
				return err
			}
		}
	}
	if err := x.SetDocProps(&excelize.DocProperties{Title: title, Creator: "Plekwijzer"}); err != nil {
		return err
	}
	var b bytes.Buffer
	if err := x.Write(&b); err != nil {
		return err
	}
	p.Response().Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	return p.Blob(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b.Bytes())
}
