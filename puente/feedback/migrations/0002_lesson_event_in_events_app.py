"""A lesson's event is now events.Event (moved from mentoring by events.0001, on the same table).
Only Django's state changes: the column and its foreign key stay as they are (events.0002's
rename of the table carries the foreign key along)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_event_and_invitation_from_mentoring"),
        ("feedback", "0001_meeting_feedback_pulses_and_lessons"),
    ]
    # Before mentoring.0010 takes Event out of mentoring's state, nothing may point at it there.
    run_before = [("mentoring", "0010_event_and_invitation_to_events")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="lesson",
                    name="event",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="Leave empty for a lesson about the wave as a whole.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="feedback_lessons",
                        to="events.event",
                        verbose_name="event",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
