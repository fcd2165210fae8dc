package dataset

// SearchWords are what coaches type into the search box: work, places,
// what a person likes. The load test and the suite draw queries from them.
var SearchWords = []string{
	"fietsen", "fietsen repareren", "buiten", "buiten werken", "groen", "groenvoorziening", "tuin", "koken",
	"keuken", "horeca", "lunch", "inpakken", "montage", "hout", "houtbewerking", "winkel", "kringloop",
	"schoonmaak", "schoonmaken", "kantoor", "administratie", "magazijn", "logistiek", "dieren", "zorg",
	"techniek", "metaal", "textiel", "naaien", "klanten", "rustig", "team", "gereedschap", "sorteren",
	"wassen", "post", "bezorgen", "schilderen", "onderhoud", "catering",
}
