from django.urls import reverse
from django.utils.cache import add_never_cache_headers


class AdminResponseHeadersMiddleware:
    """Admin pages hold personal data: never stored by a cache, never indexed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(reverse("admin:index")):
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response
