"""The photo assistant on real photos: a NASA portrait (public domain) and variants of it.

tests/cards/photos/README.md says where the portrait comes from; tests/portrait.py makes the
calibration set from it. Each sample changes one thing a pas foto can get wrong, and each check
is held against the samples made for it.
"""

import io

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from cards import faces, photo_checks, photos, services
from cards.cropping import face_crop
from cards.models import Card, PhotoVersion
from cards.photos import (
    CropBox,
    PhotoError,
    crop_card_photo,
    default_crop,
    normalize_upload,
    prepare_candidate,
)
from tests import portrait as portrait_samples
from tests.cards.images import encode, photo
from tests.portrait import BLUE, RED, SAMPLES, on_plain, portrait


def _image(name):
    return lambda: SAMPLES[name]().image


VARIANTS = {
    name: _image(name)
    for name in ("portrait", "red", "blue", "turned", "turned_far", "blurred", "dark", "flat",
                 "shifted", "two_faces", "cluttered", "no_face")
}  # fmt: skip


def shifted():
    return SAMPLES["shifted"]().image


def two_faces():
    return SAMPLES["two_faces"]().image


def cluttered():
    return SAMPLES["cluttered"]().image


def no_face():
    return SAMPLES["no_face"]().image


def turned(degrees):
    return portrait_samples.turned(degrees).image


def statuses(image: Image.Image) -> dict:
    """Each finding's status, keyed by its Indonesian sentence's first word or two."""
    checks = photo_checks.measure(image)
    box = face_crop(*image.size, checks.get("face"))
    crop = (box.left, box.top, box.width, box.height)
    with translation.override("id"):
        found = photo_checks.findings(checks, crop, image.width / image.height)
        return {str(f.text): f.status for f in found}


def status_of(image: Image.Image, words: str) -> str:
    matches = [s for text, s in statuses(image).items() if text.startswith(words)]
    assert len(matches) == 1, statuses(image)
    return matches[0]


def jpeg(image: Image.Image) -> bytes:
    return encode(image, "JPEG", quality=90)


# Faces


@pytest.mark.parametrize(
    "name", ["portrait", "red", "blue", "turned", "turned_far", "blurred", "dark", "shifted"]
)
def test_one_face_is_found_in_every_portrait(name):
    assert photo_checks.measure(VARIANTS[name]())["faces"] == 1


def test_two_people_side_by_side_are_two_faces():
    assert photo_checks.measure(two_faces())["faces"] == 2


@pytest.mark.parametrize("image", [no_face, lambda: photo(900, 1200)], ids=["suit", "gradient"])
def test_a_photo_without_a_face_has_none(image):
    assert photo_checks.measure(image())["faces"] == 0


# Each check against the variant made for it


def test_the_plain_red_pas_foto_passes_every_check():
    found = statuses(on_plain(RED))

    assert set(found.values()) == {"ok"}, found
    assert "Latar belakang polos berwarna merah." in found


def test_a_blue_background_is_named_blue():
    assert statuses(on_plain(BLUE))["Latar belakang polos berwarna biru."] == "ok"


def test_a_studio_background_that_is_not_red_or_blue_is_advice():
    # The original portrait: a mottled grey-blue studio backdrop.
    assert status_of(portrait(), "Latar belakang") == "advice"


def test_a_cluttered_background_is_not_plain():
    assert statuses(cluttered())["Latar belakang tidak polos. Pakai latar merah atau biru polos."]


def test_a_tilted_head_is_told_with_its_angle():
    with translation.override("id"):
        texts = [t for t in statuses(turned(12)) if t.startswith("Kepala miring")]

    assert texts and statuses(turned(12))[texts[0]] == "advice"
    degrees = int(texts[0].split("sekitar ")[1].split("°")[0])
    assert 7 <= degrees <= 17


def test_a_head_tilted_too_far_for_the_detector_is_still_found_and_told():
    assert status_of(turned(-25), "Kepala miring") == "advice"


def test_an_upright_head_is_upright():
    assert status_of(on_plain(RED), "Kepala tegak") == "ok"


def test_a_blurred_photo_is_told_to_be_blurred():
    assert status_of(on_plain(RED), "Foto tajam") == "ok"
    assert status_of(VARIANTS["blurred"](), "Foto tampak buram") == "advice"


def test_a_dark_photo_is_told_to_be_dark():
    assert status_of(VARIANTS["dark"](), "Foto terlalu gelap") == "advice"


def test_a_flat_photo_is_told_its_contrast_is_low():
    assert status_of(VARIANTS["flat"](), "Kontras foto rendah") == "advice"


def test_the_default_frame_is_a_pas_foto_around_the_face():
    # The face is small in this wide photo: the frame goes no closer than 300 x 400 pixels.
    assert statuses(shifted())["Wajah di tengah bingkai, mata di sepertiga atas."] == "ok"
    assert statuses(on_plain(RED))["Ukuran wajah di bingkai sesuai pas foto."] == "ok"


def test_a_frame_moved_off_the_face_is_told_to_move():
    image = on_plain(RED)
    checks = photo_checks.measure(image)
    with translation.override("id"):
        found = photo_checks.findings(checks, (0.0, 0.5, 0.5, 0.5), image.width / image.height)

    texts = {str(f.text): f.status for f in found}
    assert texts["Wajah tidak di tengah bingkai. Geser potongan."] == "advice"


def test_findings_are_words_with_a_mark_not_colour_alone():
    for finding in photo_checks.findings(photo_checks.measure(turned(12)), (0, 0, 1, 1), 576 / 768):
        assert finding.mark in "✓!?" and str(finding.text)


# The crop starts around the face


def test_the_default_crop_of_a_landscape_photo_holds_the_person_on_the_right():
    image = shifted()
    checks = photo_checks.measure(image)
    box = face_crop(*image.size, checks["face"])
    left, top, width, height = checks["face"]

    assert box.left <= left and left + width <= box.left + box.width
    assert box.top <= top and top + height <= box.top + box.height
    # The middle of the photo, where the old centred crop was, is left out.
    assert box.left > 0.5


def test_the_face_crop_is_3_by_4_inside_the_photo():
    for name in ("portrait", "shifted", "turned"):
        image = VARIANTS[name]()
        box = face_crop(*image.size, photo_checks.measure(image)["face"])
        box.to_pixels(*image.size)  # raises bad_crop unless 3:4, inside and big enough


# Upload: refusals change nothing, the rest is stored as advice


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("image", "code"), [(no_face, "no_face"), (two_faces, "many_faces")], ids=["none", "two"]
)
def test_a_photo_without_exactly_one_face_is_refused_and_changes_nothing(
    card_with_photo, employee, image, code
):
    candidate = services.upload_photo_candidate(employee, jpeg(on_plain(BLUE)), employee)
    before = set(PhotoVersion.objects.values_list("pk", "status", "image"))
    card_before = Card.objects.values("photo_id", "revision").get(pk=card_with_photo.pk)

    with pytest.raises(PhotoError) as refused:
        services.upload_photo_candidate(employee, jpeg(image()), employee)

    assert refused.value.code == code
    assert set(PhotoVersion.objects.values_list("pk", "status", "image")) == before
    assert Card.objects.values("photo_id", "revision").get(pk=card_with_photo.pk) == card_before
    assert PhotoVersion.objects.get(pk=candidate.pk).status == PhotoVersion.Status.CANDIDATE


@pytest.mark.django_db
def test_the_photo_page_refuses_a_photo_without_a_face_in_words(employee_client, card):
    response = employee_client.post(
        "/layanan/kartu-asn/foto/", {"photo": _upload(no_face())}, HTTP_ACCEPT_LANGUAGE="id"
    )

    assert response.status_code == 400
    assert "Tidak ada wajah yang terdeteksi" in response.content.decode()
    assert not PhotoVersion.objects.exists()


@pytest.mark.django_db
def test_an_upload_stores_its_findings_and_the_page_shows_them(employee_client, card, employee):
    employee_client.post("/layanan/kartu-asn/foto/", {"photo": _upload(shifted())})
    candidate = PhotoVersion.objects.get(employee=employee)

    assert candidate.checks["faces"] == 1
    assert candidate.crop_left > 0.5  # the person on the right, not the empty middle
    page = employee_client.get("/layanan/kartu-asn/foto/").content.decode()
    assert "Satu wajah terdeteksi." in page
    assert "Latar belakang polos berwarna biru." in page
    assert page.index("Satu wajah terdeteksi.") < page.index("Gunakan Foto Ini</button>")


@pytest.mark.django_db
def test_a_recrop_changes_what_is_said_about_the_frame(employee, card):
    candidate = services.upload_photo_candidate(employee, jpeg(on_plain(RED)), employee)
    texts = {str(f.text) for f in candidate.findings()}
    assert "Ukuran wajah di bingkai sesuai pas foto." in texts

    largest = default_crop(candidate.source_width, candidate.source_height)
    moved = services.recrop_candidate(candidate, CropBox(0, 0, largest.width, largest.height))

    assert "Ukuran wajah di bingkai sesuai pas foto." not in {str(f.text) for f in moved.findings()}


def test_normalizing_a_photo_measures_it_on_the_shrunk_copy():
    big = on_plain(RED).resize((3000, 4000))

    normalized = normalize_upload(jpeg(big))

    assert normalized.checks["faces"] == 1
    assert max(normalized.width, normalized.height) == 1600


def _upload(image: Image.Image):
    return SimpleUploadedFile("foto.jpg", jpeg(image), content_type="image/jpeg")


# The calibration set (tests/portrait.py): every sample against what must be said about it

# The findings that are not ✓ for each sample, by their first words, with the crop the upload
# starts with; every other finding must be ✓.
NOT_OK = {
    "portrait": {"Latar belakang polos, tetapi bukan"},  # its grey-blue studio backdrop
    "red": set(),
    "blue": set(),
    "white": {"Latar belakang polos, tetapi bukan"},
    "turned": {"Kepala miring"},
    "turned_far": {"Kepala miring"},
    "turned_far_right": {"Kepala miring"},
    "blurred": {"Foto tampak buram"},
    "dark": {"Foto terlalu gelap"},
    "flat": {"Kontras foto rendah"},
    "washed_out": {"Kontras foto rendah"},
    "backlit": {"Foto terlalu gelap", "Latar belakang polos, tetapi bukan"},
    "darker_skin": set(),  # well lit: neither too dark nor flat
    "low_quality": set(),  # blocks are not a finding (photo_checks says why)
    "sunglasses": {"Kemiringan kepala tidak dapat"},  # the eyes are hidden: "?"
    "hand_over_mouth": set(),
    "shifted": set(),  # the frame goes to the person on the right
    "far_away": {"Latar belakang polos, tetapi bukan"},  # small, but the frame zooms in
    "close_up": {"Wajah terlalu besar", "Latar belakang tidak dapat"},  # no background left
    "phone_landscape": {"Latar belakang tidak polos"},
    "cluttered": {"Latar belakang tidak polos"},
}
# Samples that do not have exactly one face the assistant counts.
FACE_COUNTS = {
    "two_faces": 2,
    "too_far": 0,  # a real face, but 7 % of the photo's height: below faces.MIN_FACE_SHARE
    "no_face": 0,
    "gradient": 0,
    "empty_room": 0,
    "blocks": 0,
    "grain": 0,
}


def test_the_calibration_set_is_all_checked():
    assert set(NOT_OK) | set(FACE_COUNTS) == set(SAMPLES) - {"twelve_megapixels"}


@pytest.mark.parametrize("name", sorted(NOT_OK))
def test_each_sample_gets_the_findings_made_for_it(name):
    found = statuses(SAMPLES[name]().image)

    not_ok = {text for text, status in found.items() if status != "ok"}
    expected = NOT_OK[name]
    assert {next((e for e in expected if t.startswith(e)), t) for t in not_ok} == expected, found
    assert len(found) == 8  # one face, size, place, tilt, sharpness, light, contrast, background


@pytest.mark.parametrize("name", sorted(FACE_COUNTS))
def test_each_sample_without_one_face_is_counted_right(name):
    assert photo_checks.measure(SAMPLES[name]().image)["faces"] == FACE_COUNTS[name]


def _matches(found, face) -> bool:
    """A detection is the face when its centre is inside the face and its size is close."""
    left, top, width, height = face
    centre_x, centre_y = found.left + found.width / 2, found.top + found.height / 2
    inside = left <= centre_x <= left + width and top <= centre_y <= top + height
    return inside and 0.5 < found.width / width < 2


def test_the_detector_finds_every_face_of_the_set_and_nothing_else():
    hits = misses = false = 0
    for name, make in SAMPLES.items():
        if name in ("twelve_megapixels", "too_far"):
            continue
        sample = make()
        found = faces.find_faces(np.asarray(sample.image.convert("L")))
        hits += sum(any(_matches(f, face) for f in found) for face in sample.faces)
        misses += sum(not any(_matches(f, face) for f in found) for face in sample.faces)
        false += sum(not any(_matches(f, face) for face in sample.faces) for f in found)

    assert (hits, misses, false) == (23, 0, 0)


def test_the_detector_finds_every_face_of_the_wider_grid_and_nothing_else():
    hits = misses = false = 0
    for sample in portrait_samples.grid().values():
        found = faces.find_faces(np.asarray(sample.image.convert("L")))
        hits += sum(any(_matches(f, face) for f in found) for face in sample.faces)
        misses += sum(not any(_matches(f, face) for f in found) for face in sample.faces)
        false += sum(not any(_matches(f, face) for face in sample.faces) for f in found)

    # The earlier search (512 pixels, the photo's histogram equalised) scored (58, 13, 1).
    assert (hits, misses, false) == (71, 0, 0)


def test_the_faces_found_in_the_decoded_jpeg_are_those_of_the_shrunk_photo():
    # A JPEG is searched before it is shrunk; any other kind after: the same face either way.
    image = SAMPLES["phone_landscape"]().image.resize((3200, 2400))
    from_jpeg = normalize_upload(jpeg(image)).checks["face"]
    from_png = normalize_upload(encode(image, "PNG")).checks["face"]

    assert from_jpeg == pytest.approx(from_png, abs=0.02)


# The whole upload in one go: prepare_candidate


def test_a_12_megapixel_phone_photo_is_prepared_with_every_check_passed():
    prepared = prepare_candidate(jpeg(SAMPLES["twelve_megapixels"]().image))

    assert (prepared.photo.width, prepared.photo.height) == (1200, 1600)
    crop = prepared.crop
    with translation.override("id"):
        found = photo_checks.findings(
            prepared.photo.checks, (crop.left, crop.top, crop.width, crop.height), 0.75
        )
    assert {f.status for f in found} == {"ok"}, [str(f.text) for f in found]
    assert Image.open(io.BytesIO(prepared.card_jpeg)).size == (600, 800)


def test_the_card_photo_made_in_memory_is_the_one_cut_from_the_stored_photo():
    prepared = prepare_candidate(jpeg(on_plain(RED).resize((1200, 1600))))
    again = crop_card_photo(prepared.photo.jpeg, prepared.crop)

    first = np.asarray(Image.open(io.BytesIO(prepared.card_jpeg)), dtype=float)
    second = np.asarray(Image.open(io.BytesIO(again)), dtype=float)
    assert np.abs(first - second).mean() < 2  # one JPEG generation apart


@pytest.mark.parametrize(("name", "code"), [("no_face", "no_face"), ("two_faces", "many_faces")])
def test_prepare_refuses_without_one_face_before_shrinking(monkeypatch, name, code):
    shrunk = []
    real = photos._shrunk_upright
    monkeypatch.setattr(photos, "_shrunk_upright", lambda *a: shrunk.append(1) or real(*a))

    with pytest.raises(PhotoError) as refused:
        prepare_candidate(jpeg(SAMPLES[name]().image))

    assert refused.value.code == code
    assert not shrunk


@pytest.mark.parametrize("name", ["shifted", "phone_landscape"])
def test_the_prepared_crop_is_centred_on_the_face_of_an_off_centre_photo(name):
    sample = SAMPLES[name]()
    big = sample.image.resize((sample.image.width * 5 // 2, sample.image.height * 5 // 2))

    crop = prepare_candidate(jpeg(big)).crop

    left, top, width, height = sample.faces[0]
    assert crop.left <= left and left + width <= crop.left + crop.width
    assert crop.top <= top and top + height <= crop.top + crop.height
    centre = (left + width / 2 - crop.left - crop.width / 2) / crop.width
    assert abs(centre) <= photo_checks.MAX_OFF_CENTRE
    crop.to_pixels(big.width * 1600 // max(big.size), big.height * 1600 // max(big.size))
