"""A relationship's tutors are those assigned to its mentees (matching's TutorAssignment): the
copy kept on the relationship went stale when tutors were assigned after the relationship was
made (the board showed "—"). A tutor named only on a relationship becomes the assignment of its
mentees who have none, so nobody loses what they followed; then the copy goes."""

from django.db import migrations


def assignments_from_relationships(apps, schema_editor):
    Relationship = apps.get_model("mentoring", "Relationship")
    TutorAssignment = apps.get_model("matching", "TutorAssignment")
    assigned = set(TutorAssignment.objects.values_list("mentee_id", flat=True))
    for relationship in Relationship.objects.filter(tutor__isnull=False).prefetch_related(
        "mentees"
    ):
        for mentee in relationship.mentees.all():
            if mentee.pk not in assigned:
                TutorAssignment.objects.create(
                    program_id=relationship.program_id,
                    tutor_id=relationship.tutor_id,
                    mentee_id=mentee.pk,
                )
                assigned.add(mentee.pk)


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0002_mentee_choice"),
        ("mentoring", "0010_event_and_invitation_to_events"),
    ]

    operations = [
        migrations.RunPython(assignments_from_relationships, migrations.RunPython.noop),
        migrations.RemoveField(model_name="relationship", name="tutor"),
    ]
