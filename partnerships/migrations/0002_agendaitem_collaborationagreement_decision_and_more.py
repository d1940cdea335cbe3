"""An alias, no operations.

A `makemigrations` run by another app generated the governance tables under this
name at the same moment as 0003_governance; matching/ and reporting/ migrations
reference this name. The governance tables are created by 0003_governance: this
empty node keeps those references valid. Once those migrations depend on
("partnerships", "0003_governance") this file can be removed."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0003_governance")]
    operations = []
