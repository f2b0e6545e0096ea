"""Public pages of the cases app, mounted at the root: the public balanslista of a structure
and of each body, with their CSV files. Only what is public is on them."""

from django.urls import path

from samverkan.cases.views import balance

app_name = "cases_public"

LIST = "balanslista/<slug:slug>/"

urlpatterns = [
    path(LIST, balance.public_balance_page, name="balance_list"),
    path(f"{LIST}balanslista.csv", balance.public_balance_csv, name="balance_list_csv"),
    path(f"{LIST}<slug:key>/", balance.public_body_balance_page, name="body_balance_list"),
    path(
        f"{LIST}<slug:key>/balanslista.csv",
        balance.public_body_balance_csv,
        name="body_balance_list_csv",
    ),
]
