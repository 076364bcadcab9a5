"""Sending a private file: a card photo, a rendered card, never through a public URL."""

from django.core.files import File
from django.http import HttpResponse
from django.utils.http import content_disposition_header


def private_file_response(
    content: bytes | File,
    content_type: str,
    *,
    max_age: int | None = None,
    download_name: str | None = None,
) -> HttpResponse:
    """The file for the one browser that asked: never stored by a shared cache.

    content is the bytes or a stored file (read whole: photos and cards are small).
    max_age lets that browser keep it for so many seconds; None makes it ask every time.
    download_name makes it an attachment saved under that name.
    """
    if isinstance(content, File):
        with content.open("rb") as f:
            content = f.read()
    response = HttpResponse(content, content_type=content_type)
    cache = "no-cache" if max_age is None else f"max-age={max_age}"
    response["Cache-Control"] = f"private, {cache}"
    if download_name:
        response["Content-Disposition"] = content_disposition_header(True, download_name)
    return response
