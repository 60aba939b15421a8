from django.apps import AppConfig


class DemoConfig(AppConfig):
    # No models and no pages: an app only so that `manage.py seed_demo` and `demo_setup` are found.
    name = "vikarieportalen.demo"
    label = "demo"
