from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vikarieportalen.intranet.rules import SEARCH_QUERY_MAX_LENGTH


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search words"),
        max_length=SEARCH_QUERY_MAX_LENGTH,
        required=False,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
        error_messages={
            "max_length": _(
                "Write at most %(limit_value)d characters to search for (you wrote %(show_value)d)."
            )
        },
    )
