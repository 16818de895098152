"""The editors' desk for people and places: counts to triage by, confirming what is right,
merging duplicates and rejecting what is neither a person nor a place."""

from django.apps import apps
from django.contrib import admin, messages
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse

from articles import services
from articles.models import Person, Place, Quote, RejectedName


def _merge_action(noun: str, merge):
    """An admin action that merges the selected rows into the one the editor picks."""

    @admin.action(description=f"Merge selected {noun}s into one…")
    def merge_selected(modeladmin, request, queryset):
        objects = list(queryset.order_by("pk"))
        if len(objects) < 2:
            modeladmin.message_user(request, f"Select two {noun}s or more.", messages.WARNING)
            return None
        if request.POST.get("confirm") == "yes":
            into = next((o for o in objects if str(o.pk) == request.POST.get("into")), None)
            if into is None:
                modeladmin.message_user(request, f"Choose the {noun} to keep.", messages.ERROR)
                return None
            merge(into=into, duplicates=objects)
            modeladmin.message_user(request, f"Merged {len(objects) - 1} into {into}.")
            return None
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": f"Merge {noun}s",
            "objects": objects,
            "noun": noun,
            "action": "merge_selected",
            "opts": modeladmin.model._meta,
        }
        return TemplateResponse(request, "admin/articles/merge.html", context)

    return merge_selected


def _reject_action(noun: str, reject):
    """ "Not a person" / "Not a place": after the editor confirms, delete the selected rows
    and remember their names, so that no import or re-extraction makes them again."""

    @admin.action(description=f"Not a {noun}: delete and never make again…")
    def not_this(modeladmin, request, queryset):
        objects = list(queryset.order_by("name"))
        if request.POST.get("confirm") == "yes":
            count = reject(objects)
            names = ", ".join(o.name for o in objects[:5]) + ("…" if len(objects) > 5 else "")
            modeladmin.message_user(
                request, f"Deleted {count} ({names}); imports will not make them again."
            )
            return None
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": f"Not a {noun}",
            "objects": objects,
            "noun": noun,
            "action": request.POST.get("action", ""),
            "opts": modeladmin.model._meta,
        }
        return TemplateResponse(request, "admin/articles/reject.html", context)

    not_this.__name__ = f"not_a_{noun}"
    return not_this


@admin.action(description="Confirm selected: checked by an editor")
def confirm(modeladmin, request, queryset):
    count = queryset.update(confirmed=True)
    modeladmin.message_user(request, f"Confirmed {count}.")


class ConfirmedFilter(admin.SimpleListFilter):
    title = "checked by an editor"
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return [("no", "Extracted, not yet confirmed"), ("yes", "Confirmed")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(confirmed=self.value() == "yes")
        return queryset


class _Confirming(admin.ModelAdmin):
    """What an editor saves here is checked: it is confirmed."""

    def save_model(self, request, obj, form, change):
        obj.confirmed = True
        super().save_model(request, obj, form, change)

    @admin.display(description="articles")
    def articles_mentioning(self, obj) -> str:
        return str(obj.article_count) if obj.pk else "none yet"


def _count(queryset, column: str):
    """A count of related rows as a subquery (only the rows of the page are counted, unless
    the list is sorted by it)."""
    counted = queryset.order_by().values(column).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted), 0)


@admin.register(Person)
class PersonAdmin(_Confirming):
    list_display = [
        "name", "description", "article_count", "quote_count", "photo_count", "confirmed",
    ]  # fmt: skip
    list_filter = [ConfirmedFilter]
    search_fields = ["name", "slug", "description", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["articles_mentioning"]
    fields = ["name", "slug", "aliases", "description", "confirmed", "articles_mentioning"]
    actions = [
        confirm,
        _merge_action("person", services.merge_people),
        _reject_action("person", services.reject_people),
    ]

    def get_queryset(self, request):
        Photo = apps.get_model("media_captions", "Photo")
        return (
            super()
            .get_queryset(request)
            .annotate(
                quote_total=_count(Quote.objects.filter(speaker=OuterRef("pk")), "speaker"),
                photo_total=_count(
                    Photo.people.through.objects.filter(person=OuterRef("pk")), "person"
                )
                + _count(Photo.objects.filter(photographer=OuterRef("pk")), "photographer"),
            )
        )

    @admin.display(description="quotes", ordering="quote_total")
    def quote_count(self, person: Person) -> int:
        return person.quote_total

    @admin.display(description="photos (of and by)", ordering="photo_total")
    def photo_count(self, person: Person) -> int:
        return person.photo_total


@admin.register(Place)
class PlaceAdmin(_Confirming):
    list_display = [
        "name", "kind", "parent", "article_count", "quote_count", "photo_count", "confirmed",
    ]  # fmt: skip
    list_filter = [ConfirmedFilter, "kind"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    readonly_fields = ["articles_mentioning"]
    actions = [
        confirm,
        _merge_action("place", services.merge_places),
        _reject_action("place", services.reject_places),
    ]

    def get_queryset(self, request):
        Photo = apps.get_model("media_captions", "Photo")
        quotes = Quote.objects.filter(article__articleplace__place=OuterRef("pk"))
        return (
            super()
            .get_queryset(request)
            .annotate(
                quote_total=_count(quotes, "article__articleplace__place"),
                photo_total=_count(Photo.objects.filter(place=OuterRef("pk")), "place"),
            )
        )

    @admin.display(description="quotes (in its articles)", ordering="quote_total")
    def quote_count(self, place: Place) -> int:
        return place.quote_total

    @admin.display(description="photos", ordering="photo_total")
    def photo_count(self, place: Place) -> int:
        return place.photo_total


@admin.register(RejectedName)
class RejectedNameAdmin(admin.ModelAdmin):
    """Names editors marked "Not a person" or "Not a place"; delete one to let imports make
    it again."""

    list_display = ["name", "kind", "rejected_at"]
    list_filter = ["kind"]
    search_fields = ["name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
