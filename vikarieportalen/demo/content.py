"""The demo municipality's content: names, workplaces and the seed page's texts (in Swedish).

The texts come from the municipality's own web page for substitutes, with its typos mended.
"""

from __future__ import annotations

import datetime as dt

GIVEN_NAMES = [
    "Sara",
    "Åsa",
    "Björn",
    "Märta",
    "Örjan",
    "Göran",
    "Måns",
    "Linnéa",
    "Elsa",
    "Maja",
    "Alva",
    "Wilma",
    "Ebba",
    "Saga",
    "Hugo",
    "Oskar",
    "Elias",
    "Ali",
    "Fatima",
    "Mohammed",
    "Aisha",
    "Amina",
    "Yusuf",
    "Zeynep",
    "Mehmet",
    "Olga",
    "Natalia",
    "Tomasz",
    "Agnieszka",
    "Jorge",
    "María",
    "Lucía",
    "Nguyen Van",
    "Thu",
    "Priya",
    "Arjun",
    "Kofi",
    "Abebe",
    "Hodan",
    "Liam",
    "Noah",
    "Ella",
    "Ines",
    "Jörgen",
    "Ulrika",
    "Kerstin",
    "Anders",
    "Per",
    "Lena",
    "Karin",
    "Johan",
    "Sofia",
    "Zoë",
    "Chloé",
    "Aleksandr",
    "Ingrid",
    "Sigrid",
    "Håkan",
    "Bo",
    "Li",
    "Ahmad",
    "Parisa",
    "Seyed",
    "Daniel",
]
FAMILY_NAMES = [
    "Johansson",
    "Andersson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Öberg",
    "Åkesson",
    "Ekström",
    "Hägg",
    "Lindqvist-Berg",
    "von Essen",
    "de la Cruz",
    "Al-Hassan",
    "Nguyen",
    "Yılmaz",
    "Kowalski",
    "O'Brien",
    "Mäkinen",
    "Ali",
    "Hussein",
    "Abdi",
    "Ahmadi",
    "Karlsson Björk",
    "Sjöström",
    "Bäckström",
    "Lundén",
    "Dahl",
    "Åström",
    "Ström",
    "Mohamud",
    "Haddad",
    "Petrović",
    "Novák",
    "García López",
    "Fernández",
    "Kaya",
    "Öztürk",
    "Rahimi",
    "Said",
    "Tesfaye",
    "Mensah",
    "Zhang",
    "Wang",
    "Li",
    "Singh",
    "Sandberg",
    "Holm",
    "Wikström",
    "Fors",
    "Lind",
    "Hedlund",
    "Jönsson",
    "Ek",
    "Ng",
    "Wu",
]

# The first substitute is the seed page's own example: JOSA9804.
FIRST_SUBSTITUTE = ("Sara", "Johansson", dt.date(1998, 4, 4))

WORKPLACES = [
    (
        "Solbackens äldreboende",
        "elderly_care",
        "Solbacksvägen 4, 681 42 Kristinehamn",
        "0550-880 10",
    ),
    (
        "Björkgårdens vård- och omsorgsboende",
        "elderly_care",
        "Björkgatan 12, 681 31 Kristinehamn",
        "0550-880 20",
    ),
    ("Ekhagens äldreboende", "elderly_care", "Ekhagsvägen 2, 681 53 Kristinehamn", "0550-880 30"),
    ("Hemtjänst Centrum", "home_care", "Kungsgatan 30, 681 30 Kristinehamn", "0550-881 10"),
    ("Hemtjänst Norr", "home_care", "Norra Allén 7, 681 35 Kristinehamn", "0550-881 20"),
    ("Hemtjänst Söder", "home_care", "Södra Torggatan 3, 681 32 Kristinehamn", "0550-881 30"),
    ("Gruppbostad Lärkan", "disability", "Lärkvägen 9, 681 50 Kristinehamn", "0550-882 10"),
    ("Daglig verksamhet Kvarnen", "disability", "Kvarngatan 1, 681 33 Kristinehamn", "0550-882 20"),
    ("Strandskolan F–6", "school", "Strandvägen 20, 681 37 Kristinehamn", "0550-883 10"),
    ("Västra skolan 7–9", "school", "Västra Storgatan 44, 681 34 Kristinehamn", "0550-883 20"),
    ("Kvarnbackens skola", "school", "Kvarnbacken 5, 681 51 Kristinehamn", "0550-883 30"),
    ("Förskolan Ugglan", "preschool", "Ugglevägen 3, 681 43 Kristinehamn", "0550-884 10"),
    ("Förskolan Snäckan", "preschool", "Snäckvägen 8, 681 45 Kristinehamn", "0550-884 20"),
    ("Förskolan Tallbacken", "preschool", "Tallbacksgatan 11, 681 52 Kristinehamn", "0550-884 30"),
    ("Förskolan Regnbågen", "preschool", "Regnbågsvägen 6, 681 54 Kristinehamn", "0550-884 40"),
]

# (preferred given name, family name, birth date, role, employee number, title)
STAFF = [
    ("Louise", "Lidman", dt.date(1975, 3, 14), "staffing_centre", "P20001", "Bemanningschef"),
    ("Mikael", "Strand", dt.date(1982, 2, 2), "staffing_centre", "P20002", "Bemanningsplanerare"),
    ("Nadia", "Rahimi", dt.date(1990, 1, 27), "staffing_centre", "P20003", "Bemanningsplanerare"),
    ("Eva", "Lönnqvist", dt.date(1968, 6, 30), "payroll", "P20011", "Lönespecialist"),
    ("Jonas", "Berglund", dt.date(1985, 12, 8), "payroll", "P20012", "Lönehandläggare"),
    ("Helena", "Åberg", dt.date(1979, 2, 19), "hr_service", "P20021", "HR-handläggare"),
    ("Karin", "Västlund", dt.date(1988, 4, 11), "editor", "P20031", "Kommunikatör"),
    (
        "Admin",
        "Systemförvaltare",
        dt.date(1980, 1, 1),
        "administrator",
        "P20041",
        "Systemförvaltare",
    ),
]

MANAGERS = [
    ("Anna", "Ekholm", dt.date(1972, 4, 21)),
    ("Stefan", "Hallberg", dt.date(1969, 8, 5)),
    ("Maria", "Lindgren", dt.date(1977, 12, 1)),
    ("Ahmed", "Yousef", dt.date(1981, 5, 16)),
    ("Kristina", "Sjöberg", dt.date(1974, 10, 9)),
    ("Peter", "Wallin", dt.date(1966, 3, 3)),
    ("Camilla", "Norén", dt.date(1983, 5, 28)),
    ("Tove", "Ågren", dt.date(1986, 2, 17)),
    ("Erik", "Bergqvist", dt.date(1970, 1, 13)),
    ("Lejla", "Hodžić", dt.date(1984, 6, 24)),
    ("Fredrik", "Ståhl", dt.date(1978, 2, 8)),
    ("Johanna", "Älvström", dt.date(1987, 11, 29)),
]

HOME_INTRO = (
    "<p>Vikarieportalen samlar all viktig information som berör dig som timvikarie. Här hittar du "
    "genvägar till kommunens system, introduktionsutbildningar, nyheter, interna jobbannonser och "
    "annan viktig information som du kan ha användning för.</p>"
)

# (title, body html, starts_at date, level)
NOTICES = [
    (
        "Vikarieportalen flyttar till internwebben",
        "<p>Vikarieportalen som finns på kristinehamn.se flyttar till kommunens nya internwebb. Det "
        "betyder att Vikarieportalen på kristinehamn.se släcks ned i juni och du som timvikarie hittar "
        "information på internwebben istället.</p>",
        dt.date(2026, 5, 1),
        "info",
    ),
    (
        "Ny version av Time Care Pool",
        "<p>Från och med den 18 februari släcks den förra versionen av Time Care Pool och den nya "
        "versionen av systemet tar vid.</p>",
        dt.date(2026, 2, 1),
        "warning",
    ),
]

# (name, role, phone, email, note, show in footer, [(weekdays, opens, closes), …])
CONTACTS = [
    (
        "Bemanningscentrum",
        "Bokningar, tillgänglighet och fler arbetsplatser",
        "0550-858 89",
        "bemanningscentrum@kristinehamn.se",
        "",
        True,
        [
            (range(0, 5), dt.time(6, 30), dt.time(11, 30)),
            (range(0, 5), dt.time(12, 30), dt.time(16, 0)),
            (range(5, 7), dt.time(6, 30), dt.time(14, 0)),
        ],
    ),
    (
        "Louise Lidman",
        "Bemanningschef",
        "0550-858 49",
        "louise.lidman@kristinehamn.se",
        "",
        False,
        [],
    ),
    (
        "Lönecentrum",
        "Frågor om lön, skatt och intyg",
        "0550-869 60",
        "",
        "Du når lönecentrum genom tjänsten Fråga lönesupport. Logga in med BankID, sms eller tjänstekort.",
        False,
        [(range(0, 5), dt.time(8, 0), dt.time(12, 0))],
    ),
]

FAQ_INTRO = "<p>Svar på de vanligaste frågorna från timvikarier.</p>"

# (topic, question, answer html, anchor). The seed page sent people to Visma, TimeCare and
# konto.kristinehamn.se; the answers now lead to the portal's own pages, which do those things.
FAQ = [
    (
        "Logga in",
        "Hur loggar jag in i Vikarieportalen?",
        "<p>Vikarieportalen öppnar du i en vanlig webbläsare, på datorn eller i mobilen. Är du på "
        "jobbet och ansluten till kommunens nätverk ser du nyheter, utbildningar och andra sidor "
        "utan att logga in.</p>"
        '<p>Hemifrån, och för dina egna sidor som <a href="/bemanning/mina-pass/">Mina pass</a>, '
        'loggar du in på <a href="/konto/logga-in/">Logga in</a> med ditt användarnamn och '
        'lösenord. För sidor med dina personuppgifter, som <a href="/intyg/">Mina intyg</a>, '
        "loggar du in med BankID, lösenord och en kod per sms eller tjänstekort.</p>",
        "logga-in-internwebben",
    ),
    (
        "Logga in",
        "Ska du logga in för första gången?",
        "<p>När Medarbetarservice har registrerat dig får du ett sms med en länk. Öppna länken och "
        'välj ett lösenord. Sedan loggar du in på <a href="/konto/logga-in/">Logga in</a> med '
        "ditt användarnamn och lösenordet.</p>"
        "<p>Ditt användarnamn är de två första bokstäverna i ditt efternamn + den första och sista "
        "bokstaven i ditt tilltalsnamn + ditt födelseår + din födelsedag.</p>"
        "<p>Exempel: Sara Johansson är född år 98 och fyller år den 4 april, användarnamnet blir då "
        "JOSA9804.</p>",
        "forsta-inloggningen",
    ),
    (
        "Logga in",
        "Kommer du inte in?",
        "<p>Om du inte kommer in för att lösenordet är fel kan du välja ett nytt under "
        '<a href="/konto/aterstall/">Glömt lösenordet?</a>. Du får en kod per sms till det '
        "mobilnummer du har registrerat.</p>"
        "<p>När du har bytt lösenord kan du testa att logga in igen. Har du inte kvar det "
        "mobilnumret, ring bemanningscentrum.</p>",
        "kommer-inte-in",
    ),
    (
        "Lösenord",
        "Vilka krav gäller för lösenordet?",
        "<p>Lösenordet måste vara minst 12 tecken och uppfylla minst 3 av 4 kriterier (minst ett "
        "specialtecken, minst en siffra, minst en stor bokstav, minst en liten bokstav). Lösenordet "
        "får inte innehålla å, ä eller ö eller vara ditt namn. Det får inte heller vara ett vanligt "
        "ord eller lösenord med siffror eller tecken tillagda, som Sommar2026!! eller P@ssw0rd.</p>",
        "krav-pa-losenord",
    ),
    (
        "Lösenord",
        "Hur ofta måste jag byta lösenord?",
        "<p>Du behöver byta ditt lösenord regelbundet. Fem dagar innan du måste byta ditt lösenord "
        "får du som vikarie ett sms om detta.</p>"
        '<p>Du byter lösenord under <a href="/konto/mina-uppgifter/">Mina uppgifter</a> → '
        '<a href="/konto/byt-losenord/">Byt lösenord</a>.</p>',
        "byta-losenord",
    ),
    (
        "Lösenord",
        "Jag har glömt mitt lösenord",
        "<p>Om du glömmer ditt lösenord kan du lätt välja ett nytt under "
        '<a href="/konto/aterstall/">Glömt lösenordet?</a> på inloggningssidan. Där anger du ditt '
        "användarnamn, skriver in koden du får per sms och väljer sedan ett nytt lösenord.</p>",
        "glomt-losenord",
    ),
    (
        "E-post",
        "Var läser jag min e-post?",
        "<p>Du kan alltid läsa din e-post på https://outlook.kristinehamn.se oavsett om du är på "
        "jobbet eller hemma. Du loggar in med dina vanliga inloggningsuppgifter, alltså uppgifterna "
        "du loggar in med till en dator eller som du använder till kommunens intranät.</p>"
        "<p>Vikarieportalen skickar e-post till adressen under "
        '<a href="/konto/mina-uppgifter/">Mina uppgifter</a>. Där kan du också '
        '<a href="/konto/mina-uppgifter/e-post/">byta e-postadress</a>.</p>',
        "e-post",
    ),
    (
        "Bokningar och arbetsplatser",
        "Jag har fått ett nytt telefonnummer",
        "<p>Om du får ett nytt mobilnummer ändrar du det själv under "
        '<a href="/konto/mina-uppgifter/mobil/">Mina uppgifter → Mobilnummer</a>, så att sms om '
        "bokningar och förfrågningar når dig. Du får en kod till det nya numret som du skriver in "
        "för att bekräfta bytet.</p>",
        "nytt-telefonnummer",
    ),
    (
        "Bokningar och arbetsplatser",
        "Jag vill vikariera på fler arbetsplatser",
        "<p>Om du vill vikariera på fler arbetsplatser ansöker du under "
        '<a href="/bemanning/fler-arbetsplatser/">Fler arbetsplatser</a>. Bemanningscentrum går '
        "först igenom din ansökan och sedan beslutar chefen på arbetsplatsen. Du får ett sms efter "
        "varje steg.</p>",
        "fler-arbetsplatser",
    ),
    (
        "Lön och intyg",
        "Hur kontaktar jag lönecentrum?",
        '<p>Du når lönecentrum genom tjänsten <a href="/lonesupport/">Fråga lönesupport</a>. '
        "Logga in med BankID, en kod per sms eller tjänstekort.</p><p>Lönecentrum nås även på vardagar mellan "
        "08 och 12 på telefon 0550-869 60.</p>",
        "kontakta-lonecentrum",
    ),
    (
        "Lön och intyg",
        "Vilka intyg kan jag beställa?",
        '<p>Under <a href="/intyg/">Mina intyg</a> kan du beställa följande intyg, som '
        "Medarbetarservice sedan tar fram:</p><ul><li>Arbetsgivarintyg</li>"
        "<li>Tjänstgöringsintyg</li><li>Intyg om förlorad arbetsinkomst</li><li>Uppgifter om "
        "årsinkomst</li></ul><p>Logga in med BankID, en kod per sms eller tjänstekort.</p>",
        "bestalla-intyg",
    ),
]
