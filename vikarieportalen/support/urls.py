from django.urls import path

from vikarieportalen.support import views

app_name = "support"

urlpatterns = [
    # The substitute (after a strong login)
    path("", views.home, name="home"),
    path("nytt/", views.case_new, name="case_new"),
    path("forslag/", views.faq_suggestions, name="faq_suggestions"),
    path("arenden/<int:case_id>/", views.case_detail, name="case_detail"),
    path("arenden/<int:case_id>/svara/", views.case_answer, name="case_answer"),
    path("arenden/<int:case_id>/betyg/", views.case_rate, name="case_rate"),
    # Both: the substitute their own files, payroll every file (audited)
    path("bilagor/<int:attachment_id>/", views.attachment_download, name="attachment"),
    # Payroll
    path("ko/", views.queue, name="queue"),
    path("ko/betyg/", views.ratings, name="ratings"),
    path("ko/<int:case_id>/", views.staff_case, name="staff_case"),
    path("ko/<int:case_id>/svara/", views.staff_reply, name="staff_reply"),
    path("ko/<int:case_id>/anteckning/", views.staff_note, name="staff_note"),
    path("ko/<int:case_id>/tilldela/", views.staff_assign, name="staff_assign"),
    path("ko/<int:case_id>/status/", views.staff_status, name="staff_status"),
]
