"""Project-wide views that belong to no app."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.static import serve


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 when it does not (for load balancers and Docker)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read the archive, not the admin or endless search pages."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


SAFE_MEDIA_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}


@require_GET
def media(request: HttpRequest, path: str) -> HttpResponse:
    """An uploaded file from MEDIA_ROOT (read at request time). Uploads are re-encoded
    images, but whatever lies there is never run: nosniff (SecurityMiddleware), a sandboxed
    policy that allows nothing, and anything but a raster image is sent as a download."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    content_type = response.get("Content-Type", "").split(";")[0]
    if content_type not in SAFE_MEDIA_TYPES:
        response["Content-Type"] = "application/octet-stream"
        response["Content-Disposition"] = "attachment"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404: JSON under /api/, the archive's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "There is nothing at this address."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """500: JSON under /api/, the archive's page elsewhere (the error is logged)."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": "The archive could not answer; please try again."}, status=500
        )
    return defaults.server_error(request)


@require_GET
def opensearch(request: HttpRequest) -> HttpResponse:
    """The OpenSearch description, so browsers can add the archive as a search engine."""
    return render(
        request,
        "opensearch.xml",
        {"base": request.build_absolute_uri("/").rstrip("/")},
        content_type="application/opensearchdescription+xml",
    )
