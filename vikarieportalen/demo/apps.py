from django.apps import AppConfig


class DemoConfig(AppConfig):
    # No models and no pages: an app so that `manage.py seed_demo`, `demo_setup` and
    # `demo_login_services` are found, and production refuses the demo's login services.
    name = "vikarieportalen.demo"
    label = "demo"

    def ready(self) -> None:
        from vikarieportalen.demo import checks  # noqa: F401 - registers the production check
