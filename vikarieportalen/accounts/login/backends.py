"""The session's user and its roles in one query (issue 21: every logged-in request loads both).

Django's ``ModelBackend`` loads the user of a session by primary key, and the first role check then
asks for the user's groups: two queries on every logged-in request, the accept of an offer among
them. ``PortalBackend`` loads the user with its group names aggregated into one column
(one statement of plain SQL), which ``User.roles`` reads. Roles are read anew on every request, so a role an
administrator removes is gone at the next click, as before.

It only restores users from sessions. Passwords are checked once, by Django's ``ModelBackend``
after it (the login form's ``authenticate``); every way of logging in then stores this backend in
the session (the password form's view and ``methods.login_complete``). Sessions made before
this backend existed name ``ModelBackend`` and keep working, loaded the old way until the next login.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import HttpRequest

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.models.users import ROLE_NAMES

PORTAL_BACKEND = "vikarieportalen.accounts.login.backends.PortalBackend"


class PortalBackend(ModelBackend):
    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        """Never checks a password (``ModelBackend`` after it does, once)."""
        return None

    def get_user(self, user_id: Any) -> User | None:
        try:
            pk = User._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        user = next(iter(User._default_manager.raw(_user_sql(connection.vendor), [pk])), None)
        return user if user is not None and self.user_can_authenticate(user) else None


# The user's row and their group names, comma-separated (the ``ROLE_NAMES`` column).
_USER_SQL = """
SELECT u.*, COALESCE((SELECT {names} FROM accounts_user_groups ug JOIN auth_group g ON g.id = ug.group_id
                      WHERE ug.user_id = u.id), '') AS {column}
FROM accounts_user u WHERE u.id = %s"""


@cache
def _user_sql(vendor: str) -> str:
    """``_USER_SQL`` in the database's words: built by the ORM, the same query cost more time to
    build than to run, on every logged-in request."""
    names = "string_agg(g.name, ',')" if vendor == "postgresql" else "group_concat(g.name, ',')"
    return _USER_SQL.replace("{names}", names).replace("{column}", ROLE_NAMES)
