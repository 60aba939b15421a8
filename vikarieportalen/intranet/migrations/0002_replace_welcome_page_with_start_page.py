from django.db import migrations


def create_start_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("intranet", "HomePage")
    Locale = apps.get_model("wagtailcore", "Locale")

    if HomePage.objects.exists():
        return
    # Wagtail's own first migration adds a "Welcome" page at depth 2; the start page takes its place.
    Page.objects.filter(depth=2, slug="home", content_type__app_label="wagtailcore").delete()
    root = Page.objects.get(depth=1)
    locale = Locale.objects.order_by("pk").first()
    last = Page.objects.filter(depth=2).order_by("-path").first()
    step = int(last.path[-4:], 36) + 1 if last else 1
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    suffix = "".join(alphabet[(step // 36**i) % 36] for i in reversed(range(4)))
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="intranet")
    home = HomePage.objects.create(
        title="Vikarieportalen",
        draft_title="Vikarieportalen",
        slug="vikarieportalen",
        content_type=content_type,
        path=f"{root.path}{suffix}",
        depth=2,
        numchild=0,
        url_path="/vikarieportalen/",
        locale=locale,
        live=True,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Vikarieportalen"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("intranet", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_start_page, migrations.RunPython.noop)]
