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
    """A shipped instrument, in both languages: a copy takes the name and description in the
    language of the coordinator who makes it (its questions keep both)."""

    key: str
    name: str
    name_en: str
    kind: str
    description: str
    description_en: str = ""
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
        description_en="For people who want to mentor others.",
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
        description_en="For people who want to be mentored.",
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
                "years_experience",
                T.NUMBER,
                "Años de experiencia en el área que quieres fortalecer",
                "Years of experience in the area you want to grow in",
                required=False,
                min_value=0,
                max_value=60,
                help_text="0 si estás empezando.",
                help_text_en="0 if you are starting out.",
            ),
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
        description_en="For women-led businesses that want to sell to large buyers.",
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
                "availability",
                T.AVAILABILITY,
                "¿Cuándo puede reunirse la propietaria?",
                "When can the owner meet?",
            ),
            q(
                "years_experience",
                T.NUMBER,
                "Años de experiencia de la propietaria en su actividad",
                "The owner's years of experience in the activity",
                required=False,
                min_value=0,
                max_value=60,
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
        description_en="For young people and executives who learn from each other.",
        questions=[
            q("full_name", T.SHORT_TEXT, "Nombre completo", "Full name"),
            q("department", T.SHORT_TEXT, "Área o departamento", "Department"),
            q("seniority", T.SINGLE_CHOICE, "Nivel", "Seniority", choices=SENIORITY),
            q("why", T.LONG_TEXT, "¿Por qué quieres participar?", "Why do you want to take part?"),
            q("learn", T.LONG_TEXT, "¿Qué quieres aprender?", "What do you want to learn?"),
            q("teach", T.LONG_TEXT, "¿Qué puedes enseñar?", "What can you teach?"),
            q(
                "hours",
                T.SINGLE_CHOICE,
                "Tiempo que puedes dedicar",
                "Time you can give",
                choices=HOURS,
            ),
            q("availability", T.AVAILABILITY, "¿Cuándo puedes reunirte?", "When can you meet?"),
        ],
    ),
    Template(
        key="screening-rubric",
        name="Rúbrica de selección",
        name_en="Screening rubric",
        kind=Instrument.Kind.RUBRIC,
        description="Criterios que puntúan las personas evaluadoras, de 1 a 5, con su peso.",
        description_en="Criteria the reviewers score from 1 to 5, each with its weight.",
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
    Template(
        key="business-gap-assessment",
        name="Diagnóstico de brechas de la empresa",
        name_en="Business gap assessment",
        kind=Instrument.Kind.GAP_ASSESSMENT,
        description="Cada área de 1 (no empezamos) a 5 (cumplimos lo que pide un comprador "
        "corporativo). La responden la empresa y su mentora o mentor, cada quien por su lado.",
        description_en="Each area from 1 (not started) to 5 (we meet what a corporate buyer asks). "
        "The business and its mentor answer it, each on their own.",
        questions=[
            *[
                q(key, T.SCALE, label, label_en, scale="1-5")
                for key, label, label_en in (
                    (
                        "formal_registration",
                        "Registro formal y documentación legal",
                        "Formal registration and legal documents",
                    ),
                    ("finances_cash_flow", "Finanzas y flujo de caja", "Finances and cash flow"),
                    ("purchase_orders", "Proceso de órdenes de compra", "Purchase-order process"),
                    (
                        "quality_certifications",
                        "Calidad y certificaciones",
                        "Quality and certifications",
                    ),
                    ("pricing", "Precios y costos", "Pricing and costs"),
                    ("b2b_sales", "Ventas a empresas", "Sales to companies"),
                    ("digital_presence", "Presencia digital", "Digital presence"),
                )
            ],
            q("comments", T.LONG_TEXT, "Comentarios", "Comments", required=False, weight=0),
        ],
    ),
    Template(
        key="personal-skills-assessment",
        name="Diagnóstico de habilidades personales",
        name_en="Personal skills assessment",
        kind=Instrument.Kind.GAP_ASSESSMENT,
        description="Cada habilidad de 1 (me cuesta mucho) a 5 (la domino).",
        description_en="Each skill from 1 (I find it very hard) to 5 (I have mastered it).",
        questions=[
            *[
                q(key, T.SCALE, label, label_en, scale="1-5")
                for key, label, label_en in (
                    ("negotiation", "Negociación", "Negotiation"),
                    ("communication", "Comunicación", "Communication"),
                    ("leadership", "Liderazgo", "Leadership"),
                    ("confidence", "Confianza", "Confidence"),
                )
            ],
            q("comments", T.LONG_TEXT, "Comentarios", "Comments", required=False, weight=0),
        ],
    ),
]


COMMENTS = q(
    "comments",
    T.LONG_TEXT,
    "¿Algo más que quieras contarnos?",
    "Anything else you would like to tell us?",
    required=False,
)

# The questions of the M&E surveys, one set per indicator pack (``puente.monitoring.packs``):
# each asks exactly what its pack's indicators read, under the same keys, plus an optional
# comment. Baseline, midline and endline ask the same questions, so that the indicators compare
# from one round to the next.
SUPPLIER_SURVEY = [
    q(
        "confidence",
        T.SCALE,
        "¿Qué tanta confianza tienes para vender a grandes compradores?",
        "How confident are you about selling to corporate buyers?",
        scale="1-5",
        help_text="1 = ninguna, 5 = mucha.",
        help_text_en="1 = none, 5 = a lot.",
    ),
    q(
        "formally_registered",
        T.YES_NO,
        "¿Tu empresa está formalmente registrada?",
        "Is your business formally registered?",
    ),
    q(
        "po_process",
        T.YES_NO,
        "¿Tu empresa tiene un proceso formal para recibir órdenes de compra?",
        "Does your business have a formal purchase-order process?",
    ),
    q(
        "sold_to_corporate",
        T.YES_NO,
        "¿Has vendido a un gran comprador en los últimos seis meses?",
        "Have you sold to a corporate buyer in the last six months?",
    ),
    q(
        "corporate_sales",
        T.NUMBER,
        "Ventas a grandes compradores en los últimos seis meses (en dólares)",
        "Sales to corporate buyers in the last six months (in dollars)",
        help_text="0 si no vendiste a ninguno.",
        help_text_en="0 if you sold to none.",
        min_value=0,
        max_value=100000000,
    ),
    q(
        "monthly_sales",
        T.NUMBER,
        "Ventas del último mes (en dólares)",
        "Sales in the last month (in dollars)",
        min_value=0,
        max_value=100000000,
    ),
    COMMENTS,
]
REVERSE_SURVEY = [
    q(
        "learning_skill",
        T.SCALE,
        "¿Qué tanto dominas hoy lo que viniste a aprender en el programa?",
        "How well do you master today what you came to learn in the program?",
        scale="1-5",
        help_text="1 = casi nada, 5 = lo domino. Quienes enseñan también aprenden: responde "
        "por lo que tú viniste a aprender.",
        help_text_en="1 = hardly at all, 5 = I master it. Those who teach learn too: answer for "
        "what you came to learn.",
    ),
    COMMENTS,
]
COMMUNITY_SURVEY = [
    q(
        "confidence",
        T.SCALE,
        "¿Qué tanta confianza tienes en tu camino profesional?",
        "How confident are you about your professional path?",
        scale="1-5",
        help_text="1 = ninguna, 5 = mucha.",
        help_text_en="1 = none, 5 = a lot.",
    ),
    q(
        "job_or_promotion",
        T.YES_NO,
        "En los últimos seis meses, ¿conseguiste tu primer empleo en el sector o un ascenso?",
        "In the last six months, did you get your first job in the field or a promotion?",
    ),
    q(
        "mentors_others",
        T.YES_NO,
        "¿Acompañas hoy como mentora o mentor a otra persona?",
        "Do you mentor someone else today?",
    ),
    COMMENTS,
]

# (prefix of the template keys, name in Spanish and English after "Encuesta de ...", questions)
ME_SURVEYS: list[tuple[str, str, str, list[dict[str, Any]]]] = [
    ("", "empresas proveedoras", "supplier businesses", SUPPLIER_SURVEY),
    ("reverse-", "mentoría inversa", "reverse mentoring", REVERSE_SURVEY),
    ("community-", "comunidad", "community", COMMUNITY_SURVEY),
]
ME_ROUNDS = [
    (
        "baseline",
        "Encuesta de línea de base",
        "Baseline survey",
        "Al inicio de la ola: el punto de partida de cada indicador.",
        "At the start of the wave: each indicator's starting point.",
    ),
    (
        "midline",
        "Encuesta intermedia",
        "Midline survey",
        "A mitad de la ola: las mismas preguntas que la línea de base.",
        "Halfway through the wave: the same questions as the baseline.",
    ),
    (
        "endline",
        "Encuesta de cierre",
        "Endline survey",
        "Al cierre de la ola: las mismas preguntas, para medir el cambio.",
        "At the end of the wave: the same questions, to measure the change.",
    ),
]


def survey_key(prefix: str, kind: str) -> str:
    """The key of an M&E survey template: ``baseline-survey`` (supplier businesses),
    ``reverse-midline-survey``, ``community-endline-survey``..."""
    return f"{prefix}{kind}-survey"


TEMPLATES += [
    Template(
        key=survey_key(prefix, kind),
        name=f"{name} ({audience})",
        name_en=f"{name_en} ({audience_en})",
        kind=Instrument.Kind.SURVEY,
        description=description,
        description_en=description_en,
        questions=questions,
    )
    for prefix, audience, audience_en, questions in ME_SURVEYS
    for kind, name, name_en, description, description_en in ME_ROUNDS
]

TEMPLATES += [
    Template(
        key="monthly-mentor-report",
        name="Informe mensual de mentoría",
        name_en="Monthly mentor report",
        kind=Instrument.Kind.MONTHLY_REPORT,
        description="Cada mes, por relación: lo que avanzó, lo que costó y el apoyo que hace "
        "falta. Las reuniones del mes se toman de las bitácoras.",
        description_en="Each month, per relationship: what moved forward, what was hard and the "
        "support needed. The month's meetings are taken from the logs.",
        questions=[
            q(
                "progress",
                T.LONG_TEXT,
                "¿Cómo avanzaron este mes hacia las metas acordadas?",
                "How did you progress this month toward the agreed goals?",
            ),
            q(
                "progress_rating",
                T.SCALE,
                "Avance del mes hacia las metas",
                "Progress toward the goals this month",
                scale="1-5",
                help_text="1 = ninguno, 5 = mucho.",
                help_text_en="1 = none, 5 = a lot.",
            ),
            q(
                "difficulties",
                T.LONG_TEXT,
                "¿Qué dificultades encontraron?",
                "What difficulties did you meet?",
                required=False,
            ),
            q(
                "support_needed",
                T.LONG_TEXT,
                "¿Qué apoyo necesitan de la tutora o el tutor?",
                "What support do you need from the tutor?",
                required=False,
            ),
            q(
                "next_focus",
                T.LONG_TEXT,
                "¿En qué se enfocarán el próximo mes?",
                "What will you focus on next month?",
            ),
        ],
    ),
    Template(
        key="final-mentor-report",
        name="Informe final de mentoría",
        name_en="Final mentor report",
        kind=Instrument.Kind.MONTHLY_REPORT,
        description="Al cierre de la relación: lo logrado, lo aprendido y lo que sigue.",
        description_en="At the end of the relationship: what was achieved, learned and what comes "
        "next.",
        questions=[
            q(
                "achievements",
                T.LONG_TEXT,
                "¿Qué lograron durante la mentoría?",
                "What did you achieve during the mentoring?",
            ),
            q(
                "goals_met",
                T.SCALE,
                "¿En qué medida se cumplieron las metas acordadas?",
                "How far were the agreed goals met?",
                scale="1-5",
                help_text="1 = nada, 5 = por completo.",
                help_text_en="1 = not at all, 5 = fully.",
            ),
            q(
                "lessons",
                T.LONG_TEXT,
                "¿Qué aprendieron y qué harían distinto?",
                "What did you learn and what would you do differently?",
                required=False,
            ),
            q(
                "next_steps",
                T.LONG_TEXT,
                "¿Cuáles son los próximos pasos de la persona mentoreada?",
                "What are the mentee's next steps?",
                required=False,
            ),
        ],
    ),
]

BY_KEY = {template.key: template for template in TEMPLATES}


def get(key: str) -> Template:
    return BY_KEY[key]
