"""Access rows for intranet pages: open inside the municipal network, after login outside it.

News aimed at an area of work is for substitutes in that area and staff: an anonymous reader is
asked to log in (logging in may show it), a substitute in another area gets 404.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect

from vikarieportalen.intranet.models import HomePage
from vikarieportalen.intranet.tests.factories import FaqPageFactory, job_ad, news_item
from vikarieportalen.staffing.models import AreaOfWork
from vikarieportalen.testing import LOGIN, access_table

L = LOGIN


def _news_for_everyone() -> None:
    news_item(title="Till alla", slug="till-alla")


def _news_for_schools() -> None:
    news_item(title="Till skolan", slug="till-skolan", areas=[AreaOfWork.SCHOOL])


def _open_job_ad() -> None:
    job_ad(title="Undersköterska", slug="underskoterska")


def _closed_job_ad() -> None:
    job_ad(title="Kock", slug="kock", last_application_date=timezone.localdate() - dt.timedelta(days=1))


def _old_address() -> None:
    Redirect.add_redirect(
        "/timvikarie/vikarieportalen", redirect_to=HomePage.objects.first(), is_permanent=True
    )


# fmt: off
ROWS = access_table([
    # url                       out    in     forged proxy  subst  mgr    staff  pay    hr     editor admin
    ("/",                       L,     200,   L,     200,   200,   200,   200,   200,   200,   200,   200),
    ("/intranat/sok/",          L,     200,   L,     200,   200,   200,   200,   200,   200,   200,   200),
    ("/intranat/sok/?q=semester", L,   200,   L,     200,   200,   200,   200,   200,   200,   200,   200),
]) + access_table([
    ("/fragor-och-svar/",       L,     200,   L,     200,   200,   200,   200,   200,   200,   200,   200),
], setup=FaqPageFactory) + access_table([
    ("/nyheter/",               L,     200,   L,     200,   200,   200,   200,   200,   200,   200,   200),
    ("/nyheter/flode/",         L,     200,   L,     200,   200,   200,   200,   200,   200,   200,   200),
    ("/nyheter/till-alla/",     L,     200,   L,     200,   200,   200,   200,   200,   200,   200,   200),
], setup=_news_for_everyone) + access_table([
    ("/nyheter/till-skolan/",   L,     L,     L,     L,     404,   200,   200,   200,   200,   200,   200),
], setup=_news_for_schools) + access_table([
    ("/lediga-jobb/",           L,     200,   L,     200,   200,   200,   200,   200,   200,   200,   200),
    ("/lediga-jobb/underskoterska/", L, 200,  L,     200,   200,   200,   200,   200,   200,   200,   200),
], setup=_open_job_ad) + access_table([
    ("/lediga-jobb/kock/",      L,     200,   L,     200,   200,   200,   200,   200,   200,   200,   200),
], setup=_closed_job_ad) + access_table([
    # The English start page and the legal pages come with every installation (migration 0007).
    ("/en/",                    L,     200,   L,     200,   200,   200,   200,   200,   200,   200,   200),
    # The legal pages are for everyone, before login and outside the network too.
    ("/tillganglighetsredogorelse/", 200, 200, 200,  200,   200,   200,   200,   200,   200,   200,   200),
    ("/behandling-av-personuppgifter/", 200, 200, 200, 200, 200,   200,   200,   200,   200,   200,   200),
    ("/kakor/",                 200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("/en/accessibility-statement/", 200, 200, 200,  200,   200,   200,   200,   200,   200,   200,   200),
    ("/en/personal-data/",      200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("/en/cookies/",            200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
]) + access_table([
    # The old public portal's addresses lead everyone to the new pages (the page then asks for login).
    ("/timvikarie/vikarieportalen", 301, 301, 301,   301,   301,   301,   301,   301,   301,   301,   301),
], setup=_old_address)
# fmt: on
