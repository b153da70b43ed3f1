"""Each person confirms the agreement for themselves: one ``AgreementConfirmation`` row per
person (the mentor's and each mentee's) instead of one mentor and one mentee timestamp, with
which, in a circle, one mentee's confirmation counted for every mentee.

What the old timestamps become:
- the mentor's confirmation stays the mentor's;
- the mentee's, in a relationship with one mentee (a pair or a reverse pair), stays that mentee's;
- the mentee's, in a relationship with several mentees (a circle), is kept only for the mentee
  the audit trail names as the one who confirmed (the latest change that set it, by a mentee of
  that circle); without such a record nobody is credited, and the other mentees, who never
  confirmed, are asked like everyone else. The agreement then reads "not confirmed yet" until
  each of them does.
"""

import json

import django.db.models.deletion
from django.db import migrations, models


def _mentee_who_confirmed(apps, agreement, mentee_users):
    """The mentee (membership id) the audit trail names as the one who last set the mentee's
    confirmation of ``agreement``, or None when it names nobody of ``mentee_users``."""
    try:
        LogEntry = apps.get_model("auditlog", "LogEntry")
        ContentType = apps.get_model("contenttypes", "ContentType")
    except LookupError:
        return None
    kind = ContentType.objects.filter(app_label="mentoring", model="agreement").first()
    if kind is None:
        return None
    entries = LogEntry.objects.filter(content_type=kind, object_pk=str(agreement.pk)).order_by(
        "-timestamp", "-pk"
    )
    for entry in entries:
        changes = entry.changes
        if isinstance(changes, str):
            try:
                changes = json.loads(changes)
            except ValueError:
                continue
        change = (changes or {}).get("confirmed_by_mentee_at")
        if not change or change[-1] in (None, "None", ""):
            continue
        # The latest confirmation recorded: credited to its author if a mentee of the circle.
        return mentee_users.get(entry.actor_id)
    return None


def confirmations_from_timestamps(apps, schema_editor):
    Agreement = apps.get_model("mentoring", "Agreement")
    Confirmation = apps.get_model("mentoring", "AgreementConfirmation")
    rows = []
    agreements = Agreement.objects.filter(
        models.Q(confirmed_by_mentor_at__isnull=False)
        | models.Q(confirmed_by_mentee_at__isnull=False)
    ).select_related("relationship")
    for agreement in agreements.iterator():
        relationship = agreement.relationship
        if agreement.confirmed_by_mentor_at:
            rows.append(
                Confirmation(
                    agreement_id=agreement.pk,
                    membership_id=relationship.mentor_id,
                    confirmed_at=agreement.confirmed_by_mentor_at,
                )
            )
        if not agreement.confirmed_by_mentee_at:
            continue
        mentees = {m.user_id: m.pk for m in relationship.mentees.all()}
        if len(mentees) == 1:
            mentee = next(iter(mentees.values()))
        else:
            mentee = _mentee_who_confirmed(apps, agreement, mentees)
        if mentee is not None and mentee != relationship.mentor_id:
            rows.append(
                Confirmation(
                    agreement_id=agreement.pk,
                    membership_id=mentee,
                    confirmed_at=agreement.confirmed_by_mentee_at,
                )
            )
    Confirmation.objects.bulk_create(rows, batch_size=500)


def timestamps_from_confirmations(apps, schema_editor):
    """Back: the mentor's time, and a mentee's time only when every mentee confirmed (the old
    field said "the mentees confirmed")."""
    Agreement = apps.get_model("mentoring", "Agreement")
    Confirmation = apps.get_model("mentoring", "AgreementConfirmation")
    for agreement in Agreement.objects.select_related("relationship"):
        relationship = agreement.relationship
        mine = {c.membership_id: c.confirmed_at for c in Confirmation.objects.filter(
            agreement_id=agreement.pk
        )}
        mentees = list(relationship.mentees.values_list("pk", flat=True))
        agreement.confirmed_by_mentor_at = mine.get(relationship.mentor_id)
        times = [mine.get(pk) for pk in mentees]
        agreement.confirmed_by_mentee_at = (
            max(times) if times and all(t is not None for t in times) else None
        )
        agreement.save(update_fields=["confirmed_by_mentor_at", "confirmed_by_mentee_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0012_session_plan_span_in_months"),
        ("programs", "0002_program_tutor_caseload"),
        # The audit trail tells which mentee of a circle confirmed.
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="AgreementConfirmation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("confirmed_at", models.DateTimeField(verbose_name="confirmed at")),
                (
                    "agreement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="confirmations",
                        to="mentoring.agreement",
                    ),
                ),
                (
                    "membership",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="agreement_confirmations",
                        to="programs.membership",
                        verbose_name="confirmed by",
                    ),
                ),
            ],
            options={
                "verbose_name": "agreement confirmation",
                "verbose_name_plural": "agreement confirmations",
                "ordering": ["confirmed_at", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("agreement", "membership"),
                        name="agreement_confirmation_once_per_person",
                    )
                ],
            },
        ),
        migrations.RunPython(confirmations_from_timestamps, timestamps_from_confirmations),
        migrations.RemoveField(model_name="agreement", name="confirmed_by_mentee_at"),
        migrations.RemoveField(model_name="agreement", name="confirmed_by_mentor_at"),
    ]
