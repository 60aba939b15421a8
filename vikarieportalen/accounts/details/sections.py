"""What other apps show on *Mina uppgifter*: each registers a reader of the user's own data.

The page belongs to accounts, but some of what it shows does not (the workplaces a manager manages
come from staffing). Apps above accounts register a section in their ``AppConfig.ready`` instead of
accounts importing them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vikarieportalen.accounts.models import User

ProfileSection = Callable[["User"], dict[str, Any]]

_sections: dict[str, ProfileSection] = {}


def profile_section_register(name: str, section: ProfileSection) -> None:
    """Add (or replace, by name) a reader whose dictionary joins the profile page's context."""
    _sections[name] = section


def profile_context(*, user: User) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for section in _sections.values():
        context.update(section(user))
    return context
