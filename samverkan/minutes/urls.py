"""Working pages for minutes."""

from django.urls import path

from samverkan.minutes import views

app_name = "minutes"

urlpatterns = [
    path("arbeta/moten/<int:meeting_id>/minnesanteckningar/", views.start, name="start"),
    path("arbeta/minnesanteckningar/", views.my_approvals, name="mine"),
    path("arbeta/minnesanteckningar/<int:minutes_id>/", views.minutes_page, name="minutes"),
    path("arbeta/minnesanteckningar/punkt/<int:item_id>/", views.item, name="item"),
]
