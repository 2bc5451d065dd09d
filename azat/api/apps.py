from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "azat.api"
    label = "api"
    verbose_name = "API"
