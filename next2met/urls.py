import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps_views
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from core import admin_scoping, uploads
from core.pagecache import WITHOUT_SEATS, cached_page

from . import accounts, views
from .sitemaps import SITEMAPS

admin.site.site_header = _("Next2Met portal administration")
admin.site.site_title = _("Next2Met admin")
admin.site.index_title = _("Edit the portal")

# Outside the language prefix: the admin follows the editor's browser or cookie language.
urlpatterns = [
    # Before the admin's own: "view on site" only for what the editor may reach.
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(admin_scoping.view_on_site),
        name="admin_view_on_site",
    ),
    # Password reset and invitations: Django's views in the admin's look (next2met/accounts.py),
    # under the names Django's views and templates reverse (``admin_password_reset`` also
    # puts the link on the login page).
    path(
        "admin/password-reset/",
        accounts.PasswordResetView.as_view(),
        name="admin_password_reset",
    ),
    path(
        "admin/password-reset/sent/",
        accounts.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "admin/password-reset/done/",
        accounts.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "admin/password-reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "admin/invitation/<uidb64>/<token>/",
        accounts.InvitationView.as_view(),
        name="editor_invitation",
    ),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # The index of the sections, and each section's files (?p=2, ... when it is paged).
    path(
        "sitemap.xml",
        cached_page(sitemaps_views.index, scopes=WITHOUT_SEATS),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cached_page(sitemaps_views.sitemap, params={"p"}, scopes=WITHOUT_SEATS),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon),
]
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("privacy/", views.privacy_notice, name="privacy"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("contact/", views.contact, name="contact"),
    path("search/", views.search, name="search"),
    path("contact/<int:pk>/", views.contact_reveal, name="contact_reveal"),
    path("", include("partners.urls")),
    path("", include("events.urls")),
    path("", include("goodpractices.urls")),
    path("", include("news.urls")),
    path("", include("reporting.urls")),
)
if settings.PORTAL_SERVE_MEDIA and settings.MEDIA_URL.startswith("/"):
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$",
            uploads.serve_media,
            name="media",
        )
    ]

handler404 = "next2met.views.page_not_found"
handler500 = "next2met.views.server_error"
