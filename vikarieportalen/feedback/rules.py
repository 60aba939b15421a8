"""Pure rules for page feedback: no database, no cache, no request."""

from __future__ import annotations

# Long enough for a real remark about a page, short enough that nobody pastes a document.
COMMENT_MAX_LENGTH = 1000

VOTES = {"yes": True, "no": False}


def vote_parse(value: str) -> bool | None:
    """``"yes"`` → True, ``"no"`` → False, anything else → None (refused)."""
    return VOTES.get(value)


def comment_normalise(text: str) -> str:
    """Line breaks as one character each, no surrounding blanks.

    Browsers count a line break as one character against ``maxlength`` but send it as CR LF, so a
    comment that fitted in the box would otherwise be refused as too long.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()
