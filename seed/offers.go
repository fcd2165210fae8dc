package seed

import (
	"github.com/iederz/plekwijzer"
)

// offerSpec describes one demo offer. Capacity is given as a pattern of
// day-parts and a number of places in each; the numbers of development
// places are adjusted afterwards so that their total per day-part is about
// the 100 the raadsbrief names (see balanceCapacity).
type offerSpec struct {
	org      string // orgSpec key
	workType string // catalogue code
	title    string
	desc     string
	sup      int    // begeleiding 1 (light) … 4 (intensive)
	days     string // key of dayPatterns
	places   int    // places per day-part in the pattern
	dev      bool   // ontwikkelplek: one of the Instroomportaal's development places
	groups   []plekwijzer.TargetGroup
	status   plekwijzer.OfferStatus // final status; "" is open
	// wheelchair says the place is reachable and workable in a wheelchair;
	// noTransit that public transport does not get there.
	wheelchair, noTransit bool
	// lighter offers a lighter variant of the work type (one load step
	// down), for example sorting seeds in the greenhouse instead of
	// mowing verges.
	lighter bool
}

// dayPatterns are the weekly rhythms offers use. Many places are open only
// in the morning: that is when iederz's buses run and when most
// participants can concentrate best.
var dayPatterns = map[string][]plekwijzer.DayPart{
	"ochtenden":        {"ma-ochtend", "di-ochtend", "wo-ochtend", "do-ochtend", "vr-ochtend"},
	"middagen":         {"ma-middag", "di-middag", "wo-middag", "do-middag", "vr-middag"},
	"week":             plekwijzer.DayParts,
	"ma-do":            {"ma-ochtend", "ma-middag", "di-ochtend", "di-middag", "wo-ochtend", "wo-middag", "do-ochtend", "do-middag"},
	"di-do":            {"di-ochtend", "di-middag", "wo-ochtend", "wo-middag", "do-ochtend", "do-middag"},
	"ma-wo-vr":         {"ma-ochtend", "ma-middag", "wo-ochtend", "wo-middag", "vr-ochtend", "vr-middag"},
	"ma-wo-vr-ochtend": {"ma-ochtend", "wo-ochtend", "vr-ochtend"},
	"ochtenden-di-do":  {"ma-ochtend", "di-ochtend", "di-middag", "wo-ochtend", "do-ochtend", "do-middag", "vr-ochtend"},
}

// Target groups, short names for the tables.
var (
	onlyGON        = []plekwijzer.TargetGroup{"dagbesteding-wmo"}
	onlyStatus     = []plekwijzer.TargetGroup{"statushouder"}
	onlyYoung      = []plekwijzer.TargetGroup{"pro-vso-entree", "jongere-zonder-diploma"}
	onlyResocial   = []plekwijzer.TargetGroup{"re-socialisatie"}
	quietCareGroup = []plekwijzer.TargetGroup{"ggz-beschermd-wonen", "verslavingszorg", "dagbesteding-wmo"}
)

// packingCodes are the work types iederz had narrowed down to: packing,
// repacking and simple assembly. The demo's history is heavy in them.
var packingCodes = map[string]bool{"inpakken": true, "assemblage": true}

// offers is the demo's range of work. Offers that are not development
// places are sheltered work (beschut) and regular production: they are
// where most of the old packing work sits, and where the paused and closed
// offers are.
var offers = []offerSpec{
	// iederz Inpak en Assemblage: the old core.
	{org: "iederz-inpak", workType: "inpakken", title: "Inpakken en ompakken in hal A", sup: 2, days: "week", places: 12, wheelchair: true,
		desc: "Je pakt producten voor vaste klanten in dozen en zakken en maakt ze klaar voor verzending. Je werkt aan een lopende band in een vast tempo. Dit is beschut werk."},
	{org: "iederz-inpak", workType: "inpakken", title: "Ompaklijn hal B", sup: 2, days: "week", places: 10, status: plekwijzer.OfferClosed,
		desc: "Je pakt acties en displays om voor supermarkten. Deze lijn is gesloten: het werk is naar hal A gegaan."},
	{org: "iederz-inpak", workType: "inpakken", title: "Inpakken voor webwinkels", sup: 2, days: "ma-do", places: 4, status: plekwijzer.OfferPaused,
		desc: "Je pakt bestellingen van webwinkels in, plakt het verzendlabel en zet de pakketten klaar. Tijdelijk gestopt omdat een klant weg is."},
	{org: "iederz-inpak", workType: "inpakken", title: "Instroomplek inpakken en tellen", sup: 3, days: "week", places: 3, dev: true, wheelchair: true,
		desc: "Een rustige plek om te beginnen. Je telt, weegt en pakt kleine producten in. Je werkt aan je werkritme en leert werken met een instructiekaart."},
	{org: "iederz-inpak", workType: "assemblage", title: "Assemblage kleine onderdelen", sup: 2, days: "week", places: 8, wheelchair: true,
		desc: "Je zet kleine onderdelen in elkaar, bijvoorbeeld stekkers en kabelsets. Je werkt precies en controleert je eigen werk."},
	{org: "iederz-inpak", workType: "assemblage", title: "Montage van verlichtingssets", sup: 3, days: "ma-do", places: 3, dev: true, wheelchair: true,
		desc: "Je monteert lampen en snoeren tot een verlichtingsset en test of alles werkt. Je leert een tekening lezen en met klein gereedschap werken."},
	{org: "iederz-inpak", workType: "kwaliteitscontrole", title: "Controle van eindproducten", sup: 2, days: "ma-do", places: 2, dev: true, wheelchair: true,
		desc: "Je controleert producten voordat ze de deur uitgaan. Je haalt fouten eruit en schrijft op wat je vindt. Goed voor wie precies is."},
	{org: "iederz-inpak", workType: "productiewerk", title: "Machinebediening productielijn", sup: 2, days: "week", places: 5,
		desc: "Je helpt bij een machine die zakken vult en sealt. Je vult materiaal aan, let op storingen en houdt de plek schoon."},

	// iederz Groen.
	{org: "iederz-groen", workType: "groenvoorziening", title: "Groenploeg Stad-Zuid", sup: 2, days: "ochtenden", places: 4, dev: true,
		desc: "Met een vaste ploeg onderhoud je parken en plantsoenen in Helpman en de Rivierenbuurt: schoffelen, snoeien, blad ruimen. Je werkt buiten, bij elk weer."},
	{org: "iederz-groen", workType: "groenvoorziening", title: "Groenploeg bermen en parken Noord", sup: 1, days: "week", places: 6,
		desc: "Je maait bermen en onderhoudt het groen in Noord, met bosmaaier en bladblazer. Zwaar werk in een zelfstandige ploeg."},
	{org: "iederz-groen", workType: "straatreiniging", title: "Zwerfafvalploeg binnenstad", sup: 2, days: "ochtenden", places: 2, dev: true,
		desc: "Je houdt de binnenstad schoon: zwerfafval prikken, prullenbakken legen en de markt opruimen. Je bent zichtbaar bezig voor de stad."},
	{org: "iederz-groen", workType: "tuinbouw-kwekerij", title: "Kas: stekken en verpotten", sup: 3, days: "ma-do", places: 3, dev: true, wheelchair: true, lighter: true,
		desc: "In de kas van iederz stek en verpot je planten voor de perken van de stad. Je werkt aan een tafel, in je eigen tempo."},

	// iederz Fietsenwerkplaats.
	{org: "iederz-fiets", workType: "fietsenreparatie", title: "Fietsen opknappen in de werkplaats", sup: 3, days: "week", places: 4, dev: true,
		desc: "Weesfietsen en oude fietsen maak je weer rijklaar: banden, remmen, ketting, verlichting. Je begint eenvoudig en leert steeds meer."},
	{org: "iederz-fiets", workType: "fietsenreparatie", title: "Fietsenstalling en kleine reparaties", sup: 2, days: "ochtenden", places: 2, status: plekwijzer.OfferClosed,
		desc: "Je werkte in een bewaakte stalling en deed kleine reparaties terwijl de klant wachtte. De stalling is overgenomen door de gemeente."},
	{org: "iederz-fiets", workType: "bezorging", title: "Fietskoerier binnenstad", sup: 1, days: "ochtenden", places: 2, dev: true,
		desc: "Met een bakfiets breng je pakketjes en post rond in de binnenstad. Je plant je route en bent veel buiten."},

	// iederz Facilitair.
	{org: "iederz-facilitair", workType: "facilitaire-dienst", title: "Postkamer en vergaderzalen", sup: 2, days: "ochtenden", places: 2, dev: true, wheelchair: true,
		desc: "Je sorteert en bezorgt de post in het gebouw, zet vergaderzalen klaar en helpt bij kleine klussen."},
	{org: "iederz-facilitair", workType: "schoonmaak", title: "Schoonmaakploeg kantoren", sup: 2, days: "week", places: 5,
		desc: "Met een ploeg maak je kantoren en trappenhuizen schoon, volgens een vast schema. Je werkt met schoonmaakmachines."},
	{org: "iederz-facilitair", workType: "receptie", title: "Receptie hoofdgebouw", sup: 2, days: "ma-wo-vr", places: 2, dev: true, wheelchair: true,
		desc: "Je ontvangt bezoekers, neemt de telefoon op en wijst de weg. Een goede plek om te oefenen met Nederlands praten en klantcontact."},
	{org: "iederz-facilitair", workType: "keuken-catering", title: "Kantine en koffiecorner", sup: 2, days: "ochtenden", places: 2, dev: true,
		desc: "Je smeert broodjes, zet koffie en houdt de kantine schoon. Je leert werken volgens de regels voor hygiëne."},
	{org: "iederz-facilitair", workType: "wasserij", title: "Bedrijfswasserij", sup: 2, days: "week", places: 4,
		desc: "Je wast, droogt en vouwt werkkleding van iederz en van klanten. Je werkt met grote machines."},

	// iederz Instroomportaal: small workshops and the reserved places.
	{org: "iederz-instroom", workType: "houtbewerking", title: "Houtwerkplaats: oriënteren op techniek", sup: 4, days: "ma-do", places: 3, dev: true,
		desc: "Je maakt kennis met hout: zagen, schuren, in elkaar zetten. Je maakt plantenbakken en vogelhuisjes en ontdekt wat bij je past."},
	{org: "iederz-instroom", workType: "creatief-atelier", title: "Creatief atelier (GON)", sup: 4, days: "week", places: 4, dev: true, groups: onlyGON, wheelchair: true,
		desc: "Een plek van de GON-partijen voor mensen met een indicatie arbeidsmatige dagbesteding. Je maakt producten voor de winkel van iederz en werkt aan vaste werktijden."},
	{org: "iederz-instroom", workType: "assemblage", title: "Montage op eigen tempo (GON)", sup: 4, days: "week", places: 4, dev: true, groups: onlyGON, wheelchair: true,
		desc: "Eenvoudig montagewerk voor mensen met een indicatie dagbesteding die willen doorgroeien naar werk. Er is altijd een begeleider in de buurt."},
	{org: "iederz-instroom", workType: "logistiek-magazijn", title: "Taalwerkplek magazijn", sup: 3, days: "ochtenden-di-do", places: 3, dev: true, groups: onlyStatus,
		desc: "Voor statushouders: je werkt in het magazijn en leert tegelijk Nederlands. Woorden uit het werk oefen je elke dag met een taalcoach."},
	{org: "iederz-instroom", workType: "ict-ondersteuning", title: "Computerwerkplaats: laptops opknappen", sup: 3, days: "week", places: 2, dev: true, wheelchair: true,
		desc: "Je wist oude laptops veilig, installeert ze opnieuw en maakt ze klaar voor mensen die er geen kunnen kopen."},
	{org: "iederz-instroom", workType: "metaalbewerking", title: "Stage techniek: metaal en hout", sup: 3, days: "di-do", places: 2, dev: true, groups: onlyYoung,
		desc: "Stageplek voor leerlingen van PrO, VSO en Entree en voor jongeren zonder diploma. Je leert zagen, boren, slijpen en veilig werken."},

	// Kringloop Stad en Ommeland.
	{org: "kringloop", workType: "kringloop", title: "Sorteren en prijzen in de kringloop", sup: 2, days: "week", places: 4, dev: true,
		desc: "Je sorteert wat binnenkomt, test het en zet er een prijs op. Daarna zet je het netjes in de winkel."},
	{org: "kringloop", workType: "winkel", title: "Winkelmedewerker kringloopwinkel", sup: 2, days: "middagen", places: 3, dev: true, wheelchair: true,
		desc: "Je helpt klanten, vult de schappen en werkt soms aan de kassa. Goed om te oefenen met klantcontact."},
	{org: "kringloop", workType: "elektronica-demontage", title: "Elektronica testen en demonteren", sup: 2, days: "week", places: 2, dev: true,
		desc: "Je test oude apparaten. Wat kapot is, haal je uit elkaar en sorteer je voor recycling."},
	{org: "kringloop", workType: "verhuizen-bijrijden", title: "Ophaaldienst meubels", sup: 1, days: "ma-wo-vr", places: 2,
		desc: "Met de bus haal je meubels en spullen op bij mensen thuis en je bezorgt verkochte meubels. Veel tillen."},

	// Stadskeuken Noord.
	{org: "stadskeuken", workType: "keuken-catering", title: "Keukenhulp in de wijkkeuken", sup: 2, days: "ochtenden", places: 3, dev: true,
		desc: "Je snijdt groente, helpt bij het koken van de wijkmaaltijd en wast af. Je leert hygiënisch werken in een echte keuken."},
	{org: "stadskeuken", workType: "horeca-bediening", title: "Bediening in het wijkrestaurant", sup: 2, days: "di-do", places: 3, dev: true,
		desc: "Je ontvangt gasten, neemt bestellingen op en serveert de lunch. Je leert gastvrij zijn en rust houden als het druk is."},
	{org: "stadskeuken", workType: "keuken-catering", title: "Samen koken (GON)", sup: 4, days: "ochtenden", places: 3, dev: true, groups: onlyGON,
		desc: "Een plek van de GON-partijen: in een kleine groep kook je de lunch voor de buurt. Veel begeleiding, weinig druk."},
	{org: "stadskeuken", workType: "bezorging", title: "Maaltijden rondbrengen", sup: 2, days: "ma-wo-vr", places: 2,
		desc: "Je brengt maaltijden rond bij ouderen in Paddepoel en Selwerd, met de fiets of de elektrische bus."},

	// Fietsatelier Korrewegwijk.
	{org: "fietsatelier", workType: "fietsenreparatie", title: "Buurtfietsatelier", sup: 3, days: "ma-do", places: 3, dev: true,
		desc: "Je repareert fietsen van buurtbewoners en knapt fietsen op voor de verkoop. Je leert van ervaren fietsenmakers."},
	{org: "fietsatelier", workType: "fietsenreparatie", title: "Werkplaats e-bikes", sup: 1, days: "ochtenden", places: 2,
		desc: "Onderhoud en reparatie van elektrische fietsen. Voor wie al goed met fietsen kan werken."},

	// Naaiatelier Oosterpoort.
	{org: "naaiatelier", workType: "naaiatelier", title: "Kleding herstellen en vermaken", sup: 2, days: "week", places: 3, dev: true, wheelchair: true,
		desc: "Je zet knopen aan, maakt broeken korter en herstelt kleding voor klanten. Je leert werken met de naaimachine."},
	{org: "naaiatelier", workType: "naaiatelier", title: "Tassen van oude zeilen", sup: 3, days: "di-do", places: 3, dev: true, groups: quietCareGroup, wheelchair: true,
		desc: "Een rustige plek voor mensen uit de GGZ, de verslavingszorg of de dagbesteding. Je maakt tassen en etuis van oude zeilen en spandoeken."},
	{org: "naaiatelier", workType: "afvalsortering", title: "Textiel sorteren voor hergebruik", sup: 2, days: "ochtenden", places: 3,
		desc: "Je sorteert ingezamelde kleding en textiel: wat kan nog gedragen worden, wat wordt poetslap of grondstof?"},

	// Groene Wijken Coöperatie.
	{org: "groene-wijken", workType: "groenvoorziening", title: "Buurttuinen Beijum en Lewenborg", sup: 2, days: "ochtenden", places: 3, dev: true,
		desc: "Je onderhoudt buurttuinen en speelplekken samen met bewoners. Je leert planten kennen en werken met tuingereedschap."},
	{org: "groene-wijken", workType: "straatreiniging", title: "Werkstraf en re-integratie: schone wijk", sup: 3, days: "ma-wo-vr-ochtend", places: 3, dev: true, groups: onlyResocial,
		desc: "Voor mensen met een taakstraf of na detentie: je houdt de wijk schoon en bouwt aan een goed werkritme. Daarna zoeken we samen een vervolg."},
	{org: "groene-wijken", workType: "tuinbouw-kwekerij", title: "Stadslandbouw: groente telen", sup: 2, days: "di-do", places: 3, dev: true,
		desc: "Je zaait, wiedt en oogst groente voor de Stadskeuken en de voedselbank. Je werkt buiten en in de tunnelkas."},

	// Digitaal Archiefcentrum Zernike.
	{org: "archief", workType: "digitaliseren", title: "Archieven scannen", sup: 2, days: "week", places: 4, dev: true, wheelchair: true,
		desc: "Je scant oude dossiers en bouwtekeningen en controleert of de scan goed is. Rustig, precies werk aan een eigen werkplek."},
	{org: "archief", workType: "administratie", title: "Gegevens invoeren en controleren", sup: 2, days: "middagen", places: 3, dev: true, wheelchair: true,
		desc: "Je voert gegevens van gescande stukken in en controleert ze. Je leert werken met de computer en vertrouwelijk omgaan met informatie."},
	{org: "archief", workType: "ict-ondersteuning", title: "Helpdesk en werkplekbeheer", sup: 1, days: "ma-do", places: 2, dev: true, wheelchair: true,
		desc: "Je installeert computers, lost eenvoudige storingen op en helpt collega's met vragen. Voor wie al handig is met computers."},

	// Dierenweide Kardinge.
	{org: "dierenweide", workType: "dierverzorging", title: "Geiten, schapen en kippen verzorgen", sup: 2, days: "ochtenden", places: 3, dev: true,
		desc: "Je geeft de dieren eten, mest de hokken uit en let op hoe het met ze gaat. Je werkt buiten, ook in het weekendrooster van de vaste ploeg."},
	{org: "dierenweide", workType: "dierverzorging", title: "Dierenweide (GON)", sup: 4, days: "week", places: 2, dev: true, groups: onlyGON,
		desc: "Een plek van de GON-partijen: in een kleine groep zorg je voor de kleine dieren. Rust en vaste taken staan voorop."},
	{org: "dierenweide", workType: "recreatie-evenementen", title: "Gastheer of gastvrouw op de weide", sup: 2, days: "ma-wo-vr", places: 2, dev: true,
		desc: "Je ontvangt schoolklassen en bezoekers, vertelt over de dieren en helpt bij activiteiten."},

	// Drukwerkplaats Het Kleine Formaat.
	{org: "drukwerk", workType: "drukkerij", title: "Drukwerk snijden, vouwen en binden", sup: 2, days: "week", places: 2, dev: true, wheelchair: true,
		desc: "Je print folders en boekjes, snijdt ze op maat en bindt ze in. Je leert de machines bedienen en de kwaliteit controleren."},
	{org: "drukwerk", workType: "inpakken", title: "Mailings inpakken en versturen", sup: 2, days: "ma-do", places: 3, dev: true, wheelchair: true,
		desc: "Je vouwt brieven, vult enveloppen en maakt mailings klaar voor de post."},

	// Poetsplaats Euvelgunne.
	{org: "autopoets", workType: "autowassen", title: "Auto's wassen en poetsen", sup: 2, days: "week", places: 3, dev: true,
		desc: "Je wast en poetst auto's van binnen en van buiten, ook de dienstauto's van de gemeente. Je werkt in een team en met een vast rooster."},

	// Buurtklussers Selwerd.
	{org: "buurtklusser", workType: "klussen-bouw", title: "Klussen in huurwoningen", sup: 2, days: "ochtenden", places: 2, dev: true,
		desc: "Je helpt bij kleine reparaties in huurwoningen: deuren afstellen, kranen vervangen, materiaal sjouwen."},
	{org: "buurtklusser", workType: "schilderwerk", title: "Schilderploeg binnen en buiten", sup: 2, days: "ma-do", places: 3, dev: true,
		desc: "Je schuurt, plamuurt en schildert muren, deuren en kozijnen. Je leert netjes afplakken en afwerken."},

	// Depot Oost Stadslogistiek.
	{org: "depot", workType: "logistiek-magazijn", title: "Orderpicken in het stadsdepot", sup: 2, days: "week", places: 4, dev: true,
		desc: "Je verzamelt bestellingen voor winkels in de binnenstad met een scanner en zet ze klaar voor de elektrische bus."},
	{org: "depot", workType: "kwaliteitscontrole", title: "Retouren controleren", sup: 2, days: "ochtenden", places: 3, status: plekwijzer.OfferClosed,
		desc: "Je controleerde teruggestuurde producten op schade. Dit werk is gestopt."},
	{org: "depot", workType: "verhuizen-bijrijden", title: "Bijrijder stadsdistributie", sup: 1, days: "ma-wo-vr", places: 2, dev: true,
		desc: "Je rijdt mee met de chauffeur, helpt bij laden en lossen en levert pakketten af bij winkels."},

	// Zorgboerderij De Wierde, Winsum.
	{org: "wierde", workType: "dierverzorging", title: "Dieren verzorgen op de zorgboerderij", sup: 3, days: "week", places: 3, dev: true, noTransit: true,
		desc: "Je voert de koeien en kalveren, mest uit en helpt bij het melken. De boerderij ligt buiten het dorp: de bus van de boerderij haalt je op in Winsum."},
	{org: "wierde", workType: "boerderij", title: "Meewerken op het land", sup: 2, days: "ochtenden", places: 2, dev: true, noTransit: true,
		desc: "Je werkt op het land: aardappels rooien, hekken repareren, het erf onderhouden. Wat je doet hangt af van het seizoen."},
	{org: "wierde", workType: "tuinbouw-kwekerij", title: "Moestuin en kas (GON)", sup: 4, days: "week", places: 3, dev: true, groups: onlyGON, lighter: true,
		desc: "Een plek van de GON-partijen: je zaait, verpot en oogst in de kas. Rustig werk met veel begeleiding."},
	{org: "wierde", workType: "winkel", title: "Boerderijwinkel", sup: 2, days: "ma-wo-vr-ochtend", places: 1, status: plekwijzer.OfferPaused, noTransit: true,
		desc: "Je helpt in de boerderijwinkel met zuivel en groente. In de winter is de winkel dicht."},

	// Werkplaats De Spaander, Hoogezand.
	{org: "spaander", workType: "houtbewerking", title: "Meubels maken en opknappen", sup: 2, days: "ma-do", places: 3, dev: true,
		desc: "Je maakt tafels en banken van oud hout en knapt meubels op voor de kringloop. Je leert veilig werken met machines."},
	{org: "spaander", workType: "metaalbewerking", title: "Metaalwerkplaats", sup: 1, days: "week", places: 4,
		desc: "Je zaagt, slijpt en last metalen onderdelen voor hekken en aanhangers. Voor wie stevig werk zoekt."},
	{org: "spaander", workType: "productiewerk", title: "Productie van tuinhout", sup: 2, days: "ma-do", places: 3, dev: true,
		desc: "Je maakt in serie plantenbakken en vogelhuisjes voor tuincentra. Je werkt met mallen en een vaste volgorde."},

	// Wasserij Schoon Eemsdelta, Delfzijl.
	{org: "wasserij", workType: "wasserij", title: "Wassen, drogen en vouwen", sup: 2, days: "week", places: 3, dev: true,
		desc: "Je sorteert, wast, droogt en vouwt beddengoed en handdoeken voor zorginstellingen in de Eemsdelta."},
	{org: "wasserij", workType: "wasserij", title: "Strijkservice", sup: 2, days: "middagen", places: 2, status: plekwijzer.OfferPaused,
		desc: "Je strijkt overhemden en bedrijfskleding voor klanten. Tijdelijk gestopt tot er een nieuwe strijkmachine is."},
	{org: "wasserij", workType: "schoonmaak", title: "Schoonmaak bedrijfsruimtes", sup: 2, days: "ochtenden", places: 2, dev: true,
		desc: "Je maakt kantoren en kantines van bedrijven in de haven schoon, in een vaste ploeg met een leidinggevende."},

	// Recyclepunt Kanaalstreek, Stadskanaal.
	{org: "recyclepunt", workType: "afvalsortering", title: "Afval scheiden op het recyclepunt", sup: 2, days: "week", places: 3, dev: true,
		desc: "Je helpt bezoekers hun afval in de goede container te doen en sorteert wat binnenkomt. Je werkt binnen en buiten."},
	{org: "recyclepunt", workType: "logistiek-magazijn", title: "Magazijn en uitgifte onderdelen", sup: 2, days: "ochtenden", places: 2, status: plekwijzer.OfferPaused,
		desc: "Je ontvangt en registreert bruikbare onderdelen en geeft ze uit. Gepauzeerd tot het nieuwe magazijn klaar is."},

	// Bakkerij De Leeuwerik, Leek.
	{org: "bakkerij", workType: "bakkerij", title: "Brood en koek bakken", sup: 2, days: "ochtenden", places: 3, dev: true,
		desc: "Je weegt deeg af, vormt broden en koeken en haalt ze uit de oven. Je begint vroeg en werkt hygiënisch."},
	{org: "bakkerij", workType: "horeca-bediening", title: "Lunchroom van de bakkerij", sup: 2, days: "middagen", places: 2, dev: true, wheelchair: true,
		desc: "Je helpt in de lunchroom: koffie zetten, bestellingen opnemen en tafels afruimen."},

	// Care providers with places of their own.
	{org: "zorggroep", workType: "zorgondersteuning", title: "Gastheer of gastvrouw in het woonzorgcentrum", sup: 2, days: "week", places: 2, dev: true, wheelchair: true,
		desc: "Je schenkt koffie, helpt bij de maaltijd en brengt bewoners naar activiteiten. Je maakt een praatje en brengt gezelligheid."},
	{org: "herstelpunt", workType: "facilitaire-dienst", title: "Facilitaire klussen in het herstelhuis", sup: 3, days: "ma-wo-vr", places: 2, dev: true,
		desc: "Je zet ruimtes klaar, doet kleine klussen en beheert de voorraad. Een veilige plek om weer ritme op te bouwen."},
}
