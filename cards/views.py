from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from cards import outputs, rendering, services
from cards.cropping import controls_from_crop, crop_from_controls, max_zoom
from cards.eligibility import card_eligibility
from cards.files import private_file_response
from cards.forms import CandidateForm, CropForm, PhotoUploadForm
from cards.models import Card, PhotoVersion, RenderedFile
from cards.photos import CropBox, PhotoError

# Where the employee looks after an upload or a crop: the preview, not the top of a long page.
PREVIEW_ANCHOR = "#pratinjau"

NOT_CANDIDATE = gettext_lazy(
    "Foto itu sudah diganti dengan unggahan lain atau sudah dibatalkan, jadi tidak dipakai. "
    "Foto kartu tidak berubah. Periksa foto terbaru sebelum menekan Gunakan Foto Ini."
)


def owner_only(view):
    """Files are answered only to their owner; everyone else, logged in or not, gets 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _card_or_404(request) -> Card:
    card = services.card_for(request.user)
    if card is None:
        raise Http404
    return card


def _photo_url(version: PhotoVersion | None) -> str | None:
    if version is None:
        return None
    return reverse("cards:photo", args=[version.pk]) + f"?v={version.image.name[-12:-4]}"


def _sides(card: Card, photo: PhotoVersion | None, orientation: str | None = None) -> list:
    face = outputs.card_face(card, with_photo=False)
    orientation = orientation or card.orientation
    return [
        {
            "side": side,
            "label": _("Depan") if side == "depan" else _("Belakang"),
            "html": mark_safe(
                rendering.card_html(face, orientation, side, photo_src=_photo_url(photo))
            ),
        }
        for side in rendering.SIDES
    ]


@login_required
@never_cache
def card_page(request):
    eligibility = card_eligibility(request.user)
    if not eligibility.eligible:
        return render(request, "cards/no_card.html", {"eligibility": eligibility})
    card = services.card_for(request.user)
    ctx = {
        "card": card,
        "replaced": card.retired_tokens.order_by("-retired_at").first(),
        "sides": _sides(card, card.photo),
        "orientations": Card.Orientation.choices,
        "download_groups": _download_groups(card),
    }
    return render(request, "cards/card_page.html", ctx)


# The downloads by what people do with them; the print view sits with "Cetak" in the template.
DOWNLOAD_GROUPS = (
    ("ponsel", [("depan.png", gettext_lazy("Sisi depan (PNG)")),
                ("belakang.png", gettext_lazy("Sisi belakang (PNG)"))]),
    ("cetak", [("kartu.pdf", gettext_lazy("Lembar cetak A4 (PDF)"))]),
    ("lain", [("depan.pdf", gettext_lazy("Sisi depan (PDF)")),
              ("belakang.pdf", gettext_lazy("Sisi belakang (PDF)"))]),
)  # fmt: skip


def _download_groups(card: Card) -> dict[str, list[dict]]:
    sizes = _rendered_sizes(card)
    return {
        group: [
            {
                "url": reverse("cards:download", args=[name]),
                "label": label,
                "filename": outputs.download_name(card, name),
                "size": sizes.get(name),
            }
            for name, label in files
        ]
        for group, files in DOWNLOAD_GROUPS
    }


def _rendered_sizes(card: Card) -> dict[str, int]:
    """Sizes of the files already rendered for what the card prints now: never a guess."""
    printed = outputs.printed_state(card)
    names = {outputs.render_key(printed, name): name for name in outputs.DOWNLOADS}
    sizes = {}
    for row in RenderedFile.objects.filter(key__in=names):
        try:
            sizes[names[row.key]] = row.file.size
        except OSError:  # the file went missing: the next download renders it again
            pass
    return sizes


@login_required
@require_POST
def set_layout(request):
    card = _card_or_404(request)
    try:
        services.set_orientation(card, request.POST.get("orientation", ""), request.user)
    except services.CardError:
        messages.error(request, _("Pilih tata letak Portrait atau Landscape."))
    return redirect("cards:card")


@login_required
@never_cache
def photo_page(request):
    card = _card_or_404(request)
    form = PhotoUploadForm(request.user, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.upload_photo_candidate(request.user, form.cleaned_data["photo"], request.user)
        except PhotoError as error:
            form.add_error("photo", ValidationError(str(error.message), code=error.code))
        else:
            messages.success(request, _("Foto baru sudah diunggah. Periksa pratinjau kartu."))
            return _to_preview(request)
    candidate = _candidate(request)
    ctx = {"card": card, "form": form, "candidate": candidate, "current": card.photo}
    if candidate:
        # The photo is on the front only: the back would push the buttons a screen further down.
        ctx["sides"] = [s for s in _sides(card, candidate) if s["side"] == "depan"]
        ctx["confirm_form"] = CandidateForm(initial={"candidate": candidate.pk}, auto_id=False)
        ctx["crop_form"] = CropForm(
            initial={
                "candidate": candidate.pk,
                **controls_from_crop(_box(candidate), *_size(candidate)),
            },
            zoom_max=max_zoom(*_size(candidate)),
        )
    return render(request, "cards/photo_page.html", ctx, status=_upload_status(form))


def _to_preview(request):
    """To the preview of the new photo; foto.js, which sends the photo itself, asks for JSON."""
    url = reverse("cards:photo_page") + PREVIEW_ANCHOR
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"location": url})
    return redirect(url)


def _upload_status(form) -> int:
    if form.has_error("photo", "throttled"):
        return 429
    if form.has_error("photo", "busy"):
        return 503
    return 400 if form.errors else 200


@login_required
@require_POST
def photo_crop(request):
    form = CropForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Potongan foto tidak dapat diterapkan. Unggah foto lagi."))
        return _to_preview(request)
    candidate = _candidate(request, form.cleaned_data["candidate"])
    controls = {name: form.cleaned_data[name] for name in ("zoom", "x", "y")}
    try:
        if candidate is None:
            raise services.CardError("not_candidate")
        services.recrop_candidate(candidate, crop_from_controls(*_size(candidate), **controls))
    except PhotoError as error:
        messages.error(request, error.message)
    except services.CardError:
        messages.error(request, NOT_CANDIDATE)
    else:
        messages.success(request, _("Potongan foto sudah diterapkan. Periksa pratinjau kartu."))
    return _to_preview(request)


@login_required
@require_POST
def photo_confirm(request):
    card = _card_or_404(request)
    form = CandidateForm(request.POST)
    pk = form.cleaned_data["candidate"] if form.is_valid() else None
    candidate = _candidate(request, pk) if pk else None
    try:
        if candidate is None:
            raise services.CardError("not_candidate")
        services.confirm_photo(card, candidate, request.user)
    except services.CardError:
        # A second click on the button finds its photo already on the card: that is fine.
        if pk is None or not Card.objects.filter(pk=card.pk, photo_id=pk).exists():
            messages.error(request, NOT_CANDIDATE)
            return redirect("cards:photo_page")
    messages.success(request, _("Foto kartu sudah diperbarui."))
    return redirect("cards:card")


@login_required
@require_POST
def photo_discard(request):
    services.discard_candidates(request.user)
    messages.info(request, _("Foto baru dibatalkan. Foto kartu tidak berubah."))
    return redirect("cards:card")


@owner_only
@require_GET
def photo_image(request, pk: int):
    version = get_object_or_404(
        PhotoVersion.objects.exclude(status="history"), pk=pk, employee=request.user
    )
    return _stored_photo(version.image)


@owner_only
@require_GET
def download(request, name: str):
    if name not in outputs.DOWNLOADS:
        raise Http404
    card = _card_or_404(request)
    if card.is_revoked:
        return _revoked(request, card)
    signed = outputs.signed_download(card, name)
    if signed is not None:
        # Object storage: the browser fetches the bytes from the bucket with a link that
        # works for a minute; the link itself is for this owner only and is not kept.
        response = HttpResponseRedirect(signed)
        response["Cache-Control"] = "private, no-store"
        return response
    rendered = outputs.render_download(card, name)
    return private_file_response(
        rendered.content, rendered.content_type, download_name=rendered.filename
    )


@login_required
@never_cache
def print_view(request):
    card = _card_or_404(request)
    if card.is_revoked:
        return _revoked(request, card)
    return render(request, "cards/print.html", {"card": card, "sides": _sides(card, card.photo)})


def _revoked(request, card: Card):
    """A revoked card is never handed out as if it were valid: say why instead."""
    response = render(request, "cards/revoked.html", {"card": card}, status=410)
    add_never_cache_headers(response)
    return response


def _candidate(request, pk: int | None = None) -> PhotoVersion | None:
    """The employee's candidate photo (the one numbered ``pk``, if given, or nothing)."""
    candidates = PhotoVersion.objects.filter(
        employee=request.user, status=PhotoVersion.Status.CANDIDATE
    )
    return (candidates.filter(pk=pk) if pk is not None else candidates).first()


def _stored_photo(file):
    try:
        return private_file_response(file, "image/jpeg")
    except FileNotFoundError:  # a candidate replaced since the page was drawn
        raise Http404 from None


def _size(version: PhotoVersion) -> tuple[int, int]:
    return version.source_width, version.source_height


def _box(version: PhotoVersion) -> CropBox:
    return CropBox(version.crop_left, version.crop_top, version.crop_width, version.crop_height)


@owner_only
@require_GET
def photo_source(request, pk: int):
    version = get_object_or_404(
        PhotoVersion, pk=pk, employee=request.user, status=PhotoVersion.Status.CANDIDATE
    )
    return _stored_photo(version.source)
