"""Where the faces are in a photo: OpenCV's Haar cascades, which ship inside its wheel.

Chosen over scikit-image's LBP cascade (same findings on our test photos, twice the time) and
over YuNet and MediaPipe, whose models are not in any wheel and would be a download at run
time.

How it searches, and why (figures from the calibration set in ``tests/portrait.py`` and 97
photos made from it, 71 faces; ``tests/cards/test_photo_checks.py`` holds the set to them):

- One pass on a grey copy 320 pixels on its long side (``DETECT_LONG_SIDE``). A face worth a
  pas foto is at least 12 % of the photo's shorter side (``MIN_FACE_SHARE``: smaller ones are
  people in the background, or too few pixels for a 600 x 800 card photo), so 28 pixels or more
  there, above the cascade's 20-pixel window. At 512 pixels it found the same 71 faces, plus 2
  false ones, for 1.4 times the time.
- No histogram equalisation before it: the cascade already normalises each window's contrast,
  and equalising the whole photo lost 13 of the 71 faces, 12 of them small faces on a plain
  background (the background's one colour took most of the range).
- A frontal cascade misses a head tilted by more than about 15 degrees (20 and 25 degrees
  were missed), so only when the first pass finds nothing is the photo searched again turned
  by +-20 degrees, at 256 pixels (``RETRY_LONG_SIDE``): a tilted head is a finding, not "no
  face". A photo with a face pays for one pass; only a photo that will be refused pays three.
"""

import math
from dataclasses import dataclass

import cv2
import numpy as np

DETECT_LONG_SIDE = 320
RETRY_LONG_SIDE = 256
MIN_FACE_SHARE = 0.12  # of the shorter side: smaller faces are background people or noise
RETRY_ANGLES = (20, -20)
SCALE_STEP, MIN_NEIGHBOURS = 1.15, 4  # the cascade's search: finer or laxer found false faces
EYE_ANGLES = (0, 15, -15)
EYE_SIZE = 160  # pixels across the face box when looking for its eyes
EYE_ROWS = (0.1, 0.6)  # of the face box's height, from its top
EYE_WIDTH = (0.15, 0.35)  # of the face box's width
EYE_SCALE_STEP = 1.15

cv2.setNumThreads(1)  # the web process has its own threads; two cores are shared
_face = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_alt2.xml")
_eye = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_eye.xml")


@dataclass(frozen=True)
class Face:
    """A face box as fractions (0..1) of the photo, and the head's tilt if the eyes showed it."""

    left: float
    top: float
    width: float
    height: float
    tilt: float | None  # degrees; positive: the head leans towards the photo's right


def find_faces(grey: np.ndarray) -> list[Face]:
    """Every face in an upright 8-bit grey image, largest first."""
    faces = _detect(grey, _shrunk(grey, DETECT_LONG_SIDE), 0.0)
    if not faces:
        retry = _shrunk(grey, RETRY_LONG_SIDE)
        for angle in RETRY_ANGLES:
            faces = _detect(grey, retry, angle)
            if faces:
                break
    return sorted(faces, key=lambda f: -f.width * f.height)


def _shrunk(grey: np.ndarray, long_side: int) -> np.ndarray:
    """``grey`` at ``long_side`` pixels on its long side: box-averaged by a whole factor first
    (OpenCV's fast path), the rest of the way by area."""
    height, width = grey.shape
    scale = long_side / max(height, width)
    if scale >= 1:
        return grey
    factor = int(1 / scale + 1e-6)
    if factor > 1:
        height, width = height // factor, width // factor
        grey = grey[: height * factor, : width * factor]
        grey = cv2.resize(grey, (width, height), interpolation=cv2.INTER_AREA)
    size = (max(1, round(width * scale * factor)), max(1, round(height * scale * factor)))
    return cv2.resize(grey, size, interpolation=cv2.INTER_AREA)


def _detect(full: np.ndarray, grey: np.ndarray, angle: float) -> list[Face]:
    """Faces in ``grey`` turned by ``angle`` degrees, mapped back to the unturned image.

    Eyes are looked for in ``full``, the same image at full size, where they have the pixels.
    """
    height, width = grey.shape
    centre = (width / 2, height / 2)
    turn = cv2.getRotationMatrix2D(centre, angle, 1.0)
    image = grey if not angle else cv2.warpAffine(grey, turn, (width, height), borderValue=128)
    side = max(24, int(min(width, height) * MIN_FACE_SHARE))
    boxes = _face.detectMultiScale(image, SCALE_STEP, MIN_NEIGHBOURS, minSize=(side, side))
    back = cv2.invertAffineTransform(turn)
    faces = []
    for x, y, w, h in boxes:
        cx, cy = back @ np.array([x + w / 2, y + h / 2, 1.0])
        scale = full.shape[1] / width
        eye_tilt = _eye_tilt(_upright_face(full, cx * scale, cy * scale, w * scale, angle))
        # Turning the photo counter-clockwise by ``angle`` set upright a head leaning that much
        # clockwise; without eyes, that turn is still the best measure there is.
        tilt = (eye_tilt or 0.0) + angle if (eye_tilt is not None or angle) else None
        faces.append(Face((cx - w / 2) / width, (cy - h / 2) / height, w / width, h / height, tilt))
    return faces


def _upright_face(full: np.ndarray, cx: float, cy: float, size: float, angle: float):
    """The face's square at EYE_SIZE pixels, cut from ``full`` turned by ``angle``."""
    scale = EYE_SIZE / size
    turn = cv2.getRotationMatrix2D((cx, cy), angle, scale)
    turn[:, 2] += (EYE_SIZE / 2 - cx, EYE_SIZE / 2 - cy)
    face = cv2.warpAffine(full, turn, (EYE_SIZE, EYE_SIZE), flags=cv2.INTER_AREA)
    return cv2.equalizeHist(face)


def _eye_tilt(face: np.ndarray) -> float | None:
    """The angle of the line between the eyes, or None when they are not seen.

    The eye cascade, like the face one, wants eyes nearly level: the face is also looked at
    turned by +-15 degrees, which covers heads tilted by up to about 25.
    """
    size = face.shape[1]
    for angle in EYE_ANGLES:
        turn = cv2.getRotationMatrix2D((size / 2, face.shape[0] / 2), angle, 1.0)
        image = face if not angle else cv2.warpAffine(face, turn, face.shape[::-1])
        tilt = _eye_line(image)
        if tilt is not None:
            return tilt + angle
    return None


def _eye_line(face: np.ndarray) -> float | None:
    size = face.shape[1]
    # In the cascade's face box the eyes lie between a tenth and six tenths of the way down,
    # each 15-35 % of the box wide: looking only there, at those sizes, is half the work.
    upper = face[int(size * EYE_ROWS[0]) : int(size * EYE_ROWS[1])]
    smallest, largest = (int(size * share) for share in EYE_WIDTH)
    eyes = _eye.detectMultiScale(
        upper, EYE_SCALE_STEP, 4, minSize=(smallest, smallest), maxSize=(largest, largest)
    )
    left = [e for e in eyes if e[0] + e[2] / 2 < size / 2]
    right = [e for e in eyes if e[0] + e[2] / 2 >= size / 2]
    if len(left) != 1 or len(right) != 1:
        return None
    (lx, ly, lw, lh), (rx, ry, rw, rh) = left[0], right[0]
    dx = (rx + rw / 2) - (lx + lw / 2)
    dy = (ry + rh / 2) - (ly + lh / 2)
    return math.degrees(math.atan2(dy, dx))
