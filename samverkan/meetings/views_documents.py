"""A meeting's documents: the coordinators and the charter's conveners upload, members (or
anyone, if public) download.

The meeting page includes `meetings/documents/_list.html` and `_upload_form.html` with the
context from `documents_context(meeting)`; the upload posts here and returns to the meeting.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone

from samverkan.lib.errors import ConflictError, DomainError
from samverkan.lib.localtime import STOCKHOLM
from samverkan.lib.users import acting_user
from samverkan.lib.webforms import show_refusal
from samverkan.meetings.access import (
    get_document_for_read,
    get_meeting_for_documents,
    meeting_rights,
)
from samverkan.meetings.documents import (
    ACCEPT,
    ALLOWED_TEXT,
    REGISTRY_NUMBER_MAX,
    TITLE_MAX,
    document_upload,
    file_response,
    search_note_of,
)
from samverkan.meetings.models import AgendaItem, Document, Meeting
from samverkan.meetings.selectors import (
    agenda_items,
    document_deadline_of,
    is_replaced,
    meeting_documents,
)


class DocumentUploadForm(forms.Form):
    """The upload's shape; the file's type, size and the rules are checked by the service."""

    file = forms.FileField(
        label="Fil",
        help_text=f"{ALLOWED_TEXT}. Filens innehåll avgör vilken sorts fil den är.",
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )
    title = forms.CharField(
        label="Titel",
        max_length=TITLE_MAX,
        required=False,
        help_text="För en ny version kan du lämna titeln tom; då behålls den tidigare.",
    )
    agenda_item = forms.TypedChoiceField(
        label="Punkt på dagordningen", coerce=int, required=False, empty_value=None
    )
    replaces = forms.TypedChoiceField(
        label="Ny version av", coerce=int, required=False, empty_value=None
    )
    registry_number = forms.CharField(
        label="Diarienummer (Dnr)",
        max_length=REGISTRY_NUMBER_MAX,
        required=False,
        help_text="I den egna organisationens format, t.ex. LS/751/2013 eller RS 2024-123.",
    )
    public = forms.BooleanField(
        label="Offentlig handling (kan hämtas av alla, även utan inloggning)", required=False
    )

    def __init__(
        self, *args: Any, items: list[AgendaItem], documents: list[Document], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.items = {item.pk: item for item in items}
        self.current = {d.pk: d for d in documents if not is_replaced(d)}
        agenda = cast(forms.TypedChoiceField, self.fields["agenda_item"])
        agenda.choices = [("", "Ingen särskild punkt")] + [
            (item.pk, f"{number}. {item.title}") for number, item in enumerate(items, start=1)
        ]
        replaces = cast(forms.TypedChoiceField, self.fields["replaces"])
        replaces.choices = [("", "Ingen – en ny handling")] + [
            (d.pk, f"{d.title} (version {d.version})") for d in self.current.values()
        ]

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "uploaded_file": data["file"],
            "title": data["title"],
            "agenda_item": self.items.get(data["agenda_item"]) if data["agenda_item"] else None,
            "replaces": self.current.get(data["replaces"]) if data["replaces"] else None,
            "registry_number": data["registry_number"],
            "public": data["public"],
        }


def documents_context(
    meeting: Meeting,
    *,
    upload_form: DocumentUploadForm | None = None,
    items: list[AgendaItem] | None = None,
) -> dict:
    """What the meeting page needs to include the partials: three queries, however many
    documents (fewer when the page passes the agenda `items` it has read)."""
    documents = meeting_documents(meeting=meeting)
    if items is None:
        items = agenda_items(meeting=meeting)
    deadline = document_deadline_of(meeting=meeting)
    if upload_form is None:
        upload_form = DocumentUploadForm(items=items, documents=documents, prefix="document")
    return {
        "meeting": meeting,
        "documents": documents,
        "deadline": deadline,
        "deadline_passed": deadline is not None
        and timezone.localdate(timezone=STOCKHOLM) > deadline,
        "upload_form": upload_form,
    }


@login_required
def document_upload_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = get_meeting_for_documents(request.user, meeting_id)
    form: DocumentUploadForm | None = None
    if request.method == "POST":
        documents = meeting_documents(meeting=meeting)
        items = agenda_items(meeting=meeting)
        form = DocumentUploadForm(
            request.POST, request.FILES, items=items, documents=documents, prefix="document"
        )
        if form.is_valid():
            try:
                document = document_upload(
                    meeting=meeting, by=acting_user(request), **form.changes()
                )
            except DomainError as exc:
                show_refusal(form, exc.errors)
                if isinstance(exc, ConflictError):
                    form.conflict = True  # type: ignore[attr-defined]
            else:
                done = f"{document.title} är uppladdad"
                if document.version > 1:
                    done += f" som version {document.version}"
                if document.late:
                    done += ". Den kom in efter sista dag för handlingar och är markerad som sen"
                messages.success(request, done + ".")
                note = search_note_of(document)
                if note:
                    # Kept and downloadable, but the search will not (fully) find it.
                    messages.warning(
                        request,
                        f"{document.title} är sparad, men sökningen hittar inte hela dess "
                        f"text. {note}",
                    )
                return redirect("meetings:meeting", meeting.pk)
    context = documents_context(meeting, upload_form=form)
    context.update(
        {
            "structure": meeting.body.structure,
            "body": meeting.body,
            "rights": meeting_rights(request.user, meeting),
        }
    )
    context["local_start"] = timezone.localtime(meeting.starts_at, STOCKHOLM)
    return render(request, "meetings/documents/upload.html", context)


def document_download(request: HttpRequest, document_id: int) -> HttpResponseBase:
    try:
        document = get_document_for_read(request.user, document_id)
    except Http404:
        # An internal document and a missing one look the same; a visitor who is not
        # logged in is asked to log in for either (the link may come from a notice).
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise
    return file_response(document)
