from django.conf import settings


def archive(request) -> dict:
    """The archive's name, for every template."""
    return {"archive_name": settings.ARCHIVE_NAME}
