import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0001_posts_comments_reports_stories"),
        ("programs", "0001_initial"),
        ("reports", "0001_mentor_reports_certificates_exports"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ReportStory",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("chosen_at", models.DateTimeField(auto_now_add=True, verbose_name="chosen at")),
                (
                    "chosen_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "program",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="programs.program",
                    ),
                ),
                (
                    "story",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="community.story",
                        verbose_name="story",
                    ),
                ),
            ],
            options={
                "verbose_name": "story in the report",
                "verbose_name_plural": "stories in the report",
                "ordering": ["program", "chosen_at", "pk"],
                "constraints": [
                    models.UniqueConstraint(fields=("program", "story"), name="report_story_unique")
                ],
            },
        ),
    ]
