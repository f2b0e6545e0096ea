from django.contrib.auth import views as auth_views
from django.urls import path

from samverkan.accounts import views, views_second_factor

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("logga-in/", views.LoginView.as_view(), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "tvastegsverifiering/",
        views_second_factor.second_factor,
        name="second_factor",
    ),
    path(
        "tvastegsverifiering/kod/",
        views_second_factor.second_factor_verify,
        name="second_factor_verify",
    ),
    path(
        "tvastegsverifiering/lagg-till/",
        views_second_factor.second_factor_enrol,
        name="second_factor_enrol",
    ),
    path(
        "tvastegsverifiering/nya-reservkoder/",
        views_second_factor.recovery_codes_new,
        name="recovery_codes_new",
    ),
    path(
        "tvastegsverifiering/stang-av/",
        views_second_factor.second_factor_off,
        name="second_factor_off",
    ),
    path("losenord/", views.PasswordChangeView.as_view(), name="password_change"),
    path("glomt-losenord/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "glomt-losenord/skickat/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "glomt-losenord/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "glomt-losenord/klart/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("api-nycklar/", views.tokens, name="tokens"),
    path("api-nycklar/<int:token_id>/aterkalla/", views.token_revoke, name="token_revoke"),
]
