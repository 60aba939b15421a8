"""Page feedback from visitors: the yes/no answer and the optional comment. No login needed.

With JavaScript (htmx) each post answers with the box's next state, swapped in place; without it,
a successful post redirects back to the page, whose box then shows the next state (box.py), and a
refused post shows the box with its message on a page of its own. htmx only swaps 2xx answers,
so the box with an error message goes to htmx as 200 and to a plain form post as 400/429.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_htmx.http import HttpResponseClientRedirect
from wagtail.models import Page

from vikarieportalen.core.access import may_read_intranet
from vikarieportalen.core.http import safe_next_url
from vikarieportalen.feedback import selectors, services
from vikarieportalen.feedback.box import DONE, STATE_PARAMETER, FeedbackBox
from vikarieportalen.feedback.forms import UNKNOWN_PAGE, CommentForm, VoteForm
from vikarieportalen.feedback.rules import COMMENT_MAX_LENGTH
from vikarieportalen.feedback.throttle import feedback_post_allowed, feedback_throttle_identity
from vikarieportalen.feedback.tokens import comment_token_make


def _post_only(view: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """Any other method gets 405 with a page that says where feedback is given."""

    @wraps(view)
    def wrapper(request: HttpRequest) -> HttpResponse:
        if request.method != "POST":
            response = render(request, "feedback/post_only.html", status=405)
            response["Allow"] = "POST"
            return response
        return view(request)

    return wrapper


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _back_url(request: HttpRequest) -> str:
    """Where the visitor came from (same site only): the page the box was on."""
    referer = safe_next_url(request, request.headers.get("referer"))
    if referer:
        parts = urlsplit(referer)
        return f"{parts.path or '/'}{'?' + parts.query if parts.query else ''}"
    return "/"


def _login(request: HttpRequest) -> HttpResponse:
    # Outside the municipal network with an expired session: log in and come back to the page.
    if _is_htmx(request):
        response = redirect_to_login(_back_url(request))
        return HttpResponseClientRedirect(response["Location"])
    return redirect_to_login(_back_url(request))


def _box(request: HttpRequest, box: FeedbackBox, *, status: int = 200) -> HttpResponse:
    """The box alone for htmx; for a plain form post a page with the box and a way back."""
    if _is_htmx(request):
        return render(request, "feedback/_box.html", {"feedback": box})
    context: dict[str, Any] = {"feedback": box, "back_url": _back_url(request)}
    return render(request, "feedback/refused.html", context, status=status)


def _page_id(request: HttpRequest) -> int:
    value = request.POST.get("page", "")
    return int(value) if value.isdigit() and len(value) < 10 else 0


def _typed_comment(request: HttpRequest) -> str:
    # Shown again after an error so nothing typed is lost; a flood is cut, it is refused anyway.
    return request.POST.get("comment", "")[: COMMENT_MAX_LENGTH * 5]


def _refused_for_throttle(request: HttpRequest) -> HttpResponse:
    """Cheap on purpose: no database query, and a plain post gets a page without the site's frame."""
    message = _("You have sent a lot of feedback in a short time. Wait a few minutes and try again.")
    if _is_htmx(request):
        box = FeedbackBox(
            page_id=_page_id(request), state="ask", comment=_typed_comment(request), message=message
        )
        return render(request, "feedback/_box.html", {"feedback": box})
    context = {"message": message, "back_url": _back_url(request)}
    return render(request, "feedback/too_many.html", context, status=429)


def _back_to_page(request: HttpRequest, page: Page, state: str) -> HttpResponse:
    url = f"{page.get_url(request) or '/'}?{urlencode({STATE_PARAMETER: state})}#sidrespons"
    return HttpResponseRedirect(url, status=303)


def _next_step(request: HttpRequest, page: Page, box: FeedbackBox) -> HttpResponse:
    if _is_htmx(request):
        return render(request, "feedback/_box.html", {"feedback": box})
    return _back_to_page(request, page, box.token or DONE)


@never_cache
@_post_only
def vote(request: HttpRequest) -> HttpResponse:
    if not feedback_post_allowed(identity=feedback_throttle_identity(request)):
        return _refused_for_throttle(request)
    if not may_read_intranet(request):
        return _login(request)
    form = VoteForm(request.POST)
    if not form.is_valid():
        return _vote_refused(request, form)
    page = selectors.page_for_feedback(page_id=form.cleaned_data["page"], request=request)
    if page is None:
        return _vote_refused(request, form)

    feedback = services.page_feedback_create(
        page=page, helpful=form.cleaned_data["helpful"], comment=form.cleaned_data["comment"]
    )
    if feedback.comment:  # the comment came along (after an expired comment step)
        return _next_step(request, page, FeedbackBox(page_id=page.pk, state="done"))
    token = comment_token_make(feedback_id=feedback.pk, page_id=page.pk)
    return _next_step(request, page, FeedbackBox(page_id=page.pk, state="comment", token=token))


def _vote_refused(request: HttpRequest, form: VoteForm) -> HttpResponse:
    if form.is_valid() or "page" in form.errors:
        message = str(UNKNOWN_PAGE)
    elif "helpful" in form.errors:
        message = str(form.errors["helpful"][0])
    else:
        message = ""  # only the comment is wrong: its message sits by the field
    box = FeedbackBox(
        page_id=_page_id(request),
        state="ask",
        comment=_typed_comment(request),
        comment_errors=[str(error) for error in form.errors.get("comment", [])],
        message=message,
    )
    return _box(request, box, status=400)


@never_cache
@_post_only
def comment(request: HttpRequest) -> HttpResponse:
    if not feedback_post_allowed(identity=feedback_throttle_identity(request)):
        return _refused_for_throttle(request)
    if not may_read_intranet(request):
        return _login(request)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _comment_refused(request, form)
    feedback_id, page_id = form.cleaned_data["token"]
    page = selectors.page_for_feedback(page_id=page_id, request=request)
    if page is None:
        return _box(request, FeedbackBox(page_id=0, state="ask", message=str(UNKNOWN_PAGE)), status=400)
    if form.cleaned_data["comment"]:
        # Does nothing when the answer already has its comment (a second click): never overwrites.
        services.page_feedback_comment(
            feedback_id=feedback_id, page_id=page_id, comment=form.cleaned_data["comment"]
        )
    return _next_step(request, page, FeedbackBox(page_id=page.pk, state="done"))


def _comment_refused(request: HttpRequest, form: CommentForm) -> HttpResponse:
    """A comment that is too long stays in the box with its message; an expired step asks again."""
    if "token" in form.errors:
        box = FeedbackBox(
            page_id=_page_id(request),
            state="ask",
            comment=_typed_comment(request),
            message=str(form.errors["token"][0]),
        )
    else:
        box = FeedbackBox(
            page_id=_page_id(request),
            state="comment",
            token=request.POST.get("token", ""),
            comment=_typed_comment(request),
            comment_errors=[str(error) for error in form.errors.get("comment", [])],
        )
    return _box(request, box, status=400)
