"""Demo data: the three programs of the product brief, with people in every role.

Run it as often as you like. Every row has a natural key (an email, a slug, a program and a number),
invented values come from seeded random generators and dates from fixed calendars, so a second run
leaves the database exactly as the first one did. Passwords are only set when a person is created.

``--size large`` adds a program of 10,000 mentees and 1,000 mentors for benchmarks, written with
``bulk_create``; rows that already exist there are left as they are.
"""

import argparse
import math
import random
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from typing import Any

from auditlog.context import disable_auditlog
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.db.models import Count, Q

from puente.accounts.models import BusinessProfile, BusinessSize, Seniority, User
from puente.core.permissions import Role
from puente.demo.community import seed_community
from puente.demo.conversations import seed_conversations
from puente.demo.events import seed_events
from puente.demo.feedback import seed_feedback
from puente.demo.funders import business_fields, seed_framework
from puente.demo.library import seed_library
from puente.demo.matching import seed_matching
from puente.demo.mentoring import seed_mentoring
from puente.demo.monitoring import seed_monitoring
from puente.demo.plans import seed_plans
from puente.demo.quality import seed_quality
from puente.demo.recruitment import seed_recruitment
from puente.demo.reports import seed_large_activity, seed_report_stories, seed_reports
from puente.demo.waves import seed_waves
from puente.programs.models import (
    BuyerOrganization,
    FocusArea,
    Membership,
    Organization,
    Program,
    Track,
    Wave,
)

PASSWORD = "puente-demo-2026"  # noqa: S105 - the published password of the demo logins
DOMAIN = "demo.puente.example"
SEED = 2026
BATCH = 1000
LARGE_PREFIX = "escala."
# Everyone in the demo signed up before this day, even for waves that start later.
RECRUITED_BY = date(2026, 11, 16)

WOMAN, MAN, NON_BINARY = "Mujer", "Hombre", "No binaria"
BUSINESS, PERSONAL = FocusArea.Kind.BUSINESS, FocusArea.Kind.PERSONAL


# --- Places, names and small text helpers ------------------------------------------------------


@dataclass(frozen=True)
class Place:
    country: str
    city: str
    time_zone: str


def _places(country: str, *cities: tuple[str, str]) -> tuple[Place, ...]:
    return tuple(Place(country, city, zone) for city, zone in cities)


BOGOTA, LIMA, MADRID = "America/Bogota", "America/Lima", "Europe/Madrid"
MEXICO, SANTIAGO, BUENOS_AIRES = (
    "America/Mexico_City",
    "America/Santiago",
    "America/Argentina/Buenos_Aires",
)

COLOMBIA = _places(
    "Colombia",
    ("Bogotá", BOGOTA),
    ("Medellín", BOGOTA),
    ("Cali", BOGOTA),
    ("Barranquilla", BOGOTA),
    ("Bucaramanga", BOGOTA),
)
MEXICO_PLACES = _places(
    "México",
    ("Ciudad de México", MEXICO),
    ("Guadalajara", MEXICO),
    ("Monterrey", "America/Monterrey"),
    ("Puebla", MEXICO),
    ("Mérida", "America/Merida"),
)
PERU = _places("Perú", ("Lima", LIMA), ("Arequipa", LIMA), ("Trujillo", LIMA), ("Cusco", LIMA))
CHILE = _places("Chile", ("Santiago", SANTIAGO), ("Valparaíso", SANTIAGO), ("Concepción", SANTIAGO))
ARGENTINA = _places(
    "Argentina",
    ("Buenos Aires", BUENOS_AIRES),
    ("Córdoba", "America/Argentina/Cordoba"),
    ("Rosario", BUENOS_AIRES),
    ("Mendoza", "America/Argentina/Mendoza"),
)
SPAIN = _places("España", ("Madrid", MADRID), ("Barcelona", MADRID), ("Valencia", MADRID))
COSTA_RICA = _places(
    "Costa Rica", ("San José", "America/Costa_Rica"), ("Heredia", "America/Costa_Rica")
)
ECUADOR = _places("Ecuador", ("Quito", "America/Guayaquil"), ("Guayaquil", "America/Guayaquil"))
URUGUAY = _places("Uruguay", ("Montevideo", "America/Montevideo"))
PANAMA = _places("Panamá", ("Ciudad de Panamá", "America/Panama"))

# Everywhere the tech community reaches, weighted roughly by where its members live.
IBEROAMERICA = (
    COLOMBIA * 3 + MEXICO_PLACES * 2 + PERU * 2 + CHILE * 2 + ARGENTINA * 2 + SPAIN * 2
) + (COSTA_RICA + ECUADOR + URUGUAY)
# The insurer's offices: mostly Bogotá, then Medellín, Cali and its subsidiary in Lima.
ANDINO_OFFICES = (COLOMBIA[0],) * 6 + (COLOMBIA[1],) * 2 + (COLOMBIA[2], PERU[0], PERU[0])
# The development bank's Pacific-coast countries.
PACIFICO = (
    COLOMBIA[:3] * 2 + PERU * 2 + CHILE + MEXICO_PLACES[:3] + ECUADOR * 2 + COSTA_RICA + PANAMA
)

WOMEN_NAMES = (
    "María José", "Valentina", "Camila", "Daniela", "Lucía", "Sofía", "Mariana", "Carolina",
    "Andrea", "Paula", "Gabriela", "Natalia", "Fernanda", "Isabel", "Ximena", "Catalina",
    "Lorena", "Patricia", "Rosa", "Adriana", "Juliana", "Verónica", "Claudia", "Guadalupe",
    "Marcela", "Pilar", "Rocío", "Elena", "Beatriz", "Alejandra", "Luz Marina", "Yolanda",
    "Milagros", "Florencia", "Antonella", "Diana", "Tatiana", "Jimena", "Silvia", "Carmen",
)  # fmt: skip
MEN_NAMES = (
    "Santiago", "Mateo", "Sebastián", "Alejandro", "Diego", "Andrés", "Felipe", "Juan Pablo",
    "Carlos", "Javier", "Nicolás", "Tomás", "Miguel Ángel", "Luis", "Jorge", "Ricardo",
    "Emilio", "Gonzalo", "Rodrigo", "Pablo", "Martín", "Ignacio", "Esteban", "Hernán",
    "Francisco", "Joaquín", "José Luis", "Óscar", "Manuel", "Raúl",
)  # fmt: skip
SURNAMES = (
    "García", "Rodríguez", "Martínez", "López", "González", "Pérez", "Sánchez", "Ramírez",
    "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Reyes", "Morales", "Cruz", "Ortiz",
    "Gutiérrez", "Ramos", "Castillo", "Moreno", "Herrera", "Medina", "Castro", "Rojas",
    "Salazar", "Paredes", "Navarro", "Calderón", "Escobar", "Vega", "Campos", "Peña", "Lozano",
)  # fmt: skip
SURNAMES_BY_COUNTRY: dict[str, tuple[str, ...]] = {
    "Colombia": ("Restrepo", "Ospina", "Londoño", "Zapata", "Caicedo", "Cárdenas", "Montoya"),
    "México": ("Hernández", "Juárez", "Aguilar", "Mendoza", "Villalobos", "Zavala", "Cervantes"),
    "Perú": ("Quispe", "Mamani", "Huamán", "Condori", "Chávez", "Vásquez", "Ccori"),
    "Chile": ("Araya", "Sepúlveda", "Fuentes", "Contreras", "Muñoz", "Valenzuela", "Soto"),
    "Argentina": ("Fernández", "Sosa", "Acosta", "Benítez", "Giménez", "Romero", "Ferreyra"),
    "España": ("Iglesias", "Serrano", "Ortega", "Prieto", "Vidal", "Rubio", "Garrido"),
    "Costa Rica": ("Solís", "Mora", "Vargas", "Jiménez", "Alvarado", "Quesada"),
    "Ecuador": ("Andrade", "Cevallos", "Villacís", "Zambrano", "Mosquera"),
    "Uruguay": ("Pereira", "Silva", "Olivera", "Techera"),
    "Panamá": ("Batista", "De León", "Barría", "Sáenz"),
}
NICKNAMES = {
    "María José": "Majo", "Francisco": "Pancho", "Alejandro": "Alejo", "Guadalupe": "Lupita",
    "Juan Pablo": "Juanpa", "Luz Marina": "Luz", "Miguel Ángel": "Migue", "Ignacio": "Nacho",
    "José Luis": "Pepe", "Daniela": "Dani", "Valentina": "Vale", "Santiago": "Santi",
    "Sebastián": "Sebas", "Fernanda": "Fer", "Catalina": "Cata", "Alejandra": "Ale",
    "Gabriela": "Gabi", "Esteban": "Teban", "Jimena": "Jime",
}  # fmt: skip


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if char.isascii() and char.isalnum()).lower()


def _sentences(items: Sequence[str]) -> str:
    """One short sentence per item: the items often hold an 'y' of their own."""
    return " ".join(f"{item[:1].upper()}{item[1:]}." for item in items)


def _gendered(title: str, feminine: bool) -> str:
    """Titles are written 'feminine|masculine' when Spanish needs both forms."""
    female, _, male = title.partition("|")
    return female if feminine or not male else male


def _at(day: date, hour: int = 15) -> datetime:
    return datetime.combine(day, clock(hour, 0), tzinfo=UTC)


# --- Focus areas -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    """A focus area with what people write when they offer it or want it."""

    name: str
    kind: str
    description: str
    offer: tuple[str, ...]
    want: tuple[str, ...]


COMUNIDAD_AREAS = (
    Area(
        "Comunicación",
        PERSONAL,
        "Explicar ideas técnicas, escuchar y dar retroalimentación.",
        ("explicar decisiones técnicas a personas no técnicas", "dar y recibir retroalimentación"),
        (
            "hablar con seguridad en reuniones técnicas",
            "explicar mi trabajo a personas no técnicas",
        ),
    ),
    Area(
        "Liderazgo",
        PERSONAL,
        "Pasar de contribuir solo a hacer crecer a un equipo.",
        ("pasar de desarrollar a liderar un equipo", "delegar y acompañar a personas juniors"),
        ("liderar mi primer equipo", "delegar sin perder calidad"),
    ),
    Area(
        "Negociación",
        PERSONAL,
        "Ofertas laborales, salario, alcance y plazos.",
        ("negociación salarial y de ofertas", "acordar alcance y plazos con producto"),
        ("negociar mi primera oferta laboral", "negociar plazos realistas"),
    ),
    Area(
        "Confianza",
        PERSONAL,
        "Síndrome del impostor, visibilidad y marca profesional.",
        ("manejar el síndrome del impostor", "construir una marca profesional"),
        ("superar el síndrome del impostor", "postularme a cargos que hoy me parecen grandes"),
    ),
    Area(
        "Entrevistas técnicas",
        PERSONAL,
        "Preparación de procesos de selección en tecnología.",
        ("preparar entrevistas técnicas y de algoritmos", "simulacros de entrevista"),
        ("preparar entrevistas técnicas", "resolver ejercicios de código en vivo"),
    ),
    Area(
        "Portafolio y proyectos",
        PERSONAL,
        "CV, GitHub y proyectos que muestran lo que sabes hacer.",
        ("revisar CV, GitHub y portafolio", "elegir proyectos que muestren lo que sabes"),
        ("armar un portafolio que consiga entrevistas", "mejorar mi CV y mi perfil de GitHub"),
    ),
    Area(
        "Buenas prácticas de código",
        PERSONAL,
        "Pruebas, revisiones de código y arquitectura.",
        ("revisiones de código y pruebas automatizadas", "arquitectura de aplicaciones web"),
        ("escribir pruebas automatizadas", "entender arquitectura de software"),
    ),
    Area(
        "Gestión de equipos técnicos",
        PERSONAL,
        "Planificación, métricas, contratación y desempeño.",
        ("planificación ágil y métricas de entrega", "contratar y evaluar el desempeño"),
        ("organizar el trabajo de un equipo ágil", "tener conversaciones difíciles con el equipo"),
    ),
)
ENTRAR_AREAS = (
    "Comunicación",
    "Negociación",
    "Confianza",
    "Entrevistas técnicas",
    "Portafolio y proyectos",
    "Buenas prácticas de código",
)
LIDERAR_AREAS = (
    "Comunicación",
    "Liderazgo",
    "Negociación",
    "Confianza",
    "Buenas prácticas de código",
    "Gestión de equipos técnicos",
)

INVERSA_AREAS = (
    Area(
        "Transformación digital",
        BUSINESS,
        "Herramientas y procesos digitales en el trabajo diario.",
        ("herramientas digitales para el día a día", "automatizar tareas repetitivas"),
        (
            "conocer las herramientas digitales que usa la nueva generación",
            "digitalizar procesos de mi área",
        ),
    ),
    Area(
        "Inteligencia artificial generativa",
        BUSINESS,
        "Usar asistentes de IA con criterio y de forma segura.",
        ("usar asistentes de IA generativa de forma segura", "redactar y resumir con IA"),
        ("usar IA generativa con criterio", "saber qué puede y qué no puede hacer la IA"),
    ),
    Area(
        "Analítica de datos",
        BUSINESS,
        "Tableros, indicadores y decisiones basadas en datos.",
        ("tableros en Power BI", "análisis de datos con Python"),
        ("leer e interpretar tableros de datos", "tomar decisiones con datos"),
    ),
    Area(
        "Experiencia digital del cliente",
        BUSINESS,
        "Cómo compran y usan seguros las personas jóvenes.",
        ("cómo compran seguros las personas jóvenes", "canales digitales y aplicaciones móviles"),
        ("entender al cliente joven", "mejorar nuestros canales digitales"),
    ),
    Area(
        "Visión estratégica del negocio",
        BUSINESS,
        "La estrategia de la compañía y cómo se toman las decisiones.",
        (
            "estrategia del negocio asegurador",
            "cómo se toman las decisiones en el comité directivo",
        ),
        ("entender la estrategia de la compañía", "ver el negocio completo y no solo mi área"),
    ),
    Area(
        "Redes sociales y marca personal",
        PERSONAL,
        "LinkedIn, comunicación pública y reputación digital.",
        ("LinkedIn y marca personal", "comunicación en redes sociales"),
        ("usar LinkedIn para comunicar", "construir mi marca personal"),
    ),
    Area(
        "Comunicación intergeneracional",
        PERSONAL,
        "Entenderse entre generaciones en el trabajo.",
        ("dar retroalimentación a personas jóvenes", "hablar con la alta dirección con confianza"),
        ("conectar con equipos jóvenes", "hablar con la alta dirección sin intimidarme"),
    ),
    Area(
        "Liderazgo",
        PERSONAL,
        "Liderar personas y gestionar la propia carrera.",
        ("liderazgo de equipos grandes", "gestión de carrera en una gran empresa"),
        ("crecer hacia un rol de liderazgo", "manejar la presión y la exposición"),
    ),
    Area(
        "Diversidad e inclusión",
        PERSONAL,
        "Lenguaje, prácticas y equipos inclusivos.",
        ("lenguaje y prácticas inclusivas", "diversidad generacional en los equipos"),
        ("liderar equipos diversos", "revisar mis sesgos"),
    ),
    Area(
        "Trabajo híbrido y bienestar",
        PERSONAL,
        "Rutinas de trabajo híbrido y límites digitales.",
        ("rutinas de trabajo híbrido", "límites digitales y bienestar"),
        ("organizar mejor el trabajo híbrido", "desconectarme sin descuidar el equipo"),
    ),
)
# In reverse mentoring each side teaches what the other wants.
JUNIOR_TEACHES = (
    "Transformación digital",
    "Inteligencia artificial generativa",
    "Analítica de datos",
    "Experiencia digital del cliente",
    "Redes sociales y marca personal",
    "Diversidad e inclusión",
    "Trabajo híbrido y bienestar",
)
EXECUTIVE_TEACHES = (
    "Visión estratégica del negocio",
    "Liderazgo",
    "Comunicación intergeneracional",
)

PROVEEDORAS_AREAS = (
    Area(
        "Registro formal y documentación legal",
        BUSINESS,
        "Registro mercantil, identificación tributaria, facturación electrónica, seguridad social "
        "y pólizas que piden los compradores.",
        ("formalización y trámites tributarios", "documentación legal que piden los compradores"),
        (
            "tener al día la facturación electrónica",
            "completar los documentos para inscribirme como proveedora",
        ),
    ),
    Area(
        "Finanzas y flujo de caja",
        BUSINESS,
        "Capital de trabajo para soportar plazos de pago largos.",
        ("flujo de caja y capital de trabajo", "crédito y factoring para pymes"),
        (
            "soportar plazos de pago de 60 a 90 días",
            "separar las finanzas del negocio y las personales",
        ),
    ),
    Area(
        "Proceso de órdenes de compra",
        BUSINESS,
        "Cómo compra una gran empresa: registro, cotización, orden, entrega y pago.",
        (
            "cómo funciona una orden de compra de principio a fin",
            "portales de proveedores y licitaciones privadas",
        ),
        (
            "entender el proceso de compras de una gran empresa",
            "inscribirme en portales de proveedores",
        ),
    ),
    Area(
        "Calidad y certificaciones",
        BUSINESS,
        "Registros sanitarios, buenas prácticas e ISO 9001.",
        (
            "sistemas de calidad e ISO 9001",
            "registros sanitarios y buenas prácticas de manufactura",
        ),
        ("obtener el registro sanitario", "preparar una visita de calidad del comprador"),
    ),
    Area(
        "Precios y costos",
        BUSINESS,
        "Costeo, márgenes y cotizaciones para grandes volúmenes.",
        ("costeo y fijación de precios", "cotizaciones para grandes volúmenes"),
        ("calcular mis costos reales", "cotizar pedidos grandes sin perder dinero"),
    ),
    Area(
        "Ventas a empresas",
        BUSINESS,
        "Presentación comercial y relación con compradores corporativos.",
        ("ventas entre empresas y presentación comercial", "relación con compradores corporativos"),
        ("conseguir mi primera reunión con un comprador", "preparar una presentación comercial"),
    ),
    Area(
        "Presencia digital",
        BUSINESS,
        "Catálogo digital, página web y redes sociales de la empresa.",
        ("catálogo digital y redes sociales para empresas", "página web y comercio electrónico"),
        ("tener un catálogo digital", "mostrar mi empresa en internet"),
    ),
    Area(
        "Negociación",
        PERSONAL,
        "Precio, volumen y plazos de pago.",
        ("negociación de precios y plazos",),
        ("negociar precio y plazo de pago",),
    ),
    Area(
        "Comunicación",
        PERSONAL,
        "Presentar la empresa con claridad y seguridad.",
        ("comunicación comercial clara",),
        ("presentar mi empresa con seguridad",),
    ),
    Area(
        "Liderazgo",
        PERSONAL,
        "Organizar y hacer crecer al equipo.",
        ("liderazgo de equipos pequeños",),
        ("delegar y organizar a mi equipo",),
    ),
    Area(
        "Confianza",
        PERSONAL,
        "Creer en la propia empresa frente a compradores grandes.",
        ("autoconfianza para emprendedoras",),
        ("creer que mi empresa puede venderle a una gran compañía",),
    ),
)
PROVEEDORAS_BUSINESS = tuple(area for area in PROVEEDORAS_AREAS if area.kind == BUSINESS)
PROVEEDORAS_PERSONAL = tuple(area for area in PROVEEDORAS_AREAS if area.kind == PERSONAL)


# --- People ------------------------------------------------------------------------------------


@dataclass
class Person:
    """A person's profile before it is written; everything but `feminine` is a User field."""

    email: str
    full_name: str
    joined: datetime
    preferred_name: str = ""
    language: str = "es"
    country: str = ""
    city: str = ""
    time_zone: str = BOGOTA
    gender: str = ""
    organization: str = ""
    job_title: str = ""
    department: str = ""
    seniority: str = ""
    years_experience: int | None = None
    bio: str = ""
    links: str = ""
    areas_offered: str = ""
    areas_wanted: str = ""
    feminine: bool = field(default=True, repr=False)

    def profile(self) -> dict[str, Any]:
        values = asdict(self)
        del values["email"], values["feminine"]
        values["date_joined"] = values.pop("joined")
        return values

    def at(self, place: Place) -> "Person":
        self.country, self.city, self.time_zone = place.country, place.city, place.time_zone
        return self


class People:
    """Invents people with emails unique across the whole run."""

    def __init__(self) -> None:
        self.emails: set[str] = set()

    def reserve(self, local: str) -> str:
        email = f"{local}@{DOMAIN}"
        if email in self.emails:
            raise ValueError(f"{email} is used twice in the demo data.")
        self.emails.add(email)
        return email

    def _email(self, first: str, surname: str, second_surname: str) -> str:
        base = f"{_ascii(first.split()[0])}.{_ascii(surname)}"
        for local in [base, f"{base}.{_ascii(second_surname)}"] + [
            f"{base}{n}" for n in range(2, 999)
        ]:
            if f"{local}@{DOMAIN}" not in self.emails:
                return self.reserve(local)
        raise ValueError(f"No free email for {first} {surname}.")

    def invent(
        self,
        rng: random.Random,
        places: Sequence[Place],
        joined: datetime,
        *,
        women: float = 0.55,
        english: float = 0.06,
    ) -> Person:
        place = rng.choice(places)
        feminine = rng.random() < women
        first = rng.choice(WOMEN_NAMES if feminine else MEN_NAMES)
        surname, second = rng.sample(SURNAMES + SURNAMES_BY_COUNTRY.get(place.country, ()), 2)
        roll = rng.random()
        gender = "" if roll < 0.2 else NON_BINARY if roll < 0.22 else WOMAN if feminine else MAN
        nickname = NICKNAMES.get(first, "") if rng.random() < 0.4 else ""
        language = "en" if rng.random() < english else "es"
        person = Person(
            email=self._email(first, surname, second),
            full_name=f"{first} {surname} {second}",
            preferred_name=nickname,
            language=language,
            gender=gender,
            joined=joined,
            feminine=feminine,
        )
        return person.at(place)


def _joined_before(rng: random.Random, day: date) -> datetime:
    """A moment a few weeks before the wave starts, and no later than the demo's 'today'."""
    day = min(day, RECRUITED_BY)
    return _at(day - timedelta(days=rng.randint(10, 45)), hour=rng.randint(12, 23))


def _pick_areas(
    rng: random.Random, areas: Sequence[Area], k: int
) -> tuple[list[Area], list[str], list[str]]:
    """k areas, with one 'offer' and one 'want' phrase for each."""
    picked = rng.sample(list(areas), k)
    return picked, [rng.choice(a.offer) for a in picked], [rng.choice(a.want) for a in picked]


# --- Writing -----------------------------------------------------------------------------------


class Seeder:
    """Writes the demo rows with update_or_create on natural keys; remembers one login per role."""

    def __init__(self) -> None:
        self.people = People()
        self.logins: dict[str, dict[str, str]] = {}
        self.admins: list[tuple[str, str]] = []
        self._password: str | None = None

    @property
    def password(self) -> str:
        # One hash for every demo person: hashing hundreds of passwords would take minutes.
        if self._password is None:
            self._password = make_password(PASSWORD)
        return self._password

    def user(self, person: Person, **flags: bool) -> User:
        profile = person.profile() | flags
        user, _ = User.objects.update_or_create(
            email=person.email,
            defaults=profile,
            create_defaults={**profile, "password": self.password},
        )
        return user

    def organization(self, slug: str, admin: Person, **fields: Any) -> Organization:
        organization, _ = Organization.objects.update_or_create(slug=slug, defaults=fields)
        organization.full_clean()
        organization.admins.set([self.user(admin)])
        self.admins.append((organization.name, admin.email))
        return organization

    def program(self, slug: str, **fields: Any) -> Program:
        program, _ = Program.objects.update_or_create(slug=slug, defaults=fields)
        program.full_clean()
        self.logins[program.name] = {}
        return program

    def wave(
        self, program: Program, number: int, name: str, starts_on: date, ends_on: date
    ) -> Wave:
        wave, _ = Wave.objects.update_or_create(
            program=program,
            number=number,
            defaults={"name": name, "starts_on": starts_on, "ends_on": ends_on},
        )
        wave.full_clean()
        return wave

    def track(self, program: Program, name: str, description: str) -> Track:
        track, _ = Track.objects.update_or_create(
            program=program, name=name, defaults={"description": description}
        )
        return track

    def focus_areas(self, program: Program, areas: Sequence[Area]) -> dict[str, FocusArea]:
        rows = {}
        for area in areas:
            rows[area.name], _ = FocusArea.objects.update_or_create(
                program=program,
                name=area.name,
                defaults={"kind": area.kind, "description": area.description},
            )
        return rows

    def member(
        self,
        user: User,
        program: Program,
        role: Role,
        *,
        wave: Wave | None = None,
        track: Track | None = None,
        areas: Sequence[FocusArea] = (),
        alumnus: bool = False,
        login: bool = False,
    ) -> Membership:
        membership, _ = Membership.objects.update_or_create(
            user=user,
            program=program,
            role=role,
            defaults={"wave": wave, "track": track, "is_alumnus": alumnus},
        )
        membership.focus_areas.set(areas)
        if login:
            self.logins[program.name].setdefault(role.value, user.email)
        return membership

    def staff(
        self, program: Program, role: Role, person: Person, *, wave: Wave | None = None
    ) -> User:
        """A named person in a non-participant role, shown in the login table."""
        user = self.user(person)
        self.member(user, program, role, wave=wave, login=True)
        return user

    def operator(self) -> None:
        self.user(
            Person(
                email=self.people.reserve("admin"),
                full_name="Operación Puente",
                joined=_at(date(2026, 1, 5)),
                job_title="Operadora de la plataforma",
                organization="Puente",
            ),
            is_staff=True,
            is_superuser=True,
        )

    # --- 1. A tech community: a pilot wave, then a wave ten times larger with alumni mentoring.

    def comunidad(self) -> None:
        rng = random.Random(SEED + 1)
        starts_on = date(2026, 2, 2)
        organization = self.organization(
            "comunidad-codigo-abierto",
            Person(
                email=self.people.reserve("admin.comunidad"),
                full_name="Hernán Darío Cárdenas Rojas",
                preferred_name="Hernán",
                joined=_at(date(2025, 11, 3)),
                gender=MAN,
                organization="Comunidad Código Abierto",
                job_title="Cofundador y director ejecutivo",
                seniority=Seniority.EXECUTIVE,
                years_experience=17,
                bio="Cofundé la comunidad en 2019 para que más personas de la región entren a la "
                "industria tecnológica sin pagar un posgrado.",
            ).at(COLOMBIA[1]),
            name="Comunidad Código Abierto",
            country="Colombia",
            website="https://codigoabierto.example",
            description="Comunidad de personas que desarrollan software en Iberoamérica: meetups, "
            "talleres y mentoría voluntaria, todo en español.",
        )
        program = self.program(
            "mentoria-codigo-abierto",
            organization=organization,
            name="Mentoría Código Abierto",
            purpose="Acompañar a personas que quieren entrar a la industria tecnológica o dar el "
            "salto a liderar equipos, con mentoras y mentores voluntarios de la comunidad en toda "
            "Iberoamérica. Cada pareja tiene diez encuentros en línea, uno cada dos semanas, "
            "durante 20 semanas.",
            format=Program.Format.ONE_TO_ONE,
            delivery=Program.Delivery.VIRTUAL,
            starts_on=starts_on,
            ends_on=date(2027, 1, 29),
            hours_per_week=Decimal("1.0"),
            planned_meetings=10,
            cadence=Program.Cadence.BIWEEKLY,
            country="CO",
            status=Program.Status.RUNNING,
        )
        pilot = self.wave(program, 1, "Piloto", starts_on, date(2026, 5, 29))
        scale = self.wave(program, 2, "Escalamiento", date(2026, 8, 3), date(2027, 1, 29))
        entrar = self.track(
            program,
            "Entrar a la industria",
            "Para quienes buscan su primer empleo en tecnología: portafolio, entrevistas y "
            "primeros meses en un equipo.",
        )
        liderar = self.track(
            program,
            "Liderar equipos",
            "Para desarrolladoras y desarrolladores con experiencia que empiezan a liderar "
            "personas.",
        )
        areas = self.focus_areas(program, COMUNIDAD_AREAS)
        track_areas = {
            entrar.pk: [a for a in COMUNIDAD_AREAS if a.name in ENTRAR_AREAS],
            liderar.pk: [a for a in COMUNIDAD_AREAS if a.name in LIDERAR_AREAS],
        }
        staff_joined = _at(starts_on - timedelta(days=60))

        self.staff(
            program,
            Role.COORDINATOR,
            Person(
                email=self.people.reserve("coordinadora.comunidad"),
                full_name="Paula Andrea Restrepo Ospina",
                preferred_name="Pau",
                joined=staff_joined,
                gender=WOMAN,
                organization="Comunidad Código Abierto",
                job_title="Coordinadora de mentoría",
                department="Programas",
                seniority=Seniority.MANAGER,
                years_experience=9,
                bio="Coordino la mentoría de la comunidad desde el piloto. Antes fui "
                "desarrolladora frontend y organizadora de meetups en Medellín.",
            ).at(COLOMBIA[1]),
        )
        self.staff(
            program,
            Role.REVIEWER,
            Person(
                email=self.people.reserve("revisor.comunidad"),
                full_name="Joaquín Sepúlveda Araya",
                joined=staff_joined,
                gender=MAN,
                organization="Cóndor Cloud",
                job_title="Staff engineer",
                department="Ingeniería",
                seniority=Seniority.SENIOR,
                years_experience=14,
                bio="Reviso postulaciones de la comunidad desde 2024. Me fijo en la motivación y "
                "en lo que cada persona ya construyó, no en sus títulos.",
            ).at(CHILE[0]),
        )
        self.staff(
            program,
            Role.REVIEWER,
            Person(
                email=self.people.reserve("revisora2.comunidad"),
                full_name="Lucía Iglesias Navarro",
                joined=staff_joined,
                gender=WOMAN,
                language="en",
                organization="Datarama",
                job_title="Engineering manager",
                department="Ingeniería",
                seniority=Seniority.MANAGER,
                years_experience=12,
                bio="Gerente de ingeniería en Madrid; trabajo en inglés y reviso postulaciones de "
                "la ruta Liderar equipos.",
            ).at(SPAIN[0]),
        )
        self.staff(
            program,
            Role.TUTOR,
            Person(
                email=self.people.reserve("tutora.comunidad"),
                full_name="Ximena Torres Villalobos",
                joined=staff_joined,
                gender=WOMAN,
                organization="Comunidad Código Abierto",
                job_title="Líder de la red de mentoras",
                department="Programas",
                seniority=Seniority.SENIOR,
                years_experience=11,
                bio="Acompaño a las parejas de la segunda ola: reviso que se reúnan y ayudo "
                "cuando una relación se traba.",
            ).at(MEXICO_PLACES[0]),
            wave=scale,
        )
        self.staff(
            program,
            Role.OBSERVER,
            Person(
                email=self.people.reserve("observadora.comunidad"),
                full_name="Carolina Méndez Solís",
                joined=staff_joined,
                gender=WOMAN,
                organization="Fundación Horizonte Digital",
                job_title="Oficial de programas",
                seniority=Seniority.MANAGER,
                years_experience=10,
                bio="La Fundación Horizonte Digital financia la segunda ola del programa.",
            ).at(COSTA_RICA[0]),
        )

        def mentor(wave: Wave, track: Track) -> tuple[Person, list[FocusArea]]:
            person = self.people.invent(rng, IBEROAMERICA, _joined_before(rng, wave.starts_on))
            title, department, seniority = rng.choice(TECH_MENTOR_ROLES)
            company = rng.choice(TECH_COMPANIES)
            years = rng.randint(6, 22)
            picked, offer, _ = _pick_areas(rng, track_areas[track.pk], rng.randint(2, 3))
            person.organization = company
            person.job_title = _gendered(title, person.feminine)
            person.department = department
            person.seniority = seniority
            person.years_experience = years
            person.areas_offered = _sentences(offer)
            person.bio = (
                f"{person.job_title} en {company}, con {years} años en la industria. "
                f"{rng.choice(MENTOR_MOTIVATIONS)}"
            )
            if rng.random() < 0.3:
                person.links = f"https://www.linkedin.example/in/{person.email.split('@')[0]}"
            return person, [areas[a.name] for a in picked]

        def mentee(wave: Wave, track: Track) -> tuple[Person, list[FocusArea]]:
            person = self.people.invent(rng, IBEROAMERICA, _joined_before(rng, wave.starts_on))
            roles = ENTRAR_MENTEE_ROLES if track == entrar else LIDERAR_MENTEE_ROLES
            title, seniority, low, high, employed, story = rng.choice(roles)
            picked, _, want = _pick_areas(rng, track_areas[track.pk], rng.randint(2, 3))
            person.job_title = _gendered(title, person.feminine)
            person.organization = rng.choice(TECH_COMPANIES) if employed else ""
            person.seniority = seniority
            person.years_experience = rng.randint(low, high)
            person.areas_wanted = _sentences(want)
            person.bio = f"{person.job_title}. {story} Busco ayuda para {want[0]}."
            return person, [areas[a.name] for a in picked]

        def track_for(share_entrar: float) -> Track:
            return entrar if rng.random() < share_entrar else liderar

        # Wave 1, the pilot: 5 mentors and 10 mentees, finished.
        for _ in range(5):
            track = track_for(0.6)
            person, picked = mentor(pilot, track)
            self.member(
                self.user(person), program, Role.MENTOR, wave=pilot, track=track, areas=picked
            )

        alumna = Person(
            email=self.people.reserve("mentora.comunidad"),
            full_name="Daniela Quispe Huamán",
            preferred_name="Dani",
            joined=_at(date(2026, 1, 12), hour=22),
            gender=WOMAN,
            organization="Kuna Software",
            job_title="Desarrolladora backend",
            department="Ingeniería",
            seniority=Seniority.JUNIOR,
            years_experience=1,
            bio="Fui mentee en el piloto de 2026: llegué desde la contabilidad y hoy programo en "
            "Python. Ahora acompaño a quienes están donde yo estaba hace un año.",
            areas_offered="Pasar de otra carrera a la programación, armar un portafolio que "
            "consiga entrevistas y preparar entrevistas técnicas.",
            areas_wanted="Buenas prácticas de código y comunicación en equipos remotos.",
        ).at(PERU[0])
        pilot_mentees: list[tuple[Person, list[FocusArea]]] = [
            (alumna, [areas["Portafolio y proyectos"], areas["Entrevistas técnicas"]])
        ]
        for _ in range(9):
            pilot_mentees.append(mentee(pilot, entrar))
        # Three more pilot mentees came back as mentors: their profile shows where they are now.
        alumni = {0, *rng.sample(range(1, len(pilot_mentees)), 3)}
        for index in sorted(alumni - {0}):
            person, _ = pilot_mentees[index]
            company = rng.choice(TECH_COMPANIES)
            person.job_title = _gendered(
                "Desarrolladora junior|Desarrollador junior", person.feminine
            )
            person.organization = company
            person.department = "Ingeniería"
            person.seniority = Seniority.JUNIOR
            person.years_experience = 1
            person.areas_offered = _sentences(
                [
                    "pasar de otra carrera a la programación",
                    rng.choice(COMUNIDAD_AREAS[5].offer),
                    rng.choice(COMUNIDAD_AREAS[4].offer),
                ]
            )
            person.bio = (
                f"{person.job_title} en {company}. Fui mentee en el piloto y ahora acompaño a "
                "quienes buscan su primer empleo en tecnología."
            )
        for index, (person, picked) in enumerate(pilot_mentees):
            user = self.user(person)
            self.member(user, program, Role.MENTEE, wave=pilot, track=entrar, areas=picked)
            if index in alumni:
                self.member(
                    user,
                    program,
                    Role.MENTOR,
                    wave=scale,
                    track=entrar,
                    areas=[areas["Portafolio y proyectos"], areas["Entrevistas técnicas"]],
                    alumnus=True,
                    login=index == 0,
                )

        # Wave 2, the scale-up: 40 mentors (4 of them alumni) and 110 mentees, running.
        for _ in range(40 - len(alumni)):
            track = track_for(0.55)
            person, picked = mentor(scale, track)
            self.member(
                self.user(person), program, Role.MENTOR, wave=scale, track=track, areas=picked
            )
        self.member(
            self.user(
                Person(
                    email=self.people.reserve("mentee.comunidad"),
                    full_name="Mateo Gómez Rivera",
                    joined=_at(date(2026, 7, 6), hour=20),
                    gender=MAN,
                    organization="Tambo Logística",
                    job_title="Analista de soporte técnico",
                    department="Tecnología",
                    seniority=Seniority.JUNIOR,
                    years_experience=2,
                    bio="Trabajo en soporte técnico y aprendo desarrollo web por las noches. "
                    "Quiero pasar al equipo de desarrollo antes de fin de año.",
                    areas_wanted="Armar un portafolio que consiga entrevistas, preparar "
                    "entrevistas técnicas y superar el síndrome del impostor.",
                ).at(COLOMBIA[0])
            ),
            program,
            Role.MENTEE,
            wave=scale,
            track=entrar,
            areas=[
                areas["Portafolio y proyectos"],
                areas["Entrevistas técnicas"],
                areas["Confianza"],
            ],
            login=True,
        )
        for _ in range(109):
            track = track_for(0.7)
            person, picked = mentee(scale, track)
            self.member(
                self.user(person), program, Role.MENTEE, wave=scale, track=track, areas=picked
            )

    # --- 2. Reverse mentoring inside an insurer: juniors mentor executives.

    def inversa(self) -> None:
        rng = random.Random(SEED + 2)
        company = "Grupo Andino de Seguros"
        starts_on = date(2027, 1, 11)
        organization = self.organization(
            "grupo-andino-de-seguros",
            Person(
                email=self.people.reserve("admin.grupoandino"),
                full_name="Beatriz Londoño Arias",
                joined=_at(date(2026, 9, 14)),
                gender=WOMAN,
                organization=company,
                job_title="Gerente de Sistemas de Talento Humano",
                department="Talento Humano",
                seniority=Seniority.MANAGER,
                years_experience=16,
            ).at(COLOMBIA[0]),
            name=company,
            country="Colombia",
            website="https://grupoandinoseguros.example",
            description="Aseguradora con 3.200 colaboradores en Colombia y Perú.",
        )
        program = self.program(
            "mentoria-inversa",
            organization=organization,
            name="Mentoría inversa",
            purpose="Que el comité directivo aprenda de colaboradores jóvenes sobre herramientas "
            "digitales, inteligencia artificial, redes sociales y nuevas formas de trabajo, y que "
            "ellos conozcan de cerca la estrategia del negocio. Diez encuentros en seis meses, "
            "presenciales o en línea.",
            format=Program.Format.REVERSE,
            delivery=Program.Delivery.HYBRID,
            starts_on=starts_on,
            ends_on=date(2027, 7, 9),
            hours_per_week=Decimal("1.0"),
            planned_meetings=10,
            cadence=Program.Cadence.BIWEEKLY,
            country="CO",
            status=Program.Status.MATCHING,
        )
        wave = self.wave(program, 1, "Cohorte 2027", starts_on, date(2027, 7, 9))
        areas = self.focus_areas(program, INVERSA_AREAS)
        by_name = {area.name: area for area in INVERSA_AREAS}
        junior_areas = [by_name[name] for name in JUNIOR_TEACHES]
        executive_areas = [by_name[name] for name in EXECUTIVE_TEACHES]
        staff_joined = _at(date(2026, 10, 5))

        self.staff(
            program,
            Role.COORDINATOR,
            Person(
                email=self.people.reserve("coordinadora.inversa"),
                full_name="Natalia Rojas Montoya",
                joined=staff_joined,
                gender=WOMAN,
                organization=company,
                job_title="Gerente de Desarrollo Organizacional",
                department="Talento Humano",
                seniority=Seniority.MANAGER,
                years_experience=13,
                bio="Lidero los programas de desarrollo de Talento Humano. Propuse la mentoría "
                "inversa al comité directivo en 2026.",
            ).at(COLOMBIA[0]),
        )
        self.staff(
            program,
            Role.REVIEWER,
            Person(
                email=self.people.reserve("revisor.inversa"),
                full_name="Andrés Felipe Zapata Mora",
                preferred_name="Pipe",
                joined=staff_joined,
                gender=MAN,
                organization=company,
                job_title="Socio de Talento Humano (HRBP)",
                department="Talento Humano",
                seniority=Seniority.SENIOR,
                years_experience=8,
            ).at(COLOMBIA[1]),
        )
        self.staff(
            program,
            Role.TUTOR,
            Person(
                email=self.people.reserve("tutora.inversa"),
                full_name="Lorena Castillo Medina",
                joined=staff_joined,
                gender=WOMAN,
                organization=company,
                job_title="Especialista de Aprendizaje",
                department="Talento Humano",
                seniority=Seniority.SENIOR,
                years_experience=9,
                bio="Acompaño a las parejas: preparo a los jóvenes para su primer encuentro con "
                "un ejecutivo y hago seguimiento a los acuerdos.",
            ).at(COLOMBIA[0]),
            wave=wave,
        )
        self.staff(
            program,
            Role.OBSERVER,
            Person(
                email=self.people.reserve("observador.inversa"),
                full_name="Alejandro Vargas Echeverría",
                joined=staff_joined,
                gender=MAN,
                organization=company,
                job_title="Vicepresidente de Talento Humano",
                department="Talento Humano",
                seniority=Seniority.EXECUTIVE,
                years_experience=24,
                bio="Patrocinador del programa ante el comité directivo.",
            ).at(COLOMBIA[0]),
        )

        juniors = [
            (
                Person(
                    email=self.people.reserve("mentora.inversa"),
                    full_name="Valentina Herrera Cruz",
                    preferred_name="Vale",
                    joined=_at(date(2026, 11, 2), hour=18),
                    gender=WOMAN,
                    organization=company,
                    job_title="Analista de Marketing Digital",
                    department="Mercadeo",
                    seniority=Seniority.JUNIOR,
                    years_experience=2,
                    bio="Manejo las redes sociales de la compañía y los tableros de campañas. "
                    "Quiero entender cómo se decide la estrategia comercial.",
                    areas_offered="Redes sociales y marca personal, LinkedIn para ejecutivos y "
                    "análisis de campañas digitales.",
                    areas_wanted="Entender la estrategia de la compañía y crecer hacia un rol de "
                    "liderazgo.",
                ).at(COLOMBIA[0]),
                [
                    areas["Redes sociales y marca personal"],
                    areas["Experiencia digital del cliente"],
                    areas["Analítica de datos"],
                ],
            )
        ]
        for _ in range(11):
            person = self.people.invent(
                rng, ANDINO_OFFICES, _joined_before(rng, date(2026, 11, 30))
            )
            title, department = rng.choice(JUNIOR_ROLES)
            picked, offer, _ = _pick_areas(rng, junior_areas, rng.randint(2, 3))
            _, _, want = _pick_areas(rng, executive_areas, 2)
            person.organization = company
            person.job_title = _gendered(title, person.feminine)
            person.department = department
            person.seniority = Seniority.JUNIOR
            person.years_experience = rng.randint(1, 3)
            person.areas_offered = _sentences(offer)
            person.areas_wanted = _sentences(want)
            person.bio = (
                f"{person.job_title}, área de {department}. Puedo enseñar {offer[0]}, y me "
                f"interesa {want[0]}."
            )
            juniors.append((person, [areas[a.name] for a in picked]))

        executives = [
            (
                Person(
                    email=self.people.reserve("mentee.inversa"),
                    full_name="Gonzalo Iturbide Paredes",
                    joined=_at(date(2026, 10, 20), hour=13),
                    gender=MAN,
                    organization=company,
                    job_title="Vicepresidente Financiero",
                    department="Finanzas",
                    seniority=Seniority.EXECUTIVE,
                    years_experience=27,
                    bio="Llevo 27 años en seguros, los últimos ocho en la vicepresidencia "
                    "financiera. Quiero usar inteligencia artificial y datos sin depender de "
                    "intermediarios.",
                    areas_offered="Estrategia del negocio asegurador y gestión de carrera en una "
                    "gran empresa.",
                    areas_wanted="Usar IA generativa con criterio y leer e interpretar tableros "
                    "de datos.",
                ).at(COLOMBIA[0]),
                [areas["Inteligencia artificial generativa"], areas["Analítica de datos"]],
            )
        ]
        for title, department, seniority in rng.sample(EXECUTIVE_ROLES, 11):
            person = self.people.invent(
                rng, ANDINO_OFFICES, _joined_before(rng, date(2026, 11, 30)), english=0.1
            )
            picked, _, want = _pick_areas(rng, junior_areas, rng.randint(2, 3))
            _, offer, _ = _pick_areas(rng, executive_areas, 2)
            years = rng.randint(15, 30)
            person.organization = company
            person.job_title = _gendered(title, person.feminine)
            person.department = department
            person.seniority = seniority
            person.years_experience = years
            person.areas_offered = _sentences(offer)
            person.areas_wanted = _sentences(want)
            person.bio = (
                f"{person.job_title}, {years} años de experiencia en el sector asegurador. "
                f"En este programa quiero {want[0]}."
            )
            executives.append((person, [areas[a.name] for a in picked]))

        for index, (person, chosen) in enumerate(juniors):
            user = self.user(person)
            self.member(user, program, Role.MENTOR, wave=wave, areas=chosen, login=index == 0)
        for index, (person, chosen) in enumerate(executives):
            user = self.user(person)
            self.member(user, program, Role.MENTEE, wave=wave, areas=chosen, login=index == 0)

    # --- 3. Development finance: women-owned businesses mentored toward corporate buyers.

    def proveedoras(self) -> None:
        rng = random.Random(SEED + 3)
        bank = "Banco de Desarrollo del Pacífico"
        starts_on = date(2026, 3, 2)
        organization = self.organization(
            "banco-desarrollo-pacifico",
            Person(
                email=self.people.reserve("admin.bdp"),
                full_name="Ignacio Urrutia Fuentes",
                preferred_name="Nacho",
                joined=_at(date(2025, 12, 1)),
                gender=MAN,
                organization=bank,
                job_title="Jefe de la Unidad de Género y Pymes",
                department="Desarrollo empresarial",
                seniority=Seniority.MANAGER,
                years_experience=18,
            ).at(PANAMA[0]),
            name=bank,
            country="Panamá",
            website="https://bdpacifico.example",
            description="Banco regional de desarrollo que financia pymes y cadenas de "
            "valor en los países de la costa del Pacífico.",
        )
        buyers = [
            BuyerOrganization.objects.update_or_create(
                organization=organization, name=name, defaults=fields
            )[0]
            for name, fields in BUYERS
        ]
        program = self.program(
            "mujeres-proveedoras",
            organization=organization,
            name="Mujeres Proveedoras",
            purpose="Preparar a empresas de mujeres para vender a grandes compradores "
            "corporativos: formalización, finanzas, calidad, precios y procesos de compra. Cada "
            "empresa tiene una mentora o un mentor especialista durante 16 semanas (12 "
            "encuentros) y una tutora que acompaña a todo su grupo.",
            format=Program.Format.ONE_TO_ONE,
            delivery=Program.Delivery.HYBRID,
            starts_on=starts_on,
            ends_on=date(2027, 6, 30),
            hours_per_week=Decimal("2.0"),
            planned_meetings=12,
            cadence=Program.Cadence.WEEKLY,
            # The bank is in Panamá; most of the businesses, and the program's calendar, in
            # Colombia: its public holidays are skipped.
            country="CO",
            status=Program.Status.RUNNING,
        )
        program.buyers.set(buyers)
        # Three cohorts of 16 weeks: the first closed, the second running, the third ahead.
        waves = [
            self.wave(
                program, number, f"Cohorte {number}", start, start + timedelta(weeks=16, days=-1)
            )
            for number, start in enumerate([starts_on, date(2026, 9, 7), date(2027, 3, 1)], start=1)
        ]
        primera = self.track(
            program,
            "Primera venta a empresas",
            "Para empresas que todavía no le han vendido a un comprador corporativo.",
        )
        recurrente = self.track(
            program,
            "Proveedora recurrente",
            "Para empresas que ya vendieron a una gran empresa y quieren volverse proveedoras "
            "estables.",
        )
        areas = self.focus_areas(program, PROVEEDORAS_AREAS)
        staff_joined = _at(starts_on - timedelta(days=75))

        self.staff(
            program,
            Role.COORDINATOR,
            Person(
                email=self.people.reserve("coordinadora.proveedoras"),
                full_name="Marcela Cifuentes Ortiz",
                joined=staff_joined,
                gender=WOMAN,
                organization=bank,
                job_title="Coordinadora del programa Mujeres Proveedoras",
                department="Desarrollo empresarial",
                seniority=Seniority.MANAGER,
                years_experience=12,
                bio="Coordino el programa desde su diseño. Antes trabajé diez años en desarrollo "
                "de proveedores en el sector minorista.",
            ).at(PANAMA[0]),
        )
        self.staff(
            program,
            Role.REVIEWER,
            Person(
                email=self.people.reserve("revisora.proveedoras"),
                full_name="Verónica Salinas Paz",
                joined=staff_joined,
                gender=WOMAN,
                organization=bank,
                job_title="Especialista en desarrollo de proveedores",
                department="Desarrollo empresarial",
                seniority=Seniority.SENIOR,
                years_experience=10,
            ).at(PERU[0]),
        )
        self.staff(
            program,
            Role.OBSERVER,
            Person(
                email=self.people.reserve("observadora.proveedoras"),
                full_name="Isabel Cortés Valenzuela",
                joined=staff_joined,
                gender=WOMAN,
                organization="Fondo Iberoamericano para la Equidad",
                job_title="Oficial de inversión",
                seniority=Seniority.SENIOR,
                years_experience=15,
                bio="El Fondo Iberoamericano para la Equidad financia el programa y sigue sus "
                "indicadores de ventas y empleo.",
            ).at(MEXICO_PLACES[0]),
        )
        tutor_persona = Person(
            email=self.people.reserve("tutora.proveedoras"),
            full_name="Rosa Elvira Mamani Quispe",
            joined=_at(date(2026, 8, 3)),
            gender=WOMAN,
            organization="Centro de Desarrollo Empresarial del Pacífico",
            job_title="Tutora empresarial",
            department="Asesoría a pymes",
            seniority=Seniority.SENIOR,
            years_experience=14,
            bio="Acompaño a un grupo de diez empresas: reviso sus planes de mejora y las conecto "
            "con los recursos del programa.",
        ).at(PERU[0])
        mentor_persona = Person(
            email=self.people.reserve("mentora.proveedoras"),
            full_name="Adriana Gutiérrez Lozano",
            joined=_at(date(2026, 8, 10)),
            gender=WOMAN,
            organization="Supermercados El Trigal",
            job_title="Gerente de compras",
            department="Abastecimiento",
            seniority=Seniority.MANAGER,
            years_experience=19,
            bio="Compro alimentos procesados para 48 tiendas. Sé lo que un comprador revisa antes "
            "de registrar a un proveedor nuevo y quiero que más empresas de mujeres lo logren.",
            areas_offered="Cómo funciona una orden de compra de principio a fin, negociación de "
            "precios y plazos y registros sanitarios.",
        ).at(COLOMBIA[2])
        mentee_persona = Person(
            email=self.people.reserve("empresaria.proveedoras"),
            full_name="Yolanda Caicedo Ramírez",
            preferred_name="Yoli",
            joined=_at(date(2026, 8, 12), hour=21),
            gender=WOMAN,
            organization="Confecciones Yoli S.A.S.",
            job_title="Fundadora y gerente general",
            seniority=Seniority.OWNER,
            years_experience=11,
            bio="Fundé Confecciones Yoli hace nueve años en Cali: hacemos uniformes y ropa de "
            "trabajo. Somos 14 personas, casi todas mujeres del barrio.",
            areas_wanted="Cotizar pedidos grandes sin perder dinero, inscribirme en portales de "
            "proveedores y negociar precio y plazo de pago.",
        ).at(COLOMBIA[2])
        persona_areas = [
            areas["Precios y costos"],
            areas["Proceso de órdenes de compra"],
            areas["Negociación"],
        ]
        legal_names: set[str] = {PERSONA_BUSINESS["legal_name"]}

        def business(person: Person) -> tuple[dict[str, Any], Track, list[FocusArea]]:
            activity, prefixes, products = rng.choice(ACTIVITIES)
            first = person.full_name.split(" ")[0]
            while True:
                tail = rng.choice(BUSINESS_TAILS).format(first=first)
                suffix = LEGAL_SUFFIXES[person.country]
                legal_name = f"{rng.choice(prefixes)} {tail} {rng.choice(suffix)}"
                if legal_name not in legal_names:
                    legal_names.add(legal_name)
                    break
            years = rng.randint(2, 15)
            size = BusinessSize.MICRO if rng.random() < 0.7 else BusinessSize.SMALL
            staff = rng.randint(2, 10) if size == BusinessSize.MICRO else rng.randint(11, 35)
            sold = rng.random() < 0.35
            prior = ""
            if sold:
                year = rng.randint(2021, 2025)
                prior = f"Pedidos de {products} para {rng.choice(PRIOR_CLIENTS)} en {year}."
            picked, _, want = _pick_areas(rng, PROVEEDORAS_BUSINESS, 2)
            personal, _, personal_want = _pick_areas(rng, PROVEEDORAS_PERSONAL, 1)
            person.organization = legal_name
            person.job_title = rng.choice(OWNER_TITLES)
            person.seniority = Seniority.OWNER
            person.years_experience = years + rng.randint(0, 12)
            person.gender = WOMAN
            person.areas_wanted = _sentences(want + personal_want)
            person.areas_offered = f"Experiencia en {activity.lower()}: {products}."
            person.bio = (
                f"Fundé {legal_name} hace {years} años en {person.city}: hacemos {products}. "
                f"Somos {staff} personas. Quiero {want[0]}."
            )
            profile = {
                "legal_name": legal_name,
                "economic_activity": activity,
                "size": size,
                "country": person.country,
                "city": person.city,
                "years_operating": years,
                "women_owned": True,
                "sold_to_corporates": sold,
                "prior_corporate_sales": prior,
                **business_fields(legal_name, staff),
            }
            return (
                profile,
                recurrente if sold else primera,
                [areas[a.name] for a in picked + personal],
            )

        def specialist(wave: Wave) -> tuple[Person, Track, list[FocusArea]]:
            person = self.people.invent(
                rng, PACIFICO, _joined_before(rng, wave.starts_on), women=0.6
            )
            title, department, names = rng.choice(SPECIALTIES)
            years = rng.randint(8, 25)
            offered = [rng.choice(area.offer) for area in PROVEEDORAS_AREAS if area.name in names]
            person.organization = rng.choice(SPECIALIST_ORGANIZATIONS)
            person.job_title = _gendered(title, person.feminine)
            person.department = department
            person.seniority = Seniority.MANAGER if years > 15 else Seniority.SENIOR
            person.years_experience = years
            person.areas_offered = _sentences(offered)
            person.bio = (
                f"{person.job_title} con {years} años de experiencia. "
                f"Acompaño a emprendedoras en {offered[0]}."
            )
            track = primera if rng.random() < 0.65 else recurrente
            return person, track, [areas[name] for name in names]

        def tutor(wave: Wave) -> Person:
            person = self.people.invent(
                rng, PACIFICO, _joined_before(rng, wave.starts_on), women=0.8
            )
            person.organization = "Centro de Desarrollo Empresarial del Pacífico"
            person.job_title = _gendered("Tutora empresarial|Tutor empresarial", person.feminine)
            person.department = "Asesoría a pymes"
            person.seniority = Seniority.SENIOR
            person.years_experience = rng.randint(8, 20)
            person.bio = "Tutoría generalista para un grupo de hasta diez empresas del programa."
            return person

        for wave, size in zip(waves, (12, 18, 8), strict=True):
            persona = wave.number == 2
            owners = [mentee_persona] if persona else []
            owners += [
                self.people.invent(rng, PACIFICO, _joined_before(rng, wave.starts_on), women=1.0)
                for _ in range(size - len(owners))
            ]
            for index, person in enumerate(owners):
                if person is mentee_persona:
                    profile, track, picked = PERSONA_BUSINESS, recurrente, persona_areas
                else:
                    profile, track, picked = business(person)
                user = self.user(person)
                BusinessProfile.objects.update_or_create(owner=user, defaults=profile)
                self.member(
                    user,
                    program,
                    Role.MENTEE,
                    wave=wave,
                    track=track,
                    areas=picked,
                    login=persona and index == 0,
                )

            mentors = (
                [
                    (
                        mentor_persona,
                        recurrente,
                        [
                            areas["Proceso de órdenes de compra"],
                            areas["Negociación"],
                            areas["Calidad y certificaciones"],
                        ],
                    )
                ]
                if persona
                else []
            )
            mentors += [specialist(wave) for _ in range(size - len(mentors))]
            for index, (person, track, picked) in enumerate(mentors):
                self.member(
                    self.user(person),
                    program,
                    Role.MENTOR,
                    wave=wave,
                    track=track,
                    areas=picked,
                    login=persona and index == 0,
                )

            # One generalist tutor for every ten businesses (or fewer).
            tutors = [tutor_persona] if persona else []
            tutors += [tutor(wave) for _ in range(math.ceil(size / 10) - len(tutors))]
            for index, person in enumerate(tutors):
                self.member(
                    self.user(person),
                    program,
                    Role.TUTOR,
                    wave=wave,
                    login=persona and index == 0,
                )

    # --- Benchmarks: one program of 10,000 mentees, written in bulk.

    def gran_escala(self, *, mentees: int, mentors: int) -> None:
        rng = random.Random(SEED + 4)
        starts_on = date(2026, 2, 2)
        organization = self.organization(
            "alianza-latinoamericana-mentoria",
            Person(
                email=self.people.reserve("admin.alianza"),
                full_name="Florencia Benítez Sosa",
                joined=_at(date(2025, 12, 1)),
                gender=WOMAN,
                organization="Alianza Latinoamericana de Mentoría",
                job_title="Directora de operaciones",
                seniority=Seniority.EXECUTIVE,
                years_experience=15,
            ).at(ARGENTINA[0]),
            name="Alianza Latinoamericana de Mentoría",
            country="Argentina",
            website="https://alianzamentoria.example",
            description="Red de organizaciones de mentoría (datos sintéticos para pruebas de "
            "rendimiento).",
        )
        program = self.program(
            "programa-a-gran-escala",
            organization=organization,
            name="Programa a gran escala",
            purpose="Programa sintético para medir el rendimiento de Puente con 10.000 mentees.",
            format=Program.Format.ONE_TO_ONE,
            delivery=Program.Delivery.VIRTUAL,
            starts_on=starts_on,
            ends_on=date(2027, 1, 29),
            hours_per_week=Decimal("1.0"),
            planned_meetings=10,
            cadence=Program.Cadence.BIWEEKLY,
            status=Program.Status.MATCHING,
        )
        waves = [
            self.wave(program, 1, "Ola 1", starts_on, date(2026, 7, 31)),
            self.wave(program, 2, "Ola 2", date(2026, 8, 3), date(2027, 1, 29)),
        ]
        tracks = [
            self.track(program, "Entrar a la industria", "Primer empleo en tecnología."),
            self.track(program, "Liderar equipos", "Primeros pasos como líder."),
        ]
        areas = self.focus_areas(program, COMUNIDAD_AREAS)
        area_ids = [areas[a.name].pk for a in COMUNIDAD_AREAS]
        self.staff(
            program,
            Role.COORDINATOR,
            Person(
                email=self.people.reserve("coordinacion.escala"),
                full_name="Tomás Ferreyra Giménez",
                joined=_at(date(2025, 12, 1)),
                gender=MAN,
                organization="Alianza Latinoamericana de Mentoría",
                job_title="Coordinador de programas",
                seniority=Seniority.MANAGER,
                years_experience=8,
            ).at(ARGENTINA[0]),
        )

        Through = Membership.focus_areas.through
        people: list[tuple[Person, Role, Wave, Track, list[int]]] = []
        for role, count, digits in ((Role.MENTOR, mentors, 4), (Role.MENTEE, mentees, 5)):
            for i in range(count):
                wave = waves[i * len(waves) // max(count, 1)]
                feminine = rng.random() < 0.55
                first = rng.choice(WOMEN_NAMES if feminine else MEN_NAMES)
                place = rng.choice(IBEROAMERICA)
                surname, second = rng.sample(SURNAMES, 2)
                picked = rng.sample(range(len(area_ids)), 2)
                phrases = [
                    rng.choice(
                        COMUNIDAD_AREAS[k].offer if role == Role.MENTOR else COMUNIDAD_AREAS[k].want
                    )
                    for k in picked
                ]
                person = Person(
                    email=f"{LARGE_PREFIX}{role.value}.{i + 1:0{digits}d}@{DOMAIN}",
                    full_name=f"{first} {surname} {second}",
                    joined=_at(wave.starts_on - timedelta(days=30)),
                    language="en" if rng.random() < 0.05 else "es",
                    gender=WOMAN if feminine else MAN,
                    seniority=Seniority.SENIOR if role == Role.MENTOR else Seniority.JUNIOR,
                    years_experience=rng.randint(6, 20)
                    if role == Role.MENTOR
                    else rng.randint(0, 4),
                    areas_offered=_sentences(phrases) if role == Role.MENTOR else "",
                    areas_wanted=_sentences(phrases) if role == Role.MENTEE else "",
                ).at(place)
                track = tracks[0] if rng.random() < 0.6 else tracks[1]
                people.append((person, role, wave, track, [area_ids[k] for k in picked]))

        def existing_users() -> dict[str, int]:
            rows = User.objects.filter(email__startswith=LARGE_PREFIX).values_list("email", "pk")
            return dict(rows)

        known = existing_users()
        User.objects.bulk_create(
            [
                User(email=person.email, password=self.password, **person.profile())
                for person, *_ in people
                if person.email not in known
            ],
            batch_size=BATCH,
        )
        user_ids = existing_users()
        Membership.objects.bulk_create(
            [
                Membership(
                    user_id=user_ids[person.email],
                    program=program,
                    role=role,
                    wave=wave,
                    track=track,
                )
                for person, role, wave, track, _ in people
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        membership_ids = {
            (user_id, role): pk
            for user_id, role, pk in Membership.objects.filter(program=program).values_list(
                "user_id", "role", "pk"
            )
        }
        Through.objects.bulk_create(
            [
                Through(
                    membership_id=membership_ids[user_ids[person.email], role.value],
                    focusarea_id=area,
                )
                for person, role, _, _, picked in people
                for area in picked
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        for role in (Role.MENTOR, Role.MENTEE):
            first_email = next((person.email for person, r, *_ in people if r == role), None)
            if first_email is not None:
                self.logins[program.name][role.value] = first_email

    # --- The report printed at the end.

    def login_table(self) -> str:
        rows = [("operator", "every program, and /operators/", f"admin@{DOMAIN}")]
        for program, roles in self.logins.items():
            rows += [(role.value, program, roles[role.value]) for role in Role if role in roles]
        rows += [("org admin", organization, email) for organization, email in self.admins]
        role_width = max(len(role) for role, _, _ in rows) + 2
        where_width = max(len(where) for _, where, _ in rows) + 2
        lines = [f"Demo logins (password: {PASSWORD})"]
        lines += [
            f"  {role:<{role_width}}{where:<{where_width}}{email}" for role, where, email in rows
        ]
        return "\n".join(lines)


def summary() -> str:
    lines = ["Programs:"]
    programs = Program.objects.annotate(
        waves_count=Count("waves", distinct=True),
        mentors=Count("memberships", filter=Q(memberships__role=Role.MENTOR), distinct=True),
        mentees=Count("memberships", filter=Q(memberships__role=Role.MENTEE), distinct=True),
    ).filter(slug__in=DEMO_SLUGS)
    for program in programs.order_by("name"):
        lines.append(
            f"  {program.name} ({program.status}): waves {program.waves_count}, "
            f"mentors {program.mentors}, mentees {program.mentees}"
        )
    return "\n".join(lines)


# --- Content tables used above -----------------------------------------------------------------

TECH_COMPANIES = (
    "Nubética", "Datarama", "Kuna Software", "Pixel Andino", "Quetzal Pagos", "Cóndor Cloud",
    "Vértice Analítica", "Brújula Fintech", "Ceiba Salud Digital", "Colibrí Apps",
    "Tambo Logística", "Alpaca Data",
)  # fmt: skip
TECH_MENTOR_ROLES = (
    ("Desarrolladora backend sénior|Desarrollador backend sénior", "Ingeniería", Seniority.SENIOR),
    (
        "Desarrolladora frontend sénior|Desarrollador frontend sénior",
        "Ingeniería",
        Seniority.SENIOR,
    ),
    ("Líder técnica|Líder técnico", "Ingeniería", Seniority.MANAGER),
    ("Gerente de ingeniería", "Ingeniería", Seniority.MANAGER),
    ("Ingeniera de datos|Ingeniero de datos", "Datos", Seniority.SENIOR),
    ("Científica de datos|Científico de datos", "Datos", Seniority.SENIOR),
    ("Arquitecta de software|Arquitecto de software", "Arquitectura", Seniority.SENIOR),
    ("Diseñadora de producto|Diseñador de producto", "Diseño", Seniority.SENIOR),
    (
        "Ingeniera de confiabilidad (SRE)|Ingeniero de confiabilidad (SRE)",
        "Infraestructura",
        Seniority.SENIOR,
    ),
    ("Product manager", "Producto", Seniority.SENIOR),
    ("Líder de calidad (QA)", "Calidad", Seniority.MANAGER),
    (
        "Directora de tecnología (CTO)|Director de tecnología (CTO)",
        "Dirección",
        Seniority.EXECUTIVE,
    ),
)
# (title, seniority, years from, years to, employed in tech, their story)
MenteeRole = tuple[str, str, int, int, bool, str]
ENTRAR_MENTEE_ROLES: tuple[MenteeRole, ...] = (
    (
        "Estudiante de ingeniería de sistemas",
        "",
        0,
        0,
        False,
        "Estoy en los últimos semestres y nunca he trabajado en un equipo real.",
    ),
    (
        "Egresada de bootcamp de desarrollo web|Egresado de bootcamp de desarrollo web",
        "",
        0,
        1,
        False,
        "Terminé el bootcamp hace unos meses y estoy buscando mi primer empleo.",
    ),
    (
        "Desarrolladora junior|Desarrollador junior",
        Seniority.JUNIOR,
        0,
        2,
        True,
        "Llevo pocos meses en mi primer trabajo y siento que me falta mucho.",
    ),
    (
        "Analista de soporte técnico",
        Seniority.JUNIOR,
        1,
        3,
        True,
        "Aprendí a programar por mi cuenta y quiero pasar de soporte a desarrollo.",
    ),
    (
        "Docente en transición a la tecnología",
        "",
        0,
        1,
        False,
        "Enseñé matemáticas diez años y ahora estudio desarrollo web por las noches.",
    ),
    (
        "Analista QA junior",
        Seniority.JUNIOR,
        0,
        2,
        True,
        "Hago pruebas manuales y quiero aprender a automatizarlas.",
    ),
)
LIDERAR_MENTEE_ROLES: tuple[MenteeRole, ...] = (
    (
        "Desarrolladora sénior|Desarrollador sénior",
        Seniority.SENIOR,
        5,
        9,
        True,
        "Soy la referencia técnica de mi equipo y quiero dar el paso a liderar.",
    ),
    (
        "Líder técnica en formación|Líder técnico en formación",
        Seniority.MID,
        4,
        7,
        True,
        "Me acaban de pedir que lidere un equipo de cuatro personas.",
    ),
    (
        "Ingeniera de software|Ingeniero de software",
        Seniority.MID,
        3,
        6,
        True,
        "Quiero pasar de resolver tickets a hacer crecer a otras personas.",
    ),
    (
        "Analista de datos sénior",
        Seniority.SENIOR,
        5,
        8,
        True,
        "Coordino de hecho a dos analistas y nadie me ha enseñado a hacerlo.",
    ),
)
MENTOR_MOTIVATIONS = (
    "Me gusta acompañar a quienes empiezan, porque a mí también me abrieron puertas.",
    "Creo que la mentoría acorta caminos que recorrí a tropezones.",
    "Quiero devolverle a la comunidad lo que aprendí en sus meetups.",
    "Me interesa que haya más diversidad en los equipos técnicos de la región.",
    "Aprendo tanto como enseño: cada mentee me hace repensar cómo trabajo.",
)
JUNIOR_ROLES = (
    ("Analista de Marketing Digital", "Mercadeo"),
    ("Desarrolladora de software|Desarrollador de software", "Tecnología"),
    ("Analista de datos", "Analítica"),
    ("Practicante de Innovación", "Innovación"),
    ("Community manager", "Comunicaciones"),
    ("Analista de Experiencia del Cliente", "Experiencia del cliente"),
    ("Diseñadora UX|Diseñador UX", "Canales digitales"),
)
EXECUTIVE_ROLES: list[tuple[str, str, str]] = [
    ("Gerente de Riesgos", "Riesgos", Seniority.MANAGER),
    ("Directora Comercial|Director Comercial", "Comercial", Seniority.EXECUTIVE),
    ("Gerente de Operaciones", "Operaciones", Seniority.MANAGER),
    ("Directora Jurídica|Director Jurídico", "Jurídica", Seniority.EXECUTIVE),
    ("Gerente de Siniestros", "Siniestros", Seniority.MANAGER),
    (
        "Vicepresidenta de Suscripción|Vicepresidente de Suscripción",
        "Suscripción",
        Seniority.EXECUTIVE,
    ),
    ("Gerente de Auditoría Interna", "Auditoría", Seniority.MANAGER),
    ("Directora de Actuaría|Director de Actuaría", "Actuaría", Seniority.EXECUTIVE),
    ("Gerente Regional Perú", "Comercial", Seniority.MANAGER),
    ("Gerente de Tesorería", "Finanzas", Seniority.MANAGER),
    (
        "Vicepresidenta de Operaciones|Vicepresidente de Operaciones",
        "Operaciones",
        Seniority.EXECUTIVE,
    ),
    ("Directora de Canales|Director de Canales", "Comercial", Seniority.EXECUTIVE),
    ("Gerente de Reaseguros", "Reaseguros", Seniority.MANAGER),
]
ACTIVITIES = (
    (
        "Confección textil",
        ("Confecciones", "Textiles", "Creaciones"),
        "uniformes, lencería y ropa de trabajo",
    ),
    (
        "Alimentos procesados",
        ("Delicias", "Conservas", "Sabores"),
        "salsas, mermeladas y conservas",
    ),
    ("Artesanías", ("Artesanías", "Tejidos", "Manos"), "artesanías en fibras naturales y cerámica"),
    (
        "Servicios de limpieza",
        ("Limpieza Integral", "Servicios", "Brillo"),
        "limpieza de oficinas, bodegas y campamentos",
    ),
    (
        "Catering y alimentación para eventos",
        ("Catering", "Banquetes", "Sazón"),
        "alimentación para eventos y turnos de trabajo",
    ),
    (
        "Panadería y repostería",
        ("Panadería", "Repostería", "Horno"),
        "pan, galletas y repostería empacada",
    ),
    ("Cosmética natural", ("Botánica", "Naturales"), "jabones y amenidades naturales para hoteles"),
    (
        "Lavandería industrial",
        ("Lavandería", "Lavaseco"),
        "lavado de lencería hotelera y ropa de trabajo",
    ),
)
BUSINESS_TAILS = (
    "Santa Rita", "La Esperanza", "Tierra Viva", "El Manantial", "Mar y Sol", "Las Palmas",
    "Aurora", "Doña {first}", "{first}", "del Pacífico", "Nueva Luna", "Raíces", "La Ceiba",
    "Dos Ríos", "Buen Camino", "Manos Unidas", "El Guayacán",
)  # fmt: skip
LEGAL_SUFFIXES: dict[str, tuple[str, ...]] = {
    "Colombia": ("S.A.S.",),
    "Perú": ("S.A.C.", "E.I.R.L."),
    "Chile": ("SpA", "Ltda."),
    "México": ("S.A. de C.V.", "S. de R.L."),
    "Ecuador": ("Cía. Ltda.", "S.A.S."),
    "Costa Rica": ("S.R.L.", "S.A."),
    "Panamá": ("S.A.",),
}
PRIOR_CLIENTS = (
    "una clínica privada de la ciudad",
    "un hotel boutique",
    "una cadena local de restaurantes",
    "la alcaldía municipal",
    "una empresa de logística",
    "un colegio privado",
)
PERSONA_BUSINESS: dict[str, Any] = {
    "legal_name": "Confecciones Yoli S.A.S.",
    "economic_activity": "Confección textil",
    "size": BusinessSize.SMALL,
    "country": "Colombia",
    "city": "Cali",
    "years_operating": 9,
    "women_owned": True,
    "sold_to_corporates": True,
    "prior_corporate_sales": "Uniformes para una clínica privada de Cali (2024) y dotación para "
    "una empresa de vigilancia (2025).",
    # What the funders' definitions read: wholly hers, she manages it, no board.
    "women_ownership_share": Decimal(100),
    "woman_in_senior_management": True,
    "women_management_share": Decimal(75),
    "controlled_by_women": True,
    "has_board": False,
    "employees": 14,
    "annual_sales": Decimal(260_000),
    "total_assets": Decimal(140_000),
}
OWNER_TITLES = ("Fundadora y gerente general", "Gerente propietaria", "Representante legal")
SPECIALTIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "Consultora en finanzas para pymes|Consultor en finanzas para pymes",
        "Finanzas",
        ("Finanzas y flujo de caja", "Precios y costos"),
    ),
    (
        "Auditora de calidad ISO 9001|Auditor de calidad ISO 9001",
        "Calidad",
        ("Calidad y certificaciones",),
    ),
    (
        "Gerente de compras",
        "Abastecimiento",
        ("Proceso de órdenes de compra", "Ventas a empresas", "Negociación"),
    ),
    (
        "Abogada corporativa|Abogado corporativo",
        "Jurídica",
        ("Registro formal y documentación legal",),
    ),
    ("Especialista en marketing digital", "Mercadeo", ("Presencia digital", "Comunicación")),
    (
        "Contadora pública|Contador público",
        "Contabilidad",
        ("Registro formal y documentación legal", "Finanzas y flujo de caja"),
    ),
    (
        "Coach de liderazgo empresarial",
        "Desarrollo humano",
        ("Liderazgo", "Confianza", "Comunicación"),
    ),
    (
        "Ejecutiva de cuentas corporativas|Ejecutivo de cuentas corporativas",
        "Ventas",
        ("Ventas a empresas", "Negociación", "Precios y costos"),
    ),
    (
        "Jefa de desarrollo de proveedores|Jefe de desarrollo de proveedores",
        "Abastecimiento",
        ("Proceso de órdenes de compra", "Calidad y certificaciones"),
    ),
)
SPECIALIST_ORGANIZATIONS = (
    "Supermercados El Trigal", "Cadena Hotelera Mar Azul", "Compañía Minera Cerro Alto",
    "Contadores Asociados del Sur", "Consultoría Raíces", "Paredes & Asociados Abogados",
    "Certifica Andina", "Agencia Digital Colibrí", "Consultoría independiente",
)  # fmt: skip
BUYERS: tuple[tuple[str, dict[str, str]], ...] = (
    (
        "Supermercados El Trigal",
        {
            "sector": "Comercio minorista de alimentos",
            "location": "Colombia y Ecuador: 48 tiendas, centro de distribución en Cali",
            "needs": "Alimentos procesados empacados (salsas, conservas, panadería), productos de "
            "aseo y servicios de limpieza para 48 tiendas en Colombia y Ecuador.",
            "technical_specifications": "Registro sanitario vigente; etiquetado nutricional según "
            "la norma de cada país; empaque con código de barras; vida útil mínima de seis meses; "
            "entregas semanales al centro de distribución de Cali.",
            "selection_criteria": "Empresa formalizada con facturación electrónica; precio "
            "competitivo; cumplimiento de entregas del 95 % o más; acepta pago a 60 días; visita "
            "de calidad aprobada.",
        },
    ),
    (
        "Cadena Hotelera Mar Azul",
        {
            "sector": "Hotelería y turismo",
            "location": "Perú, Chile y Costa Rica: 12 hoteles",
            "needs": "Lencería y uniformes, amenidades, artesanías para decoración, catering para "
            "eventos y lavandería para 12 hoteles en Perú, Chile y Costa Rica.",
            "technical_specifications": "Lencería 100 % algodón de 300 hilos; uniformes con "
            "logotipo bordado; muestras aprobadas antes de cada pedido; ficha técnica de cada "
            "producto; certificado de manipulación de alimentos para catering.",
            "selection_criteria": "Calidad de las muestras; sostenibilidad (materiales locales, "
            "empleo de mujeres); capacidad de producción; precio; dos referencias comerciales.",
        },
    ),
    (
        "Compañía Minera Cerro Alto",
        {
            "sector": "Minería",
            "location": "Norte de Chile y sur del Perú: faenas y campamentos",
            "needs": "Limpieza de oficinas y campamentos, alimentación para turnos y ropa de "
            "trabajo para 2.000 personas en el norte de Chile y el sur de Perú.",
            "technical_specifications": "Cumplimiento de normas de seguridad y salud en el "
            "trabajo; póliza de responsabilidad civil; personal afiliado a la seguridad social; "
            "ropa de trabajo con cintas reflectivas certificadas.",
            "selection_criteria": "Preferencia por empresas de las comunidades vecinas; "
            "certificación de seguridad; estados financieros de dos años; capacidad de facturar "
            "a 90 días; precio.",
        },
    ),
)
DEMO_SLUGS = (
    "mentoria-codigo-abierto",
    "mentoria-inversa",
    "mujeres-proveedoras",
    "programa-a-gran-escala",
)


class Command(BaseCommand):
    help = (
        "Create the demo programs with people in every role (safe to run again). "
        "--size large adds a program of 10,000 mentees for benchmarks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--size",
            choices=["demo", "large"],
            default="demo",
            help="demo: the three demo programs; large: also a 10,000-mentee program.",
        )
        # Sizes of the large program, so tests can exercise it with a few rows.
        parser.add_argument("--mentees", type=int, default=10_000, help=argparse.SUPPRESS)
        parser.add_argument("--mentors", type=int, default=1_000, help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        seeder = Seeder()
        # Demo data is nobody's act: it stays out of the audit trail (and seeds faster).
        with transaction.atomic(), disable_auditlog():
            seeder.operator()
            seeder.comunidad()
            seeder.inversa()
            seeder.proveedoras()
            seed_recruitment()
            seed_matching()
            seed_mentoring()
            seed_reports()
            seed_plans()
            seed_events()
            seed_feedback()
            seed_monitoring()
            seed_quality()
            # After the data-quality flags: the baselines are read from the figures they leave.
            seed_framework()
            seed_library()
            seed_community()
            seed_conversations()
            seed_report_stories()
            seed_waves()
            if options["size"] == "large":
                seeder.gran_escala(mentees=options["mentees"], mentors=options["mentors"])
                seed_large_activity()
        if options["verbosity"] > 0:
            self.stdout.write(summary())
            self.stdout.write(seeder.login_table())
            self.stdout.write(f"Done in {time.monotonic() - started:.1f} s.")
