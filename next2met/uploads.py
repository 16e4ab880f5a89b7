"""Limits on uploaded files, shared by every app (issue 5 hardens uploads further)."""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

IMAGE_MAX_BYTES = 5 * 1024 * 1024
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
DOCUMENT_EXTENSIONS = ["pdf", "odt", "ods", "odp", "docx", "xlsx", "pptx", "txt", "csv"]


@deconstructible
class MaxFileSizeValidator:
    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes

    def __call__(self, file):
        if file.size > self.max_bytes:
            raise ValidationError(
                _("This file is %(size)s; the limit is %(limit)s. Please upload a smaller one."),
                code="file_too_large",
                params={
                    "size": filesizeformat(file.size),
                    "limit": filesizeformat(self.max_bytes),
                },
            )

    def __eq__(self, other):
        return isinstance(other, MaxFileSizeValidator) and other.max_bytes == self.max_bytes
