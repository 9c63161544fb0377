"""Words the generated data is made of: names, places and the sentences of everyday case work."""

FIRST_WOMEN = [
    "Anna", "Maria", "Karin", "Sara", "Emma", "Elin", "Fatima", "Amina", "Leyla", "Hodan",
    "Ida", "Linnea", "Maja", "Nour", "Zahra", "Sofia", "Hanna", "Malin", "Yasmin", "Aisha",
    "Jenny", "Lena", "Eva", "Kristina", "Marwa", "Ebba", "Saga", "Wilma", "Tove", "Ayan",
]  # fmt: skip
FIRST_MEN = [
    "Erik", "Lars", "Anders", "Johan", "Mohammed", "Ahmad", "Omar", "Ali", "Hassan", "Yusuf",
    "Karl", "Per", "Nils", "Oskar", "Elias", "Abdi", "Mustafa", "Daniel", "Mikael", "Jonas",
    "Filip", "Adam", "Ibrahim", "Samir", "Viktor", "Gustav", "Hamid", "Tesfay", "Bilal", "Axel",
]  # fmt: skip
FIRST = FIRST_WOMEN + FIRST_MEN
LAST = [
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
    "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Lindqvist", "Lindberg", "Sjöberg",
    "Åström", "Hassan", "Mohamed", "Ali", "Ahmadi", "Yilmaz", "Farah", "Abdullahi", "Nordin",
    "Berglund", "Holm", "Lundgren", "Sandberg", "Hosseini", "Tesfaye", "Öberg", "Ekström",
]  # fmt: skip
STREETS = [
    "Storgatan", "Nybrogatan", "Köpmangatan", "Skeppsbron", "Södra vägen", "Järnvägsgatan",
    "Parkgatan", "Kyrkogatan", "Björkvägen", "Tallstigen", "Älvgatan", "Strandvägen",
]  # fmt: skip
LANGUAGES = [
    "svenska", "arabiska", "somaliska", "dari", "tigrinja", "engelska", "persiska",
    "turkiska", "kurdiska", "polska", "finska", "ukrainska",
]  # fmt: skip
OFFICERS = [
    "Handläggare Eva Lund, socialtjänsten",
    "Arbetsförmedlingen, Sundsvall",
    "Handläggare Ali Farah, ekonomiskt bistånd",
    "Arbetsförmedlingen, Härnösand",
]
REASONS = [
    "Långvarigt försörjningsstöd; vill pröva sina kunskaper inom yrket.",
    "Arbetslivserfarenhet från hemlandet som behöver synliggöras.",
    "Har arbetat utan formell utbildning och vill få sina kunskaper erkända.",
    "Anvisad inom etableringsprogrammet; intresserad av validering.",
]
GOALS = [
    "Anställning inom lokalvård",
    "Kompetensbevis och arbete inom lager",
    "Validering inför studier på Komvux",
    "Arbete inom vård och omsorg",
]
BACKGROUNDS = [
    "Har arbetat flera år inom städ i hemlandet.",
    "Gymnasieutbildning; erfarenhet av truckkörning.",
    "Har vårdat anhöriga och arbetat som timanställd.",
    "Ingen formell utbildning; lång erfarenhet av praktiskt arbete.",
]
PAUSES = ["Sjukskrivning", "Föräldraledighet", "Utlandsvistelse"]
JOURNAL = [
    "Uppföljningssamtal om planen; deltagaren känner sig trygg inför bedömningen.",
    "Telefonsamtal: deltagaren var sjuk och vi bokade en ny tid.",
    "Besök på arbetsplatsen tillsammans med handledaren; arbetet fungerar bra.",
    "Samtal med tolk om vad valideringen innebär och vilka moment som återstår.",
    "Deltagaren har påbörjat SFI på kvällstid och vill fortsätta med valideringen.",
    "Genomgång av kartläggningen; flera lärandemål bedöms redo för bedömning.",
    "Handledning på praktikplatsen; arbetsgivaren nöjd med arbetsinsatsen.",
    "Anteckning: intyg från tidigare arbetsgivare har kommit in.",
]
FOLLOW_UPS = ["Uppföljning av planen", "Avstämning med handledare", "Uppföljning efter bedömning"]
MAPPING_NOTES = [
    "Har gjort detta dagligen i tidigare arbete.",
    "Visade under samtalet att hon kan momentet.",
    "Behöver mer träning innan bedömning.",
    "Intyg från arbetsgivare styrker erfarenheten.",
]
PLACES = ["Arbetsplats i kommunen", "Praktikplatsen", "Lärcentrum", "Kommunens lokaler"]
FIRMS = [
    "Städ & Fönsterputs", "Norrlands Lager", "Omsorgshuset", "Batteripark Service",
    "Kustens Logistik", "Hemtjänst Norr", "Fastighetsservice", "Älvdalens Städ",
]  # fmt: skip
NEED_TITLES = ["medarbetare", "lokalvårdare", "lagerarbetare", "undersköterska", "operatör"]
