from django.http import HttpResponse
from django.urls import include, path

from verification import tokens
from verification.views import _result, public


def hello(request):
    return HttpResponse("hello")


@public
def record(request, token):
    # The verification result page without the captcha step (which a load test cannot
    # solve): token look-up, scan log write, verdict and template, as after a solved captcha.
    return _result(request, tokens.look_up(token))


urlpatterns = [
    path("bench/hello/", hello),
    path("bench/record/<str:token>/", record),
    path("", include("mysapk.urls")),
]
