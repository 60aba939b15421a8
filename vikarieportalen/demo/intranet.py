"""The demo municipality's intranet: news, job ads, shortcuts, old-portal redirects, an English start page.

Deterministic and idempotent: everything is found by its slug, title or address before it is made,
so a second run creates nothing and keeps what editors changed. Dates are counted from the day the
demo is built, so the job ads are open (all but one) and the news is recent on that day.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Locale, Page

from vikarieportalen.accounts.models import User
from vikarieportalen.core.roles import Role
from vikarieportalen.demo.common import Count
from vikarieportalen.intranet.models import (
    HomePage,
    JobAdIndexPage,
    JobAdPage,
    NewsIndexPage,
    NewsPage,
    NewsTargetArea,
    Shortcut,
)
from vikarieportalen.staffing.models import AreaOfWork, Workplace

NEWS_INTRO = "<p>Nyheter för dig som är timvikarie i kommunen.</p>"
JOB_ADS_INTRO = (
    "<p>Interna jobbannonser: lediga anställningar och längre vikariat som bara annonseras internt. "
    "En annons försvinner från listan efter sista ansökningsdagen.</p>"
)

E = AreaOfWork.ELDERLY_CARE
H = AreaOfWork.HOME_CARE
D = AreaOfWork.DISABILITY
S = AreaOfWork.SCHOOL
P = AreaOfWork.PRESCHOOL

# (days ago, slug, title, intro, body, areas)
NEWS: list[tuple[int, str, str, str, str, list[str]]] = [
    (
        1,
        "vikarieportalen-flyttar-till-internwebben",
        "Vikarieportalen flyttar till internwebben",
        "Vikarieportalen på den gamla webbplatsen släcks ned i juni. Allt finns nu här.",
        "<p>Här hittar du dina pass, dina utbildningar, nyheter och interna jobbannonser. Gamla "
        "bokmärken leder hit automatiskt.</p>",
        [],
    ),
    (
        3,
        "ny-version-av-time-care-pool",
        "Ny version av Time Care Pool från 18 februari",
        "Den förra versionen av Time Care Pool stängs. Dina pass och förfrågningar finns nu i "
        "Vikarieportalen.",
        "<p>Du behöver inte göra något. Bokningar som du redan har flyttas över, och nya förfrågningar "
        "kommer som sms med en länk hit.</p>",
        [],
    ),
    (
        5,
        "basal-hygien-nya-rutiner",
        "Nya rutiner för basal hygien",
        "Från 1 maj gäller nya rutiner för handdesinfektion och arbetskläder i vård och omsorg.",
        "<p>Gå igenom introduktionsutbildningen <em>Basal hygien</em> igen innan ditt nästa pass. "
        "Arbetskläder finns på varje enhet.</p>",
        [E, H],
    ),
    (
        7,
        "studiedag-i-grundskolan",
        "Studiedag i grundskolan – inga elevpass",
        "Grundskolorna har studiedag. Inga pass med elever bokas den dagen.",
        "<p>Har du redan ett pass den dagen kontaktar bemanningscentrum dig.</p>",
        [S],
    ),
    (
        9,
        "sommarvikariat-anmal-tillganglighet",
        "Sommarvikariat: anmäl din tillgänglighet senast 15 april",
        "Vill du arbeta i sommar? Lägg in när du kan arbeta under Tillgänglighet senast 15 april.",
        "<p>Ju tidigare du lägger in din tillgänglighet, desto större chans till långa sommarpass.</p>",
        [],
    ),
    (
        12,
        "forskolan-nya-vilorutiner",
        "Förskolorna provar nya vilorutiner",
        "Under våren provar förskolorna en gemensam vilostund efter lunch.",
        "<p>Fråga personalen på förskolan hur de gör just där när du kommer till ditt pass.</p>",
        [P],
    ),
    (
        15,
        "lonespecifikationen",
        "Så läser du din lönespecifikation",
        "Lönen betalas ut den 25:e. Timlön, ob-tillägg och semesterersättning står på egna rader.",
        "<p>Har du frågor om lönen? Använd Fråga lönesupport, så svarar lönecentrum.</p>",
        [],
    ),
    (
        18,
        "nya-larmtelefoner-i-hemtjansten",
        "Nya larmtelefoner i hemtjänsten",
        "Hemtjänsten byter larmtelefoner. Du får en genomgång vid passets början.",
        "<p>Den gamla telefonen lämnas på kontoret efter passet som vanligt.</p>",
        [H],
    ),
    (
        22,
        "brandskydd-for-nya-vikarier",
        "Brandskyddsutbildning för nya vikarier",
        "Alla nya vikarier går brandskyddsutbildningen innan första passet.",
        "<p>Utbildningen tar cirka 30 minuter och finns bland introduktionsutbildningarna.</p>",
        [],
    ),
    (
        26,
        "influensavaccin-for-personal",
        "Gratis influensavaccin för personal i vård och omsorg",
        "Du som arbetar nära brukare erbjuds influensavaccin utan kostnad.",
        "<p>Visa ditt anställningsbevis på vårdcentralen. Vaccinet är frivilligt.</p>",
        [E, H, D],
    ),
    (
        30,
        "fraga-lonesupport",
        "Ny kontaktväg till lönecentrum: Fråga lönesupport",
        "Ställ dina frågor om lön i tjänsten Fråga lönesupport. Lönecentrum svarar vardagar.",
        "<p>Lönecentrum nås också på telefon 0550-869 60 vardagar klockan 8–12.</p>",
        [],
    ),
    (
        35,
        "friskvard-for-timvikarier",
        "Friskvårdsbidrag även för timvikarier",
        "Har du arbetat minst 150 timmar under året kan du få friskvårdsbidrag.",
        "<p>Ansök i Självservice och bifoga kvittot. Bidraget betalas ut med lönen.</p>",
        [],
    ),
]

# (slug, title, workplace name or "", workplace text, extent, days until the last day, body)
JOB_ADS: list[tuple[str, str, str, str, str, int, str]] = [
    (
        "underskoterska-solbacken",
        "Undersköterska, natt",
        "Solbackens äldreboende",
        "avdelning Björken",
        "Heltid 100 %, tillsvidare",
        21,
        "<p>Vi söker en undersköterska till nattpatrullen på Björken med tolv boende.</p>",
    ),
    (
        "barnskotare-ugglan",
        "Barnskötare",
        "Förskolan Ugglan",
        "",
        "Deltid 75 %, vikariat till 30 juni",
        14,
        "<p>Du arbetar i en grupp med barn i åldern 3–5 år tillsammans med två förskollärare.</p>",
    ),
    (
        "personlig-assistent-larkan",
        "Personlig assistent",
        "Gruppbostad Lärkan",
        "",
        "Heltid, schema med helger",
        30,
        "<p>Stöd i vardagen för en ung vuxen som bor i gruppbostad.</p>",
    ),
    (
        "elevassistent-strandskolan",
        "Elevassistent",
        "Strandskolan F–6",
        "",
        "Deltid 80 %, läsåret ut",
        10,
        "<p>Du stöttar en elev i årskurs 4 under lektioner och raster.</p>",
    ),
    (
        "vardbitrade-hemtjanst-norr",
        "Vårdbiträde i hemtjänsten",
        "Hemtjänst Norr",
        "",
        "Heltid, dag och kväll varannan helg",
        7,
        "<p>Du besöker brukare i deras hem. Körkort B krävs.</p>",
    ),
    (
        "kock-kvarnbacken",
        "Kock",
        "",
        "Kvarnbackens skola, skolköket",
        "Heltid, tillsvidare",
        -5,
        "<p>Tillagningskök för 400 elever.</p>",
    ),
]

HOW_TO_APPLY = (
    "<p>Skicka ett kort personligt brev till bemanningscentrum, bemanningscentrum@kristinehamn.se, "
    "och skriv annonsens rubrik i ämnesraden.</p>"
)

# (title, url or "" for a page, page slug, description)
SHORTCUTS: list[tuple[str, str, str, str]] = [
    ("Webbmejl", "https://webmail.example-kommun.se/", "", "Läs din jobbmejl hemifrån eller på jobbet."),
    ("Lärportalen", "https://larportal.example-kommun.se/", "", "E-utbildningar från kommunen."),
    (
        "Självservice",
        "https://sjalvservice.example-kommun.se/",
        "",
        "HR-systemet: adress, friskvård och ledighet.",
    ),
    ("Lönespecifikation", "https://lon.example-kommun.se/", "", "Din lön och lönespecifikationer."),
    ("Mina pass", "/bemanning/mina-pass/", "", "Tidigare Time Care Pool: dina bokningar finns här."),
    ("Frågor och svar", "", "fragor-och-svar", "Svar på de vanligaste frågorna."),
]

# Old public-portal addresses and the slug path (below the start page) they now lead to; "" = start page.
REDIRECTS: list[tuple[str, str]] = [
    ("/timvikarie", ""),
    ("/timvikarie/vikarieportalen", ""),
    ("/jobb-och-utbildning/timvikarie", ""),
    ("/jobb-och-utbildning/timvikarie/vikarieportalen", ""),
    ("/jobb-och-utbildning/timvikarie/vikarieportalen/fragor-och-svar", "fragor-och-svar"),
    ("/jobb-och-utbildning/timvikarie/vikarieportalen/nyheter", "nyheter"),
    ("/jobb-och-utbildning/lediga-jobb/interna-jobb", "lediga-jobb"),
]

ENGLISH_HOME = (
    "Substitute portal",
    "<p>The substitute portal gathers everything you need as an hourly substitute: shortcuts to the "
    "municipality's systems, introduction trainings, news and internal job ads.</p>",
)
ENGLISH_NEWS = (
    "The substitute portal moves to the intranet",
    "The old substitute portal closes in June. Everything is here now.",
    "<p>Here you find your shifts, your trainings, news and internal job ads. Old bookmarks lead "
    "here automatically.</p>",
)


def _publish_child(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _editor() -> User | None:
    return User.objects.filter(groups__name=Role.EDITOR.value).order_by("pk").first()


def _index_page(
    home: HomePage,
    count: Count,
    page_class: type[Page],
    *,
    title: str,
    slug: str,
    intro: str,
    owner: User | None,
    review_by: dt.date,
) -> Page:
    """The start page's child of ``page_class``, published first when there is none."""
    index = page_class.objects.child_of(home).first()
    count("pages", index is None)
    if index is None:
        index = _publish_child(
            home, page_class(title=title, slug=slug, intro=intro, page_owner=owner, review_by=review_by)
        )
    return index


def _index_pages(home: HomePage, count: Count, owner: User | None, today: dt.date) -> tuple[Page, Page]:
    news_index, job_index = (
        _index_page(
            home,
            count,
            page_class,
            title=title,
            slug=slug,
            intro=intro,
            owner=owner,
            review_by=today + dt.timedelta(days=review_days),
        )
        for page_class, title, slug, intro, review_days in (
            (NewsIndexPage, "Nyheter", "nyheter", NEWS_INTRO, 180),
            (JobAdIndexPage, "Lediga jobb", "lediga-jobb", JOB_ADS_INTRO, 90),
        )
    )
    return news_index, job_index


def _review_date(today: dt.date, days_ago: int) -> dt.date:
    # The oldest items are past their review date, so the editors' review list has something in it.
    if days_ago >= 30:
        return today - dt.timedelta(days=3)
    return today + dt.timedelta(days=365 - 2 * days_ago)


def _news(index: Page, count: Count, owner: User | None, today: dt.date) -> None:
    existing = set(NewsPage.objects.child_of(index).values_list("slug", flat=True))
    # Oldest first, so the page tree and the publishing times follow the news dates.
    for days_ago, slug, title, intro, body, areas in reversed(NEWS):
        count("news", slug not in existing)
        if slug in existing:
            continue
        page = NewsPage(
            title=title,
            slug=slug,
            date=today - dt.timedelta(days=days_ago),
            intro=intro,
            body=body,
            page_owner=owner,
            review_by=_review_date(today, days_ago),
        )
        page.target_areas = [NewsTargetArea(area=area) for area in areas]  # type: ignore[misc]
        _publish_child(index, page)


def _job_ads(index: Page, count: Count, owner: User | None, today: dt.date) -> None:
    existing = set(JobAdPage.objects.child_of(index).values_list("slug", flat=True))
    workplaces = {workplace.name: workplace for workplace in Workplace.objects.all()}
    for slug, title, workplace_name, workplace_text, extent, days_left, body in JOB_ADS:
        count("job ads", slug not in existing)
        if slug in existing:
            continue
        workplace = workplaces.get(workplace_name)
        if workplace is None:  # not in this municipality's list: the name goes into the free text
            workplace_text = ", ".join(part for part in (workplace_name, workplace_text) if part)
        _publish_child(
            index,
            JobAdPage(
                title=title,
                slug=slug,
                workplace=workplace,
                workplace_text=workplace_text,
                extent=extent,
                last_application_date=today + dt.timedelta(days=days_left),
                body=body,
                how_to_apply=HOW_TO_APPLY,
                page_owner=owner,
                review_by=today + dt.timedelta(days=max(days_left, 0) + 7),
            ),
        )


def _shortcuts(home: HomePage, count: Count) -> None:
    for order, (title, url, page_slug, description) in enumerate(SHORTCUTS, start=1):
        page = Page.objects.child_of(home).filter(slug=page_slug).first() if page_slug else None
        if page_slug and page is None:
            continue
        _shortcut, created = Shortcut.objects.get_or_create(
            title=title,
            defaults={"url": url, "page": page, "description": description, "sort_order": order * 10},
        )
        count("shortcuts", created)


def _redirects(home: HomePage, count: Count) -> None:
    for old_path, target in REDIRECTS:
        page = Page.objects.child_of(home).filter(slug=target).first() if target else home
        if page is None:
            continue
        normalised = Redirect.normalise_path(old_path)
        created = not Redirect.objects.filter(old_path=normalised).exists()
        if created:
            Redirect.add_redirect(old_path, redirect_to=page, is_permanent=True)
        count("redirects", created)


def _english(home: HomePage, news_index: Page, count: Count) -> None:
    """The start page, the news list and the first news item in English."""
    english = Locale.objects.filter(language_code="en").first()
    if english is None:
        return
    first_news = NewsPage.objects.child_of(news_index).filter(slug=NEWS[0][1]).first()
    title, intro = ENGLISH_HOME
    english_home = home.get_translation_or_none(english)
    count("translations", english_home is None)
    if english_home is None:
        english_home = home.copy_for_translation(english)
        english_home.title, english_home.intro = title, intro
        english_home.save_revision().publish()
    english_index = news_index.get_translation_or_none(english)
    count("translations", english_index is None)
    if english_index is None:
        english_index = news_index.copy_for_translation(english)
        english_index.title, english_index.slug = "News", "news"
        english_index.intro = "<p>News for hourly substitutes in the municipality.</p>"
        english_index.save_revision().publish()
    if first_news is None or first_news.has_translation(english):
        count("translations", False)
        return
    count("translations", True)
    english_news = first_news.copy_for_translation(english)
    english_news.title, english_news.intro, english_news.body = ENGLISH_NEWS
    english_news.slug = "the-substitute-portal-moves"
    english_news.save_revision().publish()


def demo_intranet_load(*, count: Count) -> None:
    """News, job ads, shortcuts, redirects and English pages below the demo's start page."""
    home = HomePage.objects.filter(locale__language_code="sv").order_by("path").first()
    if home is None:
        return
    today = timezone.localdate()
    owner = _editor()
    news_index, job_index = _index_pages(home, count, owner, today)
    _news(news_index, count, owner, today)
    _job_ads(job_index, count, owner, today)
    _shortcuts(home, count)
    _redirects(home, count)
    _english(home, news_index, count)
