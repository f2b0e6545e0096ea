from django.contrib.auth import views as auth_views
from django.urls import path

from samverkan.accounts import views

app_name = "accounts"

urlpatterns = [
    path("logga-in/", views.LoginView.as_view(), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("api-nycklar/", views.tokens, name="tokens"),
    path("api-nycklar/<int:token_id>/aterkalla/", views.token_revoke, name="token_revoke"),
]
