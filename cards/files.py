"""Sending a private file: a card photo, a rendered card, never through a public URL."""

from django.core.files import File
from django.http import HttpResponse
from django.utils.http import content_disposition_header


def private_file_response(
    content: bytes | File, content_type: str, *, download_name: str | None = None
) -> HttpResponse:
    """The file for the one browser that asked, which must not keep it either.

    no-store, not just private: on a shared office computer a photo or card kept in the
    browser's cache would outlive the employee's logout.
    content is the bytes or a stored file (read whole: photos and cards are small).
    download_name makes it an attachment saved under that name.
    """
    if isinstance(content, File):
        with content.open("rb") as f:
            content = f.read()
    response = HttpResponse(content, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    if download_name:
        response["Content-Disposition"] = content_disposition_header(True, download_name)
    return response
