"""Where the crop goes: the frame around a detected face, and the photo page's zoom and
position sliders mapped to a 3:4 CropBox."""

from cards.photos import CARD_ASPECT, MIN_HEIGHT, MIN_WIDTH, CropBox, default_crop

ZOOM_MIN, ZOOM_MAX = 100, 300  # percent of the largest 3:4 box
# A pas foto: the face box fills about half the frame's height, the eyes at 36 % from the top.
FACE_FRAME_SHARE = 0.5
FACE_FRAME_EYE_LINE = 0.36


def face_crop(width: int, height: int, face) -> CropBox:
    """A pas foto frame around ``face`` (left, top, width, height as fractions), or the default.

    The face box fills about half the frame's height, centred, with the eyes in the upper
    third; the frame is kept inside the photo, no smaller than MIN_WIDTH x MIN_HEIGHT pixels
    nor than a third of the largest 3:4 box (the closest the zoom slider goes).
    """
    largest = default_crop(width, height)
    if not face:
        return largest
    left, top, face_width, face_height = (float(v) for v in face)
    box_height = face_height * height / FACE_FRAME_SHARE
    smallest = max(MIN_HEIGHT, largest.height * height / 3)
    box_height = min(max(box_height, smallest), largest.height * height)
    box_width = box_height * CARD_ASPECT
    centre_x = (left + face_width / 2) * width
    eye_y = (top + face_height * 0.4) * height
    box_left = min(max(centre_x - box_width / 2, 0), width - box_width)
    box_top = min(max(eye_y - box_height * FACE_FRAME_EYE_LINE, 0), height - box_height)
    return CropBox(box_left / width, box_top / height, box_width / width, box_height / height)


def crop_from_controls(width: int, height: int, zoom: int, x: int, y: int) -> CropBox:
    """zoom in percent (100 = the largest 3:4 box); x and y in 0..100 of the room left."""
    zoom = min(max(zoom, ZOOM_MIN), max_zoom(width, height))
    x, y = min(max(x, 0), 100), min(max(y, 0), 100)
    largest = default_crop(width, height)
    box_width, box_height = largest.width * 100 / zoom, largest.height * 100 / zoom
    return CropBox(
        left=(1 - box_width) * x / 100,
        top=(1 - box_height) * y / 100,
        width=box_width,
        height=box_height,
    )


def max_zoom(width: int, height: int) -> int:
    """The closest crop that still has MIN_WIDTH source pixels (no more than 2× enlargement)."""
    largest_px = default_crop(width, height).width * width
    return max(ZOOM_MIN, min(ZOOM_MAX, int(100 * largest_px / MIN_WIDTH)))


def controls_from_crop(box: CropBox, width: int, height: int) -> dict:
    largest = default_crop(width, height)
    zoom = round(largest.width / box.width * 100) if box.width else 100
    room_x, room_y = 1 - box.width, 1 - box.height
    return {
        "zoom": zoom,
        "x": round(box.left / room_x * 100) if room_x > 1e-9 else 50,
        "y": round(box.top / room_y * 100) if room_y > 1e-9 else 50,
    }
