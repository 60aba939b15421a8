"""The two steps of page feedback: the yes/no answer, then the optional comment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vikarieportalen.feedback.rules import COMMENT_MAX_LENGTH, comment_normalise, vote_parse
from vikarieportalen.feedback.tokens import comment_token_read

UNKNOWN_PAGE = _("We could not tell which page you answered about. Reload the page and try again.")
EXPIRED = _("Too much time has passed since you answered. Answer Yes or No again.")


class _CommentField(forms.CharField):
    def to_python(self, value: Any) -> str:
        return comment_normalise(super().to_python(value) or "")


def _comment_field() -> _CommentField:
    return _CommentField(
        label=_("Comment (optional)"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        error_messages={
            "max_length": _(
                "The comment can be at most %(limit_value)d characters long and yours has "
                "%(show_value)d. Shorten it and press Send again."
            ),
        },
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class VoteForm(forms.Form):
    """Yes or no. The comment is usually sent in a second step, but may come along (see views)."""

    page = forms.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        error_messages=dict.fromkeys(("required", "invalid", "min_value", "max_value"), UNKNOWN_PAGE),
    )
    helpful = forms.ChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))],
        error_messages={"required": _("Answer Yes or No."), "invalid_choice": _("Answer Yes or No.")},
    )
    comment = _comment_field()

    def clean_helpful(self) -> bool:
        return vote_parse(self.cleaned_data["helpful"]) is True


class CommentForm(forms.Form):
    """The comment after the answer; the token (page and answer) proves this visitor gave it."""

    token = forms.CharField(
        max_length=300,
        widget=forms.HiddenInput,
        error_messages=dict.fromkeys(("required", "max_length"), EXPIRED),
    )
    comment = _comment_field()

    def clean_token(self) -> tuple[int, int]:
        ids = comment_token_read(self.cleaned_data["token"])
        if ids is None:
            raise forms.ValidationError(EXPIRED, code="expired")
        return ids
