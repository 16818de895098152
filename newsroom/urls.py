import re

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path

from articles.api import api
from articles.sitemaps import SITEMAPS
from newsroom.views import healthz, media, opensearch, robots_txt

admin.site.site_header = f"{settings.ARCHIVE_NAME}: editors' desk"
admin.site.site_title = settings.ARCHIVE_NAME

handler404 = "newsroom.views.not_found"
handler500 = "newsroom.views.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("opensearch.xml", opensearch, name="opensearch"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("", include("articles.urls")),
]

# Uploaded media (photos, already re-encoded by Pillow on upload), served by Django with
# nosniff; a large site puts them on object storage or behind the web server instead.
urlpatterns += [
    re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$", media, name="media")
]
