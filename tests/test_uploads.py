"""Uploads are checked by content, images re-encoded, names generated, media served safely."""

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.fields.files import FieldFile
from PIL import ExifTags, Image
from pypdf import PdfWriter

from core import uploads
from partners.models import Partner
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db

# --- What we upload -----------------------------------------------------------


def png(size=(10, 10), color="teal") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header_only(width, height) -> bytes:
    """A few dozen bytes that claim a width × height RGB picture."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + _chunk(b"IDAT", zlib.compress(b""))
        + _chunk(b"IEND", b"")
    )


def jpeg_with_gps(size=(40, 20)) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # "rotate 90° clockwise to display"
    exif[ExifTags.Base.Make] = "Camera maker"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (60.0, 59.0, 1.5),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (25.0, 39.0, 0.0),
    }
    buffer = io.BytesIO()
    Image.new("RGB", size, "orange").save(buffer, "JPEG", exif=exif.tobytes(), quality=95)
    return buffer.getvalue()


def minimal_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


OOXML = "application/vnd.openxmlformats-officedocument."


def office_zip(main_type=OOXML + "wordprocessingml.document.main+xml", extra=()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"><Override PartName="/word/document.xml" '
            f'ContentType="{main_type}"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
        for name, data in extra:
            archive.writestr(name, data)
    return buffer.getvalue()


def zipfile_with(entries: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type)


def logo_errors(file) -> list[str]:
    partner = PartnerFactory.build()
    partner.logo = file
    with pytest.raises(ValidationError) as refused:
        partner.full_clean(exclude=[f.name for f in Partner._meta.fields if f.name != "logo"])
    return refused.value.message_dict["logo"]


def saved_logo(file) -> Partner:
    partner = PartnerFactory()
    partner.logo = file
    partner.full_clean()
    partner.save()
    return partner


def stored_bytes(field_file) -> bytes:
    with default_storage.open(field_file.name, "rb") as handle:
        return handle.read()


# --- Images -------------------------------------------------------------------


def test_an_image_over_5_mb_is_refused():
    six_mb = png((400, 400)) + b"\0" * (6 * 1024 * 1024)
    [message] = logo_errors(upload("logo.png", six_mb, "image/png"))
    assert "the limit is 5.0\xa0MB" in message


def test_a_tiny_png_claiming_20000_by_20000_pixels_is_refused_not_a_500():
    bomb = png_header_only(20_000, 20_000)
    assert len(bomb) < 100
    [message] = logo_errors(upload("logo.png", bomb, "image/png"))
    assert "more than 40 megapixels" in message


def test_an_image_over_40_megapixels_is_refused_with_its_size():
    [message] = logo_errors(upload("logo.png", png_header_only(8000, 5200), "image/png"))
    assert "8000 × 5200 pixels (41.6 megapixels); the limit is 40 megapixels" in message


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("logo.png", b"<html><script>alert(1)</script></html>"),
        ("logo.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
        ("logo.png", b"MZ\x90\x00" + b"\0" * 200),
    ],
    ids=["svg", "html-renamed-png", "gif", "exe-renamed-png"],
)
def test_what_is_not_a_jpeg_png_or_webp_is_refused(name, data):
    [message] = logo_errors(upload(name, data, "image/png"))
    assert message == "Upload a valid image: this file is not a JPEG, PNG or WebP picture."


def test_an_extension_that_does_not_match_the_content_is_refused():
    [message] = logo_errors(upload("logo.jpg", png(), "image/jpeg"))
    assert "ends in “.jpg”, but its content is in PNG format" in message
    assert "Rename it to end in .png" in message


def test_a_png_html_polyglot_is_stored_without_the_html():
    text_chunk = _chunk(b"tEXt", b"Comment\0<script>alert(1)</script>")
    image = png()
    polyglot = (
        image[:33] + text_chunk + image[33:] + b"<html><body><script>alert(1)</script></html>"
    )
    assert Image.open(io.BytesIO(polyglot)).format == "PNG"  # a valid PNG to Pillow
    partner = saved_logo(upload("logo.png", polyglot, "image/png"))
    stored = stored_bytes(partner.logo)
    assert stored.startswith(b"\x89PNG")
    assert b"<html" not in stored.lower()
    assert b"<script" not in stored.lower()
    assert Image.open(io.BytesIO(stored)).size == (10, 10)


def test_a_jpeg_with_gps_exif_is_stored_without_exif_and_upright():
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    partner = saved_logo(upload("photo.jpeg", original, "image/jpeg"))
    assert partner.logo.name.endswith(".jpg")
    stored = stored_bytes(partner.logo)
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG"
    assert not image.getexif()
    assert "exif" not in image.info and "icc_profile" not in image.info
    assert b"Exif" not in stored and b"Camera maker" not in stored
    # The orientation tag was applied before it was dropped: 40 × 20 turned upright.
    assert image.size == (20, 40)


def test_a_very_large_image_is_scaled_down_to_2400_pixels():
    partner = saved_logo(upload("wide.png", png((3000, 1000)), "image/png"))
    assert Image.open(io.BytesIO(stored_bytes(partner.logo))).size == (2400, 800)


def test_webp_is_accepted_and_stays_webp():
    buffer = io.BytesIO()
    Image.new("RGBA", (12, 12), (0, 0, 255, 128)).save(buffer, "WEBP")
    partner = saved_logo(upload("logo.webp", buffer.getvalue(), "image/webp"))
    assert re.fullmatch(r"partners/logos/[0-9a-f]{32}\.webp", partner.logo.name)
    assert Image.open(io.BytesIO(stored_bytes(partner.logo))).format == "WEBP"


def test_a_hostile_file_name_becomes_a_generated_name():
    partner = saved_logo(upload("../../x.php.jpg", jpeg_with_gps(), "image/jpeg"))
    assert re.fullmatch(r"partners/logos/[0-9a-f]{32}\.jpg", partner.logo.name)
    assert (Path(default_storage.location) / partner.logo.name).is_file()


def test_an_image_set_from_code_goes_through_the_same_gate():
    # The demo content and the shell save without full_clean: they are re-encoded too.
    partner = PartnerFactory()
    partner.logo = ContentFile(jpeg_with_gps(), name="photo.jpg")
    partner.save()
    assert re.fullmatch(r"partners/logos/[0-9a-f]{32}\.jpg", partner.logo.name)
    assert not Image.open(io.BytesIO(stored_bytes(partner.logo))).getexif()
    partner.logo = ContentFile(b"<svg/>", name="logo.svg")
    with pytest.raises(ValidationError):
        partner.save()


# --- Documents ----------------------------------------------------------------


def material_errors(file) -> list[str]:
    from events.models import Material

    material = Material(title="Slides", kind=Material.Kind.PRESENTATION, file=file)
    with pytest.raises(ValidationError) as refused:
        material.full_clean(exclude=["event"])
    return refused.value.message_dict["file"]


def test_a_real_pdf_is_stored_byte_for_byte():
    from events.models import Material
    from tests.factories import EventFactory

    original = minimal_pdf()
    material = Material(
        event=EventFactory(),
        title="Slides",
        kind=Material.Kind.PRESENTATION,
        file=upload("Slides final v3.pdf", original, "application/pdf"),
    )
    material.full_clean()
    material.save()
    assert re.fullmatch(r"events/materials/[0-9a-f]{32}\.pdf", material.file.name)
    stored = stored_bytes(material.file)
    assert stored.startswith(b"%PDF-")
    assert stored == original


def test_a_pdf_that_is_really_an_exe_is_refused():
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\0" * 500 + b"This program cannot be run"
    [message] = material_errors(upload("report.pdf", exe, "application/pdf"))
    assert message.startswith("This file is not a document the portal accepts")


def test_a_pdf_that_does_not_parse_is_refused():
    [message] = material_errors(upload("report.pdf", b"%PDF-1.7\n<html>nothing</html>"))
    assert message == (
        "This PDF file is damaged or cannot be read. Please save it again and upload it."
    )


def test_a_zip_bomb_renamed_docx_is_refused():
    buffer = io.BytesIO(office_zip())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/media/zeros.bin", "w") as entry:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(uploads.ZIP_MAX_UNCOMPRESSED_BYTES // len(chunk) + 1):
                entry.write(chunk)
    bomb = buffer.getvalue()
    assert len(bomb) < 1024 * 1024  # under a megabyte that unpacks to over 200
    [message] = material_errors(upload("report.docx", bomb))
    assert "would unpack to more than 200.0\xa0MB" in message


def test_a_docx_of_too_many_parts_is_refused():
    extra = [(f"word/part{i}.xml", "") for i in range(uploads.ZIP_MAX_ENTRIES)]
    [message] = material_errors(upload("report.docx", office_zip(extra=extra)))
    assert "or more than 5000 parts" in message


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("report.docx", office_zip(), "docx"),
        ("sheet.xlsx", office_zip(OOXML + "spreadsheetml.sheet.main+xml"), "xlsx"),
        ("slides.pptx", office_zip(OOXML + "presentationml.presentation.main+xml"), "pptx"),
        ("report.odt", odt(), "odt"),
        ("values.csv", "region;value\nPäijät-Häme;3\n".encode(), "csv"),
        ("notes.txt", "\ufeffSessions: 1 200\n".encode(), "txt"),
    ],
)
def test_office_documents_and_text_are_accepted(name, data, expected):
    result = uploads.check_document(upload(name, data))
    assert result.file_type.extension == expected
    assert result.content is None  # stored as it came


@pytest.mark.parametrize(
    ("name", "data", "fragment"),
    [
        ("archive.docx", zipfile_with({"readme.txt": "hi"}), "not a document the portal accepts"),
        (
            "macro.docx",
            office_zip("application/vnd.ms-word.document.macroEnabled.main+xml"),
            "not a document the portal accepts",
        ),
        ("macro.docx", office_zip(extra=[("word/vbaProject.bin", "x")]), "contains macros"),
        ("report.xlsx", office_zip(), "its content is in Word (DOCX) format"),
        ("report.docx", b"PK\x03\x04broken", "damaged or cannot be read"),
        ("page.html", b"<html><script>alert(1)</script></html>", "not a document"),
        ("logo.png", png(), "not a document the portal accepts"),
        ("values.csv", "a;b\n".encode("utf-16"), "not in UTF-8"),
        ("values.csv", b"a;b\n\0\0", "not a document the portal accepts"),
    ],
    ids=["plain-zip", "docm", "vba", "mismatch", "broken-zip", "html", "image", "utf16", "nul"],
)
def test_documents_that_are_not_what_they_claim_are_refused(name, data, fragment):
    [message] = material_errors(upload(name, data))
    assert fragment in message


# --- Serving ------------------------------------------------------------------


def stored(name, data) -> str:
    return default_storage.save(name, ContentFile(data))


def assert_protected(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_media_images_are_served_inline_with_safe_headers(client):
    name = saved_logo(upload("logo.png", png(), "image/png")).logo.name
    response = client.get("/media/" + name)
    assert response.status_code == 200
    assert_protected(response)
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("ext", "data", "content_type"),
    [
        ("pdf", minimal_pdf(), "application/pdf"),
        ("docx", office_zip(), OOXML + "wordprocessingml.document"),
        ("csv", b"a;b\n", "text/csv; charset=utf-8"),
    ],
)
def test_media_documents_are_attachments_with_safe_headers(client, ext, data, content_type):
    name = stored(f"events/materials/{'a' * 32}.{ext}", data)
    response = client.get("/media/" + name)
    assert response.status_code == 200
    assert_protected(response)
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{"a" * 32}.{ext}"'


def test_media_head_requests_get_the_headers(client):
    name = stored("events/materials/b.pdf", minimal_pdf())
    response = client.head("/media/" + name)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    "path",
    [
        "/media/../next2met/settings.py",
        "/media/%2e%2e/%2e%2e/etc/passwd",
        "/media/..%2f..%2fetc%2fpasswd",
        "/media//etc/hostname.txt",
        "/media/page.html",
        "/media/logo.svg",
        "/media/missing.png",
        "/media/.hidden/secret.txt",
        "/media/partners/logos/",
    ],
)
def test_media_outside_the_root_or_the_allowlist_is_a_404(client, settings, path, tmp_path):
    for name in ("page.html", "logo.svg", ".hidden/secret.txt"):
        stored(name, b"<html><script>alert(1)</script></html>")
    (tmp_path / "outside.txt").write_text("secret")
    response = client.get(path)
    assert response.status_code == 404


def test_a_symlink_out_of_the_media_root_is_a_404(client, settings, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    (Path(settings.MEDIA_ROOT) / "link.txt").symlink_to(secret)
    assert client.get("/media/link.txt").status_code == 404


# What the media view adds to every file it serves (besides the disposition).
PROTECTIVE_HEADERS = {
    "X-Content-Type-Options",
    "Content-Security-Policy",
    "Cross-Origin-Resource-Policy",
    "Referrer-Policy",
    "Cache-Control",
}


def _proxy_media_locations(conf: str) -> dict[tuple[str, ...], dict[str, str]]:
    """The headers each `location` under /media/ of the nginx site adds, by extension."""
    conf = re.sub(r"#.*", "", conf)  # comments
    media = conf.split("location /media/ {", 1)[1]
    found = re.findall(
        r"location ~\* \^/media/\[\^\.\]\+\\\.\(([a-z|]+)\)\$ \{(.*?)\}", media, re.S
    )
    return {
        tuple(extensions.split("|")): dict(re.findall(r'add_header (\S+) "([^"]*)" always;', body))
        for extensions, body in found
    }


def test_the_proxy_serves_media_with_the_portals_headers(client):
    # deploy/nginx.conf serves /media/ when DJANGO_SERVE_MEDIA=0: it must protect a file
    # exactly as the portal's own media view does, for every type the portal serves.
    conf = (Path(__file__).resolve().parent.parent / "deploy" / "nginx.conf").read_text()
    locations = _proxy_media_locations(conf)
    assert sorted(ext for exts in locations for ext in exts) == sorted(uploads.SERVED_TYPES)
    for extensions, proxy in locations.items():
        for ext in extensions:
            response = client.get("/media/" + stored(f"events/materials/{'c' * 32}.{ext}", b"x"))
            assert response.status_code == 200, ext
            portal = {
                name: response[name].split(";")[0] if name == "Content-Disposition" else value
                for name, value in response.items()
                if name in PROTECTIVE_HEADERS or name == "Content-Disposition"
            }
            if portal.get("Content-Disposition") == "inline":
                del portal["Content-Disposition"]  # what a browser does without the header
            assert proxy == portal, ext
    limit = int(re.search(r"client_max_body_size (\d+)m;", conf).group(1)) * 1024 * 1024
    assert limit > uploads.DOCUMENT_MAX_BYTES  # the largest upload, with its form


# --- Downloads with the title as the name ---------------------------------------


def test_a_material_downloads_under_its_title_rfc6266_encoded(client):
    from events.models import Event, Material
    from tests.factories import EventFactory

    event = EventFactory(status=Event.Status.PUBLISHED)
    material = Material(
        event=event,
        title="Päijät-Häme: digital villages",
        kind=Material.Kind.PRESENTATION,
        file=upload("../../whatever.pdf", minimal_pdf()),
        is_published=True,
    )
    material.full_clean()
    material.save()
    page = client.get(event.get_absolute_url())
    assert f'href="/en/events/materials/{material.pk}/"' in page.content.decode()
    response = client.get(f"/en/events/materials/{material.pk}/")
    assert response.status_code == 200
    assert_protected(response)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''p%C3%A4ij%C3%A4t-h%C3%A4me-digital-villages.pdf"
    )
    assert b"".join(response.streaming_content) == stored_bytes(material.file)
    material.is_published = False
    material.save()
    assert client.get(f"/en/events/materials/{material.pk}/").status_code == 404


def test_a_practice_document_downloads_under_its_title_only_when_published(client):
    from goodpractices.models import GoodPractice, GoodPracticeAttachment
    from tests.factories import GoodPracticeFactory

    practice = GoodPracticeFactory()
    document = GoodPracticeAttachment(
        practice=practice, title="Evidence report", file=upload("scan 2.docx", office_zip())
    )
    document.full_clean()
    document.save()
    assert re.fullmatch(r"goodpractices/files/[0-9a-f]{32}\.docx", document.file.name)
    page = client.get(practice.get_absolute_url()).content.decode()
    assert f'href="/en/good-practices/documents/{document.pk}/"' in page
    response = client.get(f"/en/good-practices/documents/{document.pk}/")
    assert response.status_code == 200
    assert_protected(response)
    assert response["Content-Disposition"] == 'attachment; filename="evidence-report.docx"'
    practice.status = GoodPractice.Status.DRAFT
    practice.save()
    assert client.get(f"/en/good-practices/documents/{document.pk}/").status_code == 404


# --- Through the admin ----------------------------------------------------------


def change_form_data(response) -> dict:
    """What the admin's change form would post back as it stands."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if value is None or value is False or isinstance(value, FieldFile):
                continue
            if value is True:
                data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            else:
                data[key] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


def test_a_logo_uploaded_in_the_admin_is_re_encoded_under_a_generated_name(admin_client):
    partner = PartnerFactory()
    url = f"/admin/partners/partner/{partner.pk}/change/"
    page = admin_client.get(url)
    assert 'accept="image/jpeg,image/png,image/webp"' in page.content.decode()
    data = change_form_data(page)
    data["logo"] = upload("../../x.php.jpg", jpeg_with_gps(), "image/jpeg")
    data["logo_alt_en"] = "Alpha region"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    partner.refresh_from_db()
    assert re.fullmatch(r"partners/logos/[0-9a-f]{32}\.jpg", partner.logo.name)
    assert not Image.open(io.BytesIO(stored_bytes(partner.logo))).getexif()


def test_a_refused_logo_is_explained_next_to_the_field_and_the_form_keeps_its_text(
    admin_client,
):
    partner = PartnerFactory()
    url = f"/admin/partners/partner/{partner.pk}/change/"
    data = change_form_data(admin_client.get(url))
    data["logo"] = upload("logo.png", png_header_only(20_000, 20_000), "image/png")
    data["logo_alt_en"] = "Typed text stays"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert list(form.errors) == ["logo"]
    assert "more than 40 megapixels" in form.errors["logo"][0]
    assert 'value="Typed text stays"' in response.content.decode()
    partner.refresh_from_db()
    assert not partner.logo
