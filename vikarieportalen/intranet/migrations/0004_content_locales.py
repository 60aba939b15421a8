from django.conf import settings
from django.db import migrations


def create_content_locales(apps, schema_editor):
    # Wagtail creates the default language's locale; translations need one per content language.
    Locale = apps.get_model("wagtailcore", "Locale")
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("intranet", "0003_news_job_ads_shortcuts_stewardship"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_content_locales, migrations.RunPython.noop)]
