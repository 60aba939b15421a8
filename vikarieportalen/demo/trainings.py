"""Demo introduction trainings: six courses below the start page, and who has completed them.

Deterministic and idempotent: pages are found by slug, completions by person and course, and every
random choice comes from a seed made of the person's employee number. Call after the staffing demo:
which courses a substitute must take follows from the workplaces they are introduced at.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Locale

from vikarieportalen.accounts.models import User
from vikarieportalen.core.roles import Role
from vikarieportalen.demo.common import EDITOR_EMPLOYEE_NUMBER, FIRST_SUBSTITUTE, Count, no_count
from vikarieportalen.intranet.models import HomePage
from vikarieportalen.staffing.models import AreaOfWork
from vikarieportalen.trainings import rules
from vikarieportalen.trainings.blocks import quiz_choices
from vikarieportalen.trainings.models import CourseCompletion, CoursePage, QuizQuestion, TrainingIndexPage
from vikarieportalen.trainings.selectors import substitute_areas_by_id

INDEX_SLUG = "introduktionsutbildningar"
REVIEW_BY = dt.date(2027, 6, 30)
ALL = list(AreaOfWork.values)
CARE = [AreaOfWork.ELDERLY_CARE, AreaOfWork.HOME_CARE]

CHECKLIST_TITLE = "Checklista inför ditt första pass"
CHECKLIST_TEXT = """Checklista inför ditt första pass

[ ] Jag har loggat in på Vikarieportalen och bytt lösenord.
[ ] Mitt mobilnummer stämmer under Mina uppgifter – bokningar kommer med SMS.
[ ] Jag har läst Introduktion för timvikarier och Brandskydd och utrymning.
[ ] Jag vet vem jag ska fråga efter när jag kommer till arbetsplatsen.
[ ] Jag har med mig legitimation.
[ ] Jag vet att jag ringer Bemanningscentrum, 0550-858 89, om jag blir sjuk eller försenad.
"""


def _text(heading: str, *paragraphs: str) -> dict[str, Any]:
    return {"type": "text", "value": {"heading": heading, "body": "".join(f"<p>{p}</p>" for p in paragraphs)}}


def _list(heading: str, intro: str, items: list[str]) -> dict[str, Any]:
    body = f"<p>{intro}</p><ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"
    return {"type": "text", "value": {"heading": heading, "body": body}}


def _video(title: str, slug: str, description: str) -> dict[str, Any]:
    url = f"https://play.kristinehamn.example.se/introduktion/{slug}"
    return {"type": "video", "value": {"title": title, "url": url, "description": description}}


# (question, several right, [(answer, right)])
Quiz = list[tuple[str, bool, list[tuple[str, bool]]]]

HYGIENE_QUIZ: Quiz = [
    (
        "När ska du desinfektera händerna?",
        False,
        [
            ("Före och efter direkt kontakt med den du hjälper, och före och efter handskar", True),
            ("Bara när händerna ser smutsiga ut", False),
            ("En gång i början och en gång i slutet av passet", False),
        ],
    ),
    (
        "Vilka smycken får du bära på händer och underarmar?",
        False,
        [
            ("En slät ring går bra", False),
            ("Inga – varken ringar, armband eller armbandsur", True),
            ("Armbandsur, men inga ringar", False),
        ],
    ),
    (
        "När ska du använda engångshandskar?",
        True,
        [
            ("När det finns risk för kontakt med kroppsvätskor, till exempel urin eller blod", True),
            ("När du byter ett använt inkontinensskydd", True),
            ("Hela passet, i stället för att desinfektera händerna", False),
        ],
    ),
    (
        "Hur ska dina arbetskläder vara?",
        False,
        [
            ("Långärmade, så att huden skyddas", False),
            ("Kortärmade, och bytta varje dag eller så fort de blivit smutsiga", True),
            ("Egna kläder går bra om de är rena", False),
        ],
    ),
    (
        "När använder du plastförkläde eller skyddsrock?",
        False,
        [
            ("Bara när den du hjälper har en känd smitta", False),
            ("När arbetskläderna kan komma i kontakt med kroppsvätskor eller smuts", True),
            ("Aldrig i hemtjänsten", False),
        ],
    ),
]

FIRE_QUIZ: Quiz = [
    (
        "Du upptäcker en brand. Vad gör du?",
        False,
        [
            ("Räddar den som är i fara, varnar andra, larmar 112 och släcker om det går", True),
            ("Försöker släcka innan du gör något annat", False),
            ("Ringer din chef och väntar på besked", False),
        ],
    ),
    (
        "Vilket nummer ringer du för att larma räddningstjänsten?",
        False,
        [("112", True), ("113 13", False), ("1177", False)],
    ),
    (
        "Varför ska dörrar till trapphus och korridorer vara stängda?",
        False,
        [
            ("Så att ingen obehörig kommer in", False),
            ("De hindrar brandgas och eld från att spridas", True),
            ("Det spelar ingen roll vid brand", False),
        ],
    ),
]

MEDICINE_QUIZ: Quiz = [
    (
        "Får du ge läkemedel utan delegering?",
        False,
        [
            ("Ja, om den du hjälper ber om det", False),
            ("Ja, om läkemedlet är receptfritt", False),
            ("Nej, du behöver en skriftlig delegering från sjuksköterskan", True),
        ],
    ),
    (
        "Hur länge gäller en delegering?",
        False,
        [
            ("Högst ett år, och den kan återkallas när som helst", True),
            ("Så länge du är anställd i kommunen", False),
            ("Tills du byter arbetsplats", False),
        ],
    ),
    (
        "En dos har blivit fel eller glömts bort. Vad gör du?",
        False,
        [
            ("Ger dubbel dos nästa gång", False),
            ("Kontaktar ansvarig sjuksköterska direkt och dokumenterar det som hänt", True),
            ("Väntar och tar upp det på nästa arbetsplatsträff", False),
        ],
    ),
]


# The six courses, in page order. Sections are the raw data of CoursePage.sections.
COURSES: list[dict[str, Any]] = [
    {
        "slug": "introduktion-for-timvikarier",
        "title": "Introduktion för timvikarier i Kristinehamns kommun",
        "intro": "<p>Allt du behöver veta innan ditt första pass: hur du blir bokad, vem du frågar "
        "och vad som gäller på arbetsplatsen.</p>",
        "minutes": 20,
        "areas": ALL,
        "sections": [
            _text(
                "Välkommen som timvikarie",
                "Som timvikarie hoppar du in när ordinarie personal är sjuk, har semester eller "
                "när det behövs förstärkning. Du är anställd per timme och tackar ja till de pass "
                "som passar dig.",
                "Bemanningscentrum bokar dig. Du får bokningar och förfrågningar som SMS och ser "
                "dina pass i Vikarieportalen.",
            ),
            _list(
                "När du kommer till arbetsplatsen",
                "Kom i god tid och fråga efter den som är ansvarig för passet. Se till att du får veta:",
                [
                    "var du hittar arbetskläder, nycklar och larm",
                    "vem du ska vända dig till om något händer",
                    "vilka rutiner som gäller just där, till exempel för nyckelhantering",
                ],
            ),
            _video(
                "Välkommen till Kristinehamns kommun",
                "valkommen",
                "En film på sex minuter om kommunen som arbetsgivare.",
            ),
            {
                "type": "document",
                "value": {
                    "title": CHECKLIST_TITLE,
                    "document": None,  # the checklist's id, filled in when the pages are made
                    "description": "Skriv ut den eller spara den i mobilen.",
                },
            },
            _text(
                "Om du blir sjuk",
                "Ring Bemanningscentrum på 0550-858 89 så snart du vet att du inte kan komma. "
                "Vid sjukdom utanför telefontiden ringer du direkt till arbetsplatsen.",
            ),
        ],
        "quiz": [],
        "pass_mark": None,
    },
    {
        "slug": "basala-hygienrutiner",
        "title": "Basala hygienrutiner i vård och omsorg",
        "intro": "<p>Basala hygienrutiner hindrar smitta från att spridas mellan dig och dem du "
        "hjälper. De gäller alla som arbetar nära människor i vård och omsorg, varje dag.</p>",
        "minutes": 30,
        "areas": [AreaOfWork.ELDERLY_CARE, AreaOfWork.HOME_CARE, AreaOfWork.DISABILITY],
        "sections": [
            _list(
                "Händerna",
                "De flesta smittor sprids med händerna. Därför:",
                [
                    "desinfektera händerna före och efter direkt kontakt med den du hjälper",
                    "desinfektera före och efter att du använt handskar",
                    "tvätta händerna med tvål och vatten om de är synligt smutsiga, och innan du "
                    "desinfekterar",
                    "ha korta naglar utan nagellack eller lösnaglar, och inga ringar, armband "
                    "eller armbandsur",
                ],
            ),
            _list(
                "Arbetskläder och skydd",
                "Arbetskläderna ska vara kortärmade och bytas varje dag. Använd dessutom:",
                [
                    "engångshandskar när du kan komma i kontakt med kroppsvätskor",
                    "plastförkläde eller skyddsrock när kläderna kan bli smutsiga",
                    "munskydd och visir när det kan stänka",
                ],
            ),
            _video(
                "Så desinfekterar du händerna",
                "handdesinfektion",
                "Två minuter om hur du får med tummar, fingertoppar och handleder.",
            ),
        ],
        "quiz": HYGIENE_QUIZ,
        "pass_mark": 4,
    },
    {
        "slug": "brandskydd-och-utrymning",
        "title": "Brandskydd och utrymning",
        "intro": "<p>Vad du gör om det brinner, och hur du hjälper andra ut.</p>",
        "minutes": 20,
        "areas": ALL,
        "sections": [
            _list(
                "Om det brinner",
                "Kom ihåg ordningen:",
                [
                    "<b>Rädda</b> den som är i fara",
                    "<b>Varna</b> andra i närheten",
                    "<b>Larma</b> 112",
                    "<b>Släck</b> om du kan göra det utan risk",
                ],
            ),
            _text(
                "Utrymning",
                "Ta reda på var nödutgångar, brandsläckare och återsamlingsplats finns varje gång "
                "du kommer till en ny arbetsplats. Stäng dörrar efter dig: de hindrar brandgasen.",
            ),
            _video("Rädda, varna, larma, släck", "brand", "Räddningstjänsten visar, fem minuter."),
        ],
        "quiz": FIRE_QUIZ,
        "pass_mark": None,
    },
    {
        "slug": "dokumentation-och-sekretess",
        "title": "Dokumentation och sekretess",
        "intro": "<p>Vad du skriver ner om dem du hjälper, och varför du aldrig berättar om dem för "
        "andra.</p>",
        "minutes": 25,
        "areas": CARE,
        "sections": [
            _text(
                "Social dokumentation",
                "Det du gör hos den du hjälper dokumenteras i verksamhetssystemet: det som avviker "
                "från genomförandeplanen och det som är viktigt för nästa person att veta. Skriv "
                "sakligt, kort och så att den enskilde kan läsa det.",
            ),
            _text(
                "Tystnadsplikt",
                "Allt du får veta om dem du hjälper omfattas av sekretess. Det gäller även efter "
                "passet och efter att din anställning tagit slut, och även i sociala medier.",
            ),
        ],
        "quiz": [],
        "pass_mark": None,
    },
    {
        "slug": "introduktion-forskola",
        "title": "Introduktion förskola",
        "intro": "<p>För dig som vikarierar i förskolan: dagens rutiner, allergier och din "
        "anmälningsskyldighet.</p>",
        "minutes": 20,
        "areas": [AreaOfWork.PRESCHOOL],
        "sections": [
            _list(
                "En dag i förskolan",
                "Fråga arbetslaget om dagens planering. Ta reda på:",
                [
                    "vilka barn som har allergier eller specialkost",
                    "vem som får hämta vilket barn",
                    "rutinerna vid utflykter och när barnen är utomhus",
                ],
            ),
            _text(
                "Om du blir orolig för ett barn",
                "Alla som arbetar i förskolan är skyldiga att anmäla till socialtjänsten om de "
                "misstänker att ett barn far illa. Prata med förskolechefen samma dag.",
            ),
        ],
        "quiz": [],
        "pass_mark": None,
    },
    {
        "slug": "lakemedelshantering-delegering",
        "title": "Läkemedelshantering – delegering",
        "intro": "<p>Innan du får ge läkemedel behöver du en delegering från sjuksköterskan. Den "
        "här kursen är en del av den.</p>",
        "minutes": 30,
        "areas": CARE,
        "sections": [
            _text(
                "Delegering",
                "En delegering är personlig och skriftlig, gäller högst ett år och kan återkallas. "
                "Du får bara göra det som står i den.",
            ),
            _list(
                "När du ger läkemedel",
                "Kontrollera varje gång:",
                [
                    "rätt person",
                    "rätt läkemedel och rätt dos",
                    "rätt tid och rätt sätt",
                    "att du signerar direkt efteråt",
                ],
            ),
        ],
        "quiz": MEDICINE_QUIZ,
        "pass_mark": None,
    },
]


def _checklist(count: Count) -> int:
    document_model = get_document_model()
    document = document_model.objects.filter(title=CHECKLIST_TITLE).first()
    count("documents", document is None)
    if document is None:
        document = document_model(title=CHECKLIST_TITLE)
        document.file.save("checklista-forsta-passet.txt", ContentFile(CHECKLIST_TEXT.encode()), save=False)
        document.save()
    return int(document.pk)


def _index(count: Count, home: HomePage, owner: User | None) -> TrainingIndexPage:
    index: TrainingIndexPage | None = TrainingIndexPage.objects.child_of(home).filter(slug=INDEX_SLUG).first()
    count("pages", index is None)
    if index is not None:
        return index
    index = TrainingIndexPage(
        title="Introduktionsutbildningar",
        slug=INDEX_SLUG,
        intro="<p>Som ny timvikarie går du igenom några korta utbildningar innan du börjar. Vilka "
        "som gäller dig beror på var du arbetar – under Mina utbildningar ser du vad du har kvar.</p>",
        page_owner=owner,
        review_by=REVIEW_BY,
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def _with_document(sections: list[dict[str, Any]], document_id: int) -> list[dict[str, Any]]:
    """The sections, with the document section pointing at ``document_id`` (the table is not changed)."""
    return [
        {**section, "value": {**section["value"], "document": document_id}}
        if section["type"] == "document"
        else section
        for section in sections
    ]


def _course_pages(
    count: Count, index: TrainingIndexPage, owner: User | None, checklist_id: int
) -> list[CoursePage]:
    pages = []
    for spec in COURSES:
        page = CoursePage.objects.child_of(index).filter(slug=spec["slug"]).first()
        count("pages", page is None)
        if page is None:
            page = CoursePage(
                title=spec["title"],
                slug=spec["slug"],
                intro=spec["intro"],
                estimated_minutes=spec["minutes"],
                required_for_areas=[str(area) for area in spec["areas"]],
                sections=_with_document(spec["sections"], checklist_id),
                quiz_pass_mark=spec["pass_mark"],
                page_owner=owner,
                review_by=REVIEW_BY,
            )
            page.quiz_questions = [  # type: ignore[misc]  # modelcluster: children saved with the page
                QuizQuestion(
                    question=question,
                    several_right=several,
                    sort_order=order,
                    choices=quiz_choices(answers),
                )
                for order, (question, several, answers) in enumerate(spec["quiz"])
            ]
            index.add_child(instance=page)
            page.save_revision().publish()
        pages.append(page)
    return pages


# Share of the substitutes a course is required of who have completed it.
COMPLETED_SHARE = {
    "introduktion-for-timvikarier": 0.8,
    "brandskydd-och-utrymning": 0.6,
    "basala-hygienrutiner": 0.45,
    "dokumentation-och-sekretess": 0.35,
    "introduktion-forskola": 0.5,
    "lakemedelshantering-delegering": 0.3,
}
# Sara Johansson (JOSA9804, elderly and home care) has done the first and the fire course only.
FIRST_SUBSTITUTE_DONE = {"introduktion-for-timvikarier": 60, "brandskydd-och-utrymning": 45}


def _completions(count: Count, courses: list[CoursePage], today: dt.date) -> None:
    substitutes = list(
        User.objects.filter(groups__name=Role.SUBSTITUTE.value, is_active=True)
        .order_by("employee_number", "pk")
        .only("pk", "username", "employee_number")
    )
    areas = substitute_areas_by_id(user_ids=[user.pk for user in substitutes])
    existing = set(CourseCompletion.objects.values_list("user_id", "course_id"))
    question_counts = {course.pk: course.quiz_questions.count() for course in courses}
    new = []
    for user in substitutes:
        rng = random.Random(f"trainings-{user.employee_number or user.username}")  # noqa: S311 - demo data
        for course in courses:
            # Draw for every course, done or not, so that a second run draws the same numbers.
            done_roll, days_ago, misses = rng.random(), rng.randrange(3, 300), rng.choice([0, 0, 0, 1])
            if user.username == FIRST_SUBSTITUTE:
                if course.slug not in FIRST_SUBSTITUTE_DONE:
                    continue
                done, days_ago, misses = True, FIRST_SUBSTITUTE_DONE[course.slug], 0
            else:
                required = rules.course_is_required(
                    required_for_areas=course.required_for_areas, substitute_areas=areas.get(user.pk, set())
                )
                done = required and done_roll < COMPLETED_SHARE.get(course.slug, 0.5)
            if not done or (user.pk, course.pk) in existing:
                continue
            questions = question_counts[course.pk]
            needed = rules.quiz_pass_mark(pass_mark=course.quiz_pass_mark, question_count=questions)
            right = max(needed, questions - misses) if questions else None
            completed_at = dt.datetime.combine(
                today - dt.timedelta(days=days_ago), dt.time(9 + days_ago % 10, (days_ago * 7) % 60)
            ).replace(tzinfo=timezone.get_current_timezone())
            new.append(
                CourseCompletion(
                    user=user,
                    course=course,
                    course_title=course.title,
                    completed_at=completed_at,
                    correct_answers=right,
                    question_count=questions or None,
                )
            )
    CourseCompletion.objects.bulk_create(new, batch_size=500)
    for _completion in new:
        count("course completions", True)


def demo_trainings_load(*, count: Count = no_count, today: dt.date | None = None) -> None:
    """Build (or complete) the demo trainings; call inside a transaction, after the staffing demo."""
    home = HomePage.objects.filter(locale=Locale.get_default()).order_by("path").first()
    if home is None:
        return
    owner = User.objects.filter(employee_number=EDITOR_EMPLOYEE_NUMBER).first()
    index = _index(count, home, owner)
    courses = _course_pages(count, index, owner, _checklist(count))
    _completions(count, courses, today or timezone.localdate())
