"""The staffing centre's pool: who the substitutes are, what they hold and where they may work.

Selectors read the list and one substitute's staffing page; services change qualifications,
introductions and the staffing profile, each in one transaction and audited (who, what, when).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from vikarieportalen.accounts.models import User
from vikarieportalen.core.errors import Refused
from vikarieportalen.core.roles import Role
from vikarieportalen.notifications.phone import normalize_mobile_number
from vikarieportalen.staffing.audit_kinds import pool_audit
from vikarieportalen.staffing.models import (
    Agreement,
    Booking,
    BookingStatus,
    Introduction,
    Qualification,
    SubstituteProfile,
    SubstituteQualification,
    Workplace,
)
from vikarieportalen.staffing.selectors import introduction_list_for, user_name_match

UPCOMING_ON_POOL_PAGE = 20


# ---------------------------------------------------------------------------------------------
# Selectors


def substitute_queryset() -> QuerySet[User]:
    """Every substitute account that may log in."""
    return User.objects.filter(groups__name=Role.SUBSTITUTE.value, is_active=True)


def _search_filter(text: str) -> Q:
    """Each word must match a name or the username; a phone-looking text matches the mobile."""
    text = text.strip()
    if not text:
        return Q()
    if re.fullmatch(r"[+\d][\d\s-]{3,}", text):
        try:
            return Q(mobile=normalize_mobile_number(text))
        except ValidationError:
            digits = re.sub(r"\D", "", text).lstrip("0")
            return Q(mobile__contains=digits)
    condition = Q()
    for word in text.split():
        condition &= user_name_match(word)
    return condition


def substitute_pool_list(
    *,
    search: str = "",
    area: str = "",
    qualification: Qualification | None = None,
    workplace: Workplace | None = None,
    today: dt.date,
) -> QuerySet[User]:
    """Substitutes matching the search and filters, by name, with what the list shows prefetched
    (three queries for a page, however many rows)."""
    people = substitute_queryset().filter(_search_filter(search))
    if area:
        people = people.filter(
            Exists(Introduction.objects.filter(substitute=OuterRef("pk"), workplace__area=area))
        )
    if workplace is not None:
        people = people.filter(
            Exists(Introduction.objects.filter(substitute=OuterRef("pk"), workplace=workplace))
        )
    if qualification is not None:
        people = people.filter(
            Exists(
                SubstituteQualification.objects.filter(
                    substitute=OuterRef("pk"), qualification=qualification
                ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
            )
        )
    return (
        people.select_related("substitute_profile")
        .prefetch_related(
            Prefetch(
                "qualifications_held",
                queryset=SubstituteQualification.objects.select_related("qualification").order_by(
                    "qualification__name"
                ),
            ),
            Prefetch(
                "introductions",
                queryset=Introduction.objects.select_related("workplace").order_by("workplace__name"),
            ),
        )
        .order_by("family_name", "preferred_given_name", "pk")
    )


@dataclass(frozen=True)
class PoolPage:
    """What the staffing centre sees about one substitute."""

    substitute: User
    profile: SubstituteProfile  # unsaved defaults when the substitute has none yet
    qualifications: list[SubstituteQualification]
    introductions: list[Introduction]
    upcoming: list[Booking]


def substitute_get(*, substitute_id: int) -> User:
    """A substitute by id; ``User.DoesNotExist`` for anyone else (staff are not in the pool)."""
    return substitute_queryset().get(pk=substitute_id)


def profile_or_default(*, substitute: User) -> SubstituteProfile:
    profile = SubstituteProfile.objects.filter(user=substitute).select_related("agreement").first()
    return profile if profile is not None else SubstituteProfile(user=substitute)


def pool_page(*, substitute: User, now: dt.datetime) -> PoolPage:
    return PoolPage(
        substitute=substitute,
        profile=profile_or_default(substitute=substitute),
        qualifications=list(
            SubstituteQualification.objects.filter(substitute=substitute)
            .select_related("qualification")
            .order_by("qualification__name")
        ),
        introductions=introduction_list_for(substitute=substitute),
        upcoming=list(
            Booking.objects.filter(substitute=substitute, status=BookingStatus.ACTIVE, ends_at__gt=now)
            .select_related("workplace")
            .order_by("starts_at")[:UPCOMING_ON_POOL_PAGE]
        ),
    )


# ---------------------------------------------------------------------------------------------
# Services


def _qualification_audit(
    held: SubstituteQualification, *, substitute: User, by: User, request: HttpRequest | None, change: str
) -> None:
    pool_audit(
        substitute=substitute,
        by=by,
        request=request,
        change=change,
        qualification=held.qualification.code,
        valid_until=held.valid_until.isoformat() if held.valid_until else None,
    )


@transaction.atomic
def qualification_add(
    *,
    substitute: User,
    qualification: Qualification,
    valid_until: dt.date | None,
    by: User,
    today: dt.date,
    request: HttpRequest | None = None,
) -> SubstituteQualification:
    if qualification.expires and valid_until is None:
        raise Refused(
            _("%(name)s has a valid-until date: enter it.") % {"name": qualification.name},
            field="valid_until",
        )
    if valid_until is not None and valid_until < today:
        raise Refused(
            _("The valid-until date has passed: the qualification would not count."), field="valid_until"
        )
    if SubstituteQualification.objects.filter(substitute=substitute, qualification=qualification).exists():
        raise Refused(
            _("%(name)s is already registered. Remove it first to change its date.")
            % {"name": qualification.name},
            field="qualification",
        )
    try:
        with transaction.atomic():
            held = SubstituteQualification.objects.create(
                substitute=substitute, qualification=qualification, valid_until=valid_until, added_by=by
            )
    except IntegrityError as exc:  # added by someone else a moment ago
        raise Refused(
            _("%(name)s is already registered.") % {"name": qualification.name}, field="qualification"
        ) from exc
    _qualification_audit(held, substitute=substitute, by=by, request=request, change="qualification_added")
    return held


@transaction.atomic
def qualification_remove(
    *, substitute: User, held_id: int, by: User, request: HttpRequest | None = None
) -> SubstituteQualification:
    """``SubstituteQualification.DoesNotExist`` when it is not this substitute's."""
    held = SubstituteQualification.objects.select_related("qualification").get(
        pk=held_id, substitute=substitute
    )
    held.delete()
    _qualification_audit(held, substitute=substitute, by=by, request=request, change="qualification_removed")
    return held


@transaction.atomic
def introduction_add(
    *,
    substitute: User,
    workplace: Workplace,
    introduced_on: dt.date,
    by: User,
    today: dt.date,
    request: HttpRequest | None = None,
) -> Introduction:
    if introduced_on > today:
        raise Refused(
            _("The introduction date cannot be in the future. Add it once the introduction has taken place."),
            field="introduced_on",
        )
    if not workplace.is_active:
        raise Refused(_("%(name)s is no longer active.") % {"name": workplace.name}, field="workplace")
    if Introduction.objects.filter(substitute=substitute, workplace=workplace).exists():
        raise Refused(_("Already introduced at %(name)s.") % {"name": workplace.name}, field="workplace")
    try:
        with transaction.atomic():
            introduction = Introduction.objects.create(
                substitute=substitute, workplace=workplace, introduced_on=introduced_on, added_by=by
            )
    except IntegrityError as exc:
        raise Refused(
            _("Already introduced at %(name)s.") % {"name": workplace.name}, field="workplace"
        ) from exc
    pool_audit(
        substitute=substitute,
        by=by,
        request=request,
        change="introduction_added",
        workplace=workplace.name,
        introduced_on=introduced_on.isoformat(),
    )
    return introduction


@transaction.atomic
def introduction_remove(
    *, substitute: User, introduction_id: int, by: User, now: dt.datetime, request: HttpRequest | None = None
) -> tuple[Introduction, int]:
    """Removes the introduction; returns it and how many upcoming bookings there remain (they are
    kept: cancelling them is a separate decision). ``Introduction.DoesNotExist`` for anyone else's."""
    introduction = Introduction.objects.select_related("workplace").get(
        pk=introduction_id, substitute=substitute
    )
    introduction.delete()
    remaining = Booking.objects.filter(
        substitute=substitute,
        workplace=introduction.workplace,
        status=BookingStatus.ACTIVE,
        ends_at__gt=now,
    ).count()
    pool_audit(
        substitute=substitute,
        by=by,
        request=request,
        change="introduction_removed",
        workplace=introduction.workplace.name,
        introduced_on=introduction.introduced_on.isoformat(),
    )
    return introduction, remaining


@transaction.atomic
def substitute_profile_update(
    *,
    substitute: User,
    agreement: Agreement | None,
    is_bookable: bool,
    note: str,
    by: User,
    request: HttpRequest | None = None,
) -> SubstituteProfile:
    """Sets the staffing profile (created on first save); audits what changed, if anything did."""
    profile, _created = SubstituteProfile.objects.select_for_update().get_or_create(user=substitute)
    before = {"agreement": profile.agreement_id, "is_bookable": profile.is_bookable, "note": profile.note}
    profile.agreement = agreement
    profile.is_bookable = is_bookable
    profile.note = note.strip()
    after = {"agreement": profile.agreement_id, "is_bookable": profile.is_bookable, "note": profile.note}
    changed = {key: after[key] for key in after if after[key] != before[key]}
    if changed:
        profile.save(update_fields=["agreement", "is_bookable", "note"])
        details: dict[str, Any] = dict(changed)
        if "agreement" in changed:
            details["agreement"] = agreement.code if agreement is not None else None
        pool_audit(substitute=substitute, by=by, request=request, change="profile_changed", **details)
    return profile
