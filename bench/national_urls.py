"""The site's URLs and a hello-world view: the fastest a Django response can be on this
server, what `pages.py --throughput` compares each page with."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from samverkan.urls import handler500
from samverkan.urls import urlpatterns as site


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Hej världen", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench-hej/", hello), *site]
__all__ = ["handler500", "urlpatterns"]
