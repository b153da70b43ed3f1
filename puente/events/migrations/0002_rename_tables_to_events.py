"""Events and their invitations move here from mentoring, keeping every row (2 of 2): their
tables take this app's names, mentoring_event to events_event and mentoring_eventinvitation to
events_eventinvitation.

A rename keeps the rows, their ids and id sequence, indexes and constraints; the foreign keys
pointing at the tables (feedback's lessons, invitations to their event) follow it: PostgreSQL
ties them to the table itself, SQLite (3.26 or later) rewrites them. It runs after
mentoring.0010, when no app's state points at mentoring's models any more.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_event_and_invitation_from_mentoring"),
        ("mentoring", "0010_event_and_invitation_to_events"),
    ]

    operations = [
        # No name given: the app's own (events_event, events_eventinvitation).
        migrations.AlterModelTable(name="event", table=None),
        migrations.AlterModelTable(name="eventinvitation", table=None),
    ]
