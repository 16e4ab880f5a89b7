"""Photo albums: photos re-encoded with smaller copies for srcset, edited in the admin
within the partner's scope, shown on the event's page when the album is published and
public; the event's related news beside them."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from events.models import Material, Photo, PhotoAlbum
from news.models import NewsPost
from partners.models import Partner
from tests.factories import EventFactory, NewsPostFactory, PartnerFactory, staff_user

pytestmark = pytest.mark.django_db


def jpeg(size=(1600, 1200), color=(200, 120, 40), gps=False) -> bytes:
    exif = Image.Exif()
    if gps:
        exif[ExifTags.Base.Make] = "Camera maker"
        exif[ExifTags.IFD.GPSInfo] = {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: (60.0, 59.0, 1.5),
        }
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG", exif=exif.tobytes(), quality=90)
    return buffer.getvalue()


def upload(size=(1600, 1200), name="photo.jpg", **kwargs):
    return SimpleUploadedFile(name, jpeg(size, **kwargs), content_type="image/jpeg")


def album_of(event, **overrides):
    values = {
        "event": event,
        "kind": Material.Kind.PHOTOS,
        "title_en": "Photos of the day",
        "title_fi": "Päivän kuvat",
        "is_published": True,
    }
    return Material.objects.create(**{**values, **overrides})


def add_photo(album, size=(1600, 1200), alt="Abstract orange shapes", **kwargs):
    photo = Photo(material=album, image=upload(size, **kwargs), alt_text_en=alt)
    photo.full_clean()
    photo.save()
    return photo


def stored(name) -> Image.Image:
    with default_storage.open(name, "rb") as handle:
        image = Image.open(handle)
        image.load()
    return image


# --- The photos and their copies ---------------------------------------------------


def test_a_photo_gets_copies_at_each_narrower_width_without_metadata():
    photo = add_photo(album_of(EventFactory()), size=(1600, 1200), gps=True)
    value = photo.renditions
    assert value["source"] == photo.image.name
    assert (value["width"], value["height"]) == (1600, 1200)
    assert [(s["width"], s["height"]) for s in value["sizes"]] == [
        (320, 240),
        (640, 480),
        (1280, 960),
    ]
    for size in value["sizes"]:
        copy = stored(size["name"])
        assert copy.size == (size["width"], size["height"])
        assert copy.format == "JPEG"
        assert not copy.getexif()  # nothing of the camera, nothing of the place
        assert size["name"].startswith("events/photos/") and size["name"].endswith("w.jpg")
    assert not stored(photo.image.name).getexif()


def test_a_small_photo_is_never_scaled_up():
    album = album_of(EventFactory())
    medium = add_photo(album, size=(700, 350))
    assert [s["width"] for s in medium.renditions["sizes"]] == [320, 640]
    tiny = add_photo(album, size=(300, 200))
    assert tiny.renditions["sizes"] == []
    assert tiny.renditions["width"] == 300


def test_a_very_large_photo_is_stored_at_2400_pixels_and_copied_from_that():
    photo = add_photo(album_of(EventFactory()), size=(4000, 3000))
    assert (photo.renditions["width"], photo.renditions["height"]) == (2400, 1800)
    assert [s["width"] for s in photo.renditions["sizes"]] == [320, 640, 1280]


def test_the_text_alternative_is_required_in_english():
    photo = Photo(material=album_of(EventFactory()), image=upload(), alt_text_en="")
    with pytest.raises(ValidationError) as error:
        photo.full_clean()
    assert "alt_text_en" in error.value.message_dict


def test_photos_belong_to_a_photo_album_only():
    report = album_of(EventFactory(), kind=Material.Kind.REPORT, url="https://example.org/r")
    photo = Photo(material=report, image=upload(), alt_text_en="Shapes")
    with pytest.raises(ValidationError) as error:
        photo.full_clean()
    assert "material" in error.value.message_dict


def test_an_album_needs_neither_a_file_nor_a_link():
    album = Material(event=EventFactory(), kind=Material.Kind.PHOTOS, title_en="Photos")
    album.full_clean()  # no error
    report = Material(event=EventFactory(), kind=Material.Kind.REPORT, title_en="Report")
    with pytest.raises(ValidationError):
        report.full_clean()


def test_a_replaced_photo_takes_its_old_copies_away(django_capture_on_commit_callbacks):
    photo = add_photo(album_of(EventFactory()))
    old = [s["name"] for s in photo.renditions["sizes"]]
    with django_capture_on_commit_callbacks(execute=True):
        photo.image = upload(size=(900, 600), color=(20, 60, 200))
        photo.save()
    assert not any(default_storage.exists(name) for name in old)
    assert [s["width"] for s in photo.renditions["sizes"]] == [320, 640]
    assert all(default_storage.exists(s["name"]) for s in photo.renditions["sizes"])
    photo.refresh_from_db()
    assert photo.renditions["source"] == photo.image.name


def test_an_edit_of_the_texts_keeps_the_copies(django_capture_on_commit_callbacks):
    photo = add_photo(album_of(EventFactory()))
    before = photo.renditions
    with django_capture_on_commit_callbacks(execute=True):
        photo.caption_en = "A caption"
        photo.save()
    photo.refresh_from_db()
    assert photo.renditions == before
    assert all(default_storage.exists(s["name"]) for s in before["sizes"])


def test_a_deleted_photo_and_a_deleted_album_leave_no_file(django_capture_on_commit_callbacks):
    album = album_of(EventFactory())
    first, second = add_photo(album), add_photo(album)
    names = [p.image.name for p in (first, second)] + [
        s["name"] for p in (first, second) for s in p.renditions["sizes"]
    ]
    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
    assert not default_storage.exists(first.image.name)
    assert default_storage.exists(second.image.name)
    with django_capture_on_commit_callbacks(execute=True):
        album.event.delete()  # the album and its photos go with the event
    assert not any(default_storage.exists(name) for name in names)


# --- The admin ---------------------------------------------------------------------


@pytest.fixture
def lead():
    return PartnerFactory(slug="lead", name_en="Lead region", role=Partner.Role.LEAD)


@pytest.fixture
def host():
    return PartnerFactory(slug="host", name_en="Host region")


@pytest.fixture
def other():
    return PartnerFactory(slug="other", name_en="Other region")


def album_form(event, photos=(), **overrides):
    data = {
        "title_en": "Photos of the visit",
        "event": event.pk,
        "session": "",
        "visibility": "public",
        "is_published": "on",
        "order": 0,
        "photos-TOTAL_FORMS": len(photos),
        "photos-INITIAL_FORMS": 0,
        "photos-MIN_NUM_FORMS": 0,
        "photos-MAX_NUM_FORMS": 1000,
    }
    for n, (image, alt) in enumerate(photos):
        data[f"photos-{n}-image"] = image
        data[f"photos-{n}-alt_text_en"] = alt
        data[f"photos-{n}-order"] = n
    data.update(overrides)
    return data


def test_the_lead_editor_uploads_an_album_with_two_photos(client, lead, host):
    client.force_login(staff_user(lead))
    event = EventFactory(host=host)
    add = reverse("admin:events_photoalbum_add")
    page = client.get(add)
    assert page.status_code == 200
    assert 'name="photos-0-alt_text_en"' in page.content.decode()
    response = client.post(
        add,
        album_form(event, [(upload(), "Orange shapes"), (upload((800, 600)), "Blue shapes")]),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    album = PhotoAlbum.objects.get()
    assert album.kind == Material.Kind.PHOTOS and album.event == event
    photos = list(album.photos.all())
    assert [p.alt_text_en for p in photos] == ["Orange shapes", "Blue shapes"]
    assert [len(p.renditions["sizes"]) for p in photos] == [3, 2]
    change = client.get(reverse("admin:events_photoalbum_change", args=[album.pk]))
    assert change.status_code == 200
    assert photos[0].renditions["sizes"][0]["name"] in change.content.decode()


def test_a_photo_without_a_text_alternative_is_refused_in_the_admin(client, lead):
    client.force_login(staff_user(lead))
    event = EventFactory(host=lead)
    response = client.post(
        reverse("admin:events_photoalbum_add"), album_form(event, [(upload(), "")])
    )
    assert response.status_code == 200
    assert not PhotoAlbum.objects.exists()
    assert "photos-0-alt_text_en" in response.content.decode()


def test_a_partner_editor_adds_photos_to_its_own_events_only(client, host, other):
    client.force_login(staff_user(host))
    own, foreign = EventFactory(host=host), EventFactory(host=other)
    add = reverse("admin:events_photoalbum_add")
    refused = client.post(add, album_form(foreign, [(upload(), "Shapes")]))
    assert refused.status_code == 200  # the foreign event is not a valid choice
    assert not Material.objects.exists()
    accepted = client.post(add, album_form(own, [(upload(), "Shapes")]))
    assert accepted.status_code == 302
    assert PhotoAlbum.objects.get().photos.count() == 1


def test_a_partner_editor_cannot_reach_another_partners_album(client, host, other):
    foreign = album_of(EventFactory(host=other), title_en="Foreign album")
    own = album_of(EventFactory(host=host), title_en="Own album")
    client.force_login(staff_user(host))
    listing = client.get(reverse("admin:events_photoalbum_changelist")).content.decode()
    assert "Own album" in listing and "Foreign album" not in listing
    change = reverse("admin:events_photoalbum_change", args=[foreign.pk])
    assert client.get(change).status_code in (302, 404)
    posted = client.post(change, album_form(foreign.event, [(upload(), "Sneaked in")]))
    assert posted.status_code in (302, 404)
    assert not foreign.photos.exists()
    assert client.get(reverse("admin:events_photoalbum_change", args=[own.pk])).status_code == 200


# --- The event's page --------------------------------------------------------------


def event_page(client, event, language="en"):
    response = client.get(f"/{language}/events/{event.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_event_page_shows_the_album_as_thumbnails_with_srcset(client):
    event = EventFactory()
    album = album_of(event)
    photo = add_photo(album, alt="Orange shapes on a white wall")
    photo.caption_en = "The shapes at noon"
    photo.save()
    html = event_page(client, event)
    assert "Photos of the day" in html
    img = re.search(r'<img src="[^"]+-320w\.jpg"[^>]*>', html).group(0)
    for size in photo.renditions["sizes"]:
        assert f"{default_storage.url(size['name'])} {size['width']}w" in img
    assert f"{photo.image.url} 1600w" in img
    assert 'sizes="' in img and 'loading="lazy"' in img
    assert 'width="320" height="240"' in img
    assert 'alt="Orange shapes on a white wall"' in img
    assert f'<a href="{photo.image.url}">' in html
    assert "The shapes at noon" in html
    # Without a file or a link of its own, the album is not listed again as a material.
    assert reverse("events:material", args=[album.pk]) not in html


def test_the_finnish_page_shows_the_english_alt_text_marked_as_english(client):
    event = EventFactory()
    add_photo(album_of(event), alt="Orange shapes")
    html = event_page(client, event, "fi")
    assert "Päivän kuvat" in html
    assert 'alt="Orange shapes" lang="en"' in html


def test_unpublished_and_partners_only_albums_stay_hidden(client):
    event = EventFactory()
    add_photo(album_of(event, title_en="Draft album", is_published=False), alt="Draft shapes")
    add_photo(
        album_of(event, title_en="Partners album", visibility=Material.Visibility.PARTNERS),
        alt="Partner shapes",
    )
    album_of(event, title_en="Empty album")
    html = event_page(client, event)
    for hidden in ("Draft album", "Draft shapes", "Partners album", "Partner shapes"):
        assert hidden not in html
    assert "srcset" not in html
    assert "Empty album" not in html  # nothing to show, nothing to link to


def test_the_event_page_lists_its_published_news(client):
    event = EventFactory()
    NewsPostFactory(event=event, title_en="Report from the visit", lead_en="Two days in Lahti.")
    NewsPostFactory(event=event, title_en="Draft report", status=NewsPost.Status.DRAFT)
    NewsPostFactory(title_en="News of another event", event=EventFactory())
    html = event_page(client, event)
    assert "Report from the visit" in html and "Two days in Lahti." in html
    assert "Draft report" not in html and "News of another event" not in html
    assert 'id="related-news"' in html


def test_the_event_page_costs_the_same_queries_whatever_the_photos_and_news(
    client, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0  # both visits rendered
    event = EventFactory()
    small_album = album_of(event)
    add_photo(small_album, size=(400, 300))
    NewsPostFactory(event=event)
    with django_assert_max_num_queries(20) as small:
        event_page(client, event)
    for n in range(12):
        add_photo(small_album, size=(400, 300), alt=f"Shapes {n}")
    for n in range(3):
        add_photo(album_of(event, title_en=f"Album {n}"), size=(400, 300))
    for _n in range(6):
        NewsPostFactory(event=event)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = event_page(client, event)
    assert html.count("srcset=") == 16


def test_the_partner_page_lists_its_latest_news_and_links_to_all(
    client, host, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0  # both visits rendered
    for n in range(8):
        NewsPostFactory(partner=host, title_en=f"Host news {n}", date=f"2021-0{n + 1}-01")
    NewsPostFactory(partner=host, title_en="Host draft", status=NewsPost.Status.DRAFT)
    with django_assert_max_num_queries(20) as counted:
        html = client.get("/en/partners/host/").content.decode()
    assert "Host news 7" in html and "Host news 3" in html
    assert "Host news 2" not in html  # the latest five
    assert "Host draft" not in html
    assert "/en/news/?partner=host" in html
    for n in range(8):
        NewsPostFactory(partner=host, date=f"2022-0{n + 1}-01")
    with django_assert_max_num_queries(len(counted.captured_queries)):
        client.get("/en/partners/host/")
