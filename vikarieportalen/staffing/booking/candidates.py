"""Who may take a shift, ranked, and why the others may not (selectors).

The facts the rules need are loaded in bulk for all substitutes at once (``loading.py``) — a
fixed number of queries whatever the size of the pool — and the pure rules in ``rules.py`` and
``working_time.py`` do the rest. ``FACTS_WINDOW``, ``LONGEST_BOOKING``, ``limits_by_agreement`` and
``substitute_profile_get`` live in ``loading.py``; they are imported here as well for the modules
that read them from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, Q, QuerySet

from vikarieportalen.accounts.models import User
from vikarieportalen.core.roles import Role
from vikarieportalen.staffing.booking import rules
from vikarieportalen.staffing.booking.facts import AVAILABILITY, Violation, months_touched
from vikarieportalen.staffing.booking.loading import FACTS_WINDOW as FACTS_WINDOW
from vikarieportalen.staffing.booking.loading import LONGEST_BOOKING as LONGEST_BOOKING
from vikarieportalen.staffing.booking.loading import (
    Facts,
    facts_load,
    worked_there,
)
from vikarieportalen.staffing.booking.loading import limits_by_agreement as limits_by_agreement
from vikarieportalen.staffing.booking.loading import substitute_profile_get as substitute_profile_get
from vikarieportalen.staffing.booking.locked import facts_load_locked
from vikarieportalen.staffing.las import rules as las
from vikarieportalen.staffing.las.selectors import LasRow, las_rows_for
from vikarieportalen.staffing.models import Introduction, Shift
from vikarieportalen.staffing.selectors import user_name_match

# How many substitutes not introduced at the workplace are listed among the excluded by default.
NOT_INTRODUCED_LIMIT = 50


@dataclass
class Candidate:
    substitute: User
    violations: list[Violation]
    available: bool
    introduced: bool
    worked_here_before: bool
    month_minutes: int
    las_days: int | None = None  # LAS days of the shift's form of employment up to its day
    checked: bool = True  # False: not introduced, so the other rules were not evaluated
    # LAS rules nearing or over their threshold on the shift's day (with the shifts booked until then).
    las_attention: list[las.LasMeasure] = field(default_factory=list)
    las_would_convert: bool = False  # this shift takes the person over a conversion threshold
    las_rank: tuple[bool, int] = (False, 0)  # (would pass conversion, days) as the policy weighs them
    wished: bool = False  # the manager asked for this person when registering the need

    @property
    def wished_first(self) -> bool:
        """Ranked first: wished for by the manager and free to take the shift."""
        return self.wished and not self.violations

    @property
    def eligible(self) -> bool:
        return not self.violations

    @property
    def overridable(self) -> bool:
        """Bookable by the staffing centre with a written reason."""
        return bool(self.violations) and rules.violations_overridable(self.violations)

    @property
    def month_hours(self) -> float:
        return round(self.month_minutes / 60, 1)


def substitute_list_active() -> QuerySet[User]:
    """Everyone who counts as a substitute at all: active accounts with the substitute role."""
    return User.objects.filter(is_active=True, groups__name=Role.SUBSTITUTE.value)


# The user and profile columns a candidate list loads; other fields load on access (one query each).
CANDIDATE_FIELDS = (
    "id",
    "username",
    "preferred_given_name",
    "given_names",
    "family_name",
    "mobile",
    "language",
    "is_active",
    "substitute_profile__id",
    "substitute_profile__is_bookable",
    "substitute_profile__agreement_id",
)


def _search_q(words: list[str]) -> Q:
    condition = Q()
    for word in words:
        condition &= user_name_match(word) | Q(mobile__icontains=word)
    return condition


def _search_matches(user: User, words: list[str]) -> bool:
    text = f"{user.preferred_given_name} {user.given_names} {user.family_name} {user.username} {user.mobile}"
    return all(word in text.casefold() for word in words)


def _rank_key(candidate: Candidate) -> tuple[object, ...]:
    user = candidate.substitute
    return (
        not candidate.overridable if candidate.violations else False,
        not candidate.wished_first,
        not candidate.available,
        not candidate.introduced,
        candidate.las_rank[0],  # avoid_conversion policy: those this shift would convert last
        not candidate.worked_here_before,
        len(candidate.violations),
        candidate.month_minutes,
        candidate.las_rank[1],
        user.family_name.casefold(),
        user.preferred_given_name.casefold(),
        user.pk,
    )


def _las_days_load(*, substitute_ids: list[int], shift: Shift) -> dict[int, LasRow]:
    """LAS days of ``substitute_ids`` up to the shift's day, one query (none for nobody)."""
    if not substitute_ids:
        return {}
    return las_rows_for(
        substitute_ids=substitute_ids,
        reference=shift.day,
        limits=las.LasLimits.from_settings(),
        shift_form=rules.employment_form_for(shift.reason),
    )


def _las_fill(candidate: Candidate, row: LasRow | None, *, shift: Shift, limits: las.LasLimits) -> None:
    """The candidate's LAS days of the shift's form, warnings and ranking value (pure)."""
    form = rules.employment_form_for(shift.reason)
    counts = row.counts if row is not None else las.LasCounts()
    day_counted = row is not None and form in row.forms_on_reference_day
    status = las.status_for(counts, reference=shift.day, limits=limits)
    rule = las.conversion_rule_for(form)
    candidate.las_days = counts.for_rule(rule)
    # Only the shift's form is counted here (the list of everyone near a limit shows the rest).
    candidate.las_attention = [m for m in status.attention if m.rule == rule]
    candidate.las_would_convert = las.would_pass_conversion(
        counts, form=form, day_counted=day_counted, limits=limits
    )
    candidate.las_rank = las.rank_value(counts, form=form, day_counted=day_counted, limits=limits)


def _candidate(user: User, facts: Facts, *, month: tuple[int, int], introduced: bool) -> Candidate:
    """``user`` checked against every rule for the shift in ``facts``."""
    person = facts.substitutes[user.pk]
    violations = rules.rules_check(shift=facts.shift, substitute=person, limits=facts.limits[user.pk])
    return Candidate(
        substitute=user,
        violations=violations,
        available=not any(v.code == AVAILABILITY for v in violations),
        introduced=introduced,
        worked_here_before=user.pk in facts.worked_here,
        month_minutes=person.month_minutes.get(month, 0),
    )


def _introduced_checked(
    shift: Shift, *, base: QuerySet[User], words: list[str]
) -> tuple[list[Candidate], list[Candidate]]:
    """The substitutes introduced at the shift's workplace (matching ``words``), checked against
    every rule: (eligible, excluded), not yet ranked."""
    # No DISTINCT needed: one group row per user, one introduction per (substitute, workplace).
    introduced_users = list(
        base.filter(introductions__workplace_id=shift.workplace_id).annotate(
            worked_here=Exists(worked_there(shift))
        )
    )
    if words:
        introduced_users = [user for user in introduced_users if _search_matches(user, words)]
    introduced_ids = {user.pk for user in introduced_users}
    facts = facts_load(
        shift=shift,
        substitutes=introduced_users,
        introduced=introduced_ids,
        is_substitute=introduced_ids,
        ids_query=Introduction.objects.filter(workplace_id=shift.workplace_id).values("substitute_id"),
        worked_here={user.pk for user in introduced_users if user.worked_here},
    )
    month = months_touched(shift.starts_at, shift.ends_at)[0]
    eligible: list[Candidate] = []
    excluded: list[Candidate] = []
    for user in introduced_users:
        candidate = _candidate(user, facts, month=month, introduced=True)
        (excluded if candidate.violations else eligible).append(candidate)
    return eligible, excluded


def _not_introduced(
    shift: Shift, *, base: QuerySet[User], words: list[str], limit: int | None
) -> list[Candidate]:
    """The first ``limit`` substitutes (by name; None: all) not introduced at the workplace, as
    excluded "not introduced" only: the other rules are not evaluated."""
    others = (
        base.exclude(
            pk__in=Introduction.objects.filter(workplace_id=shift.workplace_id).values("substitute_id")
        )
        .filter(_search_q(words))
        .order_by("family_name", "preferred_given_name", "pk")
    )
    if limit is not None:
        others = others[:limit]
    excluded = []
    for stranger in others:
        profile = substitute_profile_get(stranger)
        violations = [
            *rules.introduction_check(introduced=False, workplace_name=shift.workplace.name),
            *rules.bookable_check(is_bookable=profile.is_bookable if profile is not None else True),
        ]
        excluded.append(
            Candidate(
                substitute=stranger,
                violations=violations,
                available=False,
                introduced=False,
                worked_here_before=False,
                month_minutes=0,
                checked=False,
            )
        )
    return excluded


def candidate_list_for_shift(
    *, shift: Shift, not_introduced_limit: int | None = NOT_INTRODUCED_LIMIT, search: str = ""
) -> tuple[list[Candidate], list[Candidate]]:
    """Every active substitute who may take ``shift``, ranked, and those left out with the reasons.

    Ranking: the substitute the manager wished for (``Shift.wished_substitute``) first when eligible;
    then available for the whole shift and introduced (both required to be eligible), has
    worked at the workplace before, fewest booked hours in the shift's month, then (with the LAS
    policy ``LAS_RANKING_POLICY``) fewest LAS days of the shift's form, then by name; under
    ``avoid_conversion`` those the shift would take over a conversion threshold come last.
    Substitutes introduced at the workplace are checked against every rule; the others are listed
    as "not introduced" only, the first ``not_introduced_limit`` by name (``None``: all of them),
    without evaluating the other rules.
    ``search`` (words matched in names, username and mobile number) narrows both lists — for the
    not introduced in the database, so anyone in the pool can be found.
    """
    base = substitute_list_active().select_related("substitute_profile").only(*CANDIDATE_FIELDS)
    words = search.casefold().split()
    eligible, excluded = _introduced_checked(shift, base=base, words=words)
    # LAS days only for those who can be booked straight away: they are what the ranking and the
    # warnings are for, and reading five years of bookings is the list's dearest query.
    las_limits = las.LasLimits.from_settings()
    las_rows = _las_days_load(substitute_ids=[c.substitute.pk for c in eligible], shift=shift)
    for candidate in eligible:
        _las_fill(candidate, las_rows.get(candidate.substitute.pk), shift=shift, limits=las_limits)
    if not_introduced_limit is None or not_introduced_limit > 0:
        excluded.extend(_not_introduced(shift, base=base, words=words, limit=not_introduced_limit))
    for candidate in (*eligible, *excluded):
        candidate.wished = candidate.substitute.pk == shift.wished_substitute_id
    eligible.sort(key=_rank_key)
    excluded.sort(key=_rank_key)
    return eligible, excluded


def candidate_check(*, shift: Shift, substitute: User) -> Candidate:
    """One substitute checked against every rule for ``shift`` (e.g. before an override)."""
    user = User.objects.select_related("substitute_profile").get(pk=substitute.pk)
    is_sub = substitute_list_active().filter(pk=user.pk).exists()
    introduced = Introduction.objects.filter(workplace_id=shift.workplace_id, substitute_id=user.pk).exists()
    facts = facts_load(
        shift=shift,
        substitutes=[user],
        introduced={user.pk} if introduced else set(),
        is_substitute={user.pk} if is_sub else set(),
    )
    return _candidate(
        user, facts, month=months_touched(shift.starts_at, shift.ends_at)[0], introduced=introduced
    )


def candidate_check_locked(
    *, shift: Shift, substitute: User, requires_qualifications: bool = True
) -> Candidate:
    """``candidate_check`` for booking, in the caller's transaction: the substitute's row is locked
    (``FOR NO KEY UPDATE``, which serialises every booking of one person, so the rest and month
    rules see each other's bookings) by the statement that also reads their profile, role,
    agreement and introduction at the shift's workplace; then their bookings, availability periods
    and weekly availability together (and, when ``requires_qualifications``, the shift's
    qualifications and theirs). Every rule of ``candidate_check``, in two statements
    (``locked.facts_load_locked``); ``substitute`` gives only the name and the booking's person."""
    facts = facts_load_locked(
        shift=shift, substitute=substitute, requires_qualifications=requires_qualifications
    )
    introduced = facts.substitutes[substitute.pk].introduced
    month = months_touched(facts.shift.starts_at, facts.shift.ends_at)[0]
    return _candidate(substitute, facts, month=month, introduced=introduced)
