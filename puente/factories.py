"""factory_boy factories for tests and benchmarks."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from puente.accounts.models import BusinessProfile, User
from puente.core.permissions import Role
from puente.programs.models import (
    FocusArea,
    Membership,
    Organization,
    Program,
    Track,
    Wave,
)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="es_ES")
    language = "en"
    password = factory.django.Password("correct-horse-battery")


class BusinessProfileFactory(DjangoModelFactory):
    class Meta:
        model = BusinessProfile

    owner = factory.SubFactory(UserFactory)
    legal_name = factory.Faker("company", locale="es_ES")
    economic_activity = "Confección textil"
    size = "micro"
    years_operating = 4


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organización {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")


class ProgramFactory(DjangoModelFactory):
    class Meta:
        model = Program

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Programa {n}")
    slug = factory.Sequence(lambda n: f"programa-{n}")
    purpose = "Acompañar a personas que empiezan en tecnología."
    starts_on = dt.date(2026, 1, 1)
    ends_on = dt.date(2026, 12, 31)
    status = Program.Status.RUNNING
    # Meetings may fall on any day, with no holidays: tests that are not about the calendar then
    # lay out the same dates whatever the weekday they run on. Calendar tests set both.
    working_days = "1234567"
    country = ""


class WaveFactory(DjangoModelFactory):
    class Meta:
        model = Wave

    program = factory.SubFactory(ProgramFactory)
    number = factory.Sequence(lambda n: n + 1)
    starts_on = factory.LazyAttribute(lambda o: o.program.starts_on)
    ends_on = factory.LazyAttribute(lambda o: o.program.ends_on)


class TrackFactory(DjangoModelFactory):
    class Meta:
        model = Track

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Ruta {n}")


class FocusAreaFactory(DjangoModelFactory):
    class Meta:
        model = FocusArea

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Área {n}")
    kind = FocusArea.Kind.PERSONAL


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    program = factory.SubFactory(ProgramFactory)
    role = Role.MENTEE
