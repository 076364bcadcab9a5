"""The photo assistant: what an upload shows, measured once, and the advice it gives.

``measure`` runs on the shrunk, upright photo while the upload holds the decoding slot and
returns plain numbers that are stored on the candidate (``PhotoVersion.checks``). ``findings``
turns them into sentences for the page, against the crop the employee has now, so moving the
sliders changes what is said about the face's size and place. Only "no face" and "more than
one face" refuse a photo (``services.upload_photo_candidate``, ``photos.prepare_candidate``);
the rest is advice.

The thresholds below were set on the calibration set of ``tests/portrait.py`` (one real face,
cut out, scaled, moved, turned, blurred, lit and encoded in the ways a pas foto goes wrong;
``tests/cards/test_photo_checks.py`` holds every sample to its expected findings), and each
says what it means and why it has its value:

- ``FACE_SHARE``: the face box (brows to chin, as the cascade draws it) should fill 38-62 %
  of the frame's height. A pas foto head, hair to chin, fills about two thirds of it, and the
  box is about three quarters of the head: half the frame, give or take an eighth.
- ``EYE_LINE``: the eyes (40 % down the box) 25-45 % down the frame: the upper third, where
  the default crop puts them (``cropping.FACE_FRAME_EYE_LINE`` = 36 %).
- ``MAX_OFF_CENTRE``: the face's centre within 8 % of the frame's width of its middle. The
  default crop centres it exactly unless the photo's edge is in the way; 8 % (24 of 300 pixels
  on a printed-size frame) is about where a face starts to look pushed to one side.
- ``MAX_TILT``: a line through the eyes at most 6 degrees off level. The eye line is measured
  to about 1 degree on the set, and the photo's own 3-4 degrees pass.
- ``MIN_SHARPNESS``: the variance of the Laplacian on the face at 128 pixels wide and a fixed
  contrast (so it does not depend on the face's size or light) at least 60. A sharp face gives
  200-300; a Gaussian blur of 0.75 % of the face's width (about 2 pixels on the 600 x 800 card
  photo, visibly soft) gives 48, of 0.5 % 98, whatever the photo's size. Heavy JPEG blocks
  raise it (they are edges): a photo saved at quality 8 is not told apart, there is no check
  for that.
- ``BRIGHTNESS``: the face's mean luminance (0-255) 60-200. Set on the face, not the photo,
  so a white or a dark background changes nothing. The underexposed samples (the photo at 30 %
  of its light: 45, against a window: 54) fall below 60; the same face darkened to 45-65 % as
  a stand-in for darker skin in good light (69-99) must not, which is why it is not 70 as it
  was. Above 200 the skin's highlights are clipped (the photo at 140 % light: 201).
- ``MIN_CONTRAST``: the face's luminance spread relative to its mean (RMS contrast,
  standard deviation / mean) at least 0.2. Relative, because darker skin has a smaller spread
  in the same light (an absolute 35 told a well-lit darker face it was flat); a good face is
  0.36, the flat (contrast at 25 %) and washed-out samples 0.12 and 0.16.
- ``MAX_BACKGROUND_SPREAD``: the region beside and above the head (down to the chin, so that
  shoulders turned with the camera stay out) is plain when its colour channels' standard
  deviation is at most 22 on average. A flat backdrop is 0, one with light falling off to the
  sides 6, a mottled cloth 9, the studio backdrop of the original photo 14; a room with a
  door 45, a wall of coloured blocks 73.
- Colour names: red or blue only when saturated (saturation at least 80 of 255) and bright
  enough (value 50 or more): pale, grey and white backdrops are "other", dark red and light
  blue still red and blue.
"""

from dataclasses import dataclass

import cv2
import numpy as np
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from PIL import Image

from cards import faces

FACE_SHARE = (0.38, 0.62)  # of the frame's height
EYE_LINE = (0.25, 0.45)  # of the frame's height, from its top
MAX_OFF_CENTRE = 0.08  # of the frame's width
MAX_TILT = 6.0  # degrees
MIN_SHARPNESS = 60.0  # variance of the Laplacian on the face at 128 px wide
BRIGHTNESS = (60.0, 200.0)  # mean luminance of the face, 0..255
MIN_CONTRAST = 0.2  # standard deviation / mean of the face's luminance
MAX_BACKGROUND_SPREAD = 22.0  # mean per-channel standard deviation beside and above the head


def measure(image: Image.Image, found: list | None = None) -> dict:
    """Faces, tilt, sharpness, light and background of an upright RGB photo, as JSON data.

    ``found``: the faces, when they were already looked for in a larger copy of the photo.
    """
    grey = np.asarray(image.convert("L"))
    if found is None:
        found = faces.find_faces(grey)
    if len(found) != 1:
        return {"faces": len(found)}
    face = found[0]
    height, width = grey.shape
    x0, y0 = max(0, int(face.left * width)), max(0, int(face.top * height))
    x1, y1 = x0 + int(face.width * width), y0 + int(face.height * height)
    skin = grey[y0:y1, x0:x1]  # light and sharpness are judged on the face, not the wall
    return {
        "faces": 1,
        "face": [face.left, face.top, face.width, face.height],
        "tilt": face.tilt,
        "brightness": float(skin.mean()),
        "contrast": float(skin.std()),
        "sharpness": _sharpness(skin),
        # A quarter of the size is plenty to tell a plain wall, and 16 times less work.
        "background": _background(np.asarray(_rgb(image).reduce(4)), face),
    }


def _rgb(image: Image.Image) -> Image.Image:
    return image if image.mode == "RGB" else image.convert("RGB")


def _sharpness(face: np.ndarray) -> float:
    """Variance of the Laplacian on the face at a fixed size and contrast.

    Fixed size and contrast, so a small or a dark face is not mistaken for a blurred one.
    """
    if face.size == 0 or face.std() == 0:
        return 0.0
    scaled = cv2.resize(face, (128, max(1, round(128 * face.shape[0] / face.shape[1]))))
    scaled = (scaled - scaled.mean()) * (50.0 / scaled.std())
    return float(cv2.Laplacian(scaled, cv2.CV_64F).var())


def _background(rgb: np.ndarray, face: faces.Face) -> dict:
    """Whether the region beside and above the head is one colour, and which."""
    height, width = rgb.shape[:2]
    # The head: wider than the cascade's box, from above the hair; the region ends at the chin.
    head_left = (face.left - face.width * 0.6) * width
    head_right = (face.left + face.width * 1.6) * width
    head_top = (face.top - face.height * 0.7) * height
    bottom = int(min(height, (face.top + face.height * 0.9) * height))
    mask = np.zeros((height, width), bool)
    mask[:bottom, :] = True
    columns = np.arange(width)
    rows = np.arange(height)[:, None]
    mask &= ~((columns >= head_left) & (columns <= head_right) & (rows >= head_top))
    pixels = rgb[mask]
    if len(pixels) < 100:
        return {"plain": None, "colour": None}
    spread = float(pixels.std(axis=0).mean())
    mean = pixels.mean(axis=0)
    return {"plain": spread <= MAX_BACKGROUND_SPREAD, "colour": _colour_name(mean)}


def _colour_name(rgb_mean) -> str:
    pixel = np.uint8([[np.clip(rgb_mean, 0, 255)]])
    hue, saturation, value = cv2.cvtColor(pixel, cv2.COLOR_RGB2HSV)[0, 0]
    hue = int(hue) * 2  # OpenCV's hue is 0..179
    if saturation < 80 or value < 50:
        return "other"
    if hue <= 20 or hue >= 335:
        return "red"
    if 190 <= hue <= 250:
        return "blue"
    return "other"


@dataclass(frozen=True)
class Finding:
    status: str  # "ok", "advice", or "unknown" (could not be checked)
    text: Promise | str

    @property
    def mark(self) -> str:
        return {"ok": "✓", "advice": "!", "unknown": "?"}[self.status]


def findings(checks: dict, crop: tuple[float, float, float, float], aspect: float) -> list:
    """Sentences for the page from stored ``checks`` and the current crop (fractions).

    ``aspect`` is the photo's width / height, so fractions of width and height compare.
    """
    if not checks or "faces" not in checks:
        return []
    if checks["faces"] != 1 or "face" not in checks:
        return [Finding("advice", _("Tidak tepat satu wajah yang terdeteksi."))]
    result = [Finding("ok", _("Satu wajah terdeteksi."))]
    result += _placement(checks["face"], crop, aspect)
    result.append(_tilt(checks.get("tilt")))
    if checks["sharpness"] >= MIN_SHARPNESS:
        result.append(Finding("ok", _("Foto tajam.")))
    else:
        result.append(Finding("advice", _("Foto tampak buram. Pastikan kamera fokus dan diam.")))
    result += _light(checks["brightness"], checks["contrast"] / max(checks["brightness"], 1.0))
    result.append(_background_finding(checks["background"]))
    return result


def _placement(face, crop, aspect) -> list:
    left, top, width, height = face
    crop_left, crop_top, crop_width, crop_height = crop
    share = height / crop_height
    if share < FACE_SHARE[0]:
        size = Finding("advice", _("Wajah terlalu kecil di bingkai. Perbesar potongan."))
    elif share > FACE_SHARE[1]:
        size = Finding("advice", _("Wajah terlalu besar di bingkai. Perkecil potongan."))
    else:
        size = Finding("ok", _("Ukuran wajah di bingkai sesuai pas foto."))
    off_centre = abs(left + width / 2 - (crop_left + crop_width / 2)) / crop_width
    eye_line = (top + height * 0.4 - crop_top) / crop_height
    if off_centre > MAX_OFF_CENTRE:
        place = Finding("advice", _("Wajah tidak di tengah bingkai. Geser potongan."))
    elif not EYE_LINE[0] <= eye_line <= EYE_LINE[1]:
        place = Finding(
            "advice", _("Mata sebaiknya berada di sepertiga atas bingkai. Geser potongan.")
        )
    else:
        place = Finding("ok", _("Wajah di tengah bingkai, mata di sepertiga atas."))
    return [size, place]


def _tilt(tilt) -> Finding:
    if tilt is None:
        return Finding(
            "unknown", _("Kemiringan kepala tidak dapat diperiksa: kedua mata tidak terdeteksi.")
        )
    if abs(tilt) <= MAX_TILT:
        return Finding("ok", _("Kepala tegak."))
    text = _("Kepala miring sekitar {degrees}°. Tegakkan kepala atau kamera.")
    return Finding("advice", format_lazy(text, degrees=round(abs(tilt))))


def _light(brightness: float, contrast: float) -> list:
    """``contrast``: relative, the standard deviation of the face's luminance over its mean."""
    if brightness < BRIGHTNESS[0]:
        light = Finding("advice", _("Foto terlalu gelap. Foto di tempat yang lebih terang."))
    elif brightness > BRIGHTNESS[1]:
        light = Finding(
            "advice", _("Foto terlalu terang. Hindari cahaya langsung atau lampu kilat.")
        )
    else:
        light = Finding("ok", _("Pencahayaan cukup."))
    if contrast < MIN_CONTRAST:
        return [light, Finding("advice", _("Kontras foto rendah; wajah kurang jelas."))]
    return [light, Finding("ok", _("Kontras cukup."))]


def _background_finding(background: dict) -> Finding:
    if background.get("plain") is None:
        return Finding("unknown", _("Latar belakang tidak dapat diperiksa."))
    if not background["plain"]:
        return Finding(
            "advice", _("Latar belakang tidak polos. Pakai latar merah atau biru polos.")
        )
    if background["colour"] == "red":
        return Finding("ok", _("Latar belakang polos berwarna merah."))
    if background["colour"] == "blue":
        return Finding("ok", _("Latar belakang polos berwarna biru."))
    return Finding("advice", _("Latar belakang polos, tetapi bukan merah atau biru."))
