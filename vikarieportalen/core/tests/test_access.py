"""role_required: the decorator views use to let in only some roles."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from vikarieportalen.accounts.tests.factories import (
    AdministratorFactory,
    PayrollFactory,
    StaffingCentreFactory,
    SubstituteFactory,
)
from vikarieportalen.core.access import may_read_intranet, role_required
from vikarieportalen.core.roles import Role

pytestmark = pytest.mark.django_db


@role_required(Role.STAFFING_CENTRE, Role.WORKPLACE_MANAGER)
def pool_view(request: HttpRequest, number: int) -> HttpResponse:
    return HttpResponse(f"pool {number}")


def request_as(user: object, path: str = "/bemanning/pool/?sida=2") -> HttpRequest:
    request = RequestFactory().get(path)
    request.user = user  # type: ignore[assignment]
    return request


def test_anonymous_is_sent_to_login_with_next() -> None:
    response = pool_view(request_as(AnonymousUser()), number=7)
    assert response.status_code == 302
    assert response["Location"] == "/konto/logga-in/?next=/bemanning/pool/%3Fsida%3D2"


def test_wrong_role_is_denied() -> None:
    with pytest.raises(PermissionDenied):
        pool_view(request_as(SubstituteFactory()), number=7)


def test_other_staff_role_is_denied() -> None:
    with pytest.raises(PermissionDenied):
        pool_view(request_as(PayrollFactory()), number=7)


def test_right_role_gets_the_view_with_its_arguments() -> None:
    response = pool_view(request_as(StaffingCentreFactory()), number=7)
    assert response.status_code == 200
    assert response.content == b"pool 7"


def test_superuser_passes_every_role_check() -> None:
    assert pool_view(request_as(AdministratorFactory()), number=1).status_code == 200


def test_decorator_keeps_the_view_name() -> None:
    assert pool_view.__name__ == "pool_view"


def test_intranet_is_readable_inside_the_network_without_login() -> None:
    request = request_as(AnonymousUser())
    request.in_municipal_network = True  # type: ignore[attr-defined]
    assert may_read_intranet(request)


def test_intranet_needs_login_outside_the_network() -> None:
    request = request_as(AnonymousUser())
    request.in_municipal_network = False  # type: ignore[attr-defined]
    assert not may_read_intranet(request)
    assert may_read_intranet(request_as(SubstituteFactory()))
