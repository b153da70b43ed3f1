"""Each meeting gets the name of its video room: random (``secrets``), one per meeting, kept.
The column is added empty, filled row by row (a callable default would give every existing
meeting the same name), then made unique with the random default for new meetings."""

from django.db import migrations, models

import puente.mentoring.models


def name_rooms(apps, schema_editor):
    Meeting = apps.get_model("mentoring", "Meeting")
    taken: set[str] = set()
    batch = []
    for meeting in Meeting.objects.only("pk").iterator():
        room = puente.mentoring.models.new_room_name()
        while room in taken:
            room = puente.mentoring.models.new_room_name()
        taken.add(room)
        meeting.room = room
        batch.append(meeting)
        if len(batch) >= 1000:
            Meeting.objects.bulk_update(batch, ["room"])
            batch = []
    Meeting.objects.bulk_update(batch, ["room"])


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0016_meeting_venue_by_program"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="room",
            field=models.CharField(default="", editable=False, max_length=32, verbose_name="video room"),
            preserve_default=False,
        ),
        migrations.RunPython(name_rooms, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="meeting",
            name="room",
            field=models.CharField(
                default=puente.mentoring.models.new_room_name,
                editable=False,
                max_length=32,
                unique=True,
                verbose_name="video room",
            ),
        ),
    ]
