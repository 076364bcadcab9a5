"""Permissions-Policy: no page of the portal may use the camera, microphone or location.

A view that needs one of them names it in its own header ("Pindai Kartu" sends
``camera=(self)``); the features it does not name are denied here as on every other page.
"""

from django.conf import settings

HEADER = "Permissions-Policy"


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.denied = {name: f"{name}=()" for name in settings.PERMISSIONS_POLICY_DENIED}

    def __call__(self, request):
        response = self.get_response(request)
        own = [part.strip() for part in response.get(HEADER, "").split(",") if part.strip()]
        named = {part.split("=", 1)[0] for part in own}
        rest = [value for name, value in self.denied.items() if name not in named]
        response[HEADER] = ", ".join(own + rest)
        return response
