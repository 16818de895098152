"""Basic editors' admin for photos (issue 6 deepens it)."""

from django.contrib import admin
from django.utils.html import format_html

from articles.models import Origin
from media_captions.forms import PhotoForm
from media_captions.models import Photo
from media_captions.services import make_renditions


@admin.display(description="preview")
def preview(photo: Photo) -> str:
    image = photo.thumbnail or photo.image
    if not image:
        return "No image yet."
    return format_html('<img src="{}" alt="{}" height="120">', image.url, photo.alt)


class PhotoInline(admin.StackedInline):
    model = Photo
    form = PhotoForm
    extra = 0
    autocomplete_fields = ["photographer", "people", "place"]
    readonly_fields = [preview]
    fields = [
        "position",
        preview,
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
    readonly_fields = [preview]

    def save_model(self, request, obj, form, change):
        obj.origin = Origin.EDITOR  # an editor's photo: no import or re-extraction changes it
        super().save_model(request, obj, form, change)
        if "image" in form.changed_data:
            make_renditions(obj)

    list_display = ["__str__", "credit", "photographer", "place", "taken_on", "origin"]
    list_select_related = ["article", "photographer", "place"]
    list_filter = ["origin", "pool", "handout", "distributor"]
    search_fields = ["caption", "credit", "article__headline"]
    autocomplete_fields = ["article", "photographer", "people", "place"]
