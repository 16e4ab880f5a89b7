from django.urls import reverse
from django.utils.cache import add_never_cache_headers


class AdminResponseHeadersMiddleware:
    """Admin pages hold personal data: never stored by a cache, never indexed."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None  # the URLconf may not be loaded yet

    def __call__(self, request):
        response = self.get_response(request)
        if self.admin_prefix is None:
            self.admin_prefix = reverse("admin:index")
        if request.path.startswith(self.admin_prefix):
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response
