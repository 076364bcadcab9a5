"""The photo assistant on real photos: a NASA portrait (public domain) and variants of it.

tests/cards/photos/README.md says where the portrait comes from. Each variant changes one
thing a pas foto can get wrong, and each check is held against the variant made for it.
"""

from pathlib import Path

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter

from cards import photo_checks, services
from cards.cropping import face_crop
from cards.models import Card, PhotoVersion
from cards.photos import CropBox, PhotoError, default_crop, normalize_upload
from tests.cards.images import encode, photo

PORTRAIT = Path(__file__).parent / "photos" / "astronaut.jpg"
RED, BLUE = (190, 30, 40), (30, 80, 200)


def portrait() -> Image.Image:
    """The portrait at 576 x 768, on its own mottled studio background."""
    return Image.open(PORTRAIT).convert("RGB").resize((576, 768), Image.Resampling.LANCZOS)


def on_plain(colour) -> Image.Image:
    """The person cut out (head and shoulders) onto a plain background, as a studio pas foto."""
    person = portrait()
    mask = Image.new("L", person.size, 0)
    draw = ImageDraw.Draw(mask)
    draw.ellipse((130, 10, 420, 400), fill=255)  # the head and hair
    draw.ellipse((0, 300, 576, 1200), fill=255)  # the suit
    mask = mask.filter(ImageFilter.GaussianBlur(3))
    return Image.composite(person, Image.new("RGB", person.size, colour), mask)


def turned(degrees) -> Image.Image:
    return on_plain(BLUE).rotate(degrees, Image.Resampling.BICUBIC, fillcolor=BLUE)


def shifted() -> Image.Image:
    """A landscape photo with the person on the right: the middle of it is empty wall."""
    wide = Image.new("RGB", (1600, 900), BLUE)
    wide.paste(on_plain(BLUE).resize((480, 640)), (1080, 260))
    return wide


def two_faces() -> Image.Image:
    pair = Image.new("RGB", (1152, 768), BLUE)
    pair.paste(on_plain(BLUE), (0, 0))
    pair.paste(on_plain(BLUE).transpose(Image.Transpose.FLIP_LEFT_RIGHT), (576, 0))
    return pair


def cluttered() -> Image.Image:
    """The portrait in front of a busy wall of coloured blocks."""
    noise = np.random.default_rng(7).integers(0, 256, (24, 18, 3), dtype=np.uint8)
    wall = Image.fromarray(noise).resize((576, 768), Image.Resampling.NEAREST)
    person = on_plain(BLUE)
    mask = Image.eval(on_plain((0, 0, 0)).convert("L"), lambda v: 255 if v > 8 else 0)
    return Image.composite(person, wall, mask)


def no_face() -> Image.Image:
    """The lower half of the portrait: the suit and its badges, no face."""
    return portrait().crop((0, 384, 576, 768)).resize((600, 400))


VARIANTS = {
    "portrait": portrait,
    "red": lambda: on_plain(RED),
    "blue": lambda: on_plain(BLUE),
    "turned": lambda: turned(12),
    "turned_far": lambda: turned(-25),
    "blurred": lambda: on_plain(RED).filter(ImageFilter.GaussianBlur(5)),
    "dark": lambda: ImageEnhance.Brightness(on_plain(RED)).enhance(0.3),
    "flat": lambda: ImageEnhance.Contrast(on_plain(RED)).enhance(0.25),
    "shifted": shifted,
    "two_faces": two_faces,
    "cluttered": cluttered,
    "no_face": no_face,
}


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
