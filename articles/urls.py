from django.urls import path

from articles import directory, views
from articles.feeds import PersonFeed, PersonQuotesFeed, PlaceFeed, SearchFeed

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(
        "articles/<int:year>/<str:month>/<str:day>/<slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="article-detail",
    ),
    path(
        "articles/preview/<slug:slug>/",
        views.ArticlePreviewView.as_view(),
        name="article-preview",
    ),
    path("people/", directory.PersonListView.as_view(), name="person-list"),
    path("people/<slug:slug>/", directory.PersonDetailView.as_view(), name="person-detail"),
    path("people/<slug:slug>/feed/", PersonFeed(), name="person-feed"),
    path(
        "people/<slug:slug>/quotes/",
        directory.PersonQuotesView.as_view(),
        name="person-quotes",
    ),
    path("people/<slug:slug>/quotes/feed/", PersonQuotesFeed(), name="person-quotes-feed"),
    path("places/", directory.PlaceListView.as_view(), name="place-list"),
    path("places/<slug:slug>/", directory.PlaceDetailView.as_view(), name="place-detail"),
    path("places/<slug:slug>/feed/", PlaceFeed(), name="place-feed"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("writers/<str:slug>/", views.WriterView.as_view(), name="writer"),
    path("archive/", views.ArchiveIndexView.as_view(), name="archive"),
    path("archive/<int:year>/", views.YearArchiveView.as_view(), name="archive-year"),
    path(
        "archive/<int:year>/<str:month>/",
        views.MonthArchiveView.as_view(),
        name="archive-month",
    ),
    path(
        "archive/<int:year>/<str:month>/<str:day>/",
        views.DayArchiveView.as_view(),
        name="archive-day",
    ),
    path("search/", views.SearchView.as_view(), name="search"),
    path("search/feed/", SearchFeed(), name="search-feed"),
]
