"""One kind of refusal: a message for the person, a field it belongs to, a code for the code."""

from __future__ import annotations

import pytest

from vikarieportalen.core.errors import Refused


def test_a_refusal_carries_its_message_field_and_code() -> None:
    refused = Refused("The shift is already cancelled.", code="cancelled", field="reason")
    assert (refused.message, refused.code, refused.field) == (
        "The shift is already cancelled.",
        "cancelled",
        "reason",
    )
    assert str(refused) == "The shift is already cancelled."


def test_a_refusal_needs_no_field_or_code() -> None:
    refused = Refused("No.")
    assert (refused.code, refused.field) == ("", None)


def test_an_apps_refusal_is_caught_as_a_refusal() -> None:
    class BookingSaidNo(Refused):
        def __init__(self, reasons: list[str]) -> None:
            super().__init__(" ".join(reasons))
            self.reasons = reasons

    with pytest.raises(Refused) as caught:
        raise BookingSaidNo(["Overlaps another shift.", "Needs a qualification."])
    assert caught.value.message == "Overlaps another shift. Needs a qualification."
