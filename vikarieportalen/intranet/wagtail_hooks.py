from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from wagtail import hooks
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from vikarieportalen.core.access import may_read_intranet
from vikarieportalen.intranet.models import ContactCard, LegalPage, Notice, Shortcut


@hooks.register("before_serve_page")
def require_login_outside_municipal_network(
    page: Page, request: HttpRequest, serve_args: tuple[Any, ...], serve_kwargs: dict[str, Any]
) -> HttpResponse | None:
    # The accessibility statement, privacy notice and cookies page are for everyone, before login too.
    if may_read_intranet(request) or isinstance(page, LegalPage):
        return None
    return redirect_to_login(request.get_full_path())


@hooks.register("before_serve_document")
def require_login_for_documents_outside_municipal_network(
    document: object, request: HttpRequest
) -> HttpResponse | None:
    # Documents attached to intranet pages (training checklists…) are as internal as the pages.
    if may_read_intranet(request):
        return None
    return redirect_to_login(request.get_full_path())


class ContactCardViewSet(SnippetViewSet):
    model = ContactCard
    icon = "user"
    list_display = ["name", "role", "phone", "show_in_footer"]
    search_fields = ["name", "role"]


class NoticeViewSet(SnippetViewSet):
    model = Notice
    icon = "warning"
    list_display = ["title", "level", "starts_at", "ends_at"]
    list_filter = ["level"]


class ShortcutViewSet(SnippetViewSet):
    model = Shortcut
    icon = "link"
    list_display = ["title", "url", "page", "sort_order"]
    search_fields = ["title", "description"]


register_snippet(ContactCardViewSet)
register_snippet(NoticeViewSet)
register_snippet(ShortcutViewSet)
