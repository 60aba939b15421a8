"""The one kind of "no" a service gives: nothing was changed, and here is why.

Services raise ``Refused`` (or an app's subclass that carries more, such as the booking rules that
were broken); views show ``message`` to the person, next to the form field ``field`` when it names
one. ``code`` is for code and tests to tell refusals apart, never shown.
"""

from __future__ import annotations


class Refused(Exception):
    """An action that was not carried out; ``message`` is whole and in the active language."""

    def __init__(self, message: str = "", *, code: str = "", field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
