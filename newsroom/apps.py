from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """The project itself, installed as an app for its management commands and templates."""

    name = "newsroom"
    verbose_name = "Newsroom"
