from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from articles.sitemaps import SITEMAPS
from newsroom.views import healthz, robots_txt

admin.site.site_header = f"{settings.ARCHIVE_NAME}: editors' desk"
admin.site.site_title = settings.ARCHIVE_NAME

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots-txt"),
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

# Uploaded media: served by Django only in development; production puts them behind the
# web server or on object storage (README, "Running in production").
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
