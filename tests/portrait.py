"""Test photos with a real face: a plain upload, and the photo assistant's calibration set.

Everything is made from one real photograph (NASA, public domain: tests/cards/photos/README.md),
cut out, moved, scaled, turned, lit and encoded the ways a pas foto goes wrong. Each sample
says where its faces really are, so the detector's hits and misses can be counted.
"""

import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter

# A real face: the portal refuses a photo in which it finds no face.
PORTRAIT = Path(__file__).parent / "cards" / "photos" / "astronaut.jpg"
RED, BLUE, WHITE = (190, 30, 40), (30, 80, 200), (244, 244, 240)
# Where the face is in ``portrait()`` (576 x 768), brows to chin as a frontal face detector
# boxes it, in pixels: (left, top, right, bottom).
FACE = (156, 129, 355, 329)


def jpeg_upload(width=900, height=1200, name="foto.jpg", color=(180, 30, 40)) -> SimpleUploadedFile:
    """A pas foto: the portrait's head and shoulders on a plain background of ``color``."""
    image = Image.new("RGB", (width, height), color)
    side = min(width * 4 // 3, height) * 3 // 4  # the portrait's width at the largest 3:4 fit
    person = Image.open(PORTRAIT).convert("RGB").resize((side, side * 4 // 3))
    mask = Image.new("L", person.size, 0)
    draw = ImageDraw.Draw(mask)
    draw.ellipse((side * 0.23, side * 0.02, side * 0.73, side * 0.7), fill=255)  # head
    draw.ellipse((0, side * 0.52, side, side * 2.1), fill=255)  # shoulders
    image.paste(
        person,
        ((width - side) // 2, height - person.height),
        mask.filter(ImageFilter.GaussianBlur(2)),
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def pas_foto(width: int = 1200, height: int = 1600) -> bytes:
    """The JPEG bytes of ``jpeg_upload``: a photo the portal accepts, with one real face."""
    return jpeg_upload(width, height).read()


def jpeg(image: Image.Image, quality: int = 90) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


# The pieces


def portrait() -> Image.Image:
    """The portrait at 576 x 768, on its own mottled grey-blue studio background."""
    return Image.open(PORTRAIT).convert("RGB").resize((576, 768), Image.Resampling.LANCZOS)


def person_mask() -> Image.Image:
    """Where the person is in ``portrait()``: head, hair and suit, with a soft edge."""
    mask = Image.new("L", (576, 768), 0)
    draw = ImageDraw.Draw(mask)
    draw.ellipse((108, 28, 408, 345), fill=255)  # the head and hair
    draw.rectangle((180, 300, 340, 380), fill=255)  # the neck
    draw.ellipse((30, 295, 425, 595), fill=255)  # the helmet ring
    draw.polygon([(0, 420), (60, 400), (420, 440), (500, 520), (535, 600), (545, 768), (0, 768)],
                 fill=255)  # fmt: skip
    return mask.filter(ImageFilter.GaussianBlur(2))


def on_plain(colour) -> Image.Image:
    """The person cut out (head and shoulders) onto a plain background, as a studio pas foto."""
    return on_background(Image.new("RGB", (576, 768), colour))


def on_background(background: Image.Image) -> Image.Image:
    return Image.composite(portrait(), background, person_mask())


@dataclass
class Sample:
    """A test photo and where its faces are, each as fractions (left, top, width, height)."""

    image: Image.Image
    faces: list = field(default_factory=list)


def _placed(canvas: Image.Image, person: Image.Image, at: tuple[int, int]) -> Sample:
    """``person`` (a 3:4 picture made like ``portrait()``) pasted at ``at`` on ``canvas``."""
    scale = person.width / 576
    canvas.paste(person, at)
    left, top, right, bottom = (v * scale for v in FACE)
    box = (at[0] + left, at[1] + top, right - left, bottom - top)
    return Sample(canvas, [_fractions(box, canvas.size)])


def _fractions(box, size) -> tuple:
    left, top, width, height = box
    return (left / size[0], top / size[1], width / size[0], height / size[1])


def _here(image: Image.Image) -> Sample:
    """``portrait()`` changed but not moved (maybe scaled): the face where it is there."""
    left, top, right, bottom = FACE
    return Sample(image, [_fractions((left, top, right - left, bottom - top), (576, 768))])


# The calibration set: each sample changes one thing a pas foto can get wrong.


def turned(degrees) -> Sample:
    """Turned anticlockwise by ``degrees`` (the head leans to the photo's left for positive)."""
    image = on_plain(BLUE).rotate(degrees, Image.Resampling.BICUBIC, fillcolor=BLUE)
    return _here(image)  # about the photo's centre; the face moves a little, not out of its box


def shifted() -> Sample:
    """A landscape photo with the person on the right: the middle of it is empty wall."""
    return _placed(
        Image.new("RGB", (1600, 900), BLUE), on_plain(BLUE).resize((480, 640)), (1080, 260)
    )


def two_faces() -> Sample:
    pair = Image.new("RGB", (1152, 768), BLUE)
    pair.paste(on_plain(BLUE), (0, 0))
    pair.paste(on_plain(BLUE).transpose(Image.Transpose.FLIP_LEFT_RIGHT), (576, 0))
    left, top, right, bottom = FACE
    mirrored = (1152 - right, top, right - left, bottom - top)
    return Sample(pair, [_fractions((left, top, right - left, bottom - top), pair.size),
                         _fractions(mirrored, pair.size)])  # fmt: skip


def blocks(size=(576, 768), seed=7) -> Image.Image:
    """A busy wall of coloured blocks."""
    noise = np.random.default_rng(seed).integers(0, 256, (24, 18, 3), dtype=np.uint8)
    return Image.fromarray(noise).resize(size, Image.Resampling.NEAREST)


def cluttered() -> Sample:
    """The portrait in front of a busy wall of coloured blocks."""
    return _here(on_background(blocks()))


def no_face() -> Sample:
    """The lower half of the portrait: the suit and its badges, no face."""
    return Sample(portrait().crop((0, 384, 576, 768)).resize((600, 400)))


def far_away() -> Sample:
    """A 4:3 photo with the person small in the middle: the face is 14 % of its height."""
    person = on_plain(WHITE).resize((484, 645))
    return _placed(Image.new("RGB", (1600, 1200), WHITE), person, (558, 555))


def too_far() -> Sample:
    """The person far off: the face is 7 % of the photo's height, too small to be a pas foto."""
    person = on_plain(WHITE).resize((198, 264))
    return _placed(Image.new("RGB", (1600, 1200), WHITE), person, (701, 936))


def close_up() -> Sample:
    """The face fills the frame: cut close around the face and enlarged, brows to chin 80 % of
    the photo's height."""
    left, top, right, bottom = FACE
    box = (left + 6, top - 25, right - 6, top - 25 + (right - left - 12) * 4 // 3)
    image = on_plain(RED).crop(box).resize((600, 800), Image.Resampling.LANCZOS)
    scale = 600 / (box[2] - box[0])
    face = ((left - box[0]) * scale, (top - box[1]) * scale, (right - left) * scale,
            (bottom - top) * scale)  # fmt: skip
    return Sample(image, [_fractions(face, image.size)])


def sunglasses() -> Sample:
    """Partly hidden: dark glasses over both eyes."""
    image = on_plain(RED)
    draw = ImageDraw.Draw(image)
    for x in (186, 276):  # the eyes are near y 200, x 220 and 310
        draw.ellipse((x, 180, x + 70, 225), fill=(15, 15, 20))
    draw.line((256, 198, 276, 198), fill=(15, 15, 20), width=5)
    return _here(image)


def hand_over_mouth() -> Sample:
    """Partly hidden: something skin-coloured in front of the mouth and chin."""
    image = on_plain(RED)
    ImageDraw.Draw(image).ellipse((200, 265, 320, 360), fill=(222, 172, 140))
    return _here(image)


def washed_out() -> Sample:
    """Low contrast and pale, as through a misted lens."""
    image = ImageEnhance.Contrast(on_plain(BLUE)).enhance(0.35)
    return _here(ImageEnhance.Brightness(image).enhance(1.35))


def backlit() -> Sample:
    """Against a bright window: the background near white, the person in shadow."""
    person = ImageEnhance.Brightness(portrait()).enhance(0.35)
    window = Image.new("RGB", (576, 768), (250, 250, 246))
    return _here(Image.composite(person, window, person_mask()))


def darker_skin() -> Sample:
    """Well lit, but the face darker (55 % of this one's luminance), as darker skin would be."""
    person = ImageEnhance.Brightness(portrait()).enhance(0.55)
    return _here(Image.composite(person, Image.new("RGB", (576, 768), BLUE), person_mask()))


def low_quality() -> Sample:
    """The red pas foto saved as a JPEG at quality 8: blocky, with rings around edges."""
    return _here(Image.open(io.BytesIO(jpeg(on_plain(RED), quality=8))).convert("RGB"))


def room(size=(1600, 1200)) -> Image.Image:
    """A room: a warm wall lit from one side, a door frame, a picture, the floor's edge."""
    width, height = size
    wall = Image.linear_gradient("L").rotate(90).resize(size)
    image = Image.merge(
        "RGB", [wall.point(lambda v, k=k: int(150 + v * k)) for k in (0.35, 0.3, 0.2)]
    )
    draw = ImageDraw.Draw(image)
    draw.rectangle((width * 0.72, height * 0.12, width * 0.9, height), fill=(120, 84, 52))
    draw.rectangle((width * 0.745, height * 0.15, width * 0.875, height), fill=(150, 110, 74))
    draw.rectangle((width * 0.45, height * 0.15, width * 0.62, height * 0.38), fill=(60, 90, 70))
    draw.rectangle((0, height * 0.9, width, height), fill=(90, 70, 60))
    return image


def phone_landscape(size=(1600, 1200)) -> Sample:
    """A phone's 4:3 landscape shot in a room, the person off-centre on the left."""
    width, height = size
    person = on_background(room((576, 768)).crop((0, 0, 576, 768)))
    person = person.resize((width * 9 // 25, width * 12 // 25), Image.Resampling.LANCZOS)
    # The person's own background is then the room's: cut out again onto the big room.
    canvas = room(size)
    mask = person_mask().resize(person.size)
    at = (width * 2 // 25, height - person.height)
    canvas.paste(person, at, mask)
    scale = person.width / 576
    left, top, right, bottom = (v * scale for v in FACE)
    box = (at[0] + left, at[1] + top, right - left, bottom - top)
    return Sample(canvas, [_fractions(box, canvas.size)])


def empty_room() -> Sample:
    return Sample(room())


def twelve_megapixels() -> Sample:
    """The red pas foto as a phone takes it: 3000 x 4000 pixels, a little sensor grain."""
    big = on_plain(RED).resize((3000, 4000), Image.Resampling.BICUBIC)
    grain = np.random.default_rng(3).normal(0, 3, (4000, 3000, 1))
    big = Image.fromarray(np.clip(np.asarray(big) + grain, 0, 255).astype(np.uint8))
    return _here(big)


def gradient() -> Sample:
    """Something photo-like with no face: gradients and grain."""
    grey = Image.linear_gradient("L").resize((900, 1200))
    grain = Image.effect_noise((900, 1200), 20).convert("L")
    return Sample(
        Image.merge("RGB", (grey, grain, grey.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    )


def grain(size=(1600, 1200)) -> Sample:
    """Pure noise: the detector's hardest case for speed, and no face."""
    return Sample(Image.effect_noise(size, 40).convert("RGB"))


SAMPLES = {
    "portrait": lambda: _here(portrait()),
    "red": lambda: _here(on_plain(RED)),
    "blue": lambda: _here(on_plain(BLUE)),
    "white": lambda: _here(on_plain(WHITE)),
    "turned": lambda: turned(12),
    "turned_far": lambda: turned(-25),
    "turned_far_right": lambda: turned(25),
    "blurred": lambda: _here(on_plain(RED).filter(ImageFilter.GaussianBlur(5))),
    "dark": lambda: _here(ImageEnhance.Brightness(on_plain(RED)).enhance(0.3)),
    "flat": lambda: _here(ImageEnhance.Contrast(on_plain(RED)).enhance(0.25)),
    "washed_out": washed_out,
    "backlit": backlit,
    "darker_skin": darker_skin,
    "low_quality": low_quality,
    "sunglasses": sunglasses,
    "hand_over_mouth": hand_over_mouth,
    "shifted": shifted,
    "far_away": far_away,
    "close_up": close_up,
    "phone_landscape": phone_landscape,
    "cluttered": cluttered,
    "two_faces": two_faces,
    "too_far": too_far,
    "no_face": no_face,
    "gradient": gradient,
    "empty_room": empty_room,
    "blocks": lambda: Sample(blocks((900, 1200), seed=11)),
    "grain": grain,
    "twelve_megapixels": twelve_megapixels,
}


def grid() -> dict:
    """97 more photos made the same way, 71 faces, to choose and hold the detector's settings.

    Each background with the face at 14, 20, 30 and 45 % of the shorter side, portrait and
    landscape (where the person fits), placed at random along the bottom; every 5 degrees of
    tilt from -25 to 25; light, contrast, blur and JPEG quality steps; the named samples that
    have faces; and 26 photos without one (parts of the portrait without the face, rooms,
    blocks, noise, smooth colour fields).
    """
    rng = np.random.default_rng(1)
    samples = {}
    backgrounds = {
        "red": lambda size: Image.new("RGB", size, RED),
        "blue": lambda size: Image.new("RGB", size, BLUE),
        "white": lambda size: Image.new("RGB", size, WHITE),
        "grey": lambda size: Image.new("RGB", size, (128, 128, 128)),
        "room": room,
        "blocks": lambda size: blocks(size, seed=5),
        "studio": lambda size: portrait().crop((0, 0, 100, 280)).resize(size),
    }
    for name, background in backgrounds.items():
        for share in (0.14, 0.2, 0.3, 0.45):
            for size in ((1200, 1600), (1600, 1200)):
                height = int(share * min(size) / (FACE[3] - FACE[1]) * 768)
                if height > size[1]:
                    continue  # the person would not fit
                person = on_background(background((576, 768))).resize((height * 3 // 4, height))
                left = int(rng.uniform(0, size[0] - person.width))
                placed = _placed(background(size), person, (left, size[1] - height))
                samples[f"{name}-{share}-{size[0]}x{size[1]}"] = placed
    for degrees in range(-25, 26, 5):
        samples[f"turned {degrees}"] = turned(degrees)
    for light in (0.25, 0.4, 0.6, 1.4, 1.7):
        samples[f"light {light}"] = _here(ImageEnhance.Brightness(on_plain(RED)).enhance(light))
    for contrast in (0.2, 0.35, 0.5):
        image = ImageEnhance.Contrast(on_plain(BLUE)).enhance(contrast)
        samples[f"contrast {contrast}"] = _here(image)
    for radius in (2, 4, 6):
        samples[f"blur {radius}"] = _here(on_plain(BLUE).filter(ImageFilter.GaussianBlur(radius)))
    for quality in (5, 10, 20):
        image = Image.open(io.BytesIO(jpeg(on_plain(BLUE), quality))).convert("RGB")
        samples[f"quality {quality}"] = _here(image)
    for name in ("sunglasses", "hand_over_mouth", "backlit", "washed_out", "close_up",
                 "phone_landscape", "shifted", "two_faces", "cluttered", "far_away"):  # fmt: skip
        samples[name] = SAMPLES[name]()
    whole = portrait()
    samples["suit"] = no_face()
    samples["suit, taller"] = Sample(whole.crop((0, 330, 576, 768)))
    samples["hair"] = Sample(whole.crop((0, 0, 576, 180)).resize((900, 280)))
    for index, size in enumerate(((1600, 1200), (1200, 1600), (900, 1200))):
        samples[f"room {index}"] = Sample(room(size))
        samples[f"blocks {index}"] = Sample(blocks(size, seed=20 + index))
        samples[f"grain {index}"] = grain(size)
        samples[f"gradient {index}"] = gradient()
    for seed in range(6):
        few = np.random.default_rng(seed).integers(0, 256, (8, 6, 3), dtype=np.uint8)
        samples[f"colour field {seed}"] = Sample(
            Image.fromarray(few).resize((1200, 1600), Image.Resampling.BICUBIC)
        )
        more = np.random.default_rng(seed).integers(0, 256, (30, 40, 3), dtype=np.uint8)
        samples[f"smooth colours {seed}"] = Sample(
            Image.fromarray(more).resize((1600, 1200), Image.Resampling.BICUBIC)
        )
    return samples
