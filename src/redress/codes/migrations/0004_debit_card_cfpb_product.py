"""Debit cards name their CFPB product: the CFPB files debit and ATM card problems under "Checking or savings
account" ("Managing an account" / "Problem using a debit or ATM card"), so the `us-cfpb` return no longer leaves
the Product column empty for them. A value an admin already gave is left alone."""

from django.db import migrations

CODE = "debit_card"
CFPB_PRODUCT = "Checking or savings account"


def name_it(apps, schema_editor):
    Product = apps.get_model("codes", "Product")
    Product.objects.using(schema_editor.connection.alias).filter(code=CODE, cfpb_product="").update(
        cfpb_product=CFPB_PRODUCT
    )


class Migration(migrations.Migration):
    dependencies = [("codes", "0003_cfpb_issue_rules")]

    operations = [migrations.RunPython(name_it, migrations.RunPython.noop)]
