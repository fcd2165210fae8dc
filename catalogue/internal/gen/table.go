package main

// This file is the product knowledge of the catalogue: which work types
// iederz offers or wants to offer, how they are described to participants,
// and which ESCO occupations they resemble. It is written by hand on
// purpose. Everything else (labels, alternative labels, skills, skill groups)
// is read from the ESCO data, so an ESCO update changes the words but never
// silently changes the selection.
//
// Occupations and skills are named by their ESCO id together with the Dutch
// preferred label we expected when we picked them. The generator fails when
// the id is gone or the label has changed, so a new ESCO release forces a
// person to look at the choice again instead of linking the wrong thing.

// occRef names an ESCO occupation: its id (the last part of the URI) and
// the Dutch preferred label at the time it was chosen.
type occRef struct {
	id, label string
}

// workTypeDef is one curated work type.
type workTypeDef struct {
	code        string // kebab-case slug, stable: other data refers to it
	name        string // short plain Dutch
	description string // one or two sentences, B1 level
	load        string // fysieke belasting: laag, midden, hoog
	environment string // omgeving: binnen, buiten, beide
	occupations []occRef
}

// workTypes is the curated selection: work that suits sheltered and
// development places, with the range the raadsbrief asks for (much more than
// packing alone). The occupations are the ESCO occupations that do this work
// in the regular labour market, so a participant's progress can be expressed
// in the same skills an employer asks for.
var workTypes = []workTypeDef{
	{
		code:        "inpakken",
		name:        "Inpakken en ompakken",
		description: "Je pakt producten in dozen, zakken of folie en maakt ze klaar om te versturen. Je werkt in een vaste volgorde en let goed op de aantallen.",
		load:        "laag",
		environment: "binnen",
		occupations: []occRef{
			{"f5cb9901-86fc-48d0-9cde-667fbe8cef3a", "inpakker met de hand"},
			{"b0fa69b4-998c-4e66-acd3-5f5d73cadb5c", "procesoperator verpakkings- en vulmachine"},
		},
	},
	{
		code:        "assemblage",
		name:        "Assemblage en montage",
		description: "Je zet onderdelen in elkaar tot een product, met de hand of met eenvoudig gereedschap. Je werkt precies en volgt een werkinstructie.",
		load:        "laag",
		environment: "binnen",
		occupations: []occRef{
			{"599f34f0-bdf7-49e3-b5a9-f5d55f9e6873", "assemblagemedewerker kunststof"},
			{"af2f3615-63ab-44dc-957d-c9660410d336", "assemblagemedewerker metaal"},
			{"7eadbe33-d62e-4a82-8e3a-e89df5aefb2c", "assemblagemedewerker hout"},
			{"fc9a86ec-7ad5-4ccb-a08f-1e369197e14a", "assemblagemedewerker karton"},
		},
	},
	{
		code:        "fietsenreparatie",
		name:        "Fietsenreparatie",
		description: "Je repareert en onderhoudt fietsen: banden plakken, remmen afstellen, een ketting vervangen. Zo leer je stap voor stap hoe een fiets werkt.",
		load:        "midden",
		environment: "binnen",
		occupations: []occRef{
			{"336cf331-8082-4a0c-bf5f-e7c54706211c", "fietsenmaker"},
			{"e2e3ecfa-a77b-49df-857e-09dee26e4198", "fietsenbouwer"},
		},
	},
	{
		code:        "groenvoorziening",
		name:        "Groenvoorziening",
		description: "Je onderhoudt parken, bermen en tuinen: maaien, snoeien, schoffelen en blad ruimen. Je werkt buiten, meestal in een team.",
		load:        "hoog",
		environment: "buiten",
		occupations: []occRef{
			{"a48b9a5a-5ded-482d-8cda-7fd097a32c16", "medewerker groenvoorziening/medewerkster groenvoorziening"},
			{"e7970c7a-7769-4002-87d3-0a8ea94fdd6f", "hovenier"},
			{"a10eb17a-3c78-4f7a-a1da-8f31146339d3", "tuinier"},
		},
	},
	{
		code:        "keuken-catering",
		name:        "Keuken en catering",
		description: "Je helpt in de keuken: groente snijden, maaltijden klaarmaken en afwassen. Je werkt schoon en volgens de regels voor hygiëne.",
		load:        "midden",
		environment: "binnen",
		occupations: []occRef{
			{"e1cf6897-158d-4b48-a39e-2a3a8cac216c", "keukenhulp"},
			{"f756fdab-7726-4c48-bfcc-94ff8810fc08", "medewerker keuken"},
			{"b4bff870-5c8f-4c33-b07f-f04d79830633", "medewerker maaltijden"},
		},
	},
	{
		code:        "schoonmaak",
		name:        "Schoonmaak",
		description: "Je maakt kantoren, gangen, toiletten en andere ruimtes schoon. Je leert werken met schoonmaakmiddelen en machines en volgt een vast schema.",
		load:        "midden",
		environment: "binnen",
		occupations: []occRef{
			{"303a1e34-cb16-4054-b323-81e5eec17397", "schoonmaker gebouwen"},
			{"cbad55a4-c7cf-4ab6-9540-eac72b26729b", "interieurverzorger"},
			{"731ecac4-06e8-4ec2-a559-101fecbd9183", "medewerker huishoudelijke dienst"},
		},
	},
	{
		code:        "wasserij",
		name:        "Wasserij",
		description: "Je sorteert, wast, droogt, strijkt en vouwt kleding en linnengoed. Je werkt met grote machines.",
		load:        "midden",
		environment: "binnen",
		occupations: []occRef{
			{"0da51178-e386-4534-ae71-15ba789ad756", "wasserijmedewerker"},
			{"15ab8475-549d-48a7-9d4a-5bb310015312", "medewerker linnenkamer"},
			{"2edd910a-e53e-44ee-b8c2-09e9f9d0395b", "perser"},
			{"e16e4cb0-6f7d-4bf9-8f90-d1d866ad229b", "wasserettemedewerker"},
		},
	},
	{
		code:        "logistiek-magazijn",
		name:        "Logistiek en magazijn",
		description: "Je ontvangt goederen, zet ze op de juiste plek en verzamelt bestellingen. Je werkt met scanners, pallets en soms een heftruck.",
		load:        "midden",
		environment: "binnen",
		occupations: []occRef{
			{"bea705fe-06ac-4147-b8e0-6e8ac1208d8f", "magazijnmedewerker"},
			{"cd94def5-3442-4c2e-ae3d-0761a3008bcb", "orderpicker"},
			{"808becc8-5a4e-4e71-a043-c2ea32b56ae3", "pakhuismedewerker"},
			{"eeac6251-1974-42f5-91ed-513c6c883755", "heftruckchauffeur"},
		},
	},
	{
		code:        "naaiatelier",
		name:        "Textiel en naaiatelier",
		description: "Je naait, herstelt en werkt textiel af, met de hand of op de naaimachine. Je maakt bijvoorbeeld tassen, kleding of gordijnen.",
		load:        "laag",
		environment: "binnen",
		occupations: []occRef{
			{"517c01aa-e875-4690-bf38-17307a57eafe", "naaister"},
			{"7d4266b3-2108-4330-b27b-430a96012c21", "operator naaimachine"},
			{"87afe3f0-c891-45de-a498-ad2608471c86", "textielopmaker"},
			{"28b25dbf-1eab-45e8-9d02-7a5eea9bb139", "fabrikant van textielartikelen"},
		},
	},
	{
		code:        "houtbewerking",
		name:        "Houtbewerking",
		description: "Je zaagt, schuurt en bewerkt hout en maakt er meubels of andere producten van. Je leert veilig werken met gereedschap en machines.",
		load:        "midden",
		environment: "binnen",
		occupations: []occRef{
			{"e1416610-ad08-4f37-8b46-9f99632a5c0f", "meubelmaker"},
			{"2a22ff9e-de3b-408d-b312-5034896cc4f4", "timmerman"},
			{"3bdf6206-e952-4177-a17b-2a03bfee2144", "houtschuurder"},
			{"77a05858-f682-4648-baa5-9b86deeffbc1", "operator houtbewerkingsmachine meubelen"},
		},
	},
	{
		code:        "metaalbewerking",
		name:        "Metaalbewerking",
		description: "Je bewerkt metaal: zagen, buigen, slijpen, afbramen en lassen. Je werkt nauwkeurig en draagt beschermende kleding.",
		load:        "hoog",
		environment: "binnen",
		occupations: []occRef{
			{"572c9810-e1ee-4f7a-a71f-820f17c0c25b", "metaalplaatwerker"},
			{"862ed9e5-96ec-410d-a0fd-5206a05a7954", "afbramer"},
			{"d07a4984-e775-46a7-b967-a3d0b3a54268", "metaalpolijster"},
			{"7aedaa07-3884-4c5b-88f9-80997b2aa54b", "lasser"},
		},
	},
	{
		code:        "kringloop",
		name:        "Kringloopwinkel",
		description: "Je sorteert, test en prijst tweedehands spullen en helpt klanten in de winkel. Zo krijgen kleding, meubels en apparaten een tweede leven.",
		load:        "midden",
		environment: "binnen",
		occupations: []occRef{
			{"4ae3ad16-2d33-406c-8497-c66f7d61b914", "verkoopspecialist tweedehandsartikelen"},
			{"f4eaff3d-f8d0-4a6a-aa90-76827c0fbada", "reparateur huishoudelijke toestellen"},
		},
	},
	{
		code:        "afvalsortering",
		name:        "Afvalsortering en recycling",
		description: "Je scheidt afval in soorten, zoals papier, plastic, metaal en hout, zodat het opnieuw gebruikt kan worden. Je werkt volgens duidelijke veiligheidsregels.",
		load:        "midden",
		environment: "beide",
		occupations: []occRef{
			{"ff8d4065-db44-47c7-a4bd-51b3c306ef70", "afvalsorteerder"},
			{"4ed9ce62-75d4-4b05-80d4-e86528fecdcd", "recyclingmedewerker"},
		},
	},
	{
		code:        "administratie",
		name:        "Administratieve ondersteuning",
		description: "Je helpt op kantoor met post, archief, gegevens invoeren en eenvoudig computerwerk. Je werkt netjes en gaat zorgvuldig om met informatie.",
		load:        "laag",
		environment: "binnen",
		occupations: []occRef{
			{"6c999fc7-c6b7-4ef3-a4b9-af124a1783a2", "kantoorbediende"},
			{"22f86890-f68b-402f-a711-3e6df4913271", "typist"},
		},
	},
	{
		code:        "receptie",
		name:        "Receptie en gastvrijheid",
		description: "Je ontvangt bezoekers, neemt de telefoon op en wijst mensen de weg. Je bent vriendelijk en het eerste aanspreekpunt van een organisatie.",
		load:        "laag",
		environment: "binnen",
		occupations: []occRef{
			{"f7b04542-d8c7-42db-8475-e63b507cce82", "receptionist"},
			{"a6007269-912a-4445-b792-b4d5fe016bb2", "gastheer/gastvrouw"},
			{"0bf68df5-e808-4c27-abf2-6f85440f2d7f", "telefonist"},
		},
	},
	{
		code:        "winkel",
		name:        "Winkel en detailhandel",
		description: "Je vult schappen, helpt klanten en werkt soms aan de kassa. Je zorgt dat de winkel er netjes uitziet.",
		load:        "midden",
		environment: "binnen",
		occupations: []occRef{
			{"0b15375e-dfdd-4047-9efb-096e0aaee7d2", "winkelmedewerker"},
			{"d35f9e79-5778-43b4-8667-0e3ba1fcb19a", "schappenvuller"},
			{"2b871272-bd61-4206-bd1a-0b96d7023098", "kassamedewerker"},
			{"9ba74e8a-c40c-4228-9998-eb3c7a5c11df", "verkoopmedewerker"},
		},
	},
	{
		code:        "dierverzorging",
		name:        "Dierverzorging",
		description: "Je geeft dieren eten, maakt hokken en stallen schoon en let op hoe het met de dieren gaat. Je werkt bijvoorbeeld op een kinderboerderij, in een asiel of bij een manege.",
		load:        "midden",
		environment: "beide",
		occupations: []occRef{
			{"0b14d5d7-1bbe-4403-b9e6-7b0f37fc44fc", "medewerker dierverzorging"},
			{"7ceb2340-339c-4367-bc4e-e08f57c992f6", "dierenasielmedewerker"},
			{"1ee1b792-4d5f-4555-be4e-ce7e4c05d1a9", "dierenverzorger"},
			{"6630d23f-4c8e-4855-abb0-8ca1e72c74ba", "paardenverzorger"},
		},
	},
	{
		code:        "tuinbouw-kwekerij",
		name:        "Tuinbouw en kwekerij",
		description: "Je zaait, verpot, verzorgt en oogst planten, groenten of bloemen, in een kas of op het land.",
		load:        "midden",
		environment: "beide",
		occupations: []occRef{
			{"1a9d99ba-4c08-4864-8f6a-1b0f2b4cf883", "tuinbouwmedewerker"},
			{"373db468-bd25-4b67-a6e0-4ac79d9a9e85", "plukker"},
		},
	},
	{
		code:        "bakkerij",
		name:        "Bakkerij",
		description: "Je helpt brood, koek en gebak te maken: deeg afwegen, vormen, bakken en verpakken. Je werkt hygiënisch en op vaste tijden.",
		load:        "midden",
		environment: "binnen",
		occupations: []occRef{
			{"1aadb308-432a-4d01-b54b-b4f7f76dd419", "bakker"},
			{"5d9e63a2-8013-434e-9f92-3b3d54a0c320", "bakkerijmedewerker"},
		},
	},
	{
		code:        "horeca-bediening",
		name:        "Horeca en bediening",
		description: "Je ontvangt gasten, neemt bestellingen op, serveert eten en drinken en ruimt tafels af. Je werkt bijvoorbeeld in een lunchroom of restaurant.",
		load:        "midden",
		environment: "binnen",
		occupations: []occRef{
			{"d5db9d5c-2ebf-4a54-a79a-1b7e7ff70471", "ober/serveerster"},
			{"a1b86a8b-ad91-4192-b386-bbf89bb11699", "gastheer/gastvrouw"},
			{"bf7d8b16-4e2c-48ef-b44e-dc25b2d0ab61", "barista"},
			{"96a0d8d3-d4a6-473d-80d6-b5dbadde940a", "medewerker fastfood"},
		},
	},
	{
		code:        "facilitaire-dienst",
		name:        "Facilitaire dienst en postkamer",
		description: "Je sorteert en bezorgt de post binnen een organisatie, zet vergaderzalen klaar en doet kleine klussen in het gebouw.",
		load:        "laag",
		environment: "binnen",
		occupations: []occRef{
			{"511f366c-ba41-4826-9622-8cda6d6e3b91", "postkamermedewerker"},
			{"1822bfc2-e735-449f-ba00-ca71eb5c062b", "conciërge"},
		},
	},
	{
		code:        "schilderwerk",
		name:        "Schilderwerk",
		description: "Je maakt muren, deuren en kozijnen schoon, schuurt ze en schildert ze met kwast of roller. Je werkt netjes en dekt goed af.",
		load:        "midden",
		environment: "beide",
		occupations: []occRef{
			{"15620506-fb5d-49cd-87a2-1c9047fb406a", "schilder bouw"},
			{"96186698-f79d-423a-9652-a2a58085d5f1", "decoratieschilder hout"},
		},
	},
	{
		code:        "klussen-bouw",
		name:        "Klussen en bouwondersteuning",
		description: "Je helpt bij kleine reparaties, onderhoud en verbouwingen: materiaal aangeven, sjouwen, opruimen en eenvoudige klussen doen.",
		load:        "hoog",
		environment: "beide",
		occupations: []occRef{
			{"f4a25243-b06a-42a9-9c69-246853df63ad", "klusjesman"},
			{"fb7e2f4f-1545-42f1-972e-94082e49c6dc", "opperman bouw"},
			{"dd89e26f-bb5c-45cb-91c6-8b4d5d82a31f", "sloper"},
		},
	},
	{
		code:        "autowassen",
		name:        "Autowassen en poetsen",
		description: "Je wast en poetst auto's van binnen en van buiten. Je doet ook eenvoudig onderhoud, zoals olie bijvullen en banden oppompen.",
		load:        "midden",
		environment: "beide",
		occupations: []occRef{
			{"7cb71c5f-c310-481c-b46b-d0044328758c", "autopoetser"},
			{"3b4eb248-6b40-42fe-9d10-cba8ccfe6613", "assistent-automonteur"},
		},
	},
	{
		code:        "drukkerij",
		name:        "Drukkerij en reprografie",
		description: "Je print, kopieert, snijdt, vouwt en bindt drukwerk, zoals folders, boekjes en posters. Je bedient de machines en controleert de kwaliteit.",
		load:        "laag",
		environment: "binnen",
		occupations: []occRef{
			{"77de6c7d-27bf-4bc2-8c80-5d6f6d9811f4", "technicus reprografie"},
			{"6175b828-026d-4fb4-8be7-418394e1add0", "digitaal drukker"},
			{"c11e2b53-06f7-465f-9b5c-708016bc96f4", "operator vouwmachine"},
			{"49b21ca8-04be-4912-a2f7-0170550e18fa", "operator boekbindmachine"},
		},
	},
	{
		code:        "digitaliseren",
		name:        "Digitaliseren en scannen",
		description: "Je scant papieren documenten, slaat ze op in de computer en voert gegevens in. Je werkt precies en gaat vertrouwelijk om met informatie.",
		load:        "laag",
		environment: "binnen",
		occupations: []occRef{
			{"cea4d5c9-7805-434a-8e6b-af5e9fa54c9e", "scanoperator"},
			{"6353b3e8-e8f2-4ecb-b230-186927139892", "datatypist"},
			{"9ab0f0db-1128-4050-becd-b09db5eabdaa", "archiefmedewerker"},
		},
	},
	{
		code:        "elektronica-demontage",
		name:        "Elektronica demonteren",
		description: "Je haalt oude apparaten, zoals computers en telefoons, uit elkaar en sorteert de onderdelen voor hergebruik. Je werkt met klein gereedschap en let op veiligheid.",
		load:        "laag",
		environment: "binnen",
		occupations: []occRef{
			{"f8ab2e08-d14e-4938-a2cd-c04821556db7", "monteur consumentenelektronica"},
			{"ea6cd713-94ca-4292-9ba9-ca8a4ec3ed5f", "ontmantelaar/sloper"},
			{"4ed9ce62-75d4-4b05-80d4-e86528fecdcd", "recyclingmedewerker"},
		},
	},
	{
		code:        "verhuizen-bijrijden",
		name:        "Verhuizen en bijrijden",
		description: "Je helpt bij verhuizingen en transport: inpakken, sjouwen, laden en lossen. Je rijdt mee met de chauffeur en helpt bij het afleveren.",
		load:        "hoog",
		environment: "beide",
		occupations: []occRef{
			{"c84a055d-00fe-4789-a054-f4a62914ff6e", "verhuizer"},
			{"a504e79e-f146-4773-a1cf-2b15b9d614db", "chauffeur/verhuizer"},
		},
	},
	{
		code:        "boerderij",
		name:        "Boerderij en landbouw",
		description: "Je helpt op een boerderij: dieren verzorgen, gewassen oogsten en het erf onderhouden. Het werk is afwisselend en hangt af van het seizoen.",
		load:        "hoog",
		environment: "buiten",
		occupations: []occRef{
			{"c9191f7f-28b5-4df8-991d-804c53009b83", "landbouwmedewerker"},
			{"65bd2342-f7de-4932-9164-eb480e35a791", "medewerker veeteelt"},
			{"1c1e86f9-6347-42d6-aa6e-c95b138bf640", "landbouwer gemengd bedrijf"},
		},
	},
	{
		code:        "zorgondersteuning",
		name:        "Gastheer of gastvrouw in de zorg",
		description: "Je helpt in een zorginstelling: koffie schenken, helpen bij de maaltijd, bewoners naar activiteiten brengen en een praatje maken.",
		load:        "laag",
		environment: "binnen",
		occupations: []occRef{
			{"d38c2107-98f2-47b7-8bb4-f69750d51082", "zorghulp"},
			{"a30734bb-2f10-4747-a94c-75f5ec3c63a4", "brancardier"},
			{"d5954a2b-a525-45b7-b6d9-b62efafc6c78", "gezelschapspersoon"},
		},
	},
	{
		code:        "productiewerk",
		name:        "Productiewerk en machinebediening",
		description: "Je bedient een machine in een fabriek of helpt daarbij, vult materiaal aan en houdt de werkplek schoon. Je leert werken in een vast tempo en volgens de veiligheidsregels.",
		load:        "midden",
		environment: "binnen",
		occupations: []occRef{
			{"245be6d1-fe9a-4ac8-9f81-122a687e4724", "productiemedewerker"},
			{"502fe307-ae65-46cb-a485-e559b9a35266", "operator spuitgietmachine"},
			{"9388a977-6f79-4509-81aa-026bc49e1919", "medewerker aan de lopende band voor inblikken en bottelen"},
			{"e3dc66de-99c7-4607-a82b-7244036d316d", "medewerker voedselproductie"},
		},
	},
	{
		code:        "kwaliteitscontrole",
		name:        "Kwaliteitscontrole",
		description: "Je controleert producten op fouten, haalt de foute eruit en schrijft op wat je vindt. Je werkt nauwkeurig en met aandacht.",
		load:        "laag",
		environment: "binnen",
		occupations: []occRef{
			{"b0ad8659-0410-4b5b-9466-a90f8b3cdac9", "kwaliteitscontroleur"},
			{"753939ad-b03e-47cd-913b-56f30b5ae8fc", "productiecontroleur"},
			{"cc8f929a-75fa-404d-aa17-3301fb494b4f", "sorteerder"},
		},
	},
	{
		code:        "bezorging",
		name:        "Bezorging en koeriersdienst",
		description: "Je bezorgt pakketten, post of folders, lopend, op de fiets of met een busje. Je plant je route en zorgt dat alles op het goede adres aankomt.",
		load:        "hoog",
		environment: "buiten",
		occupations: []occRef{
			{"3a959644-beed-4afc-8e57-d5068ae6a43e", "fietskoerier"},
			{"5ff100c2-00cd-4c64-82ae-8feab6712557", "folderbezorger"},
			{"7ed2e153-8da8-4c0d-b4c5-3402c623f34b", "postbode"},
			{"0c408028-c48f-4df8-ba5d-c3d3be15f5a2", "auto- en bestelwagenkoerier"},
		},
	},
	{
		code:        "ict-ondersteuning",
		name:        "ICT-ondersteuning",
		description: "Je werkt met computers en printers: installeren, repareren, opschonen en klaarmaken voor hergebruik. Je helpt ook collega's met eenvoudige vragen.",
		load:        "laag",
		environment: "binnen",
		occupations: []occRef{
			{"b7aa4b4e-dbb6-4f58-b36c-35b9a7267972", "computerreparateur"},
			{"b493b10d-7131-4814-93bb-a2c1be4a095f", "monteur kantoormachines"},
		},
	},
	{
		code:        "straatreiniging",
		name:        "Straatreiniging en zwerfafval",
		description: "Je houdt straten, pleinen en parken schoon: vegen, zwerfafval prikken en prullenbakken legen. Je werkt buiten en zorgt voor een nette buurt.",
		load:        "hoog",
		environment: "buiten",
		occupations: []occRef{
			{"503ea267-93e9-4b8c-ae5e-817fe7e4a245", "straatveger"},
			{"e54683ca-1fc9-468d-b880-6544ff6b7d0b", "vuilnisophaler"},
		},
	},
	{
		code:        "recreatie-evenementen",
		name:        "Recreatie en evenementen",
		description: "Je helpt bij activiteiten en evenementen: opbouwen, bezoekers ontvangen, garderobe en kaartcontrole, en opruimen na afloop.",
		load:        "midden",
		environment: "beide",
		occupations: []occRef{
			{"e31c83ac-cb74-4936-88f1-90ed0997b29b", "medewerker recreatieactiviteiten"},
			{"26087cc4-6226-41b0-9f97-9564ebe90dce", "garderobemedewerker"},
			{"7f346896-a4fb-47a1-9572-13398bc297a6", "servicemedewerker bioscoop, theater"},
		},
	},
	{
		code:        "creatief-atelier",
		name:        "Creatief atelier",
		description: "Je maakt producten met je handen, zoals aardewerk, houtsnijwerk of beschilderde voorwerpen. Je werkt rustig en kunt je eigen ideeën gebruiken.",
		load:        "laag",
		environment: "binnen",
		occupations: []occRef{
			{"97896345-d102-4549-97a5-8851979e6938", "pottenbakker"},
			{"b9d03330-c71c-4827-8797-3e96249d54db", "houtsnijder"},
			{"41a51397-089d-459d-9b7e-f1cdee5ad6bb", "decoratieschilder"},
		},
	},
}

// transversalRef names a transversal ESCO skill chosen as a learning goal,
// with the ESCO transversal group (T-code) it belongs to.
type transversalRef struct {
	id, label, groupCode string
}

// transversalSkills are learning goals that matter for people far from the
// labour market more than any trade skill: showing up and keeping
// agreements, taking instructions and feedback, working with others,
// coping with stress, Dutch, and working safely and hygienically. They come
// from ESCO's transversal and language collections, which the occupations
// of ISCO groups 4-9 do not link to, so the shared data holds no group for
// them; the T-group written here is our reading of ESCO's transversal
// hierarchy (its label is still taken from the data).
var transversalSkills = []transversalRef{
	{"60c78287-22eb-4103-9c8c-28deaa460da0", "in teams werken", "T4.3"},
	{"5b0f2198-7246-4256-a902-4d9ce1260c80", "zorgen voor klantgerichtheid", "T4.2"},
	{"96de2e86-e287-41f2-88ab-15a2343afc6f", "conflicten oplossen", "T4.1"},
	{"113b4428-0a31-4199-8496-070af7854b91", "verbintenissen nakomen", "T3.2"},
	{"199f7919-5114-41b6-b6a5-41e0e4896ec1", "verantwoordelijkheid nemen", "T3.2"},
	{"d9013e0e-e937-43d5-ab71-0e917ee882b8", "tijd beheren", "T2.2"},
	{"05aa7c09-46e7-433f-a81b-92841f4551e7", "kritiek en begeleiding aanvaarden", "T3.3"},
	{"7a147904-22b3-498a-b4d9-7bceeb86b45d", "omgaan met stress", "T3.3"},
	{"1d1fedcb-4995-44ac-90f5-f31a157ce512", "omgaan met frustratie", "T3.3"},
	{"49de9958-2aa4-4eef-a89d-fe5d5bcd28c4", "zich aan verandering aanpassen", "T3.3"},
	{"c29aa9d2-4da8-4bdd-831c-8d4a2fb51730", "zelfstandig werken", "T3.1"},
	{"7a93e22f-54d8-4bf0-9213-d711f6601b49", "efficiënt werken", "T3.1"},
	{"83e6510b-ffeb-4aec-959c-4265fd0ff7b7", "gedetailleerd werken", "T3.1"},
	{"9cfd2219-553c-4d67-81e5-951e87c65135", "gedurende lange tijd geconcentreerd blijven", "T3.1"},
	{"9bf266a6-188b-4d17-a22f-2f266d76832b", "bereidheid tonen om te leren", "T3.4"},
	{"c44b765b-76fb-4a16-be7e-9925beee072c", "mondeling in het Nederlands communiceren", "T1.1"},
	{"347d33a8-3698-4549-a7de-722a0216ee40", "gesproken Nederlands begrijpen", "T1.1"},
	{"96ab25a3-c89b-43ea-833b-26b637c3b6ed", "geschreven Nederlands begrijpen", "T1.1"},
	{"19ba11f3-9c99-41fd-a7c9-f77e6a026186", "berekeningen uitvoeren", "T1.2"},
	{"6b2f8802-0cbf-436e-a37f-ca55ede41bbc", "digitale hardware bedienen", "T1.3"},
	{"adc6dc11-3376-467b-96c5-9b0a21edc869", "problemen oplossen", "T2.3"},
	{"b618584f-6bdf-4d8f-89a7-f28c2c95afc2", "voorschriften naleven", "T4.5"},
	{"bcf002ce-90f8-42e5-ac1b-5dba208639b0", "blijk geven van betrouwbaarheid", "T4.5"},
	{"d9449998-c1f5-478c-a103-2255398cf0b6", "hygiënenormen toepassen", "T6.1"},
	{"c4180af3-befd-4bd8-9a65-6a496f9d9f15", "zich bewust zijn van gezondheidsrisico’s", "T6.1"},
	{"ef7562b2-f176-4d7c-a0b2-27ae8cce0b7d", "reageren op fysieke veranderingen of gevaren", "T5.2"},
	{"b6bdf202-524f-475d-b813-2aa9af005c37", "objecten verplaatsen", "T5.1"},
	{"9c0f93f7-2592-4d4d-9673-fd640502345f", "met precisie gebruikmaken van apparatuur, gereedschap of technologie", "T5.1"},
}
