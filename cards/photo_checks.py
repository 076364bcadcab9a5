"""The photo assistant: what an upload shows, measured once, and the advice it gives.

``measure`` runs on the shrunk, upright photo while the upload holds the decoding slot and
returns plain numbers that are stored on the candidate (``PhotoVersion.checks``). ``findings``
turns them into sentences for the page, against the crop the employee has now, so moving the
sliders changes what is said about the face's size and place. Only "no face" and "more than
one face" refuse a photo (in ``services.upload_photo_candidate``); the rest is advice.
"""

from dataclasses import dataclass

import cv2
import numpy as np
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from PIL import Image

from cards import faces

# Pas foto proportions, for the box the cascade draws (brows to chin, narrower than the head).
FACE_SHARE = (0.38, 0.62)  # of the frame's height: a good fit is about half
EYE_LINE = (0.25, 0.45)  # of the frame's height, from its top: the upper third
MAX_OFF_CENTRE = 0.08  # of the frame's width
MAX_TILT = 6.0  # degrees
MIN_SHARPNESS = 60.0  # variance of the Laplacian on the face at 128 px wide
BRIGHTNESS = (70.0, 200.0)  # mean luminance 0..255
MIN_CONTRAST = 35.0  # standard deviation of luminance
MAX_BACKGROUND_SPREAD = 22.0  # mean per-channel standard deviation of the border region


def measure(image: Image.Image) -> dict:
    """Faces, tilt, sharpness, light and background of an upright RGB photo, as JSON data."""
    grey = np.asarray(image.convert("L"))
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
        "background": _background(np.asarray(image.convert("RGB").reduce(4)), face),
    }


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
    # The head and shoulders: wider than the cascade's box, from above the hair down.
    head_left = (face.left - face.width * 0.6) * width
    head_right = (face.left + face.width * 1.6) * width
    head_top = (face.top - face.height * 0.7) * height
    bottom = int(min(height, (face.top + face.height * 1.3) * height))
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
    result += _light(checks["brightness"], checks["contrast"])
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
