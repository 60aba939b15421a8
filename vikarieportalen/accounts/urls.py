from django.urls import path

from vikarieportalen.accounts.details import views as details_views
from vikarieportalen.accounts.hr import views as hr_views
from vikarieportalen.accounts.login import views as views_login
from vikarieportalen.accounts.passwords import views as password_views
from vikarieportalen.accounts.reset import views as reset_views
from vikarieportalen.accounts.sessions import views as session_views

app_name = "accounts"

urlpatterns = [
    path("logga-in/", views_login.MethodLoginView.as_view(), name="login"),
    path("logga-in/sms-kod/", views_login.login_code, name="login_code"),
    path("e-legitimation/", views_login.eid_start, name="eid_start"),
    path("e-legitimation/svar/", views_login.eid_callback, name="eid_callback"),
    path("tjanstekort/", views_login.staff_card, name="staff_card"),
    path("starkare-inloggning/", views_login.step_up, name="step_up"),
    path(
        "mina-uppgifter/personnummer/",
        views_login.personal_identity_number,
        name="personal_identity_number",
    ),
    path("logga-ut/", views_login.PortalLogoutView.as_view(), name="logout"),
    path("mina-uppgifter/", details_views.profile, name="profile"),
    path("mina-uppgifter/mobil/", details_views.mobile_change, name="mobile_change"),
    path("mina-uppgifter/mobil/kod/", details_views.mobile_confirm, name="mobile_confirm"),
    path("mina-uppgifter/e-post/", details_views.email_change, name="email_change"),
    path("mina-uppgifter/e-post/<str:token>/", details_views.email_confirm, name="email_confirm"),
    path("aktivera/<str:token>/", details_views.activate, name="activate"),
    path("hr/", hr_views.hr_home, name="hr_home"),
    path("hr/ny-vikarie/", hr_views.substitute_register, name="hr_register"),
    path("hr/import/", hr_views.substitute_import, name="hr_import"),
    path(
        "hr/vikarie/<int:user_id>/skicka-aktivering/",
        hr_views.activation_resend,
        name="hr_activation_resend",
    ),
    path("byt-losenord/", password_views.password_change, name="password_change"),
    path("aterstall/", reset_views.reset_start, name="reset_start"),
    path("aterstall/kod/", reset_views.reset_code, name="reset_code"),
    path("aterstall/nytt-losenord/", reset_views.reset_password, name="reset_password"),
    path("sessioner/", session_views.sessions, name="sessions"),
]
