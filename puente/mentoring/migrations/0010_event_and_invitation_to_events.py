"""Events and their invitations now belong to the events app (events.0001 takes them over, on
their tables; feedback.0002 points lessons at them there; events.0002 renames the tables). Here
they only leave mentoring's state: no table is dropped."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0009_event_cancellation"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="eventinvitation", name="event"),
                migrations.RemoveField(model_name="eventinvitation", name="invited_by"),
                migrations.RemoveField(model_name="eventinvitation", name="membership"),
                migrations.RemoveField(model_name="eventinvitation", name="user"),
                migrations.DeleteModel(name="Event"),
                migrations.DeleteModel(name="EventInvitation"),
            ],
            database_operations=[],
        ),
    ]
