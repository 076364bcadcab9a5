"""Everything that changes a card goes through these functions.

Each change runs in a transaction that locks the card row, bumps its revision and writes a
CardEvent with its actor for the audit trail; the revision numbers the card's states in that
trail. Renders are not keyed by the revision: `cards.outputs` keys them by a digest of
everything printed (card face, photo version, layout, side, template version), so a change
reaches every download without invalidating anything.
Changes of the employee's printed data arrive through `cards.employees.update_employee`.
"""

import contextlib
from functools import partial

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Employee
from cards import notifications, photos, status_list
from cards.auth import PRELOADED
from cards.eligibility import card_eligibility
from cards.models import Card, CardEvent, PhotoVersion, RetiredToken, new_card_number, new_token


class CardError(Exception):
    def __init__(self, code: str, message: str = ""):
        super().__init__(message or code)
        self.code, self.message = code, message or code


def card_for(employee: Employee) -> Card | None:
    """The employee's card, issued on first need once they are eligible; None otherwise."""
    if not card_eligibility(employee).eligible:
        return None
    card = _loaded_card(employee)
    if card is not None:
        return card
    try:
        with transaction.atomic():
            card = Card.objects.create(employee=employee)
            record_event(card, CardEvent.Kind.ISSUED, actor=employee)
    except IntegrityError:  # issued by a concurrent request
        card = Card.objects.get(employee=employee)
    return card


def _loaded_card(employee: Employee) -> Card | None:
    if getattr(employee, PRELOADED, False):  # request.user, loaded by cards.auth
        return getattr(employee, "card", None)
    # One query for everything printed: the card, its photo, the agency and unit names.
    return (
        Card.objects.select_related("photo", "employee__agency", "employee__work_unit")
        .filter(employee=employee)
        .first()
    )


def record_event(card: Card, kind: str, actor=None, **detail) -> CardEvent:
    return CardEvent.objects.create(
        card=card, kind=kind, actor=actor, revision=card.revision, detail=detail
    )


def change_card(card: Card, kind: str, actor, apply=None, **detail) -> Card:
    """Lock the card, `apply` the change, bump the revision, record the event."""
    with transaction.atomic():
        locked = Card.objects.select_for_update().get(pk=card.pk)
        if apply is not None:
            apply(locked)
        locked.revision += 1
        locked.save()
        record_event(locked, kind, actor, **detail)
    card.refresh_from_db()
    return card


def set_orientation(card: Card, orientation: str, actor) -> Card:
    if orientation not in Card.Orientation.values:
        raise CardError("bad_orientation")
    if orientation == card.orientation:
        return card

    def apply(locked):
        locked.orientation = orientation

    return change_card(card, CardEvent.Kind.LAYOUT_CHANGED, actor, apply, orientation=orientation)


def upload_photo_candidate(employee: Employee, data, actor) -> PhotoVersion:
    """Check and normalise an upload; it becomes the candidate, the card photo is untouched.

    A photo without exactly one face is refused (``no_face``, ``many_faces``); its crop starts
    as a pas foto frame around the face, and what was measured is kept for the page.

    Decoding and writing the files happen before the transaction, which only swaps the
    candidates while holding the employee's photos (``_lock_photos``).
    """
    # Raises photos.PhotoError, no_face and many_faces included, before anything is written:
    # then the card and the candidate stay as they were.
    prepared = photos.prepare_candidate(data)
    normalized, box, image = prepared.photo, prepared.crop, prepared.card_jpeg
    candidate = PhotoVersion(
        employee=employee,
        status=PhotoVersion.Status.CANDIDATE,
        source_width=normalized.width,
        source_height=normalized.height,
        uploaded_by=actor,
        checks=normalized.checks,
    )
    _set_box(candidate, box)
    candidate.source.save("source.jpg", ContentFile(normalized.jpeg), save=False)
    candidate.image.save("card.jpg", ContentFile(image), save=False)
    with _deleting_on_failure(candidate.source.name, candidate.image.name), transaction.atomic():
        _lock_photos(employee.pk)
        discard_candidates(employee)
        candidate.save()
    return candidate


def recrop_candidate(candidate: PhotoVersion, box: "photos.CropBox") -> PhotoVersion:
    """A new crop of the candidate; ``not_candidate`` once it is no longer the candidate."""
    if candidate.status != PhotoVersion.Status.CANDIDATE:
        raise CardError("not_candidate")
    box.to_pixels(candidate.source_width, candidate.source_height)  # raises PhotoError
    try:
        with candidate.source.open("rb") as f:
            source = f.read()
    except FileNotFoundError:  # replaced by an upload that has just committed
        raise CardError("not_candidate") from None
    candidate.image.save("card.jpg", ContentFile(photos.crop_card_photo(source, box)), save=False)
    with _deleting_on_failure(candidate.image.name), transaction.atomic():
        _lock_photos(candidate.employee_id)
        locked = _candidate_or_error(candidate.employee_id, candidate.pk)
        transaction.on_commit(partial(_delete_files, [locked.image.name]))
        locked.image.name = candidate.image.name
        _set_box(locked, box)
        locked.save(update_fields=["image", "crop_left", "crop_top", "crop_width", "crop_height"])
    return locked


def confirm_photo(card: Card, candidate: PhotoVersion, actor) -> Card:
    """ "Gunakan Foto Ini": the candidate becomes the card photo; the old one becomes history.

    ``not_candidate`` when it is no longer the employee's candidate: a newer upload replaced
    it, or it was discarded or already confirmed (another tab, a double click).
    """
    if candidate.employee_id != card.employee_id:
        raise CardError("not_candidate")

    def apply(locked):
        PhotoVersion.objects.filter(
            employee_id=card.employee_id, status=PhotoVersion.Status.CURRENT
        ).update(status=PhotoVersion.Status.HISTORY)
        PhotoVersion.objects.filter(pk=candidate.pk).update(
            status=PhotoVersion.Status.CURRENT, confirmed_at=timezone.now()
        )
        locked.photo_id = candidate.pk

    with transaction.atomic():
        _lock_photos(card.employee_id)
        _candidate_or_error(card.employee_id, candidate.pk)
        card = change_card(card, CardEvent.Kind.PHOTO_CHANGED, actor, apply, photo=candidate.pk)
        transaction.on_commit(partial(notifications.photo_changed, card))
        return card


def revoke_card(card: Card, reason: str, actor) -> Card:
    if card.is_revoked:
        raise CardError("already_revoked")

    def apply(locked):
        locked.revoked_at = timezone.now()
        locked.revoke_reason = reason[:200]

    card = change_card(card, CardEvent.Kind.REVOKED, actor, apply, reason=reason[:200])
    status_list.changed()
    transaction.on_commit(partial(notifications.card_revoked, card))
    return card


def reissue_card(card: Card, actor) -> Card:
    """A new token and card number; the old printout now verifies as replaced."""

    def apply(locked):
        RetiredToken.objects.create(card=locked, token=locked.token, number=locked.number)
        locked.token, locked.number = new_token(), new_card_number()
        locked.issued_at, locked.revoked_at, locked.revoke_reason = timezone.now(), None, ""

    card = change_card(card, CardEvent.Kind.REISSUED, actor, apply)
    status_list.changed()
    transaction.on_commit(partial(notifications.card_reissued, card))
    return card


def _set_box(version: PhotoVersion, box) -> None:
    version.crop_left, version.crop_top = box.left, box.top
    version.crop_width, version.crop_height = box.width, box.height


def discard_candidates(employee: Employee) -> None:
    """Delete the employee's candidates; their files go once that has committed."""
    with transaction.atomic():
        _lock_photos(employee.pk)
        stale = list(
            PhotoVersion.objects.filter(employee=employee, status=PhotoVersion.Status.CANDIDATE)
        )
        PhotoVersion.objects.filter(pk__in=[v.pk for v in stale]).delete()
        names = [name for v in stale for name in (v.source.name, v.image.name)]
        transaction.on_commit(partial(_delete_files, names))


def _lock_photos(employee_id: int) -> None:
    """Hold the employee row until the transaction ends.

    Every change of an employee's photo versions (upload, crop, confirm, discard) takes this
    lock first, so they run one at a time per employee: a confirm sees either the candidate it
    names or a newer one, never one half replaced. The employee row, then the card row (in
    change_card), as cards.employees.update_employee takes them. SQLite has no row locks but
    runs one writing transaction at a time (transaction_mode IMMEDIATE in settings).
    """
    Employee.objects.select_for_update().filter(pk=employee_id).values_list("pk").first()


def _candidate_or_error(employee_id: int, pk: int) -> PhotoVersion:
    version = PhotoVersion.objects.filter(
        pk=pk, employee_id=employee_id, status=PhotoVersion.Status.CANDIDATE
    ).first()
    if version is None:
        raise CardError("not_candidate")
    return version


def _delete_files(names) -> None:
    """Stored photo files no committed row refers to any more."""
    storage = PhotoVersion._meta.get_field("image").storage
    for name in names:
        if name:
            storage.delete(name)


@contextlib.contextmanager
def _deleting_on_failure(*names):
    """Files written before a transaction are deleted if it does not commit."""
    try:
        yield
    except BaseException:
        _delete_files(names)
        raise
