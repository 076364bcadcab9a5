"""The audio captcha: the picture's letters read out in Indonesian (WCAG 1.1.1)."""

import array
import io
import re
import wave
from pathlib import Path

import pytest
from django.conf import settings

from accounts.captcha import LETTER_GAP_SECONDS, NOISE, READABLE_LETTERS
from tests.verification.conftest import captcha_answer, captcha_key, verify_url

pytestmark = pytest.mark.django_db
RECORDINGS = Path(settings.BASE_DIR) / "static" / "audio" / "captcha"
AUDIO_SRC = re.compile(r'<audio [^>]*src="(/v/captcha/suara/[0-9a-f]{40}/)"')


def _samples(wav: bytes) -> tuple[array.array, int]:
    with wave.open(io.BytesIO(wav)) as audio:
        assert (audio.getnchannels(), audio.getsampwidth()) == (1, 2)
        return array.array("h", audio.readframes(audio.getnframes())), audio.getframerate()


def _read_out(answer: str) -> array.array:
    """The letter recordings of the answer one after another, with the pauses, noise-free."""
    rate = _samples((RECORDINGS / "A.wav").read_bytes())[1]
    gap = array.array("h", [0] * round(LETTER_GAP_SECONDS * rate))
    expected = array.array("h", gap)
    for letter in answer.upper():
        expected.extend(_samples((RECORDINGS / f"{letter}.wav").read_bytes())[0])
        expected.extend(gap)
    return expected


def _page_and_audio(client, card):
    page = client.get(verify_url(card.token)).content.decode()
    key = captcha_key(page)
    return key, AUDIO_SRC.search(page).group(1)


def test_every_captcha_letter_has_an_indonesian_recording():
    for letter in READABLE_LETTERS:
        samples, rate = _samples((RECORDINGS / f"{letter}.wav").read_bytes())
        assert rate == 22050 and 0.15 < len(samples) / rate < 1, letter
    script = (Path(settings.BASE_DIR) / "scripts" / "make-captcha-audio").read_text()
    assert f'READABLE_LETTERS = "{READABLE_LETTERS}"' in script


def test_the_audio_reads_out_the_letters_of_the_picture_under_light_noise(client, card):
    key, audio_url = _page_and_audio(client, card)
    assert audio_url == f"/v/captcha/suara/{key}/"
    response = client.get(audio_url)
    assert response.status_code == 200 and response["Content-Type"] == "audio/wav"
    assert "no-store" in response["Cache-Control"]

    served, _rate = _samples(response.content)
    expected = _read_out(captcha_answer(key))
    assert len(served) == len(expected)
    assert max(abs(s - e) for s, e in zip(served, expected, strict=True)) <= NOISE
    assert served != expected  # the noise is there


def test_another_answer_does_not_match_the_audio(client, card):
    key, audio_url = _page_and_audio(client, card)
    answer = captcha_answer(key)
    other = "".join(READABLE_LETTERS[(READABLE_LETTERS.index(c.upper()) + 1) % 22] for c in answer)
    served, _rate = _samples(client.get(audio_url).content)
    expected = _read_out(other)
    length = min(len(served), len(expected))
    assert (
        len(served) != len(expected)
        or max(abs(s - e) for s, e in zip(served[:length], expected[:length], strict=True))
        > 4 * NOISE
    )


def test_each_request_mixes_in_new_noise(client, card):
    _key, audio_url = _page_and_audio(client, card)
    assert client.get(audio_url).content != client.get(audio_url).content


def test_the_audio_works_only_for_a_live_captcha(client, card):
    key, audio_url = _page_and_audio(client, card)
    client.post(verify_url(card.token), {"captcha_0": key, "captcha_1": "salah"})  # used up
    assert client.get(audio_url).status_code == 404
    assert client.get("/v/captcha/suara/" + "0" * 40 + "/").status_code == 404


def test_the_audio_counts_against_the_per_address_verification_budget(client, card, settings):
    settings.VERIFICATION_VIEW_LIMIT = 3
    _key, audio_url = _page_and_audio(client, card)  # one view
    assert client.get(audio_url).status_code == 200  # two
    assert client.get(audio_url).status_code == 200  # three: the limit
    refused = client.get(audio_url)
    assert refused.status_code == 429 and "Retry-After" in refused
    assert client.get(audio_url, REMOTE_ADDR="203.0.113.9").status_code == 200


def test_the_widget_offers_the_audio_without_fetching_it(client, card):
    page = client.get(verify_url(card.token)).content.decode()
    assert "Dengarkan kode" in page
    assert re.search(r'<audio [^>]*controls preload="none"', page)


def test_the_login_captcha_offers_the_audio_too(client, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 1
    client.post("/login/", {"nip": "199001012015051010", "password": "salah-salah-salah"})
    page = client.get("/login/").content.decode()
    key = captcha_key(page)
    assert AUDIO_SRC.search(page).group(1) == f"/v/captcha/suara/{key}/"
    assert client.get(f"/v/captcha/suara/{key}/").status_code == 200
