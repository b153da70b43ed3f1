"""Events and their invitations move here from mentoring, keeping every row (1 of 2).

- Django's idea of the models (the state): they are created here as they were after
  mentoring.0009, on the tables they have (mentoring_event, mentoring_eventinvitation); then
  feedback.0002 points lessons here and mentoring.0010 takes the models out of mentoring.
  Nothing is created or copied in the database.
- Their content types are renamed from mentoring to events (same ids), so that what points at
  them (the audit trail's entries, the admin's history, permissions) still finds the events.

events.0002 then renames the tables, once nothing in any app's state points at mentoring's
models any more (a table renamed earlier would break a fresh database: feedback.0001 may run
after this migration and would point lessons at a mentoring_event table no longer there).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import puente.accounts.models

MODELS = ["event", "eventinvitation"]


def move_content_types(apps, schema_editor, source="mentoring", target="events"):
    """Rename the models' content types, keeping their ids (and so everything pointing at
    them). A target one exists only if a `migrate` ran the events app's post_migrate in between
    (e.g. `migrate mentoring 0009` with this code): it holds nothing but its default
    permissions, so it gives way."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MODELS:
        moving = ContentType.objects.using(db).filter(app_label=source, model=model).first()
        if moving is None:
            continue
        ContentType.objects.using(db).filter(app_label=target, model=model).delete()
        moving.app_label = target
        moving.save(update_fields=["app_label"])


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="events", target="mentoring")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("mentoring", "0009_event_cancellation"),
        ("programs", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]
    # mentoring.0010 takes the models out of mentoring's state once they are here.
    run_before = [("mentoring", "0010_event_and_invitation_to_events")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Event",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created"),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("kick_off", "Kick-off"),
                                    ("alignment", "Expectation-alignment workshop"),
                                    ("training", "Training"),
                                    ("group_session", "Group session"),
                                    ("closing", "Closing ceremony"),
                                    ("other", "Other"),
                                ],
                                default="other",
                                max_length=16,
                                verbose_name="kind",
                            ),
                        ),
                        ("title", models.CharField(max_length=200, verbose_name="title")),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        ("starts_at", models.DateTimeField(verbose_name="starts at")),
                        ("ends_at", models.DateTimeField(verbose_name="ends at")),
                        (
                            "time_zone",
                            models.CharField(
                                default="America/Bogota",
                                max_length=64,
                                validators=[puente.accounts.models.validate_time_zone],
                                verbose_name="time zone",
                            ),
                        ),
                        (
                            "mode",
                            models.CharField(
                                choices=[
                                    ("in_person", "In person"),
                                    ("virtual", "Virtual"),
                                    ("hybrid", "Hybrid"),
                                ],
                                default="in_person",
                                max_length=12,
                                verbose_name="mode",
                            ),
                        ),
                        (
                            "place",
                            models.CharField(blank=True, max_length=200, verbose_name="place"),
                        ),
                        ("video_link", models.URLField(blank=True, verbose_name="video link")),
                        (
                            "sequence",
                            models.PositiveIntegerField(
                                default=0, editable=False, verbose_name="revision"
                            ),
                        ),
                        (
                            "attendance_taken_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="attendance taken at"
                            ),
                        ),
                        (
                            "lessons_who_came",
                            models.TextField(blank=True, verbose_name="who came"),
                        ),
                        (
                            "lessons_what_worked",
                            models.TextField(blank=True, verbose_name="what worked"),
                        ),
                        (
                            "lessons_to_change",
                            models.TextField(blank=True, verbose_name="what to change next time"),
                        ),
                        (
                            "lessons_written_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="lessons written at"
                            ),
                        ),
                        (
                            "cancelled_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="cancelled at"),
                        ),
                        (
                            "cancel_reason",
                            models.TextField(blank=True, verbose_name="reason for cancelling"),
                        ),
                        (
                            "attendance_taken_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "cancelled_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="cancelled by",
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "lessons_written_by",
                            models.ForeignKey(
                                blank=True,
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
                                related_name="events",
                                to="programs.program",
                                verbose_name="program",
                            ),
                        ),
                        (
                            "track",
                            models.ForeignKey(
                                blank=True,
                                help_text="Leave empty for an event of every track.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="events",
                                to="programs.track",
                                verbose_name="track",
                            ),
                        ),
                        (
                            "wave",
                            models.ForeignKey(
                                blank=True,
                                help_text="Leave empty for an event of the whole program.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="events",
                                to="programs.wave",
                                verbose_name="wave",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "event",
                        "verbose_name_plural": "events",
                        "ordering": ["starts_at", "pk"],
                        # Until events.0002 renames it.
                        "db_table": "mentoring_event",
                    },
                ),
                migrations.CreateModel(
                    name="EventInvitation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created"),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                        (
                            "rsvp",
                            models.CharField(
                                choices=[
                                    ("pending", "No answer yet"),
                                    ("yes", "Attending"),
                                    ("no", "Not attending"),
                                    ("maybe", "Maybe"),
                                ],
                                default="pending",
                                max_length=8,
                                verbose_name="answer",
                            ),
                        ),
                        (
                            "rsvp_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="answered at"),
                        ),
                        ("attended", models.BooleanField(default=False, verbose_name="attended")),
                        (
                            "walk_in",
                            models.BooleanField(
                                default=False,
                                help_text="Came without having been invited beforehand.",
                                verbose_name="walk-in",
                            ),
                        ),
                        (
                            "event",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="invitations",
                                to="events.event",
                            ),
                        ),
                        (
                            "invited_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "membership",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="event_invitations",
                                to="programs.membership",
                                verbose_name="membership",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="event_invitations",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="person",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "event invitation",
                        "verbose_name_plural": "event invitations",
                        "ordering": ["event", "user__full_name", "pk"],
                        # Until events.0002 renames it.
                        "db_table": "mentoring_eventinvitation",
                    },
                ),
                migrations.AddIndex(
                    model_name="event",
                    index=models.Index(
                        fields=["program", "starts_at"], name="event_program_starts"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="event",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("ends_at__gt", models.F("starts_at"))),
                        name="event_ends_after_start",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="eventinvitation",
                    constraint=models.UniqueConstraint(
                        fields=("event", "user"), name="event_invitation_unique_user"
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
