"""The statistics page and its figures: who sees what, bad filters, exports, and fixed queries."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone, translation
from openpyxl import load_workbook

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.tests.factories import (
    StaffingCentreFactory,
    SubstituteFactory,
    WorkplaceManagerFactory,
)
from vikarieportalen.core.roles import Role
from vikarieportalen.payroll.tests.factories import (
    SupplementBandFactory,
    TimeReportFactory,
    TimeTransactionFactory,
)
from vikarieportalen.staffing.models import (
    Booking,
    BookingStatus,
    Offer,
    OfferSend,
    OfferStatus,
    Shift,
    ShiftStatus,
    Workplace,
)
from vikarieportalen.staffing.tests.factories import BookingFactory, ShiftFactory, WorkplaceFactory
from vikarieportalen.statistics import selectors
from vikarieportalen.statistics.rules import Step
from vikarieportalen.testing import assert_queries_do_not_grow, client_for, client_logged_in

pytestmark = pytest.mark.django_db
URL = "/statistik/"
ZONE = timezone.get_default_timezone()
DAY = dt.date(2026, 3, 10)
PERIOD = "first_day=2026-03-01&last_day=2026-03-31"


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=ZONE)


def _shift(workplace: Workplace, day: dt.date = DAY, *, registered_hours_before: int = 48) -> Shift:
    shift: Shift = ShiftFactory(workplace=workplace, starts_at=_at(day, 7), ends_at=_at(day, 16))
    Shift.objects.filter(pk=shift.pk).update(
        created_at=shift.starts_at - dt.timedelta(hours=registered_hours_before)
    )
    shift.refresh_from_db()
    return shift


def _book(shift: Shift, substitute: User, *, hours_after_need: int) -> Booking:
    booking: Booking = BookingFactory(shift=shift, substitute=substitute)
    Booking.objects.filter(pk=booking.pk).update(
        created_at=shift.created_at + dt.timedelta(hours=hours_after_need)
    )
    return booking


def _offer(shift: Shift, substitute: User, *, status: str, answer_minutes: int | None) -> Offer:
    send = OfferSend.objects.create()
    offer = Offer.objects.create(
        send=send,
        shift=shift,
        substitute=substitute,
        code=str(Offer.objects.count() + 1000),
        token=f"t{Offer.objects.count()}-{shift.pk}-{substitute.pk}",
        status=status,
        expires_at=shift.starts_at,
        responded_at=None if answer_minutes is None else timezone.now(),
    )
    if answer_minutes is not None:
        Offer.objects.filter(pk=offer.pk).update(
            responded_at=offer.created_at + dt.timedelta(minutes=answer_minutes)
        )
    return offer


@pytest.fixture
def town() -> dict[str, object]:
    """Two home-care workplaces with their own managers; at "Norrgläntan" three needs, two booked (after
    2 and 10 hours), one cancelled booking each by the substitute and the manager, offers answered
    after 10 and 30 minutes and one left unanswered, and pay lines; at "Södervikens hemtjänst" one booked
    need. The names are long so no generated person's name contains them."""
    north_manager, south_manager = WorkplaceManagerFactory(), WorkplaceManagerFactory()
    north = WorkplaceFactory(name="Norrgläntan", area="home_care")
    south = WorkplaceFactory(name="Södervikens hemtjänst", area="home_care")
    north.managers.add(north_manager)
    south.managers.add(south_manager)
    anna, bo = SubstituteFactory(), SubstituteFactory()
    first, second, third = (
        _shift(north),
        _shift(north, DAY + dt.timedelta(days=1)),
        _shift(north, DAY + dt.timedelta(days=2)),
    )
    booked_first = _book(first, anna, hours_after_need=2)
    _book(second, bo, hours_after_need=10)
    for by in (bo, north_manager):
        cancelled = BookingFactory(shift=third, substitute=by if by == bo else anna)
        Booking.objects.filter(pk=cancelled.pk).update(
            status=BookingStatus.CANCELLED, cancelled_at=timezone.now(), cancelled_by=by
        )
    withdrawn = _shift(north, DAY + dt.timedelta(days=3))
    Shift.objects.filter(pk=withdrawn.pk).update(
        status=ShiftStatus.CANCELLED, cancelled_at=timezone.now(), cancelled_by=north_manager
    )
    _offer(first, anna, status=OfferStatus.ACCEPTED, answer_minutes=10)
    _offer(first, bo, status=OfferStatus.DECLINED, answer_minutes=30)
    _offer(third, bo, status=OfferStatus.EXPIRED, answer_minutes=None)
    report = TimeReportFactory(booking=booked_first)
    TimeTransactionFactory(report=report, minutes=480, amount=Decimal("1280.00"))
    TimeTransactionFactory(
        report=report, minutes=60, band=SupplementBandFactory(), time_code="OB1", amount=Decimal("55.40")
    )
    _book(_shift(south), bo, hours_after_need=1)
    return {"north": north, "south": south, "north_manager": north_manager, "south_manager": south_manager}


def _scope(*workplaces: Workplace, step: Step = Step.MONTH) -> selectors.Scope:
    return selectors.Scope(
        workplaces=list(workplaces),
        first=dt.date(2026, 3, 1),
        last=dt.date(2026, 3, 31),
        step=step,
        today=dt.date(2026, 4, 1),
    )


def _table(report: selectors.Report, key: str) -> selectors.Table:
    return next(table for table in report.tables if table.key == key)


def _row(table: selectors.Table, name: str) -> list[object]:
    return next(row.cells for row in table.rows if row.cells[1] == name)


def test_the_figures_of_a_workplace(town: dict[str, Workplace]) -> None:
    with translation.override("en"):
        report = selectors.statistics_report(scope=_scope(town["north"], town["south"]))
        assert _row(_table(report, "fill"), "Norrgläntan")[2:] == [3, 2, 66.7]
        assert _row(_table(report, "fill"), "All workplaces")[2:] == [4, 3, 75.0]
        assert _row(_table(report, "lead_time"), "Norrgläntan")[2:] == [2, 6.0, 9.2]
        assert _row(_table(report, "offers"), "Norrgläntan")[2:] == [3, 2, 1, 1, 66.7, 20.0, 28.0]
        assert _row(_table(report, "cancellations"), "Norrgläntan")[2:] == [1, 1, 0, 1, 0]
        assert _row(_table(report, "cost"), "Norrgläntan")[2:] == [8.0, 1280, 55, 1335]
        assert _table(report, "hours_summary").rows[0].cells[0] == 2  # Anna and Bo
        assert _table(report, "las").rows[0].cells[1:] == [2, 0, 0]
        assert _table(report, "fill_trend").rows[0].cells == ["March 2026", 4, 3, 75.0]


def test_weeks_as_steps(town: dict[str, Workplace]) -> None:
    with translation.override("sv"):
        report = selectors.statistics_report(scope=_scope(town["north"], step=Step.WEEK))
    trend = _table(report, "fill_trend")
    assert trend.rows[0].cells[0] == "vecka 9, 2026"
    assert [row.cells[1] for row in trend.rows] == [0, 0, 3, 0, 0, 0]


def test_staff_see_every_workplace_and_download_csv_and_xlsx(town: dict[str, Workplace]) -> None:
    client = client_for(Role.STAFFING_CENTRE)
    page = client.get(f"{URL}?{PERIOD}")
    assert page.status_code == 200
    body = page.content.decode()
    assert (
        "Norrgläntan" in body and "Södervikens hemtjänst" in body and "<svg" in body and 'role="img"' in body
    )
    csv = client.get(f"{URL}?{PERIOD}&format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert "Norrgläntan" in csv.content.decode("utf-8-sig")
    xlsx = client.get(f"{URL}?{PERIOD}&format=xlsx")
    book = load_workbook(io.BytesIO(xlsx.content))
    assert len(book.sheetnames) == 1 + len(
        selectors.statistics_report(scope=_scope(town["north"], town["south"])).tables
    )


def test_the_page_writes_the_rows_localised(town: dict[str, Workplace]) -> None:
    """The rows come from a tag (statistics_tags.stat_rows): a row header, text and Swedish numbers."""
    body = client_for(Role.STAFFING_CENTRE).get(f"{URL}?{PERIOD}").content.decode()
    assert '<td>Norrgläntan</td><td class="stat-table__number">3</td>' in body
    assert '<td class="stat-table__number">66,7</td>' in body
    assert '<tr class="stat-table__total"><th scope="row">Alla</th><td>Alla arbetsplatser</td>' in body


def test_a_manager_sees_only_their_own_workplaces(town: dict[str, Workplace]) -> None:
    client = client_logged_in(town["north_manager"])  # type: ignore[arg-type]
    body = client.get(f"{URL}?{PERIOD}").content.decode()
    assert "Norrgläntan" in body and "Södervikens hemtjänst" not in body


def test_a_crafted_workplace_of_another_manager_shows_no_figures(town: dict[str, Workplace]) -> None:
    client = client_logged_in(town["north_manager"])  # type: ignore[arg-type]
    with translation.override("sv"):
        for suffix in ("", "&format=csv", "&format=xlsx"):
            response = client.get(
                f"{URL}?{PERIOD}&workplace={town['south'].pk}{suffix}", HTTP_ACCEPT_LANGUAGE="sv"
            )
            assert response.status_code == 200
            assert response["Content-Type"].startswith("text/html")
            assert response.context["report"] is None
            body = response.content.decode()
            assert "Den arbetsplatsen är okänd" in body
            assert "Södervikens hemtjänst" not in body


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("first_day=2023-01-01&last_day=2026-01-01", "högst 3 år"),
        ("first_day=2026-03-31&last_day=2026-03-01", "Slutdatumet ligger före startdatumet."),
        ("first_day=2026-03-01&last_day=2026-03-31&workplace=999999", "Den arbetsplatsen är okänd"),
        ("first_day=inte&last_day=2026-03-31", "giltigt datum"),
    ],
)
def test_bad_filters_get_a_message_and_no_figures(
    town: dict[str, Workplace], query: str, message: str
) -> None:
    client = client_for(Role.STAFFING_CENTRE)
    response = client.get(f"{URL}?{query}", HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 200
    assert response.context["report"] is None
    assert message in response.content.decode()
    assert client.get(f"{URL}?{query}&format=csv")["Content-Type"].startswith("text/html")


def test_a_manager_without_workplaces_is_told_so() -> None:
    client = client_for(Role.WORKPLACE_MANAGER)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["no_workplaces"]


def test_the_default_is_this_month_and_shows_figures(town: dict[str, Workplace]) -> None:
    response = client_for(Role.HR_SERVICE).get(URL)
    assert response.status_code == 200
    assert response.context["report"] is not None


def test_the_page_takes_the_same_number_of_queries_with_more_data(town: dict[str, Workplace]) -> None:
    staff = StaffingCentreFactory()
    client = client_logged_in(staff)

    def grow() -> None:
        extra = WorkplaceFactory(name="Väster", area="elderly_care")
        for offset in range(3):
            shift = _shift(extra, DAY + dt.timedelta(days=offset))
            booking = _book(shift, SubstituteFactory(), hours_after_need=3)
            _offer(shift, booking.substitute, status=OfferStatus.ACCEPTED, answer_minutes=5)
            TimeTransactionFactory(report=TimeReportFactory(booking=booking))

    counts = assert_queries_do_not_grow(client, f"{URL}?{PERIOD}", grow)
    assert counts.after <= 30


@pytest.mark.django_db
@override_settings(
    LAS_SAV_CONVERSION_DAYS=4, LAS_VIKARIAT_CONVERSION_DAYS=6, LAS_PRIORITY_DAYS=5, LAS_WARNING_DAYS=2
)
def test_las_counts_ask_only_about_the_scope_and_match_the_attention_list() -> None:
    """The scoped LAS counts equal ``las_attention_rows`` restricted to the people who worked."""
    from vikarieportalen.staffing.las import rules as las
    from vikarieportalen.staffing.las.selectors import las_attention_rows

    here, elsewhere = WorkplaceFactory(), WorkplaceFactory()
    today = timezone.localdate()
    people = [SubstituteFactory() for _ in range(4)]
    for index, person in enumerate(people):
        for back in range(index * 2 + 1):  # 1, 3, 5, 7 days booked
            starts = dt.datetime.combine(today - dt.timedelta(days=back + 1), dt.time(8), tzinfo=ZONE)
            shift = ShiftFactory(
                workplace=here if back == 0 else elsewhere,
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=8),
            )
            BookingFactory(shift=shift, substitute=person)
    scope = selectors.Scope([here], today - dt.timedelta(days=30), today, Step.MONTH, today)
    table = next(t for t in selectors.statistics_report(scope=scope).tables if t.key == "las")
    limits = las.LasLimits.from_settings()
    worked = {person.pk for person in people}
    expected = {rule: dict.fromkeys(las.LasState, 0) for rule in las.LasRule}
    for row in las_attention_rows(today=today, limits=limits):
        if row.substitute_id in worked:
            for measure in row.status(reference=today, limits=limits).measures:
                expected[measure.rule][measure.state] += 1
    assert [row.cells[2:] for row in table.rows] == [
        [expected[rule][las.LasState.NEARING], expected[rule][las.LasState.OVER]] for rule in las.LasRule
    ]
    assert any(any(row.cells[2:]) for row in table.rows)  # someone is near or over a limit
