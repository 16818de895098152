"""/sitemap.xml: every published article, person and place."""

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet

from articles.models import Article, Person, Place


class ArticleSitemap(Sitemap):
    changefreq = "never"
    priority = 0.8
    limit = 10_000

    def items(self) -> QuerySet[Article]:
        return Article.objects.published().order_by("pk").only("slug", "published_at", "updated_at")

    def lastmod(self, article: Article):
        return article.updated_at


class PersonSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5
    limit = 10_000

    def items(self) -> QuerySet[Person]:
        return Person.objects.order_by("pk").only("slug")


class PlaceSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5
    limit = 10_000

    def items(self) -> QuerySet[Place]:
        return Place.objects.order_by("pk").only("slug")


SITEMAPS = {"articles": ArticleSitemap, "people": PersonSitemap, "places": PlaceSitemap}
