"""The default call (its published parameters) and the call-512 phase-2 questionnaire."""

from django.db import migrations


def install(apps, schema_editor):
    from reporting.questionnaires import DEFAULT_CALL_NAME, SHIPPED_TEMPLATES

    EsfCall = apps.get_model("reporting", "EsfCall")
    Template = apps.get_model("reporting", "QuestionnaireTemplate")
    Question = apps.get_model("reporting", "Question")
    if not EsfCall.objects.filter(is_default=True).exists():
        EsfCall.objects.get_or_create(name=DEFAULT_CALL_NAME, defaults={"is_default": True})
    for data in SHIPPED_TEMPLATES:
        template, _ = Template.objects.get_or_create(
            slug=data["slug"], defaults={"name": data["name"], "introduction": data["introduction"]}
        )
        for position, q in enumerate(data["questions"], start=1):
            Question.objects.get_or_create(
                template=template, number=q["number"],
                defaults={"position": position, "text": q["text"], "help_text": q["help_text"],
                          "required": q["required"], "attachments_allowed": q["attachments_allowed"]},
            )


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
