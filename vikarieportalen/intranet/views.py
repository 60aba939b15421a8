"""Intranet views outside Wagtail's page tree: search, and the language button."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import check_for_language
from django.views.i18n import set_language

from vikarieportalen.accounts.services import USER_LANGUAGE_SESSION_KEY, user_language_save
from vikarieportalen.core.access import may_read_intranet
from vikarieportalen.core.http import request_user, safe_next_url
from vikarieportalen.intranet import selectors
from vikarieportalen.intranet.forms import SearchForm
from vikarieportalen.intranet.rules import search_summary


def search(request: HttpRequest) -> HttpResponse:
    """Search news, open job ads, FAQ, trainings and other pages, and contact cards."""
    if not may_read_intranet(request):
        return redirect_to_login(request.get_full_path())
    form = SearchForm(request.GET if "q" in request.GET else None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    context: dict[str, object] = {"form": form, "query": query}
    if query:
        results = selectors.page_search(query=query, user=request.user)
        results_page = Paginator(results, selectors.SEARCH_RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        contacts = list(selectors.contact_card_search(query=query))
        context.update(
            results_page=results_page,
            results=selectors.pages_specific(list(results_page.object_list)),
            contacts=contacts if results_page.number == 1 else [],
            summary=search_summary(pages=results_page.paginator.count, contacts=len(contacts), query=query),
            pagination_query=urlencode({"q": query}),
        )
    return render(request, "intranet/search.html", context)


def language_switch(request: HttpRequest) -> HttpResponse:
    """Django's set_language (cookie, safe ``next``), leading to the page's translation if there is one."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.method == "POST" and response.status_code == 302 and check_for_language(language):
        if request.user.is_authenticated and language in dict(settings.LANGUAGES):
            # The choice is the person's too: SMS and e-mail follow it, and so does their next login.
            user_language_save(user=request_user(request), language=language)
            request.session[USER_LANGUAGE_SESSION_KEY] = language
        candidates = (request.POST.get("next", ""), request.headers.get("referer", ""))
        back = next((url for url in candidates if safe_next_url(request, url)), "/")
        response["Location"] = selectors.url_in_language(request=request, url=back, language=language)
    return response
