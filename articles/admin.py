"""Basic editors' admin for articles, quotes, people and places (issue 6 deepens it)."""

from django.contrib import admin

from articles.models import Article, Person, Place, Quote
from media_captions.admin import PhotoInline


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "description", "slug"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "slug"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 0
    autocomplete_fields = ["speaker"]
    fields = [("position", "paragraph"), "speaker", "text"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "status", "published_at", "source", "dateline", "needs_review"]
    list_filter = ["status", "needs_review", "source"]
    list_select_related = ["dateline"]
    date_hierarchy = "published_at"
    search_fields = ["headline", "slug", "byline"]
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["dateline", "people", "places"]
    readonly_fields = ["created_at", "updated_at", "source_hash"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
        ("Publication", {"fields": ["status", "published_at", "byline", "source", "url"]}),
        ("Review", {"fields": ["needs_review", "review_note"]}),
        ("Who and where", {"fields": ["dateline", "people", "places"]}),
        (
            "History",
            {"fields": ["created_at", "updated_at", "source_hash"], "classes": ["collapse"]},
        ),
    ]
    inlines = [QuoteInline, PhotoInline]


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "speaker", "article", "position"]
    list_select_related = ["speaker", "article"]
    search_fields = ["text", "speaker__name", "article__headline"]
    autocomplete_fields = ["speaker", "article"]
