class IndonesianFirstMiddleware:
    """Indonesian unless the visitor chose English with the language switch.

    Django would otherwise follow the browser's Accept-Language, and most phones and
    office computers here are set to English while their users expect the portal in
    Indonesian.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
