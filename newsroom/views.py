"""Project-wide views that belong to no app."""

import contextlib
import mimetypes
import posixpath

from django.core.exceptions import SuspiciousOperation
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import http_date
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from newsroom import replicas


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the primary database answers, 503 when it does not (for load balancers and
    Docker). With read replicas, a line per database follows: a replica that is away or
    behind leaves the status at 200, as the primary serves its reads."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        lines, status = ["ok", f"{DEFAULT_DB_ALIAS} ok"], 200
    except DatabaseError:
        lines, status = ["database unavailable", f"{DEFAULT_DB_ALIAS} unavailable"], 503
    aliases = replicas.replica_aliases()
    if not aliases:
        lines = lines[:1]
    lines += [replicas.check(alias).describe() for alias in aliases]
    return HttpResponse("\n".join(lines) + "\n", status=status, content_type="text/plain")


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
    """An uploaded file, read at request time from the media storage (STORAGES["default"]:
    MEDIA_ROOT, or an object store that every app server shares), never from this server's
    disk directly. Uploads are re-encoded images, but whatever lies there is never run:
    nosniff (SecurityMiddleware), a sandboxed policy that allows nothing, and anything but
    a raster image is sent as a download."""
    name = posixpath.normpath(path)
    if name != path or name == ".." or name.startswith(("../", "/")):
        raise Http404("No such file.")
    try:
        file = default_storage.open(name, "rb")
    except (OSError, SuspiciousOperation):  # missing, a folder, outside the storage
        raise Http404("No such file.") from None
    content_type, encoding = mimetypes.guess_type(name)
    response = FileResponse(file, content_type=content_type or "application/octet-stream")
    if encoding or content_type not in SAFE_MEDIA_TYPES:
        response["Content-Type"] = "application/octet-stream"
        response["Content-Disposition"] = "attachment"
    with contextlib.suppress(NotImplementedError, OSError):  # If-Modified-Since gets a 304
        response["Last-Modified"] = http_date(default_storage.get_modified_time(name).timestamp())
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
