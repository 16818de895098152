"""The editors' desk for articles, quotes, people and places."""

from django.apps import apps
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from articles import services
from articles.models import Article, ArticlePerson, ArticlePlace, Origin, Person, Place, Quote
from articles.search import parse_query
from media_captions.admin import PhotoInline
from media_captions.services import make_renditions


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
    readonly_fields = ["article_count"]
    fields = ["name", "slug", "aliases", "description", "confirmed", "article_count"]
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
    readonly_fields = ["article_count"]
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


class ArticlePersonInline(admin.TabularInline):
    """The people an article mentions, each with where the link came from: links an editor
    adds or changes here are the editor's, and no import or re-extraction removes them."""

    model = ArticlePerson
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "origin"]
    readonly_fields = ["origin"]
    verbose_name = "person mentioned"
    verbose_name_plural = "People mentioned"


class ArticlePlaceInline(admin.TabularInline):
    """The places an article mentions, and where each link came from."""

    model = ArticlePlace
    extra = 0
    autocomplete_fields = ["place"]
    fields = ["place", "origin"]
    readonly_fields = ["origin"]
    verbose_name = "place mentioned"
    verbose_name_plural = "Places mentioned"


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 0
    autocomplete_fields = ["speaker"]
    fields = [("position", "paragraph"), "speaker", "text"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "headline",
        "status",
        "published_at",
        "source",
        "quote_count",
        "photo_count",
        "needs_review",
    ]
    list_filter = ["status", "needs_review", "source"]
    list_select_related = ["dateline"]
    date_hierarchy = "published_at"
    search_fields = ["headline", "slug", "byline"]
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["dateline"]
    readonly_fields = ["created_at", "updated_at", "source_hash"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
        ("Publication", {"fields": ["status", "published_at", "byline", "source", "url"]}),
        ("Review", {"fields": ["needs_review", "review_note"]}),
        ("Where from", {"fields": ["dateline"]}),
        (
            "History",
            {"fields": ["created_at", "updated_at", "source_hash"], "classes": ["collapse"]},
        ),
    ]
    inlines = [ArticlePersonInline, ArticlePlaceInline, QuoteInline, PhotoInline]
    actions = ["publish", "unpublish"]

    change_form_template = "admin/articles/article/change_form.html"

    def get_urls(self):
        suggest = self.admin_site.admin_view(self.suggest_view)
        return [
            path("<int:pk>/suggest/", suggest, name="articles_article_suggest"),
            *super().get_urls(),
        ]

    def suggest_view(self, request, pk: int):
        """Propose what the importer would extract; save only what the editor ticks."""
        article = get_object_or_404(Article, pk=pk)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        suggestions = services.suggest(article)
        if request.method == "POST":
            chosen = {
                kind: {int(i) for i in request.POST.getlist(kind) if i.isdigit()}
                for kind in ("quotes", "people", "places", "credits")
            }
            for kind, picked in chosen.items():
                chosen[kind] = {i for i in picked if i < len(getattr(suggestions, kind))}
            saved = services.apply_suggestions(article, suggestions, **chosen)
            self.message_user(request, f"Saved {saved} suggestion(s).")
            return redirect("admin:articles_article_change", article.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": "Suggestions from the text",
            "article": article,
            "suggestions": suggestions,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/articles/suggest.html", context)

    def save_formset(self, request, form, formset, change):
        # A link, quote or photo an editor adds or changes is the editor's: no import or
        # re-extraction replaces it.
        for inline_form in formset.forms:
            if inline_form.has_changed() and hasattr(inline_form.instance, "origin"):
                inline_form.instance.origin = Origin.EDITOR
        super().save_formset(request, form, formset, change)
        for inline_form in formset.forms:
            if "image" in inline_form.changed_data and inline_form.instance.pk:
                make_renditions(inline_form.instance)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                quote_total=Count("quotes", distinct=True),
                photo_total=Count("photos", distinct=True),
            )
        )

    @admin.display(description="quotes", ordering="quote_total")
    def quote_count(self, article: Article) -> int:
        return article.quote_total

    @admin.display(description="photos", ordering="photo_total")
    def photo_count(self, article: Article) -> int:
        return article.photo_total

    def get_search_results(self, request, queryset, search_term):
        """The readers' full-text search (stemming, "phrases", OR, -word), plus slugs."""
        if not search_term.strip():
            return queryset, False
        matches = queryset.filter(search_vector=parse_query(search_term))
        return matches | queryset.filter(slug=search_term.strip()), False

    @admin.action(description="Publish selected articles (now, unless dated)")
    def publish(self, request, queryset):
        chosen = Article.objects.filter(pk__in=list(queryset.values_list("pk", flat=True)))
        dated = chosen.exclude(published_at=None).update(status=Article.Status.PUBLISHED)
        undated = chosen.filter(published_at=None).update(
            status=Article.Status.PUBLISHED, published_at=timezone.now()
        )
        self.message_user(request, f"Published {dated + undated} article(s).")

    @admin.action(description="Unpublish selected articles (back to draft)")
    def unpublish(self, request, queryset):
        chosen = Article.objects.filter(pk__in=list(queryset.values_list("pk", flat=True)))
        count = chosen.update(status=Article.Status.DRAFT)
        self.message_user(request, f"Unpublished {count} article(s); readers no longer see them.")


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "speaker", "article", "position", "origin"]
    list_filter = ["origin"]
    list_select_related = ["speaker", "article"]
    search_fields = ["text", "speaker__name", "article__headline"]
    autocomplete_fields = ["speaker", "article"]
    readonly_fields = ["origin"]

    def save_model(self, request, obj, form, change):
        obj.origin = Origin.EDITOR  # an editor's quote: no import or re-extraction replaces it
        super().save_model(request, obj, form, change)
