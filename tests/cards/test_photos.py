"""The photo pipeline: what an employee may upload, and what reaches the card."""

import io
import math
import resource

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image, ImageChops, ImageFile

from cards import photo_limits, photo_pixels, photos
from cards.photos import CropBox, PhotoError, crop_card_photo, default_crop, normalize_upload
from tests.cards.images import (
    BLUE,
    GREEN,
    RED,
    YELLOW,
    as_camera_stores,
    encode,
    exif,
    heif_claiming_size,
    jpeg_claiming_size,
    jpeg_segments,
    nearest_primary,
    photo,
    png_bomb,
    quadrant_colours,
    quadrants,
    swapped_primaries_profile,
    webp_claiming_size,
)

UPRIGHT_QUADRANTS = (RED, GREEN, BLUE, YELLOW)
# Everything a bare JPEG needs; any APPn beyond JFIF's APP0, or a COM, is metadata.
STRUCTURAL_SEGMENTS = {"SOI", "APP0", "DQT", "SOF0", "SOF1", "SOF2", "DHT", "DRI", "SOS", "EOI"}


def decoded(jpeg: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(jpeg))
    assert image.format == "JPEG"
    image.load()
    return image


def refused(upload) -> str:
    with pytest.raises(PhotoError) as caught:
        normalize_upload(upload)
    return caught.value.code


def assert_bare(jpeg: bytes) -> None:
    image = decoded(jpeg)
    assert len(image.getexif()) == 0
    assert not image.getexif().get_ifd(0x8825)  # GPS
    assert not {"exif", "xmp", "comment", "icc_profile"} & set(image.info)
    assert set(jpeg_segments(jpeg)) <= STRUCTURAL_SEGMENTS
    for trace in (b"Exif\0\0", b"ns.adobe.com/xap", b"ICC_PROFILE", b"iPhone", b"Rahasia"):
        assert trace not in jpeg


# Accepted uploads


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "HEIF"])
def test_each_allowed_format_becomes_a_jpeg_of_the_same_picture(fmt):
    result = normalize_upload(encode(quadrants(600, 800), fmt))

    image = decoded(result.jpeg)
    assert (result.width, result.height) == image.size == (600, 800)
    assert quadrant_colours(image) == UPRIGHT_QUADRANTS


def test_a_django_upload_is_read_from_the_start_even_after_form_validation_read_it():
    upload = SimpleUploadedFile("foto.jpg", encode(photo(), "JPEG"), "image/jpeg")
    upload.read()

    assert normalize_upload(upload).width == 600


def test_transparent_parts_of_a_png_become_white():
    image = Image.new("RGBA", (600, 800), (0, 0, 0, 0))
    image.paste((255, 0, 0, 255), (150, 200, 450, 600))

    result = decoded(normalize_upload(encode(image, "PNG")).jpeg)

    assert nearest_primary(result.getpixel((10, 10))) == (255, 255, 255)
    assert nearest_primary(result.getpixel((300, 400))) == RED


def test_a_palette_png_with_a_transparent_colour_becomes_white_there():
    image = Image.new("RGBA", (600, 800), (0, 0, 0, 0)).convert("P")

    result = decoded(normalize_upload(encode(image, "PNG", transparency=0)).jpeg)

    assert nearest_primary(result.getpixel((300, 400))) == (255, 255, 255)


def test_an_rgb_png_with_a_transparent_colour_becomes_white_there():
    image = Image.new("RGB", (600, 800), RED)
    image.paste(BLUE, (0, 400, 600, 800))

    result = decoded(normalize_upload(encode(image, "PNG", transparency=RED)).jpeg)

    assert nearest_primary(result.getpixel((300, 200))) == (255, 255, 255)
    assert nearest_primary(result.getpixel((300, 600))) == BLUE


def test_a_16_bit_grey_png_keeps_its_grey_instead_of_turning_white():
    image = Image.new("I;16", (600, 800), 32768)

    result = decoded(normalize_upload(encode(image, "PNG")).jpeg)

    assert all(abs(channel - 128) <= 2 for channel in result.getpixel((300, 400)))


def test_colours_are_converted_to_srgb_before_the_profile_is_dropped():
    # Stored as (255, 0, 0) but, under its profile, really green.
    image = Image.new("RGB", (600, 800), RED)
    upload = encode(image, "JPEG", icc_profile=swapped_primaries_profile())

    result = decoded(normalize_upload(upload).jpeg)

    assert nearest_primary(result.getpixel((300, 400))) == GREEN


@pytest.mark.parametrize("fmt", ["WEBP", "PNG"])
def test_an_animated_image_gives_its_first_frame(fmt):
    first, second = Image.new("RGB", (600, 800), RED), Image.new("RGB", (600, 800), BLUE)
    upload = encode(first, fmt, save_all=True, append_images=[second], lossless=True)

    result = decoded(normalize_upload(upload).jpeg)

    assert nearest_primary(result.getpixel((300, 400))) == RED


def test_a_phone_jpeg_with_a_second_picture_mpo_gives_the_main_picture():
    main, extra = Image.new("RGB", (600, 800), RED), Image.new("RGB", (600, 800), BLUE)
    upload = encode(main, "MPO", save_all=True, append_images=[extra])
    assert Image.open(io.BytesIO(upload)).format == "MPO"

    result = decoded(normalize_upload(upload).jpeg)

    assert nearest_primary(result.getpixel((300, 400))) == RED


@pytest.mark.parametrize(
    ("fmt", "size", "expected"),
    [
        ("JPEG", (4000, 3000), (1600, 1200)),  # libjpeg's reduced-scale decoding
        ("JPEG", (2400, 3200), (1200, 1600)),
        ("JPEG", (3001, 1999), (1600, 1066)),
        ("PNG", (1700, 2000), (1360, 1600)),
        ("WEBP", (1000, 1400), (1000, 1400)),  # small enough already
    ],
)
def test_a_large_photo_is_shrunk_to_a_long_side_of_1600_pixels(fmt, size, expected):
    result = normalize_upload(encode(quadrants(*size), fmt))

    image = decoded(result.jpeg)
    assert (result.width, result.height) == image.size == expected
    assert quadrant_colours(image) == UPRIGHT_QUADRANTS


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "P", "L"])
def test_shrinking_band_by_band_gives_the_picture_of_shrinking_it_whole(mode):
    # Tall enough for Pillow to box-average first; the colour edge falls on a band boundary.
    image, size = quadrants(3000, 7000).convert(mode), (686, 1600)

    banded = photo_pixels.shrink_onto_white(image, size)

    whole = photo_pixels.on_white(photo_pixels.resizable(image))
    whole = whole.resize(size, Image.Resampling.BICUBIC, reducing_gap=2.0)
    difference = ImageChops.difference(banded.convert("RGB"), whole.convert("RGB"))
    assert max(high for _, high in difference.getextrema()) <= 3  # rounding, no seams


# EXIF orientation and metadata


@pytest.mark.parametrize("orientation", range(1, 9))
def test_a_jpeg_comes_out_upright_whatever_its_exif_orientation(orientation):
    stored = as_camera_stores(quadrants(600, 800), orientation)
    upload = encode(stored, "JPEG", exif=exif(orientation))

    result = decoded(normalize_upload(upload).jpeg)

    assert result.size == (600, 800)
    assert quadrant_colours(result) == UPRIGHT_QUADRANTS


@pytest.mark.parametrize("fmt", ["PNG", "WEBP", "HEIF"])
def test_other_formats_come_out_upright_too(fmt):
    stored = as_camera_stores(quadrants(600, 800), 6)
    assert stored.size == (800, 600)

    result = decoded(normalize_upload(encode(stored, fmt, exif=exif(6))).jpeg)

    assert result.size == (600, 800)
    assert quadrant_colours(result) == UPRIGHT_QUADRANTS


def test_a_large_rotated_phone_jpeg_is_upright_and_shrunk():
    stored = as_camera_stores(quadrants(3000, 4000), 6)

    result = normalize_upload(encode(stored, "JPEG", exif=exif(6, gps=True)))

    assert (result.width, result.height) == (1200, 1600)
    assert quadrant_colours(decoded(result.jpeg)) == UPRIGHT_QUADRANTS


@pytest.mark.parametrize(
    ("fmt", "extra"),
    [
        ("JPEG", {"comment": b"Rahasia", "xmp": b"<x:xmpmeta>Rahasia</x:xmpmeta>"}),
        ("PNG", {}),
        ("WEBP", {"xmp": b"<x:xmpmeta>Rahasia</x:xmpmeta>"}),
        ("HEIF", {"xmp": b"<x:xmpmeta>Rahasia</x:xmpmeta>"}),
    ],
)
@pytest.mark.parametrize("profile", [swapped_primaries_profile(), None], ids=["icc", "no-icc"])
def test_all_metadata_is_stripped_including_gps(fmt, extra, profile):
    upload = encode(photo(), fmt, exif=exif(1, gps=True), icc_profile=profile, **extra)
    assert b"iPhone" in upload  # the EXIF really was in the upload

    result = normalize_upload(upload)

    assert_bare(result.jpeg)
    assert_bare(crop_card_photo(result.jpeg, None))


@pytest.mark.filterwarnings("ignore:Corrupt EXIF data")
@pytest.mark.parametrize(
    "raw_exif",
    [
        pytest.param(b"Exif\0\0II*\0\xff\xff\xff\xff garbage", id="garbage"),
        pytest.param(
            # One entry: Orientation (0x0112) as the text "six" instead of a number.
            b"Exif\0\0II*\0\x08\0\0\0\x01\0\x12\x01\x02\0\x04\0\0\0six\0\0\0\0\0",
            id="orientation-as-text",
        ),
    ],
)
def test_unreadable_exif_is_ignored_rather_than_refusing_the_photo(raw_exif):
    result = normalize_upload(encode(quadrants(600, 800), "JPEG", exif=raw_exif))

    assert quadrant_colours(decoded(result.jpeg)) == UPRIGHT_QUADRANTS


# Refused uploads


@pytest.mark.parametrize(
    "upload",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"Ini bukan foto.\n" * 100, id="text"),
        pytest.param(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n", id="pdf"),
        pytest.param(
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="600" '
            b'height="800"><rect width="600" height="800" fill="red"/></svg>',
            id="svg",
        ),
        pytest.param(encode(photo(), "GIF"), id="gif"),
        pytest.param(encode(photo(), "BMP"), id="bmp"),
        pytest.param(encode(photo(), "TIFF"), id="tiff"),
        pytest.param(b"\x89PNG\r\n\x1a\n" + encode(photo(), "GIF"), id="gif-behind-png-signature"),
    ],
)
def test_anything_but_an_allowed_photo_format_is_not_an_image(upload):
    assert refused(upload) == "not_image"


def test_avif_is_not_on_the_allow_list_even_though_pillow_reads_it():
    assert refused(encode(photo(), "AVIF")) == "not_image"


@pytest.mark.parametrize(
    ("fmt", "options", "size"),
    [
        ("JPEG", {}, (600, 800)),
        ("JPEG", {}, (2400, 3200)),  # decoded at reduced scale
        ("JPEG", {"progressive": True}, (2400, 3200)),
        ("PNG", {}, (600, 800)),
        ("WEBP", {}, (600, 800)),
        ("HEIF", {}, (600, 800)),
    ],
)
def test_a_cut_off_photo_is_refused_as_truncated(fmt, options, size):
    whole = encode(photo(*size), fmt, **options)

    assert refused(whole[: len(whole) * 7 // 10]) == "truncated"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "HEIF"])
def test_a_cut_off_photo_is_refused_even_where_pillow_was_told_to_accept_them(fmt, monkeypatch):
    # Importing WeasyPrint (card rendering) switches this on for the whole process.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    whole = encode(photo(), fmt)

    assert refused(whole[: len(whole) * 7 // 10]) == "truncated"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # left as WeasyPrint wants it


def test_a_jpeg_missing_only_its_end_marker_is_refused_as_truncated():
    whole = encode(photo(), "JPEG")

    assert refused(whole[:-2]) == "truncated"


def test_a_png_bomb_is_refused_without_decoding_its_pixels():
    bomb = png_bomb(20_000, 20_000)  # 400 megapixels of one colour in a few kilobytes
    assert len(bomb) < 100_000
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    assert refused(bomb) == "too_many_pixels"

    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before
    assert grown_kib < 100 * 1024  # decoding it would take 400 MB


@pytest.mark.parametrize(
    "upload",
    [
        pytest.param(png_bomb(20_000, 20_000, decodable=False), id="png-beyond-pillow-limit"),
        pytest.param(png_bomb(8_000, 7_000, decodable=False), id="png-beyond-our-limit"),
        pytest.param(jpeg_claiming_size(30_000, 30_000), id="jpeg-beyond-pillow-limit"),
        pytest.param(jpeg_claiming_size(8_000, 7_000), id="jpeg-beyond-our-limit"),
    ],
)
def test_the_pixel_count_is_checked_from_the_header_before_decoding(upload):
    # The pixel data of these files is junk: decoding first would say "truncated".
    assert refused(upload) == "too_many_pixels"


def test_the_pixel_limit_can_be_tuned(monkeypatch):
    monkeypatch.setattr(photo_limits, "MAX_PIXELS", 1_000_000)

    assert normalize_upload(encode(photo(1000, 1000), "JPEG")).width == 1000
    assert refused(encode(photo(1000, 1001), "JPEG")) == "too_many_pixels"


# Formats that Pillow decodes whole into memory have far lower limits than a plain JPEG, which
# libjpeg shrinks while decoding; the header says which kind of file it is.
@pytest.mark.parametrize(
    ("upload", "kind", "megapixels"),
    [
        pytest.param(
            png_bomb(7070, 7070, decodable=False, mode="RGBA"), "PNG", 25, id="rgba-png-50-mp"
        ),
        pytest.param(webp_claiming_size(3000, 3000), "WebP", 6, id="webp-9-mp"),
        pytest.param(heif_claiming_size(5712, 4284), "HEIC", 14, id="iphone-heic-24-mp"),
        pytest.param(
            jpeg_claiming_size(6000, 6000, progressive=True), "JPEG progresif", 25,
            id="progressive-jpeg-36-mp",
        ),
        pytest.param(
            jpeg_claiming_size(4000, 4000, progressive=True, subsampling="4:4:4"),
            "JPEG progresif", 14, id="progressive-jpeg-4:4:4-16-mp",
        ),
        pytest.param(jpeg_claiming_size(8000, 7000), "JPEG", 50, id="jpeg-56-mp"),
    ],
)  # fmt: skip
def test_each_kind_of_photo_has_its_own_pixel_limit_named_in_the_message(upload, kind, megapixels):
    with pytest.raises(PhotoError) as caught:
        normalize_upload(upload)

    assert caught.value.code == "too_many_pixels"
    with translation.override("id"):
        message = str(caught.value.message)
    assert f"Untuk foto {kind}," in message and f"paling besar {megapixels} megapiksel" in message


@pytest.mark.parametrize(
    ("fmt", "options"),
    [
        pytest.param("HEIF", {}, id="iphone-heic"),
        pytest.param("JPEG", {"progressive": True}, id="progressive-jpeg"),
        pytest.param("JPEG", {"progressive": True, "subsampling": "4:4:4"}, id="jpeg-4:4:4"),
    ],
)
def test_a_12_megapixel_phone_photo_is_within_the_limit_of_its_kind(fmt, options):
    upload = encode(Image.new("RGB", (4032, 3024), BLUE), fmt, **options)

    assert normalize_upload(upload).width == 1600


def test_a_palette_png_decodes_small_so_it_may_have_more_pixels_than_a_colour_one():
    palette = encode(Image.new("P", (6000, 6000)), "PNG")  # 36 MP at 1 byte a pixel
    colour = png_bomb(6000, 6000, decodable=False, mode="RGB")  # 36 MP at 4 bytes a pixel

    assert normalize_upload(palette).width == 1600
    assert refused(colour) == "too_many_pixels"


def test_the_byte_limit_is_ten_megabytes():
    assert photos.MAX_UPLOAD_BYTES == 10 * 1024 * 1024
    assert refused(b"\xff\xd8" + bytes(photos.MAX_UPLOAD_BYTES - 1)) == "too_large"


def test_a_photo_of_exactly_the_byte_limit_is_accepted(monkeypatch):
    upload = encode(photo(), "JPEG")
    monkeypatch.setattr(photos, "MAX_UPLOAD_BYTES", len(upload))

    assert normalize_upload(upload).width == 600
    assert refused(upload + b"\0") == "too_large"
    assert refused(io.BytesIO(upload + b"\0")) == "too_large"


def test_an_upload_declaring_a_size_over_the_limit_is_refused_before_reading_it():
    class HugeUpload(io.BytesIO):
        size = photos.MAX_UPLOAD_BYTES + 1

        def read(self, *args):
            raise AssertionError("read although the declared size is over the limit")

    assert refused(HugeUpload()) == "too_large"


@pytest.mark.parametrize("size", [(299, 400), (300, 399), (100, 100), (4000, 400)])
def test_a_photo_below_300_by_400_pixels_is_too_small(size):
    # 4000 x 400 is big enough, but shrunk to a long side of 1600 it is only 160 pixels tall.
    assert refused(encode(photo(*size), "PNG")) == "too_small"


def test_the_smallest_photo_is_300_by_400():
    assert normalize_upload(encode(photo(300, 400), "PNG")).height == 400


def test_the_minimum_size_is_checked_on_the_upright_photo():
    stored_sideways = photo(400, 300)

    assert normalize_upload(encode(stored_sideways, "JPEG", exif=exif(6))).width == 300
    assert refused(encode(stored_sideways, "JPEG", exif=exif(1))) == "too_small"


# Cropping


@pytest.mark.parametrize(
    "size", [(300, 400), (1600, 1200), (1200, 1600), (1000, 1000), (1599, 401)]
)
def test_the_card_photo_is_exactly_600_by_800(size):
    source = encode(photo(*size), "JPEG")

    card_photo = decoded(crop_card_photo(source, None))

    assert card_photo.size == (600, 800)
    assert card_photo.mode == "RGB"


def test_the_card_photo_shows_the_chosen_box():
    image = Image.new("RGB", (1600, 1200), RED)
    image.paste(BLUE, (800, 0, 1600, 1200))
    source = encode(image, "JPEG")

    left = decoded(crop_card_photo(source, CropBox(0, 0, 900 / 1600, 1)))
    right = decoded(crop_card_photo(source, CropBox(700 / 1600, 0, 900 / 1600, 1)))

    assert nearest_primary(left.getpixel((300, 400))) == RED
    assert nearest_primary(right.getpixel((300, 400))) == BLUE


def test_a_box_decoded_at_reduced_scale_still_lands_in_the_right_place():
    # The box is twice the card size, so the JPEG is decoded at half scale.
    image = Image.new("RGB", (1600, 1600), RED)
    image.paste(BLUE, (400, 0, 1600, 1600))
    box = CropBox(left=0.25, top=0, width=0.75, height=1)

    card_photo = decoded(crop_card_photo(encode(image, "JPEG", quality=95), box))

    assert nearest_primary(card_photo.getpixel((3, 400))) == BLUE
    assert nearest_primary(card_photo.getpixel((597, 400))) == BLUE


def test_the_default_crop_keeps_the_photo_the_right_way_up():
    source = normalize_upload(encode(quadrants(1200, 1600), "JPEG")).jpeg

    assert quadrant_colours(decoded(crop_card_photo(source, None))) == UPRIGHT_QUADRANTS


def test_only_a_jpeg_can_be_cropped():
    with pytest.raises(PhotoError) as caught:
        crop_card_photo(encode(photo(), "PNG"), None)

    assert caught.value.code == "not_image"


@pytest.mark.parametrize(
    "box",
    [
        pytest.param(CropBox(-0.1, 0, 0.5625, 1), id="left-of-the-photo"),
        pytest.param(CropBox(0.5, 0, 0.5625, 1), id="right-of-the-photo"),
        pytest.param(CropBox(0, 0.1, 0.5625, 1), id="below-the-photo"),
        pytest.param(CropBox(0, 0, 0.75, 1), id="square"),
        pytest.param(CropBox(0, 0, 0.5625, 0.9), id="too-wide"),
        pytest.param(CropBox(0, 0, 0, 0), id="empty"),
        pytest.param(CropBox(0.2, 0.2, -0.1, -0.1), id="negative"),
        pytest.param(CropBox(math.nan, 0, 0.5625, 1), id="nan"),
        pytest.param(CropBox(0, 0, math.inf, math.inf), id="infinite"),
        pytest.param(CropBox("kiri", 0, 0.5625, 1), id="not-a-number"),
        pytest.param(CropBox(0, 0, 0.1, 0.1 * 4 / 3 * 1600 / 1200), id="smaller-than-300x400"),
    ],
)
def test_a_box_outside_the_photo_or_not_3_by_4_is_a_bad_crop(box):
    source = encode(photo(1600, 1200), "JPEG")

    with pytest.raises(PhotoError) as caught:
        crop_card_photo(source, box)

    assert caught.value.code == "bad_crop"


def test_a_box_a_pixel_off_3_by_4_is_accepted():
    # 900 x 1199 pixels: what rounding in a browser cropper produces.
    box = CropBox(0, 0, 900 / 1600, 1199 / 1200)

    assert box.to_pixels(1600, 1200) == pytest.approx((0, 0, 900, 1199))


def test_the_default_crop_of_a_landscape_photo_is_full_height_and_centred():
    box = default_crop(1600, 1200)

    assert box.to_pixels(1600, 1200) == pytest.approx((350, 0, 1250, 1200))


def test_the_default_crop_of_a_tall_photo_sits_above_the_middle():
    left, top, right, bottom = default_crop(1200, 2000).to_pixels(1200, 2000)

    assert (left, right, bottom - top) == pytest.approx((0, 1200, 1600))
    assert 0 < top < (2000 - 1600) / 2


def test_the_default_crop_of_a_3_by_4_photo_is_the_whole_photo():
    assert default_crop(300, 400) == CropBox(0, 0, 1, 1)


@pytest.mark.parametrize("size", [(300, 400), (301, 999), (1599, 401), (1600, 1600), (333, 1600)])
def test_the_default_crop_is_always_a_valid_box(size):
    left, top, right, bottom = default_crop(*size).to_pixels(*size)

    assert (right - left) / (bottom - top) == pytest.approx(3 / 4)


# Messages


# The stable codes of a refused photo, one per reason.
REFUSALS = (
    "too_large", "not_image", "truncated", "too_many_pixels", "too_small", "bad_crop", "busy",
)  # fmt: skip


@pytest.mark.parametrize("code", REFUSALS)
def test_every_refusal_has_a_plain_indonesian_message(code):
    with translation.override("id"):
        message = str(PhotoError(code).message)

    assert message and code not in message and "{" not in message
    assert "foto" in message.lower()


def test_the_messages_name_the_limits():
    with translation.override("id"):
        assert "10 MB" in str(PhotoError("too_large").message)
        assert "50 megapiksel" in str(PhotoError("too_many_pixels").message)  # a plain JPEG
        assert "300 × 400 piksel" in str(PhotoError("too_small").message)


def test_every_code_has_a_message_and_no_message_is_shared():
    with translation.override("id"):
        messages = {str(PhotoError(code).message) for code in REFUSALS}

    assert len(messages) == len(REFUSALS) == 7
