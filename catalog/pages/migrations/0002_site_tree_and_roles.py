"""Replace Wagtail's welcome page with our home page and materials page; create the roles."""

from django.db import migrations

ROLE_NAMES = ("Teachers", "Curators", "Reviewers", "Harvest operators", "Administrators")


def create_tree(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("pages.HomePage")
    MaterialIndexPage = apps.get_model("pages.MaterialIndexPage")
    Group = apps.get_model("auth.Group")

    for name in ROLE_NAMES:
        Group.objects.get_or_create(name=name)

    if HomePage.objects.exists():
        return
    locale = Locale.objects.first() or Locale.objects.create(language_code="en")
    Page.objects.filter(depth=2, slug="home").delete()
    root = Page.objects.get(depth=1)
    home_ct, _ = ContentType.objects.get_or_create(model="homepage", app_label="pages")
    index_ct, _ = ContentType.objects.get_or_create(model="materialindexpage", app_label="pages")
    home = HomePage.objects.create(
        title="Open educational resources for every classroom",
        draft_title="Open educational resources for every classroom",
        slug="home",
        content_type=home_ct,
        path=f"{root.path}0001",
        depth=2,
        numchild=1,
        url_path="/home/",
        locale=locale,
        live=True,
    )
    MaterialIndexPage.objects.create(
        title="Materials",
        draft_title="Materials",
        slug="materials",
        content_type=index_ct,
        path=f"{home.path}0001",
        depth=3,
        numchild=0,
        url_path="/home/materials/",
        locale=locale,
        live=True,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page_id": home.id, "site_name": "OER Registry"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("wagtailcore", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    run_before = []

    operations = [migrations.RunPython(create_tree, migrations.RunPython.noop)]
