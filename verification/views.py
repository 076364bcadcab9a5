from functools import wraps

from captcha import views as captcha_views
from captcha.helpers import captcha_image_url
from captcha.models import CaptchaStore
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_http_methods

from accounts import throttling
from accounts.captcha import spoken_challenge
from cards.files import private_file_response
from cards.models import PhotoVersion
from verification import completion, photo_links, verdicts
from verification.forms import CHALLENGE, VerificationForm


def public(view):
    """Every verification response: never cached, never indexed, limited per address."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        budget = "verification-submit" if request.method == "POST" else "verification-view"
        wait = throttling.spend(budget, {"address": throttling.client_key(request)})
        if wait:
            response = render(
                request, "verification/429.html", {"minutes": -(-wait // 60)}, status=429
            )
            response["Retry-After"] = str(wait)
        else:
            response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


@public
@require_http_methods(["GET", "POST"])
def verify(request, token: str):
    # The token is looked up only after a solved captcha, so this page is the same for
    # every token and says nothing about whether it exists.
    data = request.POST if request.method == "POST" else None
    form = VerificationForm(data, user=request.user)
    captcha = form.fields.get("captcha")
    if captcha is not None:
        # Used up in the same statement as the look-up and the scan record (completion).
        captcha.consume_on_clean = False
    if request.method == "POST" and form.is_valid():
        answered = captcha.answered if captcha is not None else None
        completed = completion.complete(token, throttling.client_key(request), answered)
        if completed is not None:
            return _result(request, completed)
        form.add_error("captcha", captcha.wrong_answer())
    status = 400 if form.is_bound else 200
    return render(request, "verification/verify.html", {"form": form}, status=status)


def _result(request, completed: completion.Completed):
    outcome = completed.outcome
    shown = outcome.shows_record
    photo_id = outcome.card.photo_id if shown else None
    ctx = {
        "outcome": outcome,
        "verdict": verdicts.verdict(outcome),
        "employment": verdicts.employment_words(outcome.employee) if shown else "",
        "employee": outcome.employee if shown else None,
        "card": outcome.card if shown else None,
        "photo_url": photo_links.photo_link(photo_id) if photo_id else None,
        "checked_at": timezone.localtime(completed.checked_at),
    }
    return render(request, "verification/result.html", ctx)


@public
@require_GET
def new_captcha(request):
    """A fresh captcha for the "Gambar baru" button, counted like a page view."""
    key = CaptchaStore.generate_key(CHALLENGE)
    return JsonResponse({"key": key, "image_url": captcha_image_url(key)})


@public
@require_GET
def captcha_image(request, key: str):
    """The library's captcha picture, counted like a page view: drawing one costs the server."""
    return captcha_views.captcha_image(request, key, scale=1)


@public
@require_GET
def captcha_audio(request, key: str):
    """The captcha's letters read out in Indonesian, counted like the picture."""
    captcha = CaptchaStore.objects.filter(hashkey=key, expiration__gt=timezone.now()).first()
    if captcha is None:
        return HttpResponse(status=404)
    return HttpResponse(spoken_challenge(captcha.response), content_type="audio/wav")


@public
@require_GET
def photo(request, signed: str):
    try:
        version = photo_links.photo_from_link(signed)
    except photo_links.LinkExpired:
        return HttpResponse(status=410)
    except PhotoVersion.DoesNotExist:
        return render(request, "404.html", status=404)
    return private_file_response(version.image, "image/jpeg")
