"""`manage.py qr_keys list|create|rotate`: the Ed25519 keys that sign the card QR codes.

`list` shows every key the ring and the settings know, with what it does now; `create` starts
a ring that has no active key; `rotate` retires every key (they stay published for the longest
life of a card) and makes a new one. In production the signing key comes from QR_SIGNING_KEY /
QR_SIGNING_KEY_FILE, so after `rotate` the operator points QR_SIGNING_KEY_FILE at the new file.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cards.signing import keys


class Command(BaseCommand):
    help = "List, create or rotate the Ed25519 keys that sign card QR codes (QR_KEY_DIR)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["list", "create", "rotate"])

    def handle(self, action, **options):
        if action == "create":
            if any(key.retired is None for key in keys.ring()):
                raise CommandError("the ring already has an active key: use `qr_keys rotate`")
            self._created(keys.create_key())
        elif action == "rotate":
            self._created(keys.rotate())
        else:
            self._list()

    def _created(self, key: keys.QrKey) -> None:
        pem = keys.ring_dir() / f"{key.kid_text}.pem"
        self.stdout.write(f"new key {key.kid_text}: {pem}")
        if keys.configured_key() is not None:
            self.stdout.write(
                self.style.WARNING(
                    "QR_SIGNING_KEY is set: cards are signed with it until QR_SIGNING_KEY_FILE "
                    "points at the new key file."
                )
            )

    def _list(self) -> None:
        if keys.configured_key() is None and not keys.ring():
            self.stdout.write("no key yet: `qr_keys create` makes one")
            return
        now = timezone.now()
        signing = keys.signing_key()
        published = {key.kid for key in keys.published_keys(now)}
        known = {key.kid: key for key in keys.ring()}
        known.setdefault(signing.kid, signing)
        self.stdout.write("kid          created           retired           private  state")
        for key in known.values():
            if key.kid == signing.kid:
                state = "signing"
            elif key.kid in published:
                state = f"published until {_day(key.retired + keys.MAX_CARD_LIFE)}"
            else:
                state = "no longer published"
            has_private = "yes" if key.private is not None else "no"
            self.stdout.write(
                f"{key.kid_text}  {_minute(key.created):16}  {_minute(key.retired):16}  "
                f"{has_private:7}  {state}"
            )


def _minute(when) -> str:
    return timezone.localtime(when).strftime("%Y-%m-%d %H:%M") if when else "-"


def _day(when) -> str:
    return timezone.localtime(when).strftime("%Y-%m-%d")
