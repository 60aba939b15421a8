"""The signed token that lets the visitor who voted add a comment to that vote, and nobody else.

It travels in the comment form (and, without JavaScript, in the address the vote redirects to), so
nothing about the visitor is kept on the server between the two steps.
"""

from __future__ import annotations

from django.core import signing

SALT = "vikarieportalen.feedback.comment"
# A comment must follow its vote within this time; after it the visitor answers again (text kept).
TOKEN_MAX_AGE_SECONDS = 2 * 60 * 60


def comment_token_make(*, feedback_id: int, page_id: int) -> str:
    return signing.dumps([feedback_id, page_id], salt=SALT)


def comment_token_read(token: str) -> tuple[int, int] | None:
    """(feedback id, page id) for a valid, fresh token; None for anything else."""
    if not token or len(token) > 200:
        return None
    try:
        value = signing.loads(token, salt=SALT, max_age=TOKEN_MAX_AGE_SECONDS)
    except signing.BadSignature:  # also SignatureExpired
        return None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(part, int) and not isinstance(part, bool) for part in value)
    ):
        return None
    return value[0], value[1]
