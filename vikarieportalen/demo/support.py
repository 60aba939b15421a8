"""Demo cases for Fråga lönesupport: a handful of realistic questions in every status.

Deterministic in content and idempotent (a case is made once per substitute and subject). The
times are set relative to the day the demo is built, so due times and ages look like a working
week whenever the demo runs. No SMS is sent for the demo's replies.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from vikarieportalen.accounts.models import User
from vikarieportalen.core.time import STOCKHOLM
from vikarieportalen.demo.common import Count, no_count
from vikarieportalen.support import services
from vikarieportalen.support.attachments import attachment_check
from vikarieportalen.support.choices import CaseStatus, Topic
from vikarieportalen.support.models import SupportCase


@dataclass(frozen=True)
class Step:
    """Something that happens in a demo case, ``hours`` after it was opened."""

    hours: float
    kind: str  # "reply", "note", "answer", "assign", "status", "rate"
    text: str = ""
    by: str = ""  # employee number of the payroll member acting
    status: str = ""
    score: int = 0


@dataclass(frozen=True)
class DemoCase:
    requester: str  # employee number
    days_ago: int
    hour: int
    topic: str
    subject: str
    text: str
    steps: list[Step] = field(default_factory=list)
    screenshot: str = ""  # a small PNG attached under this name


EVA, JONAS = "P20011", "P20012"  # LOEA6830 and Berglund, payroll

CASES = [
    DemoCase(
        "V10001",
        9,
        10,
        Topic.TAX,
        "Fel skattetabell på lönebeskedet",
        "Hej! På mitt lönebesked för maj står skattetabell 34, men jag bor i Kristinehamn och borde ha "
        "tabell 33. Kan ni kontrollera?",
        [
            Step(3, "assign", by=EVA),
            Step(
                5,
                "reply",
                "Hej Sara! Du har rätt, tabellen hade inte uppdaterats efter din flytt. Vi har ändrat till "
                "tabell 33 från och med junilönen, och mellanskillnaden för maj betalas tillbaka då.",
                by=EVA,
                status=CaseStatus.SOLVED,
            ),
            Step(30, "rate", score=5, text="Snabbt och tydligt svar, tack!"),
        ],
    ),
    DemoCase(
        "V10001",
        3,
        9,
        Topic.SALARY,
        "Saknar OB-tillägg för natten 3 juni",
        "Jag jobbade natt på Solbackens vård- och omsorgsboende 3–4 juni (21.30–07.00) men ser inget "
        "OB-tillägg på lönen. Jag bifogar en bild på mitt schema.",
        [
            Step(2, "assign", by=JONAS),
            Step(
                3,
                "note",
                "Passet finns i Time Care men är inte attesterat av chefen än. Påminner Anna Ekholm.",
                by=JONAS,
            ),
            Step(
                4,
                "reply",
                "Hej! Passet är inte attesterat ännu, därför har tillägget inte kommit med. Vet du om "
                "du hade någon rast under natten? Svara här så rättar vi det.",
                by=JONAS,
                status=CaseStatus.WAITING,
            ),
        ],
        screenshot="schema-juni.png",
    ),
    DemoCase(
        "V10001",
        0,
        8,
        Topic.SALARY,
        "Semesterersättning när jag slutar",
        "Jag börjar studera i augusti och slutar som timvikarie. När får jag ut min semesterersättning?",
    ),
    DemoCase(
        "V10002",
        2,
        13,
        Topic.ABSENCE,
        "Sjuklön som timvikarie",
        "Jag blev sjuk dagen innan ett bokat pass. Har jag rätt till sjuklön för passet, och hur anmäler "
        "jag det?",
        [
            Step(1, "assign", by=EVA),
            Step(2, "note", "Kontrollera att passet var bokat minst en dag innan sjukanmälan.", by=EVA),
        ],
    ),
    DemoCase(
        "V10003",
        4,
        11,
        Topic.CERTIFICATES,
        "Arbetsgivarintyg till a-kassan",
        "A-kassan vill ha ett arbetsgivarintyg för januari till maj. Var beställer jag det?",
    ),
    DemoCase(
        "V10004",
        30,
        14,
        Topic.OTHER,
        "Nytt kontonummer för löneutbetalning",
        "Jag har bytt bank. Hur ändrar jag kontot som lönen betalas till?",
        [
            Step(
                2,
                "reply",
                "Hej! Kontonummer anmäler du själv till Swedbanks kontoregister, så kommer nästa lön dit. "
                "Vi behöver inte göra något.",
                by=EVA,
                status=CaseStatus.SOLVED,
            ),
            Step(24 * 20, "status", by=EVA, status=CaseStatus.CLOSED),
        ],
    ),
]


def _screenshot(name: str) -> SimpleUploadedFile:
    image = Image.new("RGB", (360, 160), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 359, 30), fill=(11, 79, 138))
    draw.text((10, 8), "Time Care Pool - schema juni", fill="white")
    draw.text((10, 50), "3 jun  21:30-07:00  Solbacken  natt", fill="black")
    draw.text((10, 80), "5 jun  07:00-15:30  Solbacken  dag", fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _opened_at(days_ago: int, hour: int, today: dt.date) -> dt.datetime:
    return dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(hour), tzinfo=STOCKHOLM)


def _play(case: SupportCase, step: Step, *, at: dt.datetime, staff: dict[str, User]) -> None:
    by = staff.get(step.by)
    if step.kind == "assign" and by is not None:
        services.case_assign(case_id=case.pk, staff=by, assignee=by, now=at)
    elif step.kind == "note" and by is not None:
        services.case_note_add(case_id=case.pk, staff=by, text=step.text, now=at)
    elif step.kind == "reply" and by is not None:
        services.case_reply_by_staff(
            case_id=case.pk, staff=by, text=step.text, status=CaseStatus(step.status), notify=False, now=at
        )
    elif step.kind == "status" and by is not None:
        services.case_status_set(case_id=case.pk, staff=by, status=CaseStatus(step.status), now=at)
    elif step.kind == "rate":
        services.case_rate(
            case_id=case.pk, requester=case.requester, score=step.score, comment=step.text, now=at
        )


def demo_support_load(*, count: Count = no_count, now: dt.datetime | None = None) -> int:
    """Make the demo's support cases that do not exist yet; returns how many were made."""
    now = now or timezone.now()
    today = now.astimezone(STOCKHOLM).date()
    numbers = {demo.requester for demo in CASES} | {EVA, JONAS}
    people = {user.employee_number: user for user in User.objects.filter(employee_number__in=numbers)}
    staff = {number: people[number] for number in (EVA, JONAS) if number in people}
    made = 0
    for demo in CASES:
        requester = people.get(demo.requester)
        if requester is None:
            continue
        exists = SupportCase.objects.filter(requester=requester, subject=demo.subject).exists()
        count("support cases", not exists)
        if exists:
            continue
        opened = min(_opened_at(demo.days_ago, demo.hour, today), now - dt.timedelta(minutes=30))
        files = [attachment_check(_screenshot(demo.screenshot))] if demo.screenshot else []
        case = services.case_open(
            requester=requester,
            topic=demo.topic,
            subject=demo.subject,
            text=demo.text,
            files=files,
            now=opened,
        )
        for step in demo.steps:
            at = min(opened + dt.timedelta(hours=step.hours), now)
            _play(case, step, at=at, staff=staff)
        made += 1
    return made
