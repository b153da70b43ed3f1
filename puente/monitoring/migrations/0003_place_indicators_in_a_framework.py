"""Every program with indicators gets a results framework in which each indicator hangs from a
result of its level: one result per level it used (impact, then outcomes under it, then outputs
under those), titled in Spanish, Puente's default language; the coordinator rewrites the
titles and adds results on the framework page."""

from django.db import migrations

TITLES = {
    "impact": "Impacto del programa",
    "outcome": "Resultados del programa",
    "output": "Productos del programa",
}
ORDER = ["impact", "outcome", "output"]


def place(apps, schema_editor):
    Indicator = apps.get_model("monitoring", "Indicator")
    Result = apps.get_model("monitoring", "Result")
    by_program = {}
    for indicator in Indicator.objects.filter(result__isnull=True).order_by("program", "pk"):
        by_program.setdefault(indicator.program_id, []).append(indicator)
    for program_id, indicators in by_program.items():
        used = {indicator.level for indicator in indicators}
        made = {}
        parent = None
        for position, level in enumerate(ORDER):
            if level not in used:
                continue
            parent = made[level] = Result.objects.create(
                program_id=program_id,
                parent=parent,
                level=level,
                title=TITLES[level],
                position=position,
            )
        for indicator in indicators:
            Indicator.objects.filter(pk=indicator.pk).update(result=made[indicator.level])


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0002_results_framework_periods_baselines")]

    operations = [migrations.RunPython(place, migrations.RunPython.noop)]
