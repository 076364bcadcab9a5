from django.http import Http404


def verify(request, token: str):
    raise Http404
