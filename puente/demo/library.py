"""Demo toolkit: each program's onboarding manuals for mentors and mentees, the first-meeting
guide, session dynamics, templates as links, a couple of small PDF files and, in the tech
community, the guide for former mentees who now mentor. Some mentors have confirmed the manual.

Every row has a natural key (program, title, wave), so a second seed leaves it as it is. The PDFs
are drawn like Puente's own (tagged, fonts embedded) under a fixed name per program.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.html import format_html, format_html_join

from puente.core.permissions import Role
from puente.library.models import Audience, Kind, ManualConfirmation, Resource, Stage
from puente.programs.models import Membership, Program, Wave
from puente.reports.pdf import html_to_pdf

MENTORS, MENTEES, TUTORS, COORDINATORS, EVERYONE = (
    Audience.MENTORS,
    Audience.MENTEES,
    Audience.TUTORS,
    Audience.COORDINATORS,
    Audience.EVERYONE,
)
TEMPLATES = "https://plantillas.puente.example"


@dataclass(frozen=True)
class Spec:
    title: str
    kind: str
    audience: str
    stage: str
    body: str = ""
    url: str = ""
    pdf: str = ""  # the file name of a generated PDF, its lines taken from the body
    onboarding: bool = False
    wave: int | None = None  # a later version of the resource with the same key
    key: str = ""  # several versions share a key; the first one is the original


def _manual(purpose: str, method: str, calendar: str, expectations: str, culture: str) -> str:
    return "\n\n".join(
        [
            f"Propósito del programa. {purpose}",
            f"Metodología. {method}",
            f"Calendario. {calendar}",
            f"Qué esperamos de ti. {expectations}",
            f"Nuestra cultura. {culture}",
        ]
    )


FIRST_MEETING = (
    "Presentaciones (15 minutos). Cada persona cuenta quién es, qué hace y por qué se sumó al "
    "programa. Compartan algo personal que no esté en el perfil.\n\n"
    "Expectativas (20 minutos). ¿Qué quiere lograr cada quien al final del programa? Escriban "
    "dos o tres metas concretas y cómo sabrán que las alcanzaron.\n\n"
    "Acuerdo (15 minutos). Completen juntos el acuerdo en Puente: frecuencia y duración de las "
    "reuniones, canal de contacto, tiempo de respuesta, confidencialidad y qué hacer si alguien "
    "no puede asistir.\n\n"
    "Agenda (10 minutos). Fijen la fecha de las próximas tres reuniones y guárdenlas en su "
    "calendario. Quien mentorea registra la reunión en Puente el mismo día."
)
MONTHLY_REPORT = "Plantilla de informe mensual de mentoría"
PERSONAL_PLAN = "Plantilla de plan personal"


def _templates(prefix: str) -> list[Spec]:
    return [
        Spec(
            MONTHLY_REPORT,
            Kind.TEMPLATE,
            MENTORS,
            Stage.DURING,
            "Una página por mes: reuniones realizadas, temas trabajados, avances del plan, "
            "dificultades y apoyo que necesitas de la coordinación. Haz una copia y "
            "complétala antes del día 5 de cada mes.",
            url=f"{TEMPLATES}/{prefix}/informe-mensual",
        ),
        Spec(
            PERSONAL_PLAN,
            Kind.TEMPLATE,
            MENTEES,
            Stage.FIRST_MEETING,
            "Tus metas para el programa, las áreas que quieres mejorar, las acciones con fecha y "
            "cómo medirás el avance. Complétala con tu mentor o mentora después de la primera "
            "reunión.",
            url=f"{TEMPLATES}/{prefix}/plan-personal",
        ),
    ]


RESOURCES: dict[str, list[Spec]] = {
    "mujeres-proveedoras": [
        Spec(
            "Manual de bienvenida para mentoras y mentores",
            Kind.MANUAL,
            MENTORS,
            Stage.ONBOARDING,
            _manual(
                "Acompañamos a empresarias dueñas de micro y pequeñas empresas para que puedan "
                "vender a compradores corporativos: formalizarse, cumplir requisitos técnicos, "
                "fijar precios sostenibles y negociar con confianza.",
                "Doce reuniones semanales de dos horas en cuatro meses, con un diagnóstico "
                "inicial de la empresa, un plan de mejora con metas medibles y una tutora que "
                "acompaña a cada grupo de diez parejas.",
                "Semana 1: lanzamiento y primera reunión. Semanas 2 a 4: diagnóstico y plan. "
                "Semanas 5 a 14: trabajo sobre las brechas. Semana 15: preparación de la rueda "
                "de negocios. Semana 16: cierre y certificación.",
                "Asistir a las reuniones acordadas, registrar cada reunión en Puente el mismo "
                "día, enviar el informe mensual antes del día 5 y avisar a la tutora si la "
                "relación se complica.",
                "La empresaria decide sobre su empresa: preguntamos antes de aconsejar. Lo que se "
                "habla en la reunión es confidencial. Celebramos los avances pequeños.",
            ),
            onboarding=True,
            key="manual-mentores",
        ),
        Spec(
            "Manual de bienvenida para mentoras y mentores (ola 2)",
            Kind.MANUAL,
            MENTORS,
            Stage.ONBOARDING,
            _manual(
                "Acompañamos a empresarias dueñas de micro y pequeñas empresas para que puedan "
                "vender a compradores corporativos.",
                "Doce reuniones semanales de dos horas. Desde la ola 2, la primera reunión es "
                "presencial en el taller o local de la empresaria, y el diagnóstico usa la "
                "nueva evaluación de brechas frente a los requisitos de cada comprador.",
                "Semana 1: lanzamiento. Semanas 2 a 3: diagnóstico. Semanas 4 a 14: trabajo "
                "sobre las brechas. Semana 15: rueda de negocios con los tres compradores. "
                "Semana 16: cierre.",
                "Lo mismo que en la ola 1, y además completar la evaluación de brechas con la "
                "empresaria antes de la tercera reunión.",
                "La empresaria decide sobre su empresa. Confidencialidad. Celebramos los avances.",
            ),
            onboarding=True,
            wave=2,
            key="manual-mentores",
        ),
        Spec(
            "Manual de bienvenida para empresarias",
            Kind.MANUAL,
            MENTEES,
            Stage.ONBOARDING,
            _manual(
                "Que tu empresa esté lista para vender a grandes compradores: con papeles al "
                "día, precios que cubren tus costos y una propuesta clara.",
                "Tendrás una mentora o mentor con experiencia en compras corporativas, doce "
                "reuniones semanales y un plan de mejora que construyen juntas.",
                "Cuatro meses desde el lanzamiento. La rueda de negocios es en la semana 15.",
                "Llegar a cada reunión con las tareas hechas, avisar con tiempo si no puedes "
                "asistir y responder la encuesta corta después de cada reunión.",
                "Aquí nadie te juzga: todas las preguntas valen. Lo que cuentes sobre tu "
                "empresa es confidencial.",
            ),
            onboarding=True,
        ),
        Spec(
            "Guía de la primera reunión",
            Kind.GUIDE,
            EVERYONE,
            Stage.FIRST_MEETING,
            FIRST_MEETING,
        ),
        Spec(
            "Dinámica: juego de roles de negociación con un comprador",
            Kind.SESSION_DYNAMIC,
            MENTORS,
            Stage.DURING,
            "Objetivo: practicar la negociación de precio y plazo de pago.\n\n"
            "Preparación (10 minutos): la empresaria define su precio mínimo y el plazo de pago "
            "que su caja soporta.\n\n"
            "Juego de roles (20 minutos): la mentora hace de compradora corporativa y pide un "
            "descuento del 15 % y pago a 90 días. La empresaria negocia.\n\n"
            "Conversación (15 minutos): ¿qué concesiones hizo? ¿Qué pidió a cambio? ¿Qué haría "
            "distinto?",
        ),
        Spec(
            "Dinámica: pitch de ascensor ante un comprador corporativo",
            Kind.SESSION_DYNAMIC,
            MENTORS,
            Stage.DURING,
            "Objetivo: presentar la empresa en 60 segundos a una persona de compras.\n\n"
            "La empresaria escribe su pitch: qué vende, a quién, qué la distingue y una prueba "
            "(un cliente, una certificación). Lo presenta tres veces; después de cada intento la "
            "mentora devuelve una fortaleza y una mejora.\n\n"
            "Cierre: grabar la versión final en el teléfono para la rueda de negocios.",
        ),
        Spec(
            "Ficha de cierre del programa",
            Kind.FILE,
            EVERYONE,
            Stage.CLOSING,
            "Ficha de cierre del programa Mujeres proveedoras\n"
            "Metas alcanzadas y evidencia\n"
            "Compradores contactados y resultados\n"
            "Próximos pasos para los siguientes seis meses",
            pdf="ficha-de-cierre.pdf",
        ),
        Spec(
            "Guía para tutoras: acompañar a diez parejas",
            Kind.GUIDE,
            TUTORS,
            Stage.DURING,
            "Revisa cada lunes el tablero de salud: parejas sin reunión en tres semanas, "
            "registros pendientes y alertas.\n\n"
            "Llama a la pareja antes de escribir a la coordinación. Registra el seguimiento.",
        ),
        Spec(
            "Guía de coordinación: seguimiento de parejas en riesgo",
            Kind.GUIDE,
            COORDINATORS,
            Stage.DURING,
            "Criterios de riesgo, a quién llamar primero y cuándo pausar o cerrar una relación.",
        ),
        *_templates("proveedoras"),
    ],
    "mentoria-codigo-abierto": [
        Spec(
            "Manual de bienvenida para mentores",
            Kind.MANUAL,
            MENTORS,
            Stage.ONBOARDING,
            _manual(
                "Acompañar a personas que empiezan en tecnología o que dan el paso a liderar "
                "equipos, con mentoras y mentores voluntarios de la comunidad.",
                "Mentoría uno a uno, virtual, cada dos semanas. Dos rutas: entrar a la "
                "industria y liderar equipos. Cada pareja firma un acuerdo en la primera "
                "reunión y trabaja sobre un plan con metas.",
                "Lanzamiento en la primera semana de la ola, reuniones cada dos semanas, "
                "encuesta de mitad de camino y cierre con una charla abierta a la comunidad.",
                "Una hora cada dos semanas, registrar la reunión en Puente, responder a tu "
                "mentee en menos de 48 horas y contar a la coordinación si algo no funciona.",
                "Código de conducta de la comunidad: respeto, paciencia y cero tolerancia con "
                "el acoso. Compartimos lo que sabemos sin gatekeeping.",
            ),
            onboarding=True,
            key="manual-mentores",
        ),
        Spec(
            "Manual de bienvenida para mentores (escalamiento)",
            Kind.MANUAL,
            MENTORS,
            Stage.ONBOARDING,
            _manual(
                "Acompañar a personas que empiezan en tecnología o que dan el paso a liderar "
                "equipos. En el escalamiento pasamos de 5 a 40 mentores.",
                "Mentoría uno a uno, virtual, cada dos semanas. Nuevo en esta ola: las personas "
                "mentoreadas eligen a su mentor entre sus mejores sugerencias.",
                "Lanzamiento el 3 de agosto, reuniones cada dos semanas hasta enero y cierre "
                "con una charla abierta a la comunidad.",
                "Una hora cada dos semanas, registrar cada reunión en Puente y responder a tu "
                "mentee en menos de 48 horas.",
                "Código de conducta de la comunidad: respeto, paciencia y cero tolerancia con "
                "el acoso.",
            ),
            onboarding=True,
            wave=2,
            key="manual-mentores",
        ),
        Spec(
            "Manual de bienvenida para mentees",
            Kind.MANUAL,
            MENTEES,
            Stage.ONBOARDING,
            _manual(
                "Que des tu siguiente paso en tecnología con alguien que ya lo dio.",
                "Una hora cada dos semanas con tu mentor o mentora, un plan con metas y la "
                "comunidad para preguntar entre reuniones.",
                "Seis meses por ola, con una encuesta al inicio, a la mitad y al final.",
                "Proponer los temas de cada reunión, hacer las tareas acordadas y avisar con "
                "tiempo si no puedes asistir.",
                "No hay preguntas tontas. Respetamos el tiempo de quienes mentorean, que son "
                "voluntarios.",
            ),
            onboarding=True,
        ),
        Spec(
            "Guía de la primera reunión", Kind.GUIDE, EVERYONE, Stage.FIRST_MEETING, FIRST_MEETING
        ),
        Spec(
            "Guía para exmentees que pasan a ser mentores",
            Kind.GUIDE,
            MENTORS,
            Stage.ONBOARDING,
            "Hace poco estabas del otro lado: eso es una ventaja. Recuerdas qué te sirvió y qué "
            "no.\n\n"
            "Tu rol cambia: ya no traes las preguntas, ayudas a que tu mentee encuentre las "
            "suyas. Pregunta más de lo que aconsejas.\n\n"
            "Pon límites: una hora cada dos semanas es suficiente. Si tu mentee necesita algo "
            "que no sabes, conéctalo con otra persona de la comunidad.\n\n"
            "Pide una sesión con tu antiguo mentor para hablar de cómo te va en el nuevo rol.",
        ),
        Spec(
            "Dinámica: simulacro de entrevista técnica",
            Kind.SESSION_DYNAMIC,
            MENTORS,
            Stage.DURING,
            "45 minutos: 5 de contexto, 30 de ejercicio en vivo pensando en voz alta y 10 de "
            "retroalimentación con una fortaleza, una mejora y un recurso para practicar.",
        ),
        Spec(
            "Dinámica: negociar una oferta laboral",
            Kind.SESSION_DYNAMIC,
            MENTORS,
            Stage.DURING,
            "Juego de roles: el mentor hace de reclutador con una oferta por debajo del mercado. "
            "La mentee investiga rangos salariales antes y practica pedir más sin disculparse.",
        ),
        Spec(
            "Código de conducta de la comunidad",
            Kind.LINK,
            EVERYONE,
            Stage.ONBOARDING,
            "El código de conducta que aceptan todas las personas del programa.",
            url="https://comunidad.puente.example/codigo-de-conducta",
        ),
        *_templates("comunidad"),
    ],
    "mentoria-inversa": [
        Spec(
            "Manual de bienvenida para mentores jóvenes",
            Kind.MANUAL,
            MENTORS,
            Stage.ONBOARDING,
            _manual(
                "En la mentoría inversa, profesionales jóvenes acompañan a directivos en "
                "transformación digital, IA generativa y nuevas formas de trabajo, y aprenden a "
                "cambio cómo se decide en la compañía.",
                "Diez reuniones cada dos semanas, en modalidad híbrida. Cada sesión tiene una "
                "parte práctica con herramientas reales del trabajo diario.",
                "Cohorte 2027: lanzamiento en enero, taller de alineación en febrero y cierre "
                "en julio con el comité directivo.",
                "Preparar cada sesión con un ejercicio práctico, registrar la reunión y "
                "mantener la confidencialidad de lo que se comparte de la estrategia.",
                "Aquí la jerarquía se deja en la puerta: la curiosidad va en los dos sentidos.",
            ),
            onboarding=True,
        ),
        Spec(
            "Manual de bienvenida para directivos",
            Kind.MANUAL,
            MENTEES,
            Stage.ONBOARDING,
            _manual(
                "Conocer de primera mano las herramientas y la mirada de la nueva generación.",
                "Diez reuniones con tu mentor o mentora joven, con ejercicios prácticos.",
                "De enero a julio de 2027.",
                "Proteger el tiempo de las sesiones en tu agenda y practicar entre reuniones.",
                "Escuchar sin corregir: tu mentor sabe cosas que tú no.",
            ),
            onboarding=True,
        ),
        Spec(
            "Guía de la primera reunión", Kind.GUIDE, EVERYONE, Stage.FIRST_MEETING, FIRST_MEETING
        ),
        Spec(
            "Dinámica: intercambio de saberes",
            Kind.SESSION_DYNAMIC,
            EVERYONE,
            Stage.DURING,
            "30 minutos cada lado: la persona joven enseña una herramienta digital con una "
            "tarea real del directivo; el directivo explica una decisión reciente del comité y "
            "cómo se tomó.",
        ),
        *_templates("inversa"),
    ],
}


def _pdf(title: str, lines: list[str]) -> bytes:
    """A one-page file drawn the way Puente draws its own PDFs: tagged, in Spanish, its fonts
    embedded."""
    html = format_html(
        '<!DOCTYPE html><html lang="es"><head><meta charset="utf-8"><title>{}</title></head>'
        "<body><h1>{}</h1>{}</body></html>",
        title,
        lines[0],
        format_html_join("", "<p>{}</p>", ((line,) for line in lines[1:])),
    )
    return html_to_pdf(html)


def _file(program: Program, spec: Spec) -> str:
    name = f"library/program-{program.pk}/{spec.pdf}"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(_pdf(spec.title, spec.body.splitlines())))
    return name


def _confirm(program: Program, manuals: list[Resource]) -> None:
    """Two mentors out of three (and half the mentees) confirmed the version for their wave."""
    at = dt.datetime(2026, 11, 16, 14, 0, tzinfo=dt.UTC)
    for manual in manuals:
        role = Role.MENTOR if manual.audience == MENTORS else Role.MENTEE
        keep = 3 if role == Role.MENTOR else 2
        members = Membership.objects.filter(program=program, role=role).order_by("user__email")
        if manual.wave is not None:
            members = members.filter(wave__number__gte=manual.wave.number)
        else:
            later = [m.wave.number for m in manuals if m.wave and m.audience == manual.audience]
            if later:
                members = members.exclude(wave__number__gte=min(later))
        for index, member in enumerate(members):
            if index % keep != 0:
                ManualConfirmation.objects.get_or_create(
                    user_id=member.user_id,
                    resource=manual,
                    defaults={"at": at + dt.timedelta(minutes=index)},
                )


@transaction.atomic
def seed_library() -> None:
    for slug, specs in RESOURCES.items():
        program = Program.objects.filter(slug=slug).first()
        if program is None or Resource.objects.filter(program=program).exists():
            continue
        coordinator = (
            program.memberships.filter(role=Role.COORDINATOR).select_related("user").first()
        )
        originals: dict[str, Resource] = {}
        manuals: list[Resource] = []
        for spec in specs:
            wave = Wave.objects.get(program=program, number=spec.wave) if spec.wave else None
            resource = Resource(
                program=program,
                wave=wave,
                original=originals.get(spec.key) if spec.key else None,
                title=spec.title,
                kind=spec.kind,
                audience=spec.audience,
                stage=spec.stage,
                body=spec.body,
                url=spec.url,
                is_onboarding_manual=spec.onboarding,
                created_by=coordinator.user if coordinator else None,
            )
            if spec.pdf:
                resource.file.name = _file(program, spec)
            resource.full_clean()
            resource.save()
            if spec.key and spec.key not in originals:
                originals[spec.key] = resource
            if spec.onboarding:
                manuals.append(resource)
        _confirm(program, manuals)
