from django.db import migrations


def load(apps, schema_editor):
    from samverkan.structure.reference import load_reference_principals

    load_reference_principals(apps.get_model("structure", "Principal"))


class Migration(migrations.Migration):
    dependencies = [("structure", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
