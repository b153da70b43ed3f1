"""A labelled goal ↔ profile set for measuring text similarity in matching.

Each pair is what a mentee wrote about their goals and what the mentor who should rank first for
them wrote about what they offer. The set follows Puente's three kinds of program: a tech
community (getting into the industry, leading teams), HR reverse mentoring (juniors teach digital
skills, executives teach strategy; either side may be the mentee) and mentoring for women-owned
businesses (cash flow, purchase orders, certifications, pricing, corporate sales, digital
presence). Mostly Spanish, about a fifth English, and some pairs where the two sides wrote in
different languages, as happens in bilingual programs.

The texts are hand-written for this purpose. Within a program the profiles share vocabulary on
purpose ("experiencia", "equipo", "empresa") so that ranking depends on what each text is about,
and several goals paraphrase their profile rather than repeat its words.

Used by ``bench/text_similarity.py`` and by the regression test in ``test_text.py``: every goal
is ranked against every profile, the paired profile is the right answer. It lives with the tests,
so the installed package does not carry it.
"""

from typing import Literal, TypedDict


class EvalPair(TypedDict):
    program: Literal["tech", "reverse", "business"]
    # Language of the goal, then of the profile when it differs ("es-en": Spanish goal, English
    # profile).
    lang: Literal["es", "en", "es-en", "en-es"]
    goal: str
    profile: str


EVAL_PAIRS: list[EvalPair] = [
    # Tech community: entering the industry.
    {
        "program": "tech",
        "lang": "es",
        "goal": "Quiero conseguir mi primer empleo como desarrolladora frontend, pero mi "
        "portafolio son ejercicios del bootcamp y no sé qué proyectos mostrar.",
        "profile": "Desarrolladora frontend senior (React, accesibilidad). Reviso portafolios de "
        "personas que recién egresan y las ayudo a convertir ejercicios en proyectos que un "
        "reclutador quiera abrir.",
    },
    {
        "program": "tech",
        "lang": "es",
        "goal": "Me bloqueo en las entrevistas técnicas cuando tengo que resolver algoritmos en "
        "vivo frente al entrevistador.",
        "profile": "He sido entrevistador técnico en dos empresas de producto; hago simulacros de "
        "live coding, estructuras de datos y problemas de algoritmos con retroalimentación.",
    },
    {
        "program": "tech",
        "lang": "es",
        "goal": "Trabajo en soporte técnico hace dos años y quiero pasar a desarrollo backend "
        "dentro de mi misma empresa.",
        "profile": "Ingeniera backend (Python, Django, APIs REST). Empecé en mesa de ayuda y "
        "pasé a desarrollo; sé cómo preparar esa transición interna.",
    },
    {
        "program": "tech",
        "lang": "es",
        "goal": "Soy profesora de matemáticas y quiero reconvertirme al análisis de datos, pero no "
        "sé si empezar por SQL, Python o Excel.",
        "profile": "Analista de datos con SQL, Python y visualización; vengo de la docencia y "
        "acompaño cambios de carrera hacia datos con una ruta de aprendizaje concreta.",
    },
    {
        "program": "tech",
        "lang": "es",
        "goal": "Quiero entender cómo funcionan Docker, Kubernetes y los pipelines de integración "
        "continua que usa mi equipo.",
        "profile": "SRE con ocho años en infraestructura: contenedores, orquestación, CI/CD y "
        "observabilidad. Me gusta enseñar buenas prácticas de despliegue.",
    },
    {
        "program": "tech",
        "lang": "es",
        "goal": "Me interesa la ciberseguridad ofensiva; hice algunos CTF y quiero saber cómo "
        "llegar a un puesto de pentester.",
        "profile": "Especialista en seguridad informática: pruebas de penetración, red team y "
        "certificaciones como OSCP. Oriento a quienes quieren entrar al área.",
    },
    {
        "program": "tech",
        "lang": "es",
        "goal": "Estoy aprendiendo Kotlin por mi cuenta y quiero publicar mi primera app Android "
        "en la tienda.",
        "profile": "Desarrollador móvil nativo (Android, Kotlin, Jetpack Compose) con apps "
        "publicadas en Google Play; reviso código y arquitectura de apps.",
    },
    {
        "program": "tech",
        "lang": "es",
        "goal": "Soy la única mujer en mi equipo y siento que no soy suficiente; me cuesta hablar "
        "en las reuniones técnicas.",
        "profile": "Tech lead que vivió el síndrome del impostor; acompaño a mujeres en equipos "
        "masculinizados a ganar confianza y a hacerse escuchar.",
    },
    {
        "program": "tech",
        "lang": "es",
        "goal": "Quiero contribuir a proyectos de código abierto pero no sé cómo elegir un "
        "issue ni cómo abrir mi primer pull request.",
        "profile": "Mantenedora de una librería open source con cientos de contribuidores; guío "
        "primeras contribuciones, revisión de pull requests y la cultura de las comunidades.",
    },
    {
        "program": "tech",
        "lang": "es",
        "goal": "Volví a trabajar después de tres años de licencia y cuidado de mis hijos y siento "
        "que la tecnología avanzó sin mí.",
        "profile": "Regresé a la industria tras una pausa larga por maternidad; ayudo a planificar "
        "la actualización de habilidades y a explicar ese periodo en entrevistas.",
    },
    {
        "program": "tech",
        "lang": "es",
        "goal": "Hago pruebas manuales y quiero aprender a automatizarlas con Selenium o "
        "Playwright.",
        "profile": "QA automation lead: frameworks de pruebas end-to-end, testing en el pipeline y "
        "estrategia de calidad de software.",
    },
    {
        "program": "tech",
        "lang": "es",
        "goal": "Diseño interfaces en Figma por hobby y quiero pasar de diseño gráfico a UX de "
        "manera profesional.",
        "profile": "Diseñadora UX/UI con investigación de usuarios, prototipos y pruebas de "
        "usabilidad; he formado a diseñadoras gráficas que migraron a producto digital.",
    },
    {
        "program": "tech",
        "lang": "en",
        "goal": "I want to get my first AWS certification and understand which cloud services "
        "matter for a junior role.",
        "profile": "Cloud architect, AWS certified; I coach people through their first cloud "
        "certification and the services employers actually ask about.",
    },
    # Tech community: leading teams.
    {
        "program": "tech",
        "lang": "es",
        "goal": "Me acaban de ascender a líder técnica y no sé cómo repartir mi tiempo entre "
        "programar y gestionar a cinco personas.",
        "profile": "Engineering manager desde hace seis años; pasé de desarrolladora a liderar "
        "equipos y sé lo difícil que es soltar el código para dedicarse a las personas.",
    },
    {
        "program": "tech",
        "lang": "es",
        "goal": "Necesito dar retroalimentación difícil a un desarrollador que no cumple y me da "
        "miedo la conversación.",
        "profile": "Directora de ingeniería; mi fuerte son las conversaciones de desempeño, los "
        "planes de mejora y decir las cosas claras sin romper la relación.",
    },
    {
        "program": "tech",
        "lang": "es",
        "goal": "Tengo una oferta de otra empresa y quiero negociar un mejor sueldo o un ascenso "
        "en la mía.",
        "profile": "Reclutadora técnica durante diez años: conozco las bandas salariales del "
        "sector y enseño a negociar compensación y ofertas laborales.",
    },
    {
        "program": "tech",
        "lang": "es",
        "goal": "Me invitaron a dar una charla en un meetup y me paraliza hablar en público.",
        "profile": "Speaker en conferencias de tecnología y organizadora de meetups; ayudo a "
        "preparar la primera charla, armar las diapositivas y ensayar.",
    },
    {
        "program": "tech",
        "lang": "es",
        "goal": "Mi startup va a contratar a los primeros cinco ingenieros y nunca he armado un "
        "proceso de selección.",
        "profile": "He contratado más de 60 personas en startups: perfiles de puesto, entrevistas "
        "estructuradas, pruebas técnicas justas y onboarding.",
    },
    {
        "program": "tech",
        "lang": "es",
        "goal": "Lidero un equipo distribuido entre Lima, Madrid y Ciudad de México y las "
        "reuniones en distintas zonas horarias nos están agotando.",
        "profile": "Gestiono equipos remotos en varios países: comunicación asíncrona, rituales "
        "y documentación para trabajar en husos horarios distintos.",
    },
    {
        "program": "tech",
        "lang": "es-en",
        "goal": "Quiero crecer como ingeniera staff y que mis propuestas de arquitectura tengan "
        "peso frente a la deuda técnica acumulada.",
        "profile": "Principal engineer. I write architecture decision records, run design "
        "reviews and help senior engineers grow into staff roles with real technical influence.",
    },
    {
        "program": "tech",
        "lang": "en",
        "goal": "I'm a backend developer and I want to move into machine learning engineering: "
        "training models and putting them into production.",
        "profile": "ML engineer building recommendation systems; I mentor on MLOps, model "
        "deployment, feature stores and the maths you actually need.",
    },
    {
        "program": "tech",
        "lang": "en",
        "goal": "I'd like to move from engineering into product management and learn to write "
        "roadmaps and talk to customers.",
        "profile": "Former developer, now a senior product manager: discovery, prioritisation, "
        "roadmaps and stakeholder management.",
    },
    {
        "program": "tech",
        "lang": "en",
        "goal": "I want to freelance for clients in the US and Europe but I don't know how to "
        "find them or what to charge per hour.",
        "profile": "Independent contractor for ten years with remote clients abroad; I help set "
        "rates, write proposals and contracts, and get paid internationally.",
    },
    {
        "program": "tech",
        "lang": "en-es",
        "goal": "My data pipelines keep breaking at night and I need to learn how to build "
        "reliable ETL with Airflow.",
        "profile": "Ingeniero de datos: orquestación con Airflow, modelado en el data warehouse, "
        "calidad de datos y monitoreo de procesos batch.",
    },
    {
        "program": "tech",
        "lang": "es",
        "goal": "Como gerente de ingeniería tengo que presentar la estrategia técnica y los OKR "
        "del área al comité directivo.",
        "profile": "VP of Engineering: alineo la estrategia tecnológica con el negocio, defino "
        "OKR y presupuestos, y presento ante directorios.",
    },
    # HR reverse mentoring: executives learn digital skills from juniors.
    {
        "program": "reverse",
        "lang": "es",
        "goal": "Soy gerente general y mi presencia en LinkedIn es nula; quiero construir una "
        "marca personal sin que parezca publicidad.",
        "profile": "Analista de comunicación interna; manejo las redes de la empresa y escribo "
        "publicaciones en LinkedIn que generan conversación.",
    },
    {
        "program": "reverse",
        "lang": "es",
        "goal": "Quiero usar inteligencia artificial generativa para preparar informes y resumir "
        "documentos largos sin perder tiempo.",
        "profile": "Uso ChatGPT y Copilot a diario para automatizar reportes, redactar borradores "
        "y resumir contratos; enseño a escribir buenas instrucciones.",
    },
    {
        "program": "reverse",
        "lang": "es",
        "goal": "Recibo reportes en PDF todos los meses y quiero tener tableros propios para ver "
        "los indicadores de ventas al día.",
        "profile": "Analista de inteligencia de negocios: construyo dashboards en Power BI "
        "conectados a las bases de datos y capacito en visualización.",
    },
    {
        "program": "reverse",
        "lang": "es",
        "goal": "No entiendo a los consumidores de la generación Z ni por qué las marcas están en "
        "TikTok.",
        "profile": "Creo contenido en video corto para TikTok e Instagram Reels y sigo de cerca "
        "las tendencias y hábitos de consumo de los jóvenes.",
    },
    {
        "program": "reverse",
        "lang": "es",
        "goal": "Mi equipo trabaja en Teams, Notion y Slack y yo sigo con correos y reuniones; "
        "quiero ponerme al día con el trabajo colaborativo.",
        "profile": "Coordino proyectos con herramientas colaborativas (Notion, Teams, Trello) y "
        "ayudo a equipos a pasar del correo al trabajo compartido en línea.",
    },
    {
        "program": "reverse",
        "lang": "es",
        "goal": "Casi caigo en un correo falso que pedía una transferencia; quiero aprender a "
        "protegerme.",
        "profile": "Analista de ciberseguridad: campañas de concientización sobre phishing, "
        "contraseñas seguras y doble factor de autenticación.",
    },
    {
        "program": "reverse",
        "lang": "es",
        "goal": "La dirección quiere vender por internet y yo no entiendo cómo funcionan los "
        "marketplaces ni la tienda en línea.",
        "profile": "Trabajo en el canal de comercio electrónico: marketplaces, campañas "
        "pagadas, medios de pago y logística de última milla.",
    },
    {
        "program": "reverse",
        "lang": "es",
        "goal": "Quiero entender por qué los jóvenes talentos renuncian al año y qué esperan de "
        "una empresa.",
        "profile": "Soy parte de la generación que más rota; en el equipo de employer branding "
        "investigo qué buscan los jóvenes: flexibilidad, propósito y aprendizaje.",
    },
    {
        "program": "reverse",
        "lang": "es",
        "goal": "Todos hablan de sprints y metodologías ágiles en la empresa y yo no sé qué hace "
        "un scrum master.",
        "profile": "Scrum master certificada; facilito ceremonias ágiles, tableros Kanban y "
        "explico agilidad a líderes que vienen de la gestión tradicional.",
    },
    {
        "program": "reverse",
        "lang": "es",
        "goal": "Paso horas copiando datos entre planillas y quiero saber qué se puede "
        "automatizar.",
        "profile": "Automatizo procesos repetitivos con Python, macros y herramientas no-code "
        "como Power Automate y Zapier.",
    },
    {
        "program": "reverse",
        "lang": "en",
        "goal": "As a senior executive I want to feel comfortable running hybrid meetings and "
        "presenting well on video calls.",
        "profile": "I produce our internal video content and help leaders look and sound good "
        "on camera, with simple lighting, audio and virtual presentation tips.",
    },
    {
        "program": "reverse",
        "lang": "en-es",
        "goal": "I need to understand how our customers experience the mobile app, I have never "
        "used it myself.",
        "profile": "Trabajo en el equipo de la app móvil: analizo reseñas, métricas de uso y el "
        "recorrido del cliente dentro de la aplicación.",
    },
    {
        "program": "reverse",
        "lang": "en",
        "goal": "I want to learn Excel formulas and pivot tables so I stop depending on my "
        "assistant for every number.",
        "profile": "Financial analyst who lives in spreadsheets; I teach pivot tables, lookups "
        "and charts to colleagues at any level.",
    },
    # HR reverse mentoring: juniors learn strategy from executives.
    {
        "program": "reverse",
        "lang": "es",
        "goal": "Quiero entender cómo se toman las decisiones estratégicas y cómo se arma el "
        "presupuesto anual de la empresa.",
        "profile": "Directora de finanzas; lidero la planificación financiera, el presupuesto "
        "anual y la asignación de inversiones con el comité ejecutivo.",
    },
    {
        "program": "reverse",
        "lang": "es",
        "goal": "Me toca negociar con clientes corporativos grandes y siempre termino cediendo "
        "en el precio.",
        "profile": "Director comercial con 20 años negociando contratos con cuentas clave; "
        "enseño a preparar la negociación y defender el valor.",
    },
    {
        "program": "reverse",
        "lang": "es",
        "goal": "Me gustaría liderar un equipo algún día y aprender a motivar a personas que "
        "tienen más experiencia que yo.",
        "profile": "Gerente de operaciones a cargo de 300 personas en planta; he formado a "
        "supervisores jóvenes para dirigir equipos con gente mayor.",
    },
    {
        "program": "reverse",
        "lang": "es",
        "goal": "Mis ideas no llegan a ningún lado; quiero aprender a conseguir apoyo de otras "
        "áreas y a moverme en la política interna.",
        "profile": "Vicepresidenta de estrategia: construir alianzas internas, influir sin "
        "autoridad formal y gestionar a los stakeholders en una organización grande.",
    },
    {
        "program": "reverse",
        "lang": "es",
        "goal": "Quiero saber cómo se decide entrar a un país nuevo y qué se analiza antes de "
        "abrir una filial.",
        "profile": "Lideré la expansión de la compañía a Colombia y México: estudio de mercado, "
        "socios locales, regulación y adquisiciones.",
    },
    {
        "program": "reverse",
        "lang": "es",
        "goal": "Me interesa cómo responde una empresa cuando sale una noticia negativa en los "
        "medios o en redes.",
        "profile": "Directora de comunicaciones corporativas; he manejado crisis de reputación, "
        "vocería y relación con la prensa.",
    },
    {
        "program": "reverse",
        "lang": "es",
        "goal": "Quiero planear mi carrera dentro del grupo y saber cómo postular a otras áreas "
        "o a un programa de talento.",
        "profile": "Vicepresidente de talento humano: planes de carrera, movilidad interna, "
        "sucesión y programas de alto potencial.",
    },
    {
        "program": "reverse",
        "lang": "es",
        "goal": "Me piden presentar resultados ante el directorio y no sé cómo resumir un "
        "proyecto para la alta gerencia.",
        "profile": "Secretario del directorio; preparo presentaciones ejecutivas, mensajes "
        "clave en una página y la gestión de las sesiones del consejo.",
    },
    {
        "program": "reverse",
        "lang": "es-en",
        "goal": "Quiero entender cómo se planifica la cadena de suministro y por qué faltan "
        "productos en las tiendas.",
        "profile": "Chief operating officer: supply chain planning, demand forecasting, "
        "logistics and supplier networks across the region.",
    },
    {
        "program": "reverse",
        "lang": "en",
        "goal": "I want to learn how to lead a large change project, like moving the whole "
        "company to a new ERP.",
        "profile": "I sponsored our ERP implementation and several transformation programmes: "
        "change management, resistance, governance and communicating the why.",
    },
    {
        "program": "reverse",
        "lang": "en",
        "goal": "I want to understand the regulatory and compliance side of our business before "
        "it becomes a problem for my projects.",
        "profile": "General counsel: regulatory compliance, internal controls, contracts and how "
        "legal risk shapes business decisions.",
    },
    # Women-owned businesses.
    {
        "program": "business",
        "lang": "es",
        "goal": "Vendo bastante pero a fin de mes nunca me alcanza la plata para pagar a los "
        "proveedores y la planilla.",
        "profile": "Contadora pública con 15 años en pymes: proyecciones de flujo de caja, "
        "capital de trabajo y control de cobros y pagos.",
    },
    {
        "program": "business",
        "lang": "es",
        "goal": "Una cadena de supermercados me mandó una orden de compra de 5.000 unidades y no "
        "sé si puedo cumplir ni qué pasa si me atraso.",
        "profile": "Fui jefa de compras en una cadena de retail; conozco las órdenes de compra, "
        "plazos de entrega, penalidades y cómo cumplir con un comprador grande.",
    },
    {
        "program": "business",
        "lang": "es",
        "goal": "Mis clientes grandes me pagan a 90 días y necesito financiamiento para comprar "
        "insumos mientras tanto.",
        "profile": "Ejecutiva de banca pyme: factoring, líneas de crédito para capital de "
        "trabajo y cómo presentar la empresa al banco.",
    },
    {
        "program": "business",
        "lang": "es",
        "goal": "Un cliente corporativo nos exige la certificación ISO 9001 para seguir "
        "comprándonos.",
        "profile": "Auditora líder de sistemas de gestión de calidad; acompaño a pequeñas "
        "empresas en la implementación y certificación ISO 9001.",
    },
    {
        "program": "business",
        "lang": "es",
        "goal": "Hago mermeladas artesanales y para entrar a tiendas necesito registro sanitario "
        "y buenas prácticas de manufactura.",
        "profile": "Ingeniera de alimentos: inocuidad, BPM, HACCP y trámites de registro "
        "sanitario para productos envasados.",
    },
    {
        "program": "business",
        "lang": "es",
        "goal": "No sé cuánto cobrar por mis productos; pongo los precios a ojo y creo que estoy "
        "perdiendo plata.",
        "profile": "Consultora en costos: calculo costos unitarios, márgenes y punto de "
        "equilibrio y diseño estrategias de precios.",
    },
    {
        "program": "business",
        "lang": "es",
        "goal": "Quiero venderle a empresas grandes pero no sé cómo llegar al área de compras ni "
        "cómo inscribirme como proveedora.",
        "profile": "Gerente de cuentas clave en una multinacional; explico cómo funcionan los "
        "procesos de homologación de proveedores y las ventas corporativas.",
    },
    {
        "program": "business",
        "lang": "es",
        "goal": "Mi negocio no aparece en internet; solo tengo un WhatsApp y quiero que me "
        "encuentren.",
        "profile": "Especialista en marketing digital: página web, perfil de Google, redes "
        "sociales y publicidad en Instagram y Facebook para negocios locales.",
    },
    {
        "program": "business",
        "lang": "es",
        "goal": "Quiero abrir una tienda en línea con pagos con tarjeta y envíos a todo el país.",
        "profile": "Montamos tiendas virtuales en Shopify y WooCommerce con pasarelas de pago, "
        "envíos y atención postventa.",
    },
    {
        "program": "business",
        "lang": "es",
        "goal": "Tenemos pedidos de Estados Unidos por nuestras artesanías pero no sabemos nada "
        "de exportar.",
        "profile": "Especialista en comercio exterior: trámites de exportación, aduanas, "
        "Incoterms y acuerdos comerciales.",
    },
    {
        "program": "business",
        "lang": "es",
        "goal": "Sigo trabajando en la informalidad y quiero emitir facturas electrónicas y "
        "ordenar mis impuestos.",
        "profile": "Asesora tributaria: formalización de negocios, régimen tributario, "
        "facturación electrónica y declaraciones mensuales.",
    },
    {
        "program": "business",
        "lang": "es",
        "goal": "Me copiaron el nombre y el logo de mi marca y no sé cómo protegerlos.",
        "profile": "Abogada de propiedad intelectual: registro de marcas, contratos y defensa "
        "frente a copias.",
    },
    {
        "program": "business",
        "lang": "es",
        "goal": "Voy a contratar a mis dos primeras empleadas y tengo miedo de equivocarme con "
        "los contratos y los beneficios.",
        "profile": "Consultora de recursos humanos para pymes: legislación laboral, contratos, "
        "planillas y selección de personal.",
    },
    {
        "program": "business",
        "lang": "es",
        "goal": "El empaque de mis cosméticos se ve casero y en las ferias la gente pasa de largo.",
        "profile": "Diseñadora de marca y packaging; rediseño etiquetas, envases e identidad "
        "visual para que un producto compita en góndola.",
    },
    {
        "program": "business",
        "lang": "es",
        "goal": "Siempre me quedo sin stock de lo que más se vende y me sobra lo que no sale.",
        "profile": "Especialista en logística: gestión de inventarios, rotación de productos, "
        "pronóstico de demanda y almacenes.",
    },
    {
        "program": "business",
        "lang": "es",
        "goal": "Si me llega un pedido el doble de grande mi taller no da abasto; necesito "
        "organizar la producción.",
        "profile": "Ingeniero industrial: planificación de la producción, capacidad de planta, "
        "tiempos y mejora de procesos en talleres pequeños.",
    },
    {
        "program": "business",
        "lang": "es",
        "goal": "Los compradores corporativos nos preguntan por nuestra huella de carbono y "
        "prácticas sostenibles.",
        "profile": "Consultora en sostenibilidad: criterios ESG para proveedores, medición de "
        "huella de carbono y reportes ambientales.",
    },
    {
        "program": "business",
        "lang": "es",
        "goal": "Quiero presentarme a licitaciones del Estado pero los requisitos y las bases me "
        "parecen imposibles.",
        "profile": "He asesorado a decenas de empresas en contrataciones públicas: "
        "licitaciones, registro de proveedores del Estado y propuestas técnicas.",
    },
    {
        "program": "business",
        "lang": "es",
        "goal": "Hago todo yo sola en mi empresa y no me animo a delegar; estoy agotada.",
        "profile": "Empresaria y coach de liderazgo: ayudo a dueñas de negocio a delegar, "
        "armar equipo y recuperar su tiempo.",
    },
    {
        "program": "business",
        "lang": "es-en",
        "goal": "Necesito preparar un pitch y un plan de negocio para conseguir inversión y "
        "crecer.",
        "profile": "Impact investor. I review business plans, financial models and pitch decks "
        "for women-led companies raising their first round.",
    },
    {
        "program": "business",
        "lang": "es-en",
        "goal": "Me dijeron que existe una certificación de empresa de mujeres que abre puertas "
        "con las corporaciones.",
        "profile": "I run a supplier diversity programme and help women-owned businesses get "
        "certified and registered with corporate buyers.",
    },
    {
        "program": "business",
        "lang": "en",
        "goal": "I want to negotiate better prices and payment terms with the suppliers of my "
        "raw materials.",
        "profile": "Procurement manager in manufacturing: supplier negotiation, sourcing raw "
        "materials and building long-term supplier relationships.",
    },
    {
        "program": "business",
        "lang": "en",
        "goal": "My bookkeeping is a shoebox of receipts; I want proper accounts so I know if I "
        "make a profit.",
        "profile": "Accountant for small businesses: setting up accounting software, monthly "
        "income statements and understanding your numbers.",
    },
    {
        "program": "business",
        "lang": "en",
        "goal": "We are thinking of opening a second location or franchising the café, and I "
        "don't know where to start.",
        "profile": "Built a restaurant chain from one shop to twelve; I advise on expansion, "
        "franchise models and site selection.",
    },
    {
        "program": "business",
        "lang": "en-es",
        "goal": "Customers complain after they buy and I have no process for returns or follow-up.",
        "profile": "Gerente de experiencia del cliente: atención postventa, gestión de reclamos, "
        "devoluciones y fidelización.",
    },
    {
        "program": "business",
        "lang": "en",
        "goal": "I sell handmade soap at fairs and want to get into a department store, but I "
        "don't know how consignment and retail margins work.",
        "profile": "Former buyer for a department store: consignment deals, retail margins, "
        "listing fees and how to pitch a new brand to a buyer.",
    },
    {
        "program": "business",
        "lang": "en",
        "goal": "Clients owe me money for months and I feel awkward chasing them to pay.",
        "profile": "Credit and collections specialist: payment terms, invoice reminders and how "
        "to collect politely but firmly.",
    },
]
