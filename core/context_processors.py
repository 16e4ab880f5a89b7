from functools import cached_property

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import get_language, get_language_info


class PageLanguages:
    """The current page in every language: switcher links, hreflang and canonical.

    Computed only when a template asks (the admin never does). A page that was not
    found exists in no language: its switcher leads to each language's home page.
    """

    def __init__(self, request, *, not_found=False):
        self.request = request
        self.not_found = not_found

    def _url(self, path, code):
        if self.not_found:
            with translation.override(code):
                return reverse("home")
        return translate_url(path, code)

    @cached_property
    def alternates(self):
        current = get_language()
        full_path = self.request.get_full_path()
        alternates = []
        for code, _name in settings.LANGUAGES:
            info = get_language_info(code)
            alternates.append(
                {
                    "code": code,
                    "name_local": info["name_local"],
                    "url": self._url(full_path, code),
                    "absolute_url": self.request.build_absolute_uri(
                        self._url(self.request.path, code)
                    ),
                    "is_current": code == current,
                }
            )
        return alternates

    @cached_property
    def canonical(self):
        return self.request.build_absolute_uri(self.request.path)

    @cached_property
    def x_default(self):
        # Without a language prefix, LocaleMiddleware picks the reader's language.
        path = "/" if self.not_found else self.request.path
        prefix = f"/{get_language()}/"
        if path.startswith(prefix):
            path = "/" + path[len(prefix) :]
        return self.request.build_absolute_uri(path)


def page_languages(request):
    return {"page_languages": PageLanguages(request)}
