"""`{% history obj %}`: the "Historik" section of an object's working page.

The page's view has already decided that the user may edit the object; the section is the
same for every such page and reads the history in one query, so a page shows it without
its view knowing about the history.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.db.models import Model
from django.urls import reverse

from samverkan.audit.registry import tracked
from samverkan.audit.selectors import page_history

register = template.Library()


@register.inclusion_tag("audit/_history.html", takes_context=True)
def history(
    context: template.Context, obj: Model, heading_id: str = "historik", limit: int = 50
) -> dict[str, Any]:
    user = getattr(context.get("request"), "user", None)
    search_url = ""
    if user is not None and user.is_active and user.is_superuser:
        query = urlencode({"typ": tracked(obj).key, "id": obj.pk})
        search_url = f"{reverse('audit:search')}?{query}"
    return {
        "history": page_history(obj=obj, limit=limit),
        "heading_id": heading_id,
        "search_url": search_url,
    }
