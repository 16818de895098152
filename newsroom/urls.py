from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from newsroom.views import healthz

admin.site.site_header = f"{settings.ARCHIVE_NAME}: editors' desk"
admin.site.site_title = settings.ARCHIVE_NAME

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("", include("articles.urls")),
]

# Uploaded media: served by Django only in development; production puts them behind the
# web server or on object storage (README, "Running in production").
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
