"""The instrument templates that ship with Puente. A coordinator copies one and adapts it."""

from dataclasses import dataclass, field
from typing import Any

from puente.instruments.models import Instrument, QuestionType

T = QuestionType


def q(
    key: str, type: str, label: str, label_en: str, *, required: bool = True, **extra: Any
) -> dict[str, Any]:
    return {
        "key": key,
        "type": type,
        "label": label,
        "label_en": label_en,
        "required": required,
        **extra,
    }


def options(*pairs: tuple[str, str, str]) -> list[dict[str, str]]:
    return [{"value": v, "label": es, "label_en": en} for v, es, en in pairs]


@dataclass(frozen=True)
class Template:
    key: str
    name: str
    name_en: str
    kind: str
    description: str
    questions: list[dict[str, Any]] = field(default_factory=list)


SENIORITY = options(
    ("junior", "Junior", "Junior"),
    ("mid", "Intermedio", "Mid-level"),
    ("senior", "Sénior", "Senior"),
    ("manager", "Gerente o jefatura", "Manager"),
    ("executive", "Directivo", "Executive"),
)
HOURS = options(
    ("1", "1 hora a la semana", "1 hour a week"),
    ("2", "2 horas a la semana", "2 hours a week"),
    ("3", "3 o más horas a la semana", "3 or more hours a week"),
)

TEMPLATES: list[Template] = [
    Template(
        key="mentor-application",
        name="Postulación de mentoras y mentores",
        name_en="Mentor application",
        kind=Instrument.Kind.APPLICATION,
        description="Para quienes quieren acompañar a otras personas.",
        questions=[
            q("full_name", T.SHORT_TEXT, "Nombre completo", "Full name"),
            q("organization", T.SHORT_TEXT, "Organización", "Organization", required=False),
            q("job_title", T.SHORT_TEXT, "Cargo", "Job title", required=False),
            q(
                "years_experience",
                T.NUMBER,
                "Años de experiencia",
                "Years of experience",
                min_value=0,
                max_value=60,
            ),
            q(
                "why_mentor",
                T.LONG_TEXT,
                "¿Por qué quieres ser mentora o mentor?",
                "Why do you want to be a mentor?",
            ),
            q(
                "offer",
                T.LONG_TEXT,
                "¿Qué puedes ofrecer?",
                "What can you offer?",
                help_text="Experiencia, habilidades, contactos.",
                help_text_en="Experience, skills, contacts.",
            ),
            q(
                "focus_areas",
                T.FOCUS_AREAS,
                "Áreas en las que puedes acompañar",
                "Areas you can mentor in",
            ),
            q(
                "mentored_before",
                T.YES_NO,
                "¿Has sido mentora o mentor antes?",
                "Have you mentored before?",
            ),
            q(
                "hours",
                T.SINGLE_CHOICE,
                "Tiempo que puedes dedicar",
                "Time you can give",
                choices=HOURS,
            ),
            q("availability", T.AVAILABILITY, "¿Cuándo puedes reunirte?", "When can you meet?"),
            q("cv", T.FILE, "Hoja de vida (opcional)", "CV (optional)", required=False),
        ],
    ),
    Template(
        key="mentee-application",
        name="Postulación de mentees",
        name_en="Mentee application",
        kind=Instrument.Kind.APPLICATION,
        description="Para quienes quieren ser acompañados.",
        questions=[
            q("full_name", T.SHORT_TEXT, "Nombre completo", "Full name"),
            q("city", T.SHORT_TEXT, "Ciudad", "City"),
            q(
                "goals",
                T.LONG_TEXT,
                "¿Qué quieres lograr con la mentoría?",
                "What do you want to achieve through mentoring?",
            ),
            q(
                "focus_areas",
                T.FOCUS_AREAS,
                "¿En qué áreas quieres crecer?",
                "Which areas do you want to grow in?",
            ),
            q(
                "expectations",
                T.LONG_TEXT,
                "¿Qué esperas de tu mentora o mentor?",
                "What do you expect from your mentor?",
                required=False,
            ),
            q(
                "hours",
                T.SINGLE_CHOICE,
                "Tiempo que puedes dedicar",
                "Time you can give",
                choices=HOURS,
            ),
            q("availability", T.AVAILABILITY, "¿Cuándo puedes reunirte?", "When can you meet?"),
            q(
                "motivation",
                T.SCALE,
                "¿Qué tan comprometida o comprometido estás?",
                "How committed are you?",
                scale="1-5",
            ),
        ],
    ),
    Template(
        key="business-application",
        name="Postulación de empresas",
        name_en="Business application",
        kind=Instrument.Kind.APPLICATION,
        description="Para empresas lideradas por mujeres que quieren vender a grandes compradores.",
        questions=[
            q("full_name", T.SHORT_TEXT, "Nombre de la propietaria", "Owner's name"),
            q("legal_name", T.SHORT_TEXT, "Razón social", "Legal name"),
            q("economic_activity", T.SHORT_TEXT, "Actividad económica", "Economic activity"),
            q("city", T.SHORT_TEXT, "Ciudad donde opera", "City where it operates"),
            q(
                "years_operating",
                T.NUMBER,
                "Años de operación",
                "Years operating",
                min_value=0,
                max_value=100,
            ),
            q(
                "employees",
                T.NUMBER,
                "Número de personas empleadas",
                "Number of employees",
                min_value=0,
                max_value=10000,
            ),
            q(
                "women_owned",
                T.YES_NO,
                "¿La empresa es de propiedad mayoritaria de mujeres?",
                "Is the business majority women-owned?",
            ),
            q(
                "formal",
                T.YES_NO,
                "¿La empresa está formalmente registrada?",
                "Is the business formally registered?",
            ),
            q(
                "sold_to_corporates",
                T.YES_NO,
                "¿Ha vendido a grandes empresas?",
                "Has it sold to corporate buyers?",
            ),
            q(
                "prior_sales",
                T.LONG_TEXT,
                "Si es así, ¿a quién, qué y cuándo?",
                "If so, to whom, what and when?",
                required=False,
            ),
            q(
                "focus_areas",
                T.FOCUS_AREAS,
                "¿Qué áreas quiere fortalecer?",
                "Which areas does it want to strengthen?",
            ),
            q(
                "hours",
                T.SINGLE_CHOICE,
                "Tiempo disponible para la mentoría",
                "Time available for mentoring",
                choices=HOURS,
            ),
            q(
                "registration",
                T.FILE,
                "Certificado de registro (opcional)",
                "Registration certificate (optional)",
                required=False,
            ),
        ],
    ),
    Template(
        key="reverse-application",
        name="Postulación a mentoría inversa",
        name_en="Reverse-mentoring application",
        kind=Instrument.Kind.APPLICATION,
        description="Para personas jóvenes y directivas que aprenden unas de otras.",
        questions=[
            q("full_name", T.SHORT_TEXT, "Nombre completo", "Full name"),
            q("department", T.SHORT_TEXT, "Área o departamento", "Department"),
            q("seniority", T.SINGLE_CHOICE, "Nivel", "Seniority", choices=SENIORITY),
            q("why", T.LONG_TEXT, "¿Por qué quieres participar?", "Why do you want to take part?"),
            q("learn", T.LONG_TEXT, "¿Qué quieres aprender?", "What do you want to learn?"),
            q("teach", T.LONG_TEXT, "¿Qué puedes enseñar?", "What can you teach?"),
            q("availability", T.AVAILABILITY, "¿Cuándo puedes reunirte?", "When can you meet?"),
        ],
    ),
    Template(
        key="screening-rubric",
        name="Rúbrica de selección",
        name_en="Screening rubric",
        kind=Instrument.Kind.RUBRIC,
        description="Criterios que puntúan las personas evaluadoras, de 1 a 5, con su peso.",
        questions=[
            q(
                "fit",
                T.SCALE,
                "Encaje con el perfil buscado",
                "Fit with the profile sought",
                scale="1-5",
                weight=3,
            ),
            q(
                "engagement",
                T.SCALE,
                "Disposición a comprometerse",
                "Willingness to engage",
                scale="1-5",
                weight=2,
            ),
            q(
                "experience",
                T.SCALE,
                "Experiencia relevante",
                "Relevant experience",
                scale="1-5",
                weight=2,
            ),
            q(
                "demand",
                T.SCALE,
                "Actividad demandada por los compradores",
                "Activity in demand by the buyers",
                scale="1-5",
                weight=1,
            ),
            q("comments", T.LONG_TEXT, "Comentarios", "Comments", required=False, weight=0),
        ],
    ),
]

BY_KEY = {template.key: template for template in TEMPLATES}


def get(key: str) -> Template:
    return BY_KEY[key]
