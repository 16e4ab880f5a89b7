"""Uploaded files: one place that checks, cleans, names and serves them (SEC-40..44).

Staff upload through the admin (semi-trusted); the public never uploads, but it
downloads, so nothing stored may be something other than what it claims to be.

- The type is found from the content, never from the name or the Content-Type the
  browser sent; the name's extension must then agree with it.
- Images (JPEG, PNG, WebP) are decoded and written anew by Pillow: orientation
  applied, metadata (EXIF with GPS, XMP, ICC, text chunks) and anything appended
  after the image dropped, very large pictures scaled down.
- Documents are stored byte for byte as uploaded (a PDF stays a PDF) once their
  structure checks out: PDF parses, OOXML and ODF are well-formed ZIPs of a
  bounded size with the right main part and no macros, text is UTF-8.
- Stored names are generated (uuid4 + canonical extension); what a reader sees as
  the file's name comes from the record's title.
- ``serve_media`` hands files out with headers that stop a browser from running
  or sniffing them, for when the portal serves its own media.
"""

import io
import uuid
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils._os import safe_join
from django.utils.deconstruct import deconstructible
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from PIL import Image, ImageOps

IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000
# Longest edge an image is stored with: enough for a full-width figure on a
# high-density screen, a fraction of a 40-megapixel original's weight.
IMAGE_MAX_EDGE = 2400
JPEG_QUALITY = 85
WEBP_QUALITY = 85
DOCUMENT_MAX_BYTES = 25 * 1024 * 1024
# An office document is a ZIP: bound what unpacking it could cost.
ZIP_MAX_ENTRIES = 5000
ZIP_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
ZIP_PART_MAX_BYTES = 2 * 1024 * 1024  # [Content_Types].xml, mimetype
TEXT_EXTENSIONS = {"txt", "csv"}
# Media responses are immutable: every stored name is new.
MEDIA_CACHE_SECONDS = 365 * 24 * 60 * 60
MEDIA_CSP = "default-src 'none'; sandbox"


@dataclass(frozen=True)
class FileType:
    extension: str  # canonical, used for stored names
    extensions: tuple[str, ...]  # accepted at the end of an uploaded name
    content_type: str
    label: object  # a lazily translated name
    inline: bool = False  # shown in the page (images) rather than downloaded


_OOXML = "application/vnd.openxmlformats-officedocument."
_ODF = "application/vnd.oasis.opendocument."
IMAGE_TYPES = {
    "JPEG": FileType("jpg", ("jpg", "jpeg"), "image/jpeg", "JPEG", inline=True),
    "PNG": FileType("png", ("png",), "image/png", "PNG", inline=True),
    "WEBP": FileType("webp", ("webp",), "image/webp", "WebP", inline=True),
}
DOCUMENT_TYPES = {
    "pdf": FileType("pdf", ("pdf",), "application/pdf", "PDF"),
    "docx": FileType("docx", ("docx",), _OOXML + "wordprocessingml.document", "Word (DOCX)"),
    "xlsx": FileType("xlsx", ("xlsx",), _OOXML + "spreadsheetml.sheet", "Excel (XLSX)"),
    "pptx": FileType(
        "pptx", ("pptx",), _OOXML + "presentationml.presentation", "PowerPoint (PPTX)"
    ),
    "odt": FileType("odt", ("odt",), _ODF + "text", _("OpenDocument text (ODT)")),
    "ods": FileType("ods", ("ods",), _ODF + "spreadsheet", _("OpenDocument spreadsheet (ODS)")),
    "odp": FileType("odp", ("odp",), _ODF + "presentation", _("OpenDocument presentation (ODP)")),
    "txt": FileType("txt", ("txt",), "text/plain; charset=utf-8", _("plain text")),
    "csv": FileType("csv", ("csv",), "text/csv; charset=utf-8", "CSV"),
}
DOCUMENT_EXTENSIONS = [t.extension for t in DOCUMENT_TYPES.values()]
# The only files the media view hands out, by extension: never text/html, never SVG.
SERVED_TYPES = {
    ext: file_type
    for file_type in [*IMAGE_TYPES.values(), *DOCUMENT_TYPES.values()]
    for ext in file_type.extensions
}
# The main part an OOXML package must declare, by extension (macro-enabled
# variants declare other types and are refused with them).
OOXML_MAIN_TYPES = {
    "docx": _OOXML + "wordprocessingml.document.main+xml",
    "xlsx": _OOXML + "spreadsheetml.sheet.main+xml",
    "pptx": _OOXML + "presentationml.presentation.main+xml",
}
ODF_MIMETYPES = {DOCUMENT_TYPES[ext].content_type: ext for ext in ("odt", "ods", "odp")}


def extension_of(name: str) -> str:
    return Path(name or "").suffix.lower().lstrip(".")


def _invalid_image():
    return ValidationError(
        _("Upload a valid image: this file is not a JPEG, PNG or WebP picture."),
        code="invalid_image",
    )


def _invalid_document():
    return ValidationError(
        _(
            "This file is not a document the portal accepts: upload a PDF, a Word, "
            "Excel or PowerPoint file (DOCX, XLSX, PPTX), an OpenDocument file or "
            "plain text (TXT, CSV)."
        ),
        code="invalid_document",
    )


def _damaged(label):
    return ValidationError(
        # Translators: %(type)s is a file format, e.g. "PDF" or "Word (DOCX)".
        _("This %(type)s file is damaged or cannot be read. Please save it again and upload it."),
        code="damaged_file",
        params={"type": label},
    )


def _check_size(upload, max_bytes):
    if upload.size > max_bytes:
        raise ValidationError(
            _("This file is %(size)s; the limit is %(limit)s. Please upload a smaller one."),
            code="file_too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
        )


def _check_extension(name, file_type):
    ext = extension_of(name)
    if ext not in file_type.extensions:
        raise ValidationError(
            # Translators: %(type)s is a file format, %(extensions)s e.g. ".jpg, .jpeg".
            _(
                "The file's name ends in “.%(ext)s”, but its content is in %(type)s format. "
                "Rename it to end in %(extensions)s and upload it again."
            ),
            code="extension_mismatch",
            params={
                "ext": ext or "",
                "type": file_type.label,
                "extensions": ", ".join("." + e for e in file_type.extensions),
            },
        )


# --- Images -------------------------------------------------------------------


@dataclass(frozen=True)
class CheckedUpload:
    file_type: FileType
    content: bytes | None  # re-encoded bytes; None: store the upload as it is


def _open_image(upload) -> Image.Image:
    upload.seek(0)
    with warnings.catch_warnings():
        # Pillow warns above MAX_IMAGE_PIXELS and raises above twice that: both
        # are a refusal here, never a 500.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(upload, formats=list(IMAGE_TYPES))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels(None) from None
        except Exception:  # Pillow answers malformed input with many exception types
            raise _invalid_image() from None
        if image.width * image.height > IMAGE_MAX_PIXELS:
            raise _too_many_pixels(image)
        try:
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels(None) from None
        except Exception:
            raise _damaged(IMAGE_TYPES[image.format].label) from None
    return image


def _too_many_pixels(image):
    if image is None:
        return ValidationError(
            _("This image has far more than %(limit)s megapixels. Please upload a smaller one."),
            code="too_many_pixels",
            params={"limit": IMAGE_MAX_PIXELS // 1_000_000},
        )
    return ValidationError(
        _(
            "This image is %(width)s × %(height)s pixels (%(mpx)s megapixels); the limit "
            "is %(limit)s megapixels. Please upload a smaller one."
        ),
        code="too_many_pixels",
        params={
            "width": image.width,
            "height": image.height,
            "mpx": round(image.width * image.height / 1_000_000, 1),
            "limit": IMAGE_MAX_PIXELS // 1_000_000,
        },
    )


def _to_srgb(image: Image.Image) -> Image.Image:
    """Apply an embedded colour profile before it is dropped, so colours keep."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        from PIL import ImageCms

        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        target = ImageCms.createProfile("sRGB")
        output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, source, target, outputMode=output_mode)
    except (ImportError, OSError, ValueError, ImageCms.PyCMSError):
        return image


def reencode_image(upload) -> CheckedUpload:
    """Check an uploaded image and return it written anew, without metadata."""
    _check_size(upload, IMAGE_MAX_BYTES)
    image = _open_image(upload)
    file_type = IMAGE_TYPES[image.format]
    _check_extension(upload.name, file_type)
    transparency = image.info.get("transparency")
    try:
        image = ImageOps.exif_transpose(image)
        image = _to_srgb(image)
        if file_type.extension == "jpg":
            if image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
        elif image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.mode else "RGB")
        if max(image.size) > IMAGE_MAX_EDGE:
            if image.mode == "P":
                image = image.convert("RGBA")
                transparency = None
            image.thumbnail((IMAGE_MAX_EDGE, IMAGE_MAX_EDGE), Image.Resampling.LANCZOS)
        # Everything the source carried (EXIF, XMP, ICC, PNG text chunks) stays behind.
        image.info = {"transparency": transparency} if transparency is not None else {}
        output = io.BytesIO()
        if file_type.extension == "jpg":
            image.save(output, "JPEG", quality=JPEG_QUALITY, optimize=True)
        elif file_type.extension == "png":
            image.save(output, "PNG", optimize=True)
        else:
            image.save(output, "WEBP", quality=WEBP_QUALITY, method=4)
    except Exception as exc:
        raise _damaged(file_type.label) from exc
    return CheckedUpload(file_type, output.getvalue())


# --- Documents ----------------------------------------------------------------

_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"


def _check_pdf(upload, file_type):
    # A light structural check (pypdf parses the cross-reference table and the
    # page tree); the file itself is stored untouched.
    from pypdf import PdfReader

    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(upload, strict=False)
            if reader.is_encrypted:
                raise ValidationError(
                    _("This PDF is password-protected. Please upload it without a password."),
                    code="encrypted_pdf",
                )
            if len(reader.pages) < 1:
                raise _damaged(file_type.label)
    except ValidationError:
        raise
    except Exception:  # pypdf raises many types on malformed input
        raise _damaged(file_type.label) from None


def _read_part(archive, info, label):
    if info.file_size > ZIP_PART_MAX_BYTES:
        raise _damaged(label)
    with archive.open(info) as part:
        return part.read(ZIP_PART_MAX_BYTES + 1)


def _zip_type(upload, name) -> FileType:
    """The office format a ZIP upload is, after bounding what it would unpack to."""
    label = DOCUMENT_TYPES.get(extension_of(name), DOCUMENT_TYPES["docx"]).label
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _damaged(label) from None
    with archive:
        entries = archive.infolist()
        if len(entries) > ZIP_MAX_ENTRIES or (
            sum(info.file_size for info in entries) > ZIP_MAX_UNCOMPRESSED_BYTES
        ):
            raise ValidationError(
                _(
                    "This document would unpack to more than %(limit)s or more than "
                    "%(entries)s parts. Please upload a smaller one."
                ),
                code="zip_too_large",
                params={
                    "limit": filesizeformat(ZIP_MAX_UNCOMPRESSED_BYTES),
                    "entries": ZIP_MAX_ENTRIES,
                },
            )
        names = {info.filename: info for info in entries}
        macros = any(
            n.lower().endswith("vbaproject.bin") or n.startswith(("Basic/", "Scripts/"))
            for n in names
        )
        try:
            if "mimetype" in names:
                declared = _read_part(archive, names["mimetype"], label)
                ext = ODF_MIMETYPES.get(declared.decode("ascii", "replace").strip())
                if ext is None or "content.xml" not in names:
                    raise _invalid_document()
            elif "[Content_Types].xml" in names:
                content_types = _read_part(archive, names["[Content_Types].xml"], label)
                ext = next(
                    (e for e, main in OOXML_MAIN_TYPES.items() if main.encode() in content_types),
                    None,
                )
                if ext is None:
                    # Macro-enabled (docm, xlsm, pptm) and other packages end here.
                    raise _invalid_document()
            else:
                raise _invalid_document()
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
            raise _damaged(label) from None
        if macros:
            raise ValidationError(
                _("This document contains macros. Please save it without macros and upload it."),
                code="macros",
            )
    return DOCUMENT_TYPES[ext]


def _check_text(upload, file_type):
    upload.seek(0)
    data = upload.read()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError(
            _("This text file is not in UTF-8. Please save it as UTF-8 and upload it again."),
            code="not_utf8",
        ) from None
    if b"\0" in data:
        raise _invalid_document()


def check_document(upload) -> CheckedUpload:
    """Check an uploaded document; it is stored as it came."""
    _check_size(upload, DOCUMENT_MAX_BYTES)
    upload.seek(0)
    head = upload.read(8)
    if head.startswith(_PDF_MAGIC):
        file_type = DOCUMENT_TYPES["pdf"]
        _check_extension(upload.name, file_type)
        _check_pdf(upload, file_type)
    elif head.startswith(_ZIP_MAGIC):
        file_type = _zip_type(upload, upload.name)
        _check_extension(upload.name, file_type)
    elif extension_of(upload.name) in TEXT_EXTENSIONS:
        file_type = DOCUMENT_TYPES[extension_of(upload.name)]
        _check_text(upload, file_type)
    else:
        raise _invalid_document()
    upload.seek(0)
    return CheckedUpload(file_type, None)


# --- Model fields -------------------------------------------------------------


def _new_upload(value):
    """The uploaded file behind a field value, or None when it is already stored."""
    if not value:
        return None
    if getattr(value, "_committed", False):
        return None
    return getattr(value, "file", value)


def _checked(upload, check) -> CheckedUpload:
    # The model's validator and its save both need the result: work it out once.
    result = getattr(upload, "_n2m_checked", None)
    if result is None:
        result = check(upload)
        upload._n2m_checked = result
    return result


def validate_image_upload(value):
    if (upload := _new_upload(value)) is not None:
        _checked(upload, reencode_image)


def validate_document_upload(value):
    if (upload := _new_upload(value)) is not None:
        _checked(upload, check_document)


@deconstructible
class UploadTo:
    """``upload_to`` that names every file ``<folder>/<uuid4 hex>.<extension>``.

    The extension comes from the checked type (the field passes the canonical one);
    nothing else of the uploaded name reaches the disk.
    """

    def __init__(self, folder: str):
        self.folder = folder.strip("/")

    def __call__(self, instance, filename):
        ext = extension_of(filename)
        if ext not in SERVED_TYPES:
            raise ValueError(f"{ext!r} is not an allowed upload type")
        return f"{self.folder}/{uuid.uuid4().hex}.{SERVED_TYPES[ext].extension}"

    def __eq__(self, other):
        return isinstance(other, UploadTo) and other.folder == self.folder


class CheckedUploadMixin:
    """Check an upload by its content on ``full_clean`` and store the cleaned bytes.

    The check also runs on save, so a file set from code (the shell, a command)
    passes the same gate as one from the admin.
    """

    upload_check = None  # reencode_image or check_document
    accept = ""

    def pre_save(self, model_instance, add):
        file = models.Field.pre_save(self, model_instance, add)
        if file and not file._committed:
            upload = file.file
            result = _checked(upload, type(self).upload_check)
            content = upload if result.content is None else ContentFile(result.content)
            content.seek(0)
            file.save("upload." + result.file_type.extension, content, save=False)
        return file

    def formfield(self, **kwargs):
        # A plain file field: the model's validator gives the precise message
        # (Django's ImageField would answer every refusal with the same one).
        widget = kwargs.pop("widget", forms.ClearableFileInput)
        if isinstance(widget, type):
            widget = widget()
        widget.attrs.setdefault("accept", self.accept)
        return models.FileField.formfield(
            self, **{"form_class": forms.FileField, "widget": widget, **kwargs}
        )


class CheckedImageField(CheckedUploadMixin, models.ImageField):
    default_validators = [validate_image_upload]
    upload_check = staticmethod(reencode_image)
    accept = "image/jpeg,image/png,image/webp"


class CheckedDocumentField(CheckedUploadMixin, models.FileField):
    default_validators = [validate_document_upload]
    upload_check = staticmethod(check_document)
    accept = ",".join("." + ext for ext in DOCUMENT_EXTENSIONS)


IMAGE_HELP_TEXT = _(
    "JPEG, PNG or WebP, up to 5 MB and 40 megapixels. The portal stores a copy "
    "without its metadata (camera, location) and scaled down to at most 2400 pixels "
    "on its longest side."
)
DOCUMENT_HELP_TEXT = _(
    "PDF, DOCX, XLSX, PPTX, OpenDocument or plain text (TXT, CSV), up to 25 MB, "
    "without macros. It is published exactly as uploaded."
)


# --- Serving ------------------------------------------------------------------


def _protect(response):
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_CSP
    response["Cross-Origin-Resource-Policy"] = "same-site"
    response["Referrer-Policy"] = "no-referrer"
    return response


def download_response(field_file, *, title: str, cache_seconds: int = 3600):
    """A stored document as an attachment named after its record's title (RFC 6266)."""
    file_type = SERVED_TYPES.get(extension_of(field_file.name))
    if file_type is None:
        raise Http404
    try:
        handle = field_file.storage.open(field_file.name, "rb")
    except (FileNotFoundError, SuspiciousFileOperation):
        raise Http404 from None
    stem = slugify(title, allow_unicode=True)[:80] or "document"
    response = FileResponse(
        handle,
        content_type=file_type.content_type,
        as_attachment=not file_type.inline,
        filename=stem + "." + file_type.extension,
    )
    response["Cache-Control"] = f"public, max-age={cache_seconds}"
    return _protect(response)


@require_safe
def serve_media(request, path):
    """Serve an uploaded file from MEDIA_ROOT, as a static file server would, safely.

    Images are shown inline (pages embed them); every other type, PDF included,
    is an attachment: a PDF opened in the browser runs its viewer (and any
    JavaScript in the file) on the portal's origin, and sandboxed it would not
    display in Chromium at all.
    """
    file_type = SERVED_TYPES.get(extension_of(path))
    if file_type is None or "\\" in path or "\0" in path:
        raise Http404
    root = Path(settings.MEDIA_ROOT).resolve()
    try:
        full_path = Path(safe_join(root, path)).resolve()
    except (SuspiciousFileOperation, ValueError):
        raise Http404 from None
    if not full_path.is_relative_to(root) or not full_path.is_file():
        raise Http404
    if any(part.startswith(".") for part in full_path.relative_to(root).parts):
        raise Http404
    response = FileResponse(
        full_path.open("rb"),
        content_type=file_type.content_type,
        as_attachment=not file_type.inline,
        filename=full_path.name,
    )
    response["Cache-Control"] = f"public, max-age={MEDIA_CACHE_SECONDS}, immutable"
    return _protect(response)
