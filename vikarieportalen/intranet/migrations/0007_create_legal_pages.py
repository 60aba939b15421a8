"""The pages the law requires, in Swedish under the start page and in English under its translation.

The accessibility statement (lagen om tillgänglighet till digital offentlig service, with the
structure of Digg's template), the privacy notice and the cookies page. Their text is a starting
point: the municipality fills in what is marked [FYLL I: …] / [FILL IN: …] and reviews the rest in
the CMS (docs/intranet.md). Each page is found by a fixed translation key, so running this again (or
the demo after it) makes nothing twice, and an editor's new title or slug does not matter.
"""

import uuid

from django.conf import settings
from django.db import migrations
from django.db.models import F
from django.utils import timezone

ACCESSIBILITY_KEY = uuid.UUID("64acf545-f2af-454f-a253-240898c1a87a")
PRIVACY_KEY = uuid.UUID("403ae514-a718-4655-9264-cd67dc9d5afd")
COOKIES_KEY = uuid.UUID("0c3316de-4c22-4c88-b574-0a291493c9ed")

ENGLISH_HOME = {
    "title": "Substitute portal",
    "slug": "substitute-portal",
    "intro": (
        "<p>The substitute portal gathers everything you need as an hourly substitute: shortcuts to "
        "the municipality's systems, introduction trainings, news and internal job ads.</p>"
    ),
}

ACCESSIBILITY_SV = """\
<p>Kommunen står bakom Vikarieportalen. Vi vill att så många som möjligt ska kunna använda \
webbplatsen. Den här tillgänglighetsredogörelsen beskriver hur Vikarieportalen uppfyller lagen om \
tillgänglighet till digital offentlig service, kända tillgänglighetsproblem och hur du kan \
rapportera brister till oss så att vi kan åtgärda dem.</p>
<h2>Hur tillgänglig är webbplatsen?</h2>
<p>Vi vet att delar av webbplatsen inte är helt tillgängliga. Se avsnittet om innehåll som inte är \
tillgängligt nedan.</p>
<h2>Vad kan du göra om du inte kan använda delar av webbplatsen?</h2>
<p>Om du behöver innehåll från Vikarieportalen som inte är tillgängligt för dig, men som är \
undantaget från lagens tillämpningsområde enligt beskrivningen nedan, kan du meddela oss. Vi svarar \
normalt inom [FYLL I: antal] arbetsdagar.</p>
<p>Du når oss så här:</p>
<ul>
<li>e-post: [FYLL I: e-postadress]</li>
<li>telefon: [FYLL I: telefonnummer och telefontider]</li>
</ul>
<h2>Rapportera brister i webbplatsens tillgänglighet</h2>
<p>Vi strävar hela tiden efter att förbättra webbplatsens tillgänglighet. Om du upptäcker problem \
som inte är beskrivna på den här sidan, eller om du anser att vi inte uppfyller lagens krav, \
meddela oss så att vi får veta att problemet finns. Skriv gärna vilken sida det gäller och vad som \
inte fungerade. Skicka e-post till [FYLL I: e-postadress] eller ring [FYLL I: telefonnummer].</p>
<h2>Tillsyn</h2>
<p>Myndigheten för digital förvaltning (Digg) har ansvaret för tillsyn över lagen om tillgänglighet \
till digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du \
<a href="https://www.digg.se/tdosanmalan">kontakta Digg och påtala det</a>.</p>
<h2>Teknisk information om webbplatsens tillgänglighet</h2>
<p>Vikarieportalen är delvis förenlig med lagen om tillgänglighet till digital offentlig service, \
på grund av de brister som beskrivs nedan. Lagens krav motsvarar standarden EN 301 549 och \
riktlinjerna WCAG 2.1 på nivå AA.</p>
<h3>Innehåll som inte är tillgängligt</h3>
<p>Det innehåll som beskrivs nedan är på ett eller annat sätt inte helt tillgängligt. [FYLL I: \
kommunen kompletterar listan efter sin granskning.]</p>
<h3>Bristande förenlighet med lagkraven</h3>
<ul>
<li>Dokument som redaktörer laddar upp, till exempel checklistor i PDF-format, kan sakna \
rubrikstruktur och annan information som skärmläsare behöver (WCAG 1.3.1).</li>
<li>Intyg som du laddar ned som PDF kan vara svåra att läsa med skärmläsare, eftersom de inte är \
taggade (WCAG 1.3.1).</li>
<li>Redigeringsverktyget som redaktörerna använder är en produkt från en annan leverantör och har \
inte granskats lika noga som resten av webbplatsen.</li>
</ul>
<h3>Oskälig börda</h3>
<p>Vi åberopar inte undantaget för oskälig börda för något innehåll.</p>
<h3>Innehåll som inte omfattas av lagstiftningen</h3>
<p>Webbplatser som genvägarna och introduktionsutbildningarna länkar till, och som kommunen varken \
har tagit fram eller kontrollerar, omfattas inte av den här redogörelsen.</p>
<h2>Hur vi testat webbplatsen</h2>
<p>Vi har gjort en självskattning (intern testning) av Vikarieportalen. Varje sida kontrolleras \
automatiskt med verktyget axe mot WCAG 2.1 nivå A och AA, på svenska och på engelska och i \
mobilformat, varje gång webbplatsen ändras. Automatiska test hittar inte alla brister. [FYLL I: \
när, hur och av vem webbplatsen senast granskades manuellt.]</p>
<p>Senaste bedömningen gjordes den [FYLL I: datum].</p>
<p>Webbplatsen publicerades den [FYLL I: datum].</p>
<p>Redogörelsen uppdaterades senast den [FYLL I: datum].</p>
"""

ACCESSIBILITY_EN = """\
<p>The municipality is responsible for the substitute portal. We want as many people as possible to \
be able to use it. This accessibility statement describes how the substitute portal complies with \
the Swedish Act on accessibility to digital public services, known accessibility problems and how \
you can report shortcomings to us so that we can fix them.</p>
<h2>How accessible is the website?</h2>
<p>We know that parts of the website are not fully accessible. See the section on content that is \
not accessible below.</p>
<h2>What can you do if you cannot use parts of the website?</h2>
<p>If you need content from the substitute portal that is not accessible to you, but which is \
exempt from the act as described below, you can let us know. We normally reply within [FILL IN: \
number] working days.</p>
<p>You can reach us like this:</p>
<ul>
<li>e-mail: [FILL IN: e-mail address]</li>
<li>phone: [FILL IN: phone number and opening hours]</li>
</ul>
<h2>Report shortcomings in the website's accessibility</h2>
<p>We are always working to make the website more accessible. If you find problems that are not \
described on this page, or if you think that we do not meet the requirements of the act, let us \
know so that we learn of the problem. Please tell us which page it concerns and what did not work. \
Send an e-mail to [FILL IN: e-mail address] or call [FILL IN: phone number].</p>
<h2>Supervision</h2>
<p>The Agency for Digital Government (Digg) supervises the Act on accessibility to digital public \
services. If you are not satisfied with how we handle your comments, you can \
<a href="https://www.digg.se/tdosanmalan">contact Digg and report it</a> (the form is in \
Swedish).</p>
<h2>Technical information about the website's accessibility</h2>
<p>The substitute portal partially complies with the Act on accessibility to digital public \
services, because of the shortcomings described below. The act's requirements correspond to the \
standard EN 301 549 and the guidelines WCAG 2.1 at level AA.</p>
<h3>Content that is not accessible</h3>
<p>The content described below is in one way or another not fully accessible. [FILL IN: the \
municipality completes the list after its review.]</p>
<h3>Non-compliance with the requirements</h3>
<ul>
<li>Documents that editors upload, for example checklists in PDF format, may lack the heading \
structure and other information that screen readers need (WCAG 1.3.1).</li>
<li>Certificates that you download as PDF may be hard to read with a screen reader, because they \
are not tagged (WCAG 1.3.1).</li>
<li>The editing tool the editors use is a product from another supplier and has not been reviewed \
as thoroughly as the rest of the website.</li>
</ul>
<h3>Disproportionate burden</h3>
<p>We do not claim the exemption for disproportionate burden for any content.</p>
<h3>Content not within the scope of the act</h3>
<p>Websites that the shortcuts and the introduction trainings link to, which the municipality has \
neither produced nor controls, are not covered by this statement.</p>
<h2>How we tested the website</h2>
<p>We have made a self-assessment (internal testing) of the substitute portal. Every page is checked \
automatically with the tool axe against WCAG 2.1 levels A and AA, in Swedish and in English and on a \
phone-sized screen, every time the website changes. Automatic tests do not find every shortcoming. \
[FILL IN: when, how and by whom the website was last reviewed by hand.]</p>
<p>The latest assessment was made on [FILL IN: date].</p>
<p>The website was published on [FILL IN: date].</p>
<p>This statement was last updated on [FILL IN: date].</p>
"""

PRIVACY_SV = """\
<p>Här beskriver vi hur kommunen behandlar dina personuppgifter när du använder Vikarieportalen, \
och vilka rättigheter du har enligt dataskyddsförordningen (GDPR).</p>
<h2>Personuppgiftsansvarig</h2>
<p>Kommunen är personuppgiftsansvarig för behandlingen av personuppgifter i Vikarieportalen. \
[FYLL I: vilken nämnd som är personuppgiftsansvarig, organisationsnummer, postadress och \
kontaktuppgifter.]</p>
<h2>Vilka personuppgifter vi behandlar</h2>
<ul>
<li>Namn, födelsedatum, personnummer, anställningsnummer, mobilnummer och e-postadress.</li>
<li>Vilka verksamheter och arbetsplatser du arbetar i, när du kan arbeta, vilka pass du är bokad på \
och vilka timmar du har arbetat.</li>
<li>Underlag för lön, intyg som du beställer och dina ärenden till lönesupport.</li>
<li>Vilka introduktionsutbildningar du har gått.</li>
<li>Sms som vi skickar till dig och dina svar.</li>
<li>Uppgifter om inloggningar (tidpunkt, IP-adress och webbläsare) och en logg över vem som har \
tagit del av eller ändrat uppgifter om dig.</li>
</ul>
<h2>Varför vi behandlar uppgifterna och med vilket stöd</h2>
<ul>
<li><strong>Bemanning:</strong> att erbjuda och boka pass, skicka sms om pass och hålla reda på \
arbetstid och vila. Rättslig grund: avtal (ditt anställningsavtal) och rättslig förpliktelse \
(bland annat arbetstidslagen och lagen om anställningsskydd).</li>
<li><strong>Lön och intyg:</strong> att betala ut rätt lön och utfärda intyg, till exempel \
arbetsgivarintyg. Rättslig grund: avtal och rättslig förpliktelse (bland annat skatte-, \
bokförings- och socialförsäkringslagstiftningen).</li>
<li><strong>Introduktion:</strong> att du får den introduktion du behöver innan du arbetar i en \
verksamhet. Rättslig grund: rättslig förpliktelse (arbetsmiljölagen) och avtal.</li>
<li><strong>Säkerhet:</strong> att skydda uppgifterna och kunna se vem som har tagit del av dem. \
Rättslig grund: rättslig förpliktelse (dataskyddsförordningens krav på säkerhet).</li>
</ul>
<p>[FYLL I: kommunen stämmer av ändamål och rättsliga grunder mot sin förteckning över \
behandlingar.]</p>
<h2>Vilka som får ta del av uppgifterna</h2>
<p>Uppgifterna används av dem i kommunen som behöver dem i sitt arbete: bemanningscentrum, chefer \
på arbetsplatser där du arbetar, lönecentrum och HR. Vi anlitar leverantörer \
(personuppgiftsbiträden) för drift och för att skicka sms. De får bara behandla uppgifterna enligt \
våra instruktioner. [FYLL I: vilka personuppgiftsbiträden kommunen anlitar.] Vi lämnar uppgifter \
till Skatteverket, Försäkringskassan och andra myndigheter när lagen kräver det. Vi för inte över \
dina uppgifter till länder utanför EU/EES. [FYLL I: bekräfta.]</p>
<p>Kommunen är en myndighet. Handlingar som kommer in till oss eller som vi upprättar är allmänna \
handlingar. Vem som helst kan begära att få ta del av dem, om inte uppgifterna omfattas av \
sekretess enligt offentlighets- och sekretesslagen.</p>
<h2>Hur länge vi sparar uppgifterna</h2>
<p>Vi sparar uppgifterna medan du är timvikarie hos oss och så länge de behövs för ändamålen ovan. \
Därefter gallras de, om inte lagen kräver att vi sparar dem längre. Underlag för lön sparas i sju \
år enligt bokföringslagen. Allmänna handlingar bevaras eller gallras enligt arkivlagen och \
kommunens informationshanteringsplan. [FYLL I: gallringsfrister enligt informationshanteringsplanen.]</p>
<h2>Dina rättigheter</h2>
<p>Du har rätt att</p>
<ul>
<li>få veta vilka uppgifter vi behandlar om dig (registerutdrag),</li>
<li>få felaktiga uppgifter rättade,</li>
<li>i vissa fall få uppgifter raderade eller behandlingen begränsad – uppgifter i allmänna handlingar \
får vi dock bara radera enligt arkivlagens regler,</li>
<li>invända mot behandling som grundar sig på ett allmänt intresse eller på myndighetsutövning,</li>
<li>få ut uppgifter som du själv har lämnat i ett maskinläsbart format, när behandlingen grundar \
sig på avtal (dataportabilitet).</li>
</ul>
<p>Många av uppgifterna ser du själv under Mina uppgifter när du är inloggad. Kontakta [FYLL I: \
e-postadress eller funktion] om du vill använda dina rättigheter.</p>
<h2>Dataskyddsombud</h2>
<p>Kommunen har ett dataskyddsombud som ser till att kommunen följer dataskyddsreglerna. Du kan \
vända dig till dataskyddsombudet med frågor om hur dina personuppgifter behandlas: [FYLL I: \
e-postadress och telefonnummer].</p>
<h2>Klagomål</h2>
<p>Om du anser att vi behandlar dina personuppgifter felaktigt kan du lämna ett klagomål till \
Integritetsskyddsmyndigheten (IMY), <a href="https://www.imy.se/">imy.se</a>.</p>
<h2>Kakor</h2>
<p>Vilka kakor webbplatsen använder står på sidan Kakor (cookies), som du hittar längst ned på \
varje sida.</p>
"""

PRIVACY_EN = """\
<p>This page describes how the municipality processes your personal data when you use the \
substitute portal, and the rights you have under the General Data Protection Regulation (GDPR).</p>
<h2>Controller</h2>
<p>The municipality is the controller for the processing of personal data in the substitute \
portal. [FILL IN: which committee is the controller, its organisation number, postal address and \
contact details.]</p>
<h2>What personal data we process</h2>
<ul>
<li>Name, date of birth, personal identity number, employee number, mobile number and e-mail \
address.</li>
<li>The areas of work and workplaces you work in, when you can work, the shifts you are booked on and \
the hours you have worked.</li>
<li>The basis for your pay, certificates you order and your cases with payroll support.</li>
<li>The introduction trainings you have completed.</li>
<li>Text messages we send you and your replies.</li>
<li>Details of logins (time, IP address and browser) and a log of who has read or changed data about \
you.</li>
</ul>
<h2>Why we process the data and on what legal basis</h2>
<ul>
<li><strong>Staffing:</strong> to offer and book shifts, send text messages about shifts and keep \
track of working hours and rest. Legal basis: contract (your employment contract) and legal \
obligation (among others the Working Hours Act and the Employment Protection Act).</li>
<li><strong>Pay and certificates:</strong> to pay the right wages and issue certificates, such as \
the employer's certificate. Legal basis: contract and legal obligation (among others tax, \
accounting and social insurance law).</li>
<li><strong>Introduction:</strong> so that you get the introduction you need before you work in a \
service. Legal basis: legal obligation (the Work Environment Act) and contract.</li>
<li><strong>Security:</strong> to protect the data and to see who has read it. Legal basis: legal \
obligation (the security requirements of the GDPR).</li>
</ul>
<p>[FILL IN: the municipality checks the purposes and legal bases against its record of processing \
activities.]</p>
<h2>Who receives the data</h2>
<p>The data is used by the people in the municipality who need it for their work: the staffing \
centre, managers at workplaces where you work, the payroll centre and HR. We use suppliers \
(processors) for hosting and for sending text messages. They may only process the data on our \
instructions. [FILL IN: which processors the municipality uses.] We give data to the Swedish Tax \
Agency, the Social Insurance Agency and other authorities when the law requires it. We do not \
transfer your data to countries outside the EU/EEA. [FILL IN: confirm.]</p>
<p>The municipality is a public authority. Documents we receive or draw up are official documents. \
Anyone may ask to see them, unless the information is confidential under the Public Access to \
Information and Secrecy Act.</p>
<h2>How long we keep the data</h2>
<p>We keep the data while you work as a substitute for us and as long as it is needed for the \
purposes above. After that it is deleted, unless the law requires us to keep it longer. The basis \
for pay is kept for seven years under the Accounting Act. Official documents are kept or deleted \
under the Archives Act and the municipality's records management plan. [FILL IN: retention periods \
from the records management plan.]</p>
<h2>Your rights</h2>
<p>You have the right to</p>
<ul>
<li>know what data we process about you (a copy of your data),</li>
<li>have incorrect data corrected,</li>
<li>in some cases have data erased or its processing restricted – data in official documents, \
however, may only be erased under the rules of the Archives Act,</li>
<li>object to processing based on a public interest or the exercise of official authority,</li>
<li>receive data you have given us yourself in a machine-readable format, when the processing is \
based on a contract (data portability).</li>
</ul>
<p>You can see much of the data yourself under My details when you are logged in. Contact [FILL IN: \
e-mail address or function] to use your rights.</p>
<h2>Data protection officer</h2>
<p>The municipality has a data protection officer who makes sure that the municipality follows the \
data protection rules. You can ask the data protection officer about how your personal data is \
processed: [FILL IN: e-mail address and phone number].</p>
<h2>Complaints</h2>
<p>If you think that we process your personal data wrongly, you can lodge a complaint with the \
Swedish Authority for Privacy Protection (IMY), <a href="https://www.imy.se/">imy.se</a>.</p>
<h2>Cookies</h2>
<p>The cookies the website uses are listed on the page Cookies, linked at the foot of every \
page.</p>
"""

# The names are production's (config/settings/production.py); intranet/tests/pages/test_legal_pages.py
# fails when a cookie's name in the settings is not on the page.
COOKIES_SV = """\
<p>En kaka (cookie) är en liten textfil som en webbplats sparar i din webbläsare. Enligt lagen om \
elektronisk kommunikation ska du få veta vilka kakor en webbplats använder och varför.</p>
<p>Vikarieportalen använder bara kakor som behövs för att webbplatsen ska fungera, och de kräver \
därför inget samtycke. Vi använder inga kakor för statistik eller marknadsföring, och sidorna hämtar \
inget innehåll från andra webbplatser som skulle kunna sätta egna kakor.</p>
<h2>Kakor som Vikarieportalen använder</h2>
<ul>
<li><strong>__Host-sessionid</strong> – håller dig inloggad. Sätts när du loggar in och tas bort när \
du loggar ut. Gäller i högst åtta timmar, och efter 30 minuter utan aktivitet loggas du ut.</li>
<li><strong>__Host-csrftoken</strong> – skyddar formulären, till exempel inloggningen och \
språkknappen, mot förfalskade anrop från andra webbplatser. Sparas i ett år.</li>
<li><strong>vp_language</strong> – kommer ihåg om du har valt svenska eller engelska. Sätts när du \
byter språk och tas bort när du stänger webbläsaren.</li>
<li><strong>messages</strong> – visar ett kort besked efter att du har gjort något, till exempel att \
en ändring är sparad. Tas bort så snart beskedet har visats.</li>
<li><strong>wagtail_sidebar_collapsed</strong> – bara för redaktörer i redigeringsverktyget: kommer \
ihåg om menyn är hopfälld. Tas bort när du stänger webbläsaren.</li>
</ul>
<h2>Om du inte vill ha kakor</h2>
<p>Du kan ställa in din webbläsare så att den inte tar emot kakor, eller så att den tar bort dem när \
du stänger den. Utan kakor kan du läsa sidorna men inte logga in, byta språk eller skicka \
formulär.</p>
<p>Post- och telestyrelsen (PTS) har tillsyn över reglerna om kakor, se \
<a href="https://www.pts.se/">pts.se</a>.</p>
"""

COOKIES_EN = """\
<p>A cookie is a small text file that a website stores in your browser. Under the Swedish Electronic \
Communications Act you have the right to know which cookies a website uses and why.</p>
<p>The substitute portal only uses cookies that the website needs in order to work, so they do not \
need your consent. We use no cookies for statistics or marketing, and the pages load no content \
from other websites that could set cookies of their own.</p>
<h2>Cookies the substitute portal uses</h2>
<ul>
<li><strong>__Host-sessionid</strong> – keeps you logged in. Set when you log in and removed when you \
log out. Lasts at most eight hours, and you are logged out after 30 minutes without activity.</li>
<li><strong>__Host-csrftoken</strong> – protects the forms, such as the login and the language \
button, against forged requests from other websites. Kept for a year.</li>
<li><strong>vp_language</strong> – remembers whether you chose Swedish or English. Set when you \
change the language and removed when you close the browser.</li>
<li><strong>messages</strong> – shows a short message after you have done something, for example \
that a change was saved. Removed as soon as the message has been shown.</li>
<li><strong>wagtail_sidebar_collapsed</strong> – only for editors in the editing tool: remembers \
whether the menu is collapsed. Removed when you close the browser.</li>
</ul>
<h2>If you do not want cookies</h2>
<p>You can set your browser to refuse cookies, or to remove them when you close it. Without cookies \
you can read the pages but not log in, change the language or send forms.</p>
<p>The Swedish Post and Telecom Authority (PTS) supervises the rules on cookies, see \
<a href="https://www.pts.se/">pts.se</a>.</p>
"""

# (translation key, (Swedish title, slug, text), (English title, slug, text)), in the footer's order.
LEGAL_PAGES = [
    (
        ACCESSIBILITY_KEY,
        ("Tillgänglighetsredogörelse", "tillganglighetsredogorelse", ACCESSIBILITY_SV),
        ("Accessibility statement", "accessibility-statement", ACCESSIBILITY_EN),
    ),
    (
        PRIVACY_KEY,
        ("Behandling av personuppgifter", "behandling-av-personuppgifter", PRIVACY_SV),
        ("Processing of personal data", "personal-data", PRIVACY_EN),
    ),
    (
        COOKIES_KEY,
        ("Kakor (cookies)", "kakor", COOKIES_SV),
        ("Cookies", "cookies", COOKIES_EN),
    ),
]

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's path alphabet, 4 characters a level


def _add_child(apps, parent, model_name, **fields):
    """A live page of ``model_name`` as ``parent``'s last child (``parent`` None: below the root)."""
    Page = apps.get_model("wagtailcore", "Page")
    ContentType = apps.get_model("contenttypes", "ContentType")
    model = apps.get_model("intranet", model_name)
    if parent is None:
        parent = Page.objects.get(depth=1)
    parent = Page.objects.get(pk=parent.pk)  # fresh path and url_path
    siblings = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
    last = siblings.order_by("-path").first()
    step = int(last.path[-4:], 36) + 1 if last else 1
    suffix = "".join(ALPHABET[(step // 36**i) % 36] for i in reversed(range(4)))
    slug, number = fields.pop("slug"), 1
    taken = set(siblings.values_list("slug", flat=True))
    free = slug
    while free in taken:
        number += 1
        free = f"{slug}-{number}"
    content_type, _created = ContentType.objects.get_or_create(app_label="intranet", model=model_name.lower())
    now = timezone.now()
    page = model.objects.create(
        slug=free,
        draft_title=fields["title"],
        content_type=content_type,
        path=f"{parent.path}{suffix}",
        depth=parent.depth + 1,
        numchild=0,
        url_path=f"{parent.url_path}{free}/" if parent.depth > 1 else f"/{free}/",
        live=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
        show_in_menus=False,
        **fields,
    )
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + 1)
    return page


def create_legal_pages(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("intranet", "HomePage")
    LegalPage = apps.get_model("intranet", "LegalPage")

    swedish = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    english = Locale.objects.filter(language_code="en").first()
    home = HomePage.objects.filter(locale=swedish).order_by("path").first()
    if swedish is None or home is None:
        return
    english_home = None
    if english is not None:
        english_home = HomePage.objects.filter(translation_key=home.translation_key, locale=english).first()
        if english_home is None:
            english_home = _add_child(
                apps, None, "HomePage", locale=english, translation_key=home.translation_key, **ENGLISH_HOME
            )
    # Due the day they are made, so in the editors' review list from the next: the municipality
    # fills in its facts before anything else.
    review_by = timezone.localdate()
    for key, swedish_page, english_page in LEGAL_PAGES:
        for parent, locale, (title, slug, body) in (
            (home, swedish, swedish_page),
            (english_home, english, english_page),
        ):
            if parent is None or LegalPage.objects.filter(translation_key=key, locale=locale).exists():
                continue
            _add_child(
                apps,
                parent,
                "LegalPage",
                title=title,
                slug=slug,
                body=body,
                locale=locale,
                translation_key=key,
                review_by=review_by,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("intranet", "0006_legal_pages"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_legal_pages, migrations.RunPython.noop)]
