"""Basic editors' admin for photos (issue 6 deepens it)."""

from django.contrib import admin

from media_captions.forms import PhotoForm
from media_captions.models import Photo


class PhotoInline(admin.StackedInline):
    model = Photo
    form = PhotoForm
    extra = 0
    autocomplete_fields = ["photographer", "people", "place"]
    fields = [
        "position",
        "image",
        "caption",
        "alt_text",
        "credit",
        ("photographer", "distributor"),
        ("pool", "handout"),
        ("people", "place", "taken_on"),
    ]


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    form = PhotoForm
    list_display = ["__str__", "credit", "photographer", "place", "taken_on"]
    list_select_related = ["article", "photographer", "place"]
    list_filter = ["pool", "handout", "distributor"]
    search_fields = ["caption", "credit", "article__headline"]
    autocomplete_fields = ["article", "photographer", "people", "place"]
