"""E-mail that tells an employee about a change to their account they did not make themselves."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from accounts import outbox


def mask_email(address: str) -> str:
    """ "andi.pratama@bkn.go.id" → "a•••a@bkn.go.id": enough to recognise, not to harvest."""
    local, at, domain = address.partition("@")
    if not at:
        return "•••"
    shown = local[0] + "•••" + local[-1] if len(local) > 2 else local[:1] + "•••"
    return f"{shown}@{domain}"


def tell_old_address(employee, old_email: str) -> None:
    """The old address learns that the account's address changed (once the change commits).

    Whoever can change the address could next ask for a password reset to it, so the person
    who owned the account hears about it at the address they still read.
    """
    context = {
        "employee": employee,
        "old_email": old_email,
        "new_email_masked": mask_email(employee.email) if employee.email else "—",
    }
    message = EmailMessage(
        subject=_("Alamat e-mail akun MySAPK Anda diubah"),
        body=render_to_string("accounts/email/email_changed.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[old_email],
    )
    transaction.on_commit(lambda: outbox.send_later(message))
