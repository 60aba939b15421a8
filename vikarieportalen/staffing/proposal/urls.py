"""The staffing proposal's pages under /bemanning/forslag/ (issue 18)."""

from django.urls import URLPattern, path

from vikarieportalen.staffing.proposal import views

urlpatterns: list[URLPattern] = [
    path("forslag/", views.proposal_list, name="proposal_list"),
    path("forslag/<int:proposal_id>/", views.proposal_detail, name="proposal_detail"),
    path("forslag/<int:proposal_id>/framsteg/", views.proposal_progress, name="proposal_progress"),
    path("forslag/<int:proposal_id>/avbryt/", views.proposal_cancel, name="proposal_cancel"),
    path("forslag/<int:proposal_id>/bekrafta/", views.proposal_confirm, name="proposal_confirm"),
    path(
        "forslag/<int:proposal_id>/tilldelning/<int:assignment_id>/ta-bort/",
        views.assignment_remove,
        name="proposal_assignment_remove",
    ),
    path(
        "forslag/<int:proposal_id>/tilldelning/<int:assignment_id>/byt/",
        views.assignment_swap,
        name="proposal_assignment_swap",
    ),
]
