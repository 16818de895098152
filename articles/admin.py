"""The editors' desk for articles and quotes (people and places: directory_admin.py)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

# directory_admin registers the people and places desk.
from articles import directory_admin, services  # noqa: F401
from articles.models import (
    Article,
    ArticlePerson,
    ArticlePlace,
    Origin,
    Person,
    Place,
    Quote,
    Removal,
)
from articles.search import parse_query
from media_captions.admin import PhotoInline
from media_captions.services import make_renditions


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


def _remember_removal(inline_form, deleted: bool) -> None:
    """Remember what an editor takes off an article (deleted, or replaced in the form)."""
    instance, initial = inline_form.instance, inline_form.initial
    for model, kind, field in (
        (ArticlePerson, Removal.Kind.PERSON, "person"),
        (ArticlePlace, Removal.Kind.PLACE, "place"),
    ):
        if isinstance(instance, model) and (deleted or field in inline_form.changed_data):
            Removal.objects.get_or_create(
                article_id=instance.article_id, kind=kind, value=str(initial.get(field))
            )
    if isinstance(instance, Quote) and (deleted or "text" in inline_form.changed_data):
        Removal.objects.get_or_create(
            article_id=instance.article_id,
            kind=Removal.Kind.QUOTE,
            value=Removal.quote_key(initial.get("text", "")),
        )


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
        # A link, quote or photo an editor adds or changes is the editor's, and one an
        # editor takes off stays off: no import or re-extraction undoes either.
        for inline_form in formset.forms:
            deleted = inline_form in formset.deleted_forms
            if inline_form.instance.pk and (deleted or inline_form.has_changed()):
                _remember_removal(inline_form, deleted)
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

    def delete_model(self, request, obj):
        Removal.objects.get_or_create(
            article_id=obj.article_id, kind=Removal.Kind.QUOTE, value=Removal.quote_key(obj.text)
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for quote in queryset:
            Removal.objects.get_or_create(
                article_id=quote.article_id,
                kind=Removal.Kind.QUOTE,
                value=Removal.quote_key(quote.text),
            )
        super().delete_queryset(request, queryset)


@admin.register(Removal)
class RemovalAdmin(admin.ModelAdmin):
    """What editors took off articles; delete one to let imports put it back."""

    list_display = ["article", "kind", "what", "removed_at"]
    list_filter = ["kind"]
    list_select_related = ["article"]
    search_fields = ["article__headline", "value"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="what")
    def what(self, removal: Removal) -> str:
        model = {"person": Person, "place": Place}.get(removal.kind)
        if model is None:
            return removal.value
        found = model.objects.filter(pk=removal.value).first()
        return str(found) if found else f"(deleted since, id {removal.value})"
