"""Smaller copies of an uploaded image (renditions), made when it is saved, for ``srcset``.

A ``RenditionsField`` sits on a model after a ``CheckedImageField`` (its ``source``): when
the row is saved with a new image, it writes the image again at each of ``widths`` that is
narrower than the stored image (never larger: a small photo gets fewer copies), in the
stored image's format, and records their names and sizes. What it records
(``{"source": name, "width": w, "height": h, "sizes": [{"name", "width", "height"}]}``)
is all a page needs to write ``src``, ``srcset``, ``width`` and ``height``: no file is
opened and no query is made when a page is rendered.

The copies are made from the stored image, which ``core.uploads`` has already checked,
stripped of its metadata and converted to sRGB: they carry nothing the original does not.

Files follow their row: when the image is replaced, the old copies are deleted once the
transaction commits; when the row is deleted, its image and its copies are (unless
another row still names the same file). Replaced originals stay on disk, as every other
upload of the portal does.
"""

import io
from pathlib import PurePosixPath

from django.core import checks
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models.signals import post_delete
from PIL import Image

# Widths for a grid of thumbnails on a phone (one or two columns), a tablet and a desktop,
# at one and two device pixels per CSS pixel.
RENDITION_WIDTHS = (320, 640, 1280)
JPEG_QUALITY = 82
WEBP_QUALITY = 80
_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}


def rendition_name(source_name: str, width: int) -> str:
    """``events/photos/<uuid>.jpg`` -> ``events/photos/<uuid>-320w.jpg``."""
    path = PurePosixPath(source_name)
    return str(path.with_name(f"{path.stem}-{width}w{path.suffix}"))


def _encode(image: Image.Image, image_format: str) -> bytes:
    output = io.BytesIO()
    if image_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(output, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif image_format == "PNG":
        image.save(output, "PNG", optimize=True)
    else:
        image.save(output, "WEBP", quality=WEBP_QUALITY, method=4)
    return output.getvalue()


def make_renditions(field_file, widths=RENDITION_WIDTHS) -> dict:
    """Write the narrower copies of a stored image; what they are, for the record (empty
    when the stored image cannot be read)."""
    storage = field_file.storage
    image_format = _FORMATS[PurePosixPath(field_file.name).suffix.lower().lstrip(".")]
    try:
        with storage.open(field_file.name, "rb") as handle:
            image = Image.open(handle)
            image.load()
    except (OSError, ValueError):
        # The file is gone (media not copied along with a database): no copies; the
        # page shows the image by its own address, and the next save tries again.
        return {}
    if image.mode == "P":
        image = image.convert("RGBA")
    elif image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGB")
    width, height = image.size
    sizes = []
    for target in sorted(set(widths)):
        if target >= width:
            break  # never scaled up: the original is the largest candidate
        target_height = max(1, round(height * target / width))
        copy = image.resize((target, target_height), Image.Resampling.LANCZOS)
        name = storage.save(
            rendition_name(field_file.name, target), ContentFile(_encode(copy, image_format))
        )
        sizes.append({"name": name, "width": target, "height": target_height})
    return {"source": field_file.name, "width": width, "height": height, "sizes": sizes}


def rendition_files(value) -> list[str]:
    return [size["name"] for size in (value or {}).get("sizes", [])]


def _delete_later(storage, names) -> None:
    names = [name for name in names if name]
    if not names:
        return

    def delete():
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete, robust=True)


class RenditionsField(models.JSONField):
    """The renditions of the image field named ``source``, made on save (see above).

    Declare it after its source: fields are saved in their order, and the source's new
    file must be stored before its copies are made from it.
    """

    def __init__(self, *args, source: str = "image", widths=RENDITION_WIDTHS, **kwargs):
        self.source = source
        self.widths = tuple(widths)
        kwargs.setdefault("default", dict)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        if self.widths != RENDITION_WIDTHS:
            kwargs["widths"] = self.widths
        for key, value in (("default", dict), ("blank", True), ("editable", False)):
            if kwargs.get(key) == value:
                del kwargs[key]
        return name, path, args, kwargs

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        try:
            source = self.model._meta.get_field(self.source)
        except Exception:
            return [*errors, checks.Error(f"No field {self.source!r}.", obj=self, id="core.E101")]
        if source.creation_counter > self.creation_counter:
            errors.append(
                checks.Error(
                    f"Declare {self.name!r} after its source {self.source!r}.",
                    obj=self,
                    id="core.E102",
                )
            )
        return errors

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            post_delete.connect(self._delete_files, sender=cls, weak=False)

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname) or {}
        file = getattr(model_instance, self.source)
        name = file.name if file else ""
        if value.get("source", "") == name:
            return value
        # A new image (or none): new copies, and the old ones go once this row commits.
        _delete_later(self._storage(), rendition_files(value))
        value = make_renditions(file, self.widths) if file else {}
        setattr(model_instance, self.attname, value)
        return value

    def _storage(self):
        return self.model._meta.get_field(self.source).storage

    def _delete_files(self, sender, instance, **kwargs):
        file = getattr(instance, self.source)
        value = getattr(instance, self.attname) or {}
        names = rendition_files(value)
        if file:
            # A copied row (the admin's "save as new") names the same files: keep them.
            if sender._default_manager.filter(**{self.source: file.name}).exists():
                return
            names.append(file.name)
        _delete_later(self._storage(), names)


def srcset_of(value, url) -> str:
    """``"<url> 320w, <url> 640w, <url> 1600w"``: the copies and the original."""
    if not value or not value.get("source"):
        return ""
    candidates = [(size["name"], size["width"]) for size in value.get("sizes", [])]
    candidates.append((value["source"], value["width"]))
    return ", ".join(f"{url(name)} {width}w" for name, width in candidates)
