"""Forms of the library pages. They parse input only; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings


class AddressField(forms.CharField):
    """A web address, checked by the service with the fetcher's rules (so a refusal reads the same on
    every door); ``example.org/page`` is read as ``https://example.org/page``."""

    widget = forms.URLInput

    def to_python(self, value: Any) -> str:
        text = str(super().to_python(value))
        if text and "://" not in text:
            text = f"https://{text}"
        return text


class LibrarySearchForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": 'troops Japan, "air base", nato or gdp, -okinawa'}
        ),
    )


class DocumentDetailsForm(forms.Form):
    title = forms.CharField(
        max_length=500, required=False, help_text="Left empty, the title is read from the page or the first line."
    )
    publisher = forms.CharField(max_length=200, required=False)
    published = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    url = AddressField(
        max_length=2000,
        required=False,
        label="Source address",
        help_text="Where the document can be read (shown with the evidence).",
    )


class DocumentAddForm(DocumentDetailsForm):
    text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        label="Paste text",
        max_length=settings.LIBRARY_MAX_CHARS,
    )
    file = forms.FileField(
        required=False,
        label="Or upload a file",
        help_text="PDF, HTML or plain text; read by its content, whatever its name.",
    )
    fetch_url = AddressField(required=False, max_length=2000, label="Or fetch a web page or PDF")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = [name for name in ("text", "file", "fetch_url") if data.get(name)]
        if len(given) != 1:
            raise forms.ValidationError("Give exactly one of: pasted text, a file, or an address to fetch.")
        upload = data.get("file")
        if upload is not None and upload.size > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            self.add_error("file", f"The file is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes.")
        return data


class DocumentEditForm(DocumentDetailsForm):
    title = forms.CharField(max_length=500)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 16}), max_length=settings.LIBRARY_MAX_CHARS)
