"""The portal's captcha: readable letters, an accessible widget, one field definition.

Public verification asks for it before every look-up; the login form asks for it once an
address has failed too often. Both use this one widget and field.

The picture has a spoken alternative (WCAG 1.1.1): the Indonesian names of its letters,
recorded once by scripts/make-captcha-audio into static/audio/captcha/, put one after the
other with pauses and a light hiss (spoken_challenge).

A captcha works once, however many requests bring the same answer at the same moment.
django-simple-captcha's own field reads the stored answer and deletes the row afterwards, so
parallel submissions of one solved captcha all read it before any of them deletes it. Here
the check is the delete itself (consume): the database removes the row for one request only.
"""

import array
import functools
import io
import random
import secrets
import wave

from captcha.conf import settings as captcha_settings
from captcha.fields import CaptchaField, CaptchaTextInput
from captcha.models import CaptchaStore
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Capital letters a person can read off a noisy picture without doubt: no I/L, O/Q.
READABLE_LETTERS = "ABCDEFGHJKMNPRSTUVWXYZ"


def readable_challenge() -> tuple[str, str]:
    """(text drawn in the picture, expected answer); answers are compared in lower case."""
    length = captcha_settings.CAPTCHA_LENGTH
    text = "".join(secrets.choice(READABLE_LETTERS) for _position in range(length))
    return text, text.lower()


CHALLENGE = "accounts.captcha.readable_challenge"
# The spoken captcha is served by the verification app, which counts it against the same
# per-address budget as the picture (verification.views.captcha_audio).
AUDIO_URL = "verification:captcha_audio"
HELP_ID = "bantuan-kode"  # the id of the help text the answer box is described by
ANSWER_ATTRS = {
    "maxlength": 12,
    "required": True,
    "autocapitalize": "characters",
    "enterkeyhint": "go",
    "aria-describedby": HELP_ID,
}


class CaptchaWidget(CaptchaTextInput):
    """The picture, a button for a new picture (when a refresh URL is given), the answer box.

    No 2x picture: with CAPTCHA_IMAGE_SIZE set, django-simple-captcha 0.7 draws the @2
    picture at double font size in the same small canvas, cutting the letters off.
    """

    template_name = "accounts/captcha_widget.html"
    autofocus = False

    class Media:
        css = {"all": ["css/captcha.css"]}

    def __init__(self, refresh: str | None = None):
        super().__init__(generator=CHALLENGE)
        self.refresh = refresh  # URL name of a limited endpoint that hands out a new picture

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        answer = context["widget"]["subwidgets"][1]["attrs"]
        answer.update(ANSWER_ATTRS, **({"autofocus": True} if self.autofocus else {}))
        context["refresh"] = reverse(self.refresh) if self.refresh else ""
        context["audio"] = reverse(AUDIO_URL, args=[self._key])
        context["audio_template"] = reverse(AUDIO_URL, args=["KEY"])
        return context


LETTER_GAP_SECONDS = 0.45  # silence between two letters, and before the first
NOISE = 700  # peak of the hiss, against letters recorded at a peak of 22,000 (16-bit)


@functools.cache
def letter_recording(letter: str) -> tuple[bytes, int]:
    """(16-bit mono samples, sample rate) of one letter's Indonesian name."""
    with wave.open(finders.find(f"audio/captcha/{letter}.wav")) as recording:
        return recording.readframes(recording.getnframes()), recording.getframerate()


def spoken_letters(answer: str) -> tuple[array.array, int]:
    """The answer's letters read out one by one with pauses, without noise."""
    rate = letter_recording(READABLE_LETTERS[0])[1]
    gap = array.array("h", bytes(2 * round(LETTER_GAP_SECONDS * rate)))
    samples = array.array("h", gap)
    for letter in answer.upper():
        samples.frombytes(letter_recording(letter)[0])
        samples.extend(gap)
    return samples, rate


def spoken_challenge(answer: str, noise_seed: int | None = None) -> bytes:
    """A WAV file of the answer read out, with light noise so no two files are equal."""
    samples, rate = spoken_letters(answer)
    noise = random.Random(noise_seed if noise_seed is not None else secrets.randbits(64))
    mixed = array.array("h", (value + noise.randint(-NOISE, NOISE) for value in samples))
    out = io.BytesIO()
    with wave.open(out, "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(rate)
        audio.writeframes(mixed.tobytes())
    return out.getvalue()


def consume(hashkey: str, answer: str) -> bool:
    """True for the one request that deletes the unexpired captcha with this answer.

    Answers are compared in lower case without surrounding spaces. A wrong answer uses the
    captcha up as well, so one picture allows one guess.
    """
    answer = (answer or "").strip().lower()
    solved, _by_model = CaptchaStore.objects.filter(
        hashkey=hashkey, response=answer, expiration__gt=timezone.now()
    ).delete()
    if solved != 1:
        CaptchaStore.objects.filter(hashkey=hashkey).delete()
    return solved == 1


class SingleUseCaptchaField(CaptchaField):
    """The library's field (picture, hidden key, answer box), checked with consume().

    CAPTCHA_TEST_MODE has no effect here: no answer but the drawn one passes.

    A form that uses the captcha up together with other work (the public verification does
    it in the same database statement as the look-up) sets `consume_on_clean` to False on its
    field: clean then only checks that both parts are there and keeps them in `answered`;
    the form must consume them itself and report a wrong answer with `wrong_answer()`.
    """

    consume_on_clean = True
    answered: tuple[str, str] | None = None

    def clean(self, value):
        # Skip the library's clean (read, then delete); keep MultiValueField's checks for
        # empty parts, with their messages.
        super(CaptchaField, self).clean(value)
        hashkey, answer = value
        self.answered = (hashkey, answer)
        if self.consume_on_clean and not consume(hashkey, answer):
            raise self.wrong_answer()
        return hashkey

    def wrong_answer(self) -> ValidationError:
        return ValidationError(self.error_messages["invalid"], code="invalid")


def captcha_field(refresh: str | None = None) -> SingleUseCaptchaField:
    return SingleUseCaptchaField(
        label=_("Kode keamanan"),
        help_text=_("Ketik huruf yang terlihat pada gambar. Huruf besar atau kecil sama saja."),
        widget=CaptchaWidget(refresh),
        error_messages={
            "invalid": _(
                "Kode keamanan salah atau sudah kedaluwarsa. Ketik huruf pada gambar baru di bawah."
            ),
            "required": _("Ketik huruf yang terlihat pada gambar."),
            "incomplete": _("Ketik huruf yang terlihat pada gambar."),
        },
    )
