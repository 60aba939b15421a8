"""The staffing centre's board, a shift's candidates and booking actions under /bemanning/."""

from django.urls import URLPattern, path

from vikarieportalen.staffing.board import views as views_board

urlpatterns: list[URLPattern] = [
    path("tavla/", views_board.board, name="board"),
    path("pass/<int:shift_id>/kandidater/", views_board.shift_candidates, name="shift_candidates"),
    path("pass/<int:shift_id>/boka/", views_board.shift_book, name="shift_book"),
    path(
        "pass/<int:shift_id>/boka/<int:substitute_id>/undantag/",
        views_board.shift_book_override,
        name="shift_book_override",
    ),
    path(
        "pass/<int:shift_id>/ateroppnat/sett/", views_board.shift_reopen_dismiss, name="shift_reopen_dismiss"
    ),
    path("bokning/<int:booking_id>/avboka/", views_board.booking_cancel, name="booking_cancel"),
]
