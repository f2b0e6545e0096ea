"""The working balanslista of a structure (`?body=<id>` for one body) and its exports."""

from django.urls import path

from samverkan.cases.views import balance as views

LIST = "balanslista/<slug:slug>/"

urlpatterns = [
    path(LIST, views.balance_page, name="balance_list"),
    path(f"{LIST}balanslista.csv", views.balance_csv, name="balance_list_csv"),
    path(f"{LIST}balanslista.xlsx", views.balance_xlsx, name="balance_list_xlsx"),
    path(f"{LIST}balanslista.pdf", views.balance_pdf, name="balance_list_pdf"),
]
