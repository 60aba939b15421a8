"""Demo data: requests to work at more workplaces, a few in every state.

JOSA9804 (the demo substitute) has one waiting with the manager EKAA7221 (Förskolan Snäckan), one
with the staffing centre (anywhere in home care) and one the staffing centre declined. The others
belong to pool members picked by employee number: the first from the given one on who is not
introduced at the workplace. Each request is known by its message, so a second run adds nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from vikarieportalen.accounts.models import User
from vikarieportalen.core.roles import Role
from vikarieportalen.demo.common import Count
from vikarieportalen.staffing.models import (
    AreaOfWork,
    Introduction,
    Workplace,
    WorkplaceRequest,
    WorkplaceRequestStatus,
)

S = WorkplaceRequestStatus
STAFFING_CENTRE = "P20001"  # Louise Lidman, who reviews


@dataclass(frozen=True)
class DemoRequest:
    employee_number: str  # the first candidate; later numbers are tried if already introduced there
    workplace: str  # a workplace's name, or "" for an area request
    area: str
    status: str
    message: str
    days_ago: int
    review_note: str = ""
    decision_note: str = ""


REQUESTS = [
    DemoRequest(
        "V10001",
        "Förskolan Snäckan",
        "",
        S.FORWARDED,
        "Jag har jobbat som barnskötare förut och tar gärna pass på förskola också, helst dagtid.",
        4,
        review_note="Sara har erfarenhet från förskola enligt sin ansökan. Vi föreslår en introduktionsdag.",
    ),
    DemoRequest(
        "V10001",
        "",
        AreaOfWork.HOME_CARE,
        S.SUBMITTED,
        "Jag har B-körkort och kan tänka mig hemtjänst, gärna vardagar.",
        1,
    ),
    DemoRequest(
        "V10001",
        "Västra skolan 7–9",
        "",
        S.DECLINED,
        "Jag vill gärna prova att vikariera på högstadiet.",
        40,
        review_note="På Västra skolan behövs lärarlegitimation. Hör av dig igen när du har den!",
    ),
    DemoRequest("V10005", "Gruppbostad Lärkan", "", S.SUBMITTED, "Jag har arbetat inom LSS i två år.", 2),
    DemoRequest(
        "V10010", "", AreaOfWork.PRESCHOOL, S.SUBMITTED, "Kan jobba på vilken förskola som helst.", 3
    ),
    DemoRequest("V10017", "Hemtjänst Norr", "", S.SUBMITTED, "Jag bor i norr och har nära dit.", 0),
    DemoRequest(
        "V10023",
        "Solbackens äldreboende",
        "",
        S.FORWARDED,
        "Jag är undersköterska och vill jobba kvällar på Solbacken.",
        6,
        review_note="Undersköterska med läkemedelsdelegering.",
    ),
    DemoRequest(
        "V10028",
        "Strandskolan F–6",
        "",
        S.FORWARDED,
        "Jag läser till lärare och vill gärna ha pass på lågstadiet.",
        5,
    ),
    DemoRequest(
        "V10031",
        "Björkgårdens vård- och omsorgsboende",
        "",
        S.APPROVED,
        "Jag har gjort praktik på Björkgården och vill gärna tillbaka.",
        30,
        review_note="Känd från praktiken.",
        decision_note="Välkommen tillbaka! Introduktionen räknas från praktiken.",
    ),
    DemoRequest(
        "V10040",
        "Förskolan Ugglan",
        "",
        S.DECLINED,
        "Jag vill jobba på Ugglan i höst.",
        20,
        decision_note="Vi har tillräckligt många vikarier just nu. Fråga gärna igen i vår.",
    ),
    DemoRequest("V10052", "Hemtjänst Söder", "", S.WITHDRAWN, "Hemtjänst Söder, gärna helger.", 12),
]


def _substitute_for(spec: DemoRequest, workplace: Workplace | None) -> User | None:
    people = User.objects.filter(
        groups__name=Role.SUBSTITUTE.value, is_active=True, employee_number__gte=spec.employee_number
    ).order_by("employee_number")
    if workplace is not None:
        people = people.exclude(introductions__workplace=workplace).exclude(
            Q(workplace_requests__workplace=workplace)
            & Q(workplace_requests__status__in=[S.SUBMITTED, S.FORWARDED])
        )
    return people.first()


def demo_requests_build(*, count: Count) -> None:
    now = timezone.now()
    reviewer = User.objects.filter(employee_number=STAFFING_CENTRE).first()
    existing = set(WorkplaceRequest.objects.values_list("message", flat=True))
    for spec in REQUESTS:
        if spec.message in existing:
            count("workplace requests", False)
            continue
        workplace = Workplace.objects.filter(name=spec.workplace).first() if spec.workplace else None
        if spec.workplace and workplace is None:
            continue
        substitute = _substitute_for(spec, workplace)
        if substitute is None:
            continue
        created_at = now - dt.timedelta(days=spec.days_ago, hours=3)
        reviewed_at = (
            None if spec.status in (S.SUBMITTED, S.WITHDRAWN) else created_at + dt.timedelta(hours=20)
        )
        if spec.status == S.DECLINED and not spec.decision_note:  # declined by the staffing centre
            decided_at = None
        elif spec.status in (S.APPROVED, S.DECLINED):
            decided_at = created_at + dt.timedelta(days=2)
        else:
            decided_at = None
        manager = workplace.managers.order_by("pk").first() if workplace is not None else None
        request = WorkplaceRequest.objects.create(
            substitute=substitute,
            workplace=workplace,
            area=spec.area if workplace is None else "",
            message=spec.message,
            status=spec.status,
            reviewed_by=reviewer if reviewed_at else None,
            reviewed_at=reviewed_at,
            review_note=spec.review_note,
            decided_by=manager if decided_at else None,
            decided_at=decided_at,
            decision_note=spec.decision_note,
        )
        WorkplaceRequest.objects.filter(pk=request.pk).update(created_at=created_at)
        count("workplace requests", True)
        if spec.status == S.APPROVED and workplace is not None and decided_at is not None:
            _intro, created = Introduction.objects.get_or_create(
                substitute=substitute,
                workplace=workplace,
                defaults={"introduced_on": timezone.localdate(decided_at), "added_by": manager},
            )
            count("introductions", created)
