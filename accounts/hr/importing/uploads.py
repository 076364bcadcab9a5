"""The uploaded file between the dry run and the confirmation.

It holds personal data, so it lives in the private default storage (shared by every app
server) under an unguessable name prefixed with the officer who uploaded it: another
officer's confirm cannot reach it. Confirming takes it out of storage; a new dry run or
"Batal" drops an officer's earlier one, so a file never outlives its import.
"""

import re
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

FOLDER = "employee-imports"
NAME = re.compile(r"[A-Za-z0-9_-]{43}\.(csv|xlsx)")


def keep(content: bytes, extension: str, officer) -> str:
    """Store an upload until it is confirmed; return the name the confirm form carries."""
    forget_all(officer)  # one pending import per officer
    name = f"{secrets.token_urlsafe(32)}.{extension}"
    default_storage.save(_path(officer, name), ContentFile(content))
    return name


def take(name: str, officer) -> bytes:
    """The stored upload, removed from storage. FileNotFoundError when there is none: confirmed
    already, dropped, or a name that was never given to this officer."""
    if not NAME.fullmatch(name or ""):
        raise FileNotFoundError(name)
    path = _path(officer, name)
    with default_storage.open(path, "rb") as stored:
        content = stored.read()
    default_storage.delete(path)
    return content


def forget_all(officer) -> None:
    try:
        _folders, names = default_storage.listdir(FOLDER)
    except FileNotFoundError:  # nothing was ever stored here
        return
    for name in names:
        if name.startswith(f"{officer.pk}-"):
            default_storage.delete(f"{FOLDER}/{name}")


def _path(officer, name: str) -> str:
    return f"{FOLDER}/{officer.pk}-{name}"
