"""Short-lived signed links to a card photo, handed out only on a verification result.

Photos live in private storage and have no public URL; the link carries the photo's id
signed with a timestamp, so it cannot be guessed, altered or used after a few minutes.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from cards.models import PhotoVersion

SALT = "verification.photo-link"


class LinkExpired(Exception):
    pass


def signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def photo_link(photo: PhotoVersion | int) -> str:
    """The link to a photo (a PhotoVersion or its id)."""
    pk = photo if isinstance(photo, int) else photo.pk
    return reverse("verification:photo", args=[signer().sign(str(pk))])


def photo_from_link(value: str) -> PhotoVersion:
    """The photo a link points at; LinkExpired when too old, PhotoVersion.DoesNotExist if forged."""
    try:
        pk = signer().unsign(value, max_age=settings.VERIFICATION_PHOTO_LINK_SECONDS)
    except signing.SignatureExpired:
        raise LinkExpired from None
    except signing.BadSignature:
        raise PhotoVersion.DoesNotExist from None
    return PhotoVersion.objects.get(pk=pk)
