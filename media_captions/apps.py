from django.apps import AppConfig


class MediaCaptionsConfig(AppConfig):
    name = "media_captions"
    verbose_name = "Photos and captions"
