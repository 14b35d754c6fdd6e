"""Load the shipped Achieve OER rubrics I–VIII (catalog/lists/fixtures/rubrics/achieve_oer.json)."""

from django.db import migrations


def load(apps, schema_editor):
    from catalog.lists.rubric_data import ACHIEVE, load_rubric_file

    load_rubric_file(ACHIEVE, apps.get_model("lists", "Rubric"), apps.get_model("lists", "RubricCriterion"))


class Migration(migrations.Migration):
    dependencies = [("lists", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
