package main

// Dutch phrase tables the generator composes offers from. Together with
// the catalogue's work type names, descriptions and ESCO labels they give
// offers the words coaches type, so queries have realistic hits.

// activities are, per work type code, what a participant does there, as
// an infinitive phrase: "fietsen repareren". They become titles ("Fietsen
// repareren in Hoogezand") and sentences ("Je gaat fietsen repareren en
// banden plakken.").
var activities = map[string][]string{
	"administratie":         {"post verwerken", "gegevens invoeren", "archief bijhouden", "facturen sorteren", "eenvoudig computerwerk doen", "dossiers ordenen"},
	"afvalsortering":        {"afval scheiden", "papier en karton sorteren", "plastic en metaal scheiden", "textiel sorteren voor hergebruik", "hout en puin sorteren"},
	"assemblage":            {"onderdelen monteren", "kabelsets in elkaar zetten", "kleine producten assembleren", "stekkers monteren", "verlichtingssets samenstellen"},
	"autowassen":            {"auto's wassen", "auto's poetsen", "interieurs stofzuigen", "banden oppompen", "olie bijvullen"},
	"bakkerij":              {"brood bakken", "deeg afwegen", "koek en gebak maken", "broodjes vormen", "gebak verpakken"},
	"bezorging":             {"pakketten bezorgen", "post rondbrengen", "folders bezorgen", "maaltijden rondbrengen", "met de bakfiets bezorgen"},
	"boerderij":             {"dieren voeren", "stallen uitmesten", "gewassen oogsten", "het erf onderhouden", "koeien verzorgen"},
	"creatief-atelier":      {"aardewerk maken", "hout snijden", "voorwerpen beschilderen", "kaarsen maken", "cadeaus maken voor de winkel"},
	"dierverzorging":        {"dieren verzorgen", "hokken schoonmaken", "paarden borstelen", "dieren eten geven", "de kinderboerderij onderhouden"},
	"digitaliseren":         {"archieven scannen", "documenten digitaliseren", "gegevens invoeren", "foto's scannen", "dossiers ontnieten en scannen"},
	"drukkerij":             {"drukwerk snijden", "folders vouwen", "boekjes binden", "posters printen", "kopieerwerk doen"},
	"elektronica-demontage": {"apparaten demonteren", "computers uit elkaar halen", "onderdelen sorteren", "telefoons demonteren", "elektronica testen"},
	"facilitaire-dienst":    {"post sorteren", "vergaderzalen klaarzetten", "kleine klussen doen", "de postkamer bemannen", "koffie en thee klaarzetten"},
	"fietsenreparatie":      {"fietsen repareren", "banden plakken", "remmen afstellen", "kettingen vervangen", "fietsen opknappen", "e-bikes onderhouden"},
	"groenvoorziening":      {"gras maaien", "heggen snoeien", "schoffelen", "blad ruimen", "parken onderhouden", "bermen maaien"},
	"horeca-bediening":      {"gasten ontvangen", "bestellingen opnemen", "koffie zetten", "tafels afruimen", "de lunch serveren"},
	"houtbewerking":         {"hout zagen", "meubels maken", "plantenbakken timmeren", "hout schuren", "vogelhuisjes maken"},
	"ict-ondersteuning":     {"laptops opknappen", "computers installeren", "printers repareren", "laptops veilig wissen", "collega's helpen met computers"},
	"inpakken":              {"producten inpakken", "dozen vullen", "bestellingen ompakken", "displays ompakken", "pakketten klaarmaken voor verzending"},
	"keuken-catering":       {"groente snijden", "maaltijden klaarmaken", "afwassen", "broodjes smeren", "soep koken", "de lunch klaarmaken"},
	"klussen-bouw":          {"kleine reparaties doen", "materiaal sjouwen", "bouwafval opruimen", "tegels leggen", "hekken plaatsen"},
	"kringloop":             {"spullen sorteren", "tweedehands spullen prijzen", "apparaten testen", "meubels opknappen", "de winkel inrichten"},
	"kwaliteitscontrole":    {"producten controleren", "fouten opsporen", "eindcontrole doen", "metingen noteren", "afgekeurde producten sorteren"},
	"logistiek-magazijn":    {"orders picken", "goederen ontvangen", "pallets opbouwen", "de voorraad tellen", "bestellingen verzamelen", "met de heftruck rijden"},
	"metaalbewerking":       {"metaal zagen", "slijpen en afbramen", "lassen", "metaal buigen", "onderdelen boren"},
	"naaiatelier":           {"kleding herstellen", "tassen naaien", "gordijnen maken", "broeken korter maken", "knopen aanzetten"},
	"productiewerk":         {"een machine bedienen", "materiaal aanvullen", "aan de lopende band werken", "zakken vullen en sealen", "de productielijn schoonhouden"},
	"receptie":              {"bezoekers ontvangen", "de telefoon opnemen", "mensen de weg wijzen", "pakketten aannemen", "de balie bemannen"},
	"recreatie-evenementen": {"evenementen opbouwen", "bezoekers ontvangen", "kaartjes controleren", "de garderobe bemannen", "opruimen na afloop"},
	"schilderwerk":          {"muren schilderen", "kozijnen schuren", "deuren lakken", "afplakken en afdekken", "hekken verven"},
	"schoonmaak":            {"kantoren schoonmaken", "toiletten schoonmaken", "ramen lappen", "vloeren dweilen", "met de schrobmachine werken"},
	"straatreiniging":       {"zwerfafval prikken", "straten vegen", "prullenbakken legen", "de markt opruimen", "pleinen schoonhouden"},
	"tuinbouw-kwekerij":     {"planten verpotten", "groente telen", "stekken", "bloemen oogsten", "zaaien in de kas"},
	"verhuizen-bijrijden":   {"meubels sjouwen", "dozen inpakken", "de bus laden en lossen", "meerijden met de chauffeur", "meubels ophalen"},
	"wasserij":              {"was sorteren", "linnengoed vouwen", "kleding strijken", "werkkleding wassen", "machines vullen"},
	"winkel":                {"schappen vullen", "klanten helpen", "aan de kassa werken", "de winkel netjes houden", "producten prijzen"},
	"zorgondersteuning":     {"koffie schenken", "helpen bij de maaltijd", "bewoners begeleiden", "een praatje maken", "activiteiten ondersteunen"},
}

// genericActivities is the fallback for a work type the table lacks (a
// catalogue that grew).
var genericActivities = []string{"meewerken in het team", "eenvoudige taken doen", "de werkplek opruimen"}

// settings say where the work happens.
var settings = []string{
	"in de werkplaats", "in een kleine ploeg", "in de wijk", "in de hal", "bij klanten op locatie",
	"in een vast team", "samen met een werkmeester", "in ons eigen gebouw",
}

// supervisionSentences describe begeleiding 1 (light) … 4 (intensive).
var supervisionSentences = [5][]string{
	1: {"Je werkt grotendeels zelfstandig.", "Voor wie al werkervaring heeft en weinig begeleiding nodig heeft."},
	2: {"Een werkleider is in de buurt als je vragen hebt.", "Je krijgt een vaste collega als maatje."},
	3: {"Je krijgt elke dag begeleiding van een jobcoach.", "We beginnen rustig en bouwen het samen op."},
	4: {"Er is altijd een begeleider bij je.", "Een rustige plek met veel begeleiding en weinig druk."},
}

// extraSentences are what partners add about the place.
var extraSentences = []string{
	"Goed bereikbaar met de bus.",
	"Je leert werken in een vast ritme.",
	"Na drie maanden kijken we samen of je verder kunt groeien.",
	"Werkkleding en schoenen krijg je van ons.",
	"Je kunt hier een praktijkverklaring halen.",
	"De koffie staat altijd klaar.",
	"Ook geschikt voor mensen die nog weinig Nederlands spreken.",
	"Je werkt mee aan echte opdrachten voor klanten.",
	"Er is een rustige pauzeruimte.",
	"Het werk is afwisselend.",
}

// titlePrefixes open some titles: "Leerwerkplek fietsenmaker".
var titlePrefixes = []string{"Leerwerkplek", "Instroomplek", "Werkplek", "Stageplek", "Ontwikkelplek"}

// orgConcepts name social enterprises; departments and care providers
// have patterns of their own.
var (
	departments  = []string{"Groen", "Facilitair", "Inpak en Assemblage", "Fietsenwerkplaats", "Instroomportaal", "Logistiek", "Schoonmaak", "Keuken", "Werkplaats", "Textiel"}
	enterprises  = []string{"Kringloop", "Werkplaats", "Zorgboerderij", "Fietsatelier", "Stadskeuken", "Naaiatelier", "Leerwerkbedrijf", "Buurtbedrijf", "Groenbedrijf", "Wasserij", "Drukwerkplaats", "Bakkerij", "Poetsplaats", "Klusbedrijf", "Recyclepunt"}
	houseNames   = []string{"De Wierde", "De Spaander", "De Leeuwerik", "De Zwaluw", "De Eekhoorn", "De Maalsteen", "Horizon", "De Brug", "De Schakel", "Het Kompas", "De Hoeve", "De Stek", "Het Anker", "De Bron"}
	careNames    = []string{"Zorggroep", "Stichting Dagwerk", "Herstelpunt", "Beschermd Wonen", "Dagbesteding", "Jeugdhulp"}
	schoolNames  = []string{"Praktijkschool", "VSO", "Entree College", "Leerwerkschool"}
	otherNames   = []string{"Gemeente, directie Werk", "Buurtcentrum", "Wijkbedrijf", "Dorpshuis"}
	targetGroups = []string{"dagbesteding-wmo", "statushouder", "beschut-voortraject", "banenafspraak", "re-socialisatie", "detachering", "jongere-zonder-diploma", "pro-vso-entree", "verslavingszorg", "ggz-beschermd-wonen", "langdurig-bijstand", "overig"}
)

// dayPatterns are the weekly rhythms of offers.
var dayPatterns = [][]string{
	{"ma-ochtend", "di-ochtend", "wo-ochtend", "do-ochtend", "vr-ochtend"},
	{"ma-middag", "di-middag", "wo-middag", "do-middag", "vr-middag"},
	{"ma-ochtend", "ma-middag", "di-ochtend", "di-middag", "wo-ochtend", "wo-middag", "do-ochtend", "do-middag", "vr-ochtend", "vr-middag"},
	{"ma-ochtend", "ma-middag", "di-ochtend", "di-middag", "wo-ochtend", "wo-middag", "do-ochtend", "do-middag"},
	{"di-ochtend", "di-middag", "wo-ochtend", "wo-middag", "do-ochtend", "do-middag"},
	{"ma-ochtend", "ma-middag", "wo-ochtend", "wo-middag", "vr-ochtend", "vr-middag"},
	{"ma-ochtend", "wo-ochtend", "vr-ochtend"},
}

// coachPhrases are what coaches type: everyday words for the work, not
// the catalogue's.
var coachPhrases = []string{
	"fietsen repareren", "buiten werken", "keuken", "buiten werken met planten", "werken met hout",
	"schoonmaken", "inpakken", "magazijn", "dieren verzorgen", "koken", "winkel", "kassa", "naaien",
	"computer", "laptops opknappen", "post sorteren", "koffie schenken", "rustig werk", "werken met je handen",
	"tuin", "groen", "bezorgen op de fiets", "auto wassen", "schilderen", "sjouwen", "heftruck", "kringloop",
	"textiel", "lassen", "bakken", "brood", "bediening", "receptie", "telefoon", "archief scannen",
	"evenementen opbouwen", "zwerfafval", "kas", "groente telen", "paarden", "boerderij", "verhuizen",
	"metaal", "montage", "productie", "kwaliteit controleren", "hygiene", "beschut werk", "leerwerkplek",
	"veel begeleiding", "zelfstandig werken", "weinig Nederlands", "bus", "vast ritme",
}

// typoQueries are misspellings coaches make.
var typoQueries = []string{
	"groenvoorzeining", "fietsenmakr", "schoonmaaak", "keukenhup", "magazijnmedewerkr", "dierverzoging",
	"houtbewerkng", "kringlop", "inpaken", "bezorgin", "recepsie", "wasserei", "assamblage", "metaalbewerkin",
	"bakkerei", "tuinbow", "schilderwerrk", "drukkerei", "digitaliseeren", "horeka", "fietsen reparen",
	"onderhoud groen", "afwasen", "schappen vulen",
}

// pc4Filters are the origins of the filtered queries: the city and the
// towns of the province.
var pc4Filters = []string{"9712", "9723", "9741", "9727", "9601", "9501", "9934", "9351", "9951", "9641", "9671", "9901"}
