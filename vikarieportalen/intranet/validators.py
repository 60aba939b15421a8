from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

_web_url = URLValidator(schemes=["https", "http"])


def web_address_or_path(value: str) -> None:
    """A web address (https://…) or an address on this site (/bemanning/mina-pass/).

    Nothing else: an editor-managed link list must never carry javascript:, data: or ftp: links.
    """
    if value.startswith("/") and not value.startswith("//") and "\\" not in value and value.isprintable():
        if " " in value:
            raise ValidationError(_("An address cannot contain spaces."), code="invalid")
        return
    try:
        _web_url(value)
    except ValidationError:
        raise ValidationError(
            _("Write a web address starting with https:// or an address on this site starting with /."),
            code="invalid",
        ) from None
