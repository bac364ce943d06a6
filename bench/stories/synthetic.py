"""A large synthetic news corpus for the stories timing benches (only for timing: never for scoring).

``generate(n, *, days=30, seed=1)`` returns ``n`` articles over a window of ``days`` days, about three per event,
with the fields of the labelled set (``labelled.jsonl``): ``id``, ``language``, ``source``, ``title``, ``text``,
``published``, ``story``, ``duplicate_of``, and ``original_title`` / ``original_text``.

Spanish is the comparison language: ``title`` and ``text`` are always Spanish. About a third of the articles
are English originals (``language`` "en"): their English text is in ``original_title`` / ``original_text``,
and ``title`` / ``text`` hold the same article in Spanish, as the site's translation would. For Spanish
originals the ``original_*`` fields repeat ``title`` / ``text``.

The text is built from templates of a dozen kinds of event (fires, matches, storms, elections, trials...) with
varied wording, names, places and figures, so that an inverted index over it sees what it would see over real
news: common words shared by every event of a kind, names and numbers that tell events apart. Articles about
one event differ in headline, paragraphs, their order, quotes and how figures are stated; a few are wire copies
of another article of the event (``duplicate_of``) with a new headline, the last paragraph cut or a local
sentence added. The same seed gives the same corpus.

    python bench/stories/synthetic.py --count 11000 --out /tmp/stories.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

START = datetime(2026, 11, 1, tzinfo=UTC)
ENGLISH_SHARE = 0.33  # of the events, told by English outlets (English originals)
BILINGUAL_SHARE = 0.15  # of the English events, also told by a Spanish outlet
COPY_SHARE = 0.3  # of the articles after a wire's first report of an event, a copy of it

WEEKDAYS = {
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}

NAMES = {  # female first names, male first names, surnames
    "es": (
        "Ana Lucía Carmen María Elena Marta Pilar Rosa Isabel Teresa Nuria Beatriz Sonia Raquel Alicia Julia Inés "
        "Paula Irene Cristina Laura Silvia Rocío Amparo Esther Encarna Mercedes Nieves".split(),
        "José Antonio Manuel Francisco Javier Carlos Miguel Pedro Luis Jorge Alberto Fernando Sergio Pablo Andrés "
        "Ramón Tomás Diego Álvaro Rubén Gonzalo Emilio Julián Víctor Fermín Anselmo Gregorio Bernardo".split(),
        "García Martínez López Sánchez Pérez Gómez Jiménez Ruiz Hernández Díaz Moreno Álvarez Romero Navarro "
        "Torres Domínguez Vázquez Ramos Gil Serrano Blanco Molina Ortega Delgado Castro Ortiz Rubio Marín Sanz "
        "Iglesias Medina Garrido Cortés Castillo Santos Lozano Guerrero Cano Prieto Méndez Calvo Gallego Vidal "
        "León Herrera Márquez Peña Cabrera Campos Vega Fuentes Carrasco Caballero Reyes Nieto Aguilar Pascual "
        "Herrero Lorenzo Montero Hidalgo Ibáñez Ferrer Benítez Mora Vicente Vargas Arias Carmona Crespo Pastor "
        "Soto Velasco Moya Soler Parra Esteban Bravo Gallardo Rojas Olalla Quirós Albán Ledesma Villalta".split(),
    ),
    "en": (
        "Emily Olivia Amelia Isla Ava Jessica Sophie Grace Lily Ruby Chloe Hannah Megan Ellie Rachel Helen Sarah "
        "Claire Gemma Priya Aisha Naomi Bethan Moira Janet Ruth Kirsty".split(),
        "Oliver George Harry Jack Jacob Charlie Thomas Oscar William James Daniel Samuel Joseph Henry Alfie Martin "
        "Owen Graham Dean Luke Kofi Tariq Callum Derek Nathan Paul Steve".split(),
        "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker White "
        "Roberts Green Hall Wood Jackson Clarke Patel Hughes Edwards Turner Hill Moore Cooper Ward Morris King "
        "Watson Harrison Morgan Baker Young Allen Mitchell Anderson Bell Parker Bennett Carter Cook Shaw Lloyd "
        "Price Fletcher Ashworth Pembury Hartigan Castellan Reddaway Brierley Fenwick Hollis Imrie Moyle Diggle "
        "Quarrie Penrose Tulloch Oduya Sallow Voss Crane Dale Coutts Fanshawe".split(),
    ),
}

TOWN_PARTS = {
    "es": (
        "Val Torre Castro Fuente Villa Nava Peña Campo Monte Puebla Quinta Alcor Medina Olme Robla Sala Cuesta "
        "Hoya Rivas Lora Alda Mira Cerra Soto".split(),
        "mora lumbre seca juncal laguna fría rubia verde clara hermosa alta blanca viva real llana honda rada "
        "nueva cillo vieja rosa lobos zarza mayor".split(),
    ),
    "en": (
        "Ash Brad Cal Dun Elm Fair Glen Hart King Lang Mill North Oak Red Stan West Whit Brook Kes Marsh Thorn "
        "Hazel Wren Col".split(),
        "ford ton bury field ley wick mouth gate bridge worth ham stead by well combe hurst borough dale".split(),
    ),
}
TOWN_TAILS = {"es": ("", "", "", " del Río", " de la Sierra", " del Campo"), "en": ("", "", "", "", " Cross", " Bay")}
REGIONS = {
    "es": ("Sierra Baja", "San Telmo", "Ribera Alta", "Campo de Arce", "Marina del Sur", "Tierra de Olmos",
           "Montes de Quintanar", "Vega Media"),
    "en": ("Calder", "Westmoor", "Northdown", "Kestrel Vale", "Fenmarsh", "Harrowdale", "Brackenshire",
           "East Brackley"),
}
STREETS = {
    "es": ("la calle Mayor", "la avenida de la Constitución", "la calle del Pozo", "el paseo del Río",
           "la calle Real", "la avenida del Puerto", "la calle de San Juan", "la plaza del Mercado",
           "la calle Ancha", "la ronda Norte"),
    "en": ("High Street", "Station Road", "Mill Lane", "Church Street", "Quayside Road", "Victoria Road",
           "Market Square", "Foundry Lane", "Bridge Street", "Park Avenue"),
}
COMPANY = {
    "es": ("Grupo {s}", "Industrias {s}", "Talleres {s}", "Conservas {s}", "Transportes {s}", "Construcciones {s}",
           "Maderas {s}", "Química {s}", "Papelera {s}", "Cerámicas {s}"),
    "en": ("{s} Logistics", "{s} Plastics", "{s} Foods", "{s} Engineering", "{s} Homes", "{s} Motors",
           "{s} Textiles", "{s} Packaging", "{s} Pharma", "{s} Metals"),
}
TEAM = {"es": ("CD {t}", "Real {t}", "Atlético {t}", "UD {t}"), "en": ("{t} Athletic", "{t} Rovers", "{t} United", "{t} Town")}
PARTIES = {
    "es": ("Partido Regionalista", "Partido Popular Democrático", "Izquierda Unida Ciudadana", "Alianza Vecinal",
           "Los Verdes del Sur"),
    "en": ("Civic Alliance", "Progress Party", "Green Coalition", "Coastal Independents", "Workers' League"),
}
OUTLETS = {
    "es": ("El Correo de {t}", "La Gaceta de {t}", "Diario de {t}", "Heraldo de {t}", "Noticias de {t}",
           "La Voz de {t}", "El Faro de {t}"),
    "en": ("The {t} Courier", "{t} Ledger", "{t} Evening Post", "{t} Herald", "{t} Times", "The {t} Echo"),
}
CURRENCY = {"es": {"es": "euros", "en": "euros"}, "en": {"es": "libras", "en": "pounds"}}  # by event's country
WIRES = {"es": ("Agencia Atalaya", "Agencia Meseta"), "en": ("Meridian Wire", "Northern Press Agency")}

# Each kind of event: titles, a lead (the first paragraph) and body paragraphs, each in Spanish and English.
# {slot} is a fact of the event; [a|b|c] is a choice of wording made anew in each article.
KINDS: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    "fire": {
        "title": {
            "es": ("[Un incendio arrasa|Arde] la nave de {org} en {town}",
                   "{n_small} heridos en el incendio de una [fábrica|nave industrial] de {town}",
                   "[Los bomberos controlan|Controlado] el fuego en {org} tras [varias|{hours}] horas"),
            "en": ("Fire [destroys|guts] {org} [factory|plant] in {town}",
                   "{n_small} hurt as fire [tears through|sweeps through] {town} [factory|works]",
                   "Firefighters [bring|get] {org} blaze under control after {hours} hours"),
        },
        "lead": {
            "es": ("Un incendio declarado [la pasada madrugada|de madrugada] en la nave de {org}, en el polígono "
                   "industrial de {town}, ha dejado {n_small} trabajadores heridos y ha obligado a [desalojar|evacuar] "
                   "a {n_med_s} vecinos de las calles próximas, según [ha informado|informó] Emergencias {day}.",
                   "[Unos|Más de] {n_crew} bomberos [trabajaron|han trabajado] durante {hours} horas para "
                   "[sofocar|controlar] el incendio que [destruyó|arrasó] {day} buena parte de las instalaciones de "
                   "{org} en {town}, en el que {n_small} empleados resultaron heridos."),
            "en": ("A fire that broke out [overnight|in the early hours] at the {org} plant on the industrial estate in "
                   "{town} left {n_small} workers injured and forced {n_med_s} residents from nearby streets, the fire "
                   "service said {day}.",
                   "[About|More than] {n_crew} firefighters spent {hours} hours [fighting|tackling] the blaze that "
                   "[destroyed|wrecked] much of {org}'s site in {town} {day}, injuring {n_small} members of staff."),
        },
        "body": {
            "es": ("El fuego se originó [hacia|sobre] las {hour} horas en la zona de almacenamiento y se propagó con "
                   "rapidez por la cubierta. La columna de humo era visible desde [toda la comarca|varios kilómetros].",
                   "\"[Se oyó una explosión|Primero olimos el humo] y en un minuto no se veía nada\", relató {witness}, "
                   "[vecino|empleado] de la zona, que ayudó a sacar a dos compañeros de la nave.",
                   "El Ayuntamiento recomendó a los vecinos de {street} mantener las ventanas cerradas. {official}, "
                   "alcaldesa de {town}, se desplazó al lugar y [agradeció|elogió] el trabajo de los "
                   "equipos de extinción.",
                   "La empresa, que emplea a {n_med} personas, ha asegurado que colaborará con los investigadores. "
                   "Las causas del incendio [se desconocen por el momento|están aún por determinar]."),
            "en": ("The fire started at around {hour} in the storage area and spread quickly across the roof. The "
                   "smoke could be seen [across the county|for miles].",
                   "\"[We heard a bang|We smelled the smoke first] and within a minute you couldn't see a thing,\" "
                   "said {witness}, who helped two colleagues out of the building.",
                   "The council advised residents of {street} to keep their windows shut. {official}, the [mayor|leader] "
                   "of {town}, visited the scene and [thanked|praised] the crews.",
                   "The company, which employs {n_med} people, said it would cooperate with investigators. The cause "
                   "of the fire [is not yet known|is under investigation]."),
        },
    },
    "match": {
        "title": {
            "es": ("El {team_home} [vence|gana] al {team_away} ({g1}-{g2}) con un gol de {scorer}",
                   "{scorer} da la victoria al {team_home} [ante|frente al] {team_away}",
                   "{team_home} {g1} - {team_away} {g2}: [crónica del partido|los goles]"),
            "en": ("{team_home} beat {team_away} {g1}-{g2} [as|after] {scorer} [strikes|scores]",
                   "{scorer} [fires|sends] {team_home} past {team_away}",
                   "{team_home} {g1} {team_away} {g2}: [match report|how it happened]"),
        },
        "lead": {
            "es": ("El {team_home} se impuso por {g1}-{g2} al {team_away} {day} [ante|frente a] {n_crowd} espectadores, "
                   "en un partido que se decidió con un gol de {scorer} en el minuto {minute}.",
                   "Un [tanto|gol] de {scorer} en el minuto {minute} dio al {team_home} una victoria por {g1}-{g2} sobre "
                   "el {team_away} en un [encuentro|partido] disputado {day} con {n_crowd} aficionados en las gradas."),
            "en": ("{team_home} beat {team_away} {g1}-{g2} {day} in front of {n_crowd} fans, with {scorer} deciding the "
                   "game in the {minute}th minute.",
                   "A [goal|strike] from {scorer} in the {minute}th minute gave {team_home} a {g1}-{g2} win over "
                   "{team_away} {day}, watched by a crowd of {n_crowd}."),
        },
        "body": {
            "es": ("El {team_away} dominó la primera parte y [estrelló un balón en el larguero|tuvo dos ocasiones "
                   "claras] antes del descanso, pero el portero local estuvo [acertado|muy seguro].",
                   "\"[Hemos sufrido, pero el equipo ha creído hasta el final|Es una victoria de equipo]\", declaró el "
                   "entrenador, {coach}, en la sala de prensa.",
                   "Con este resultado el {team_home} suma {n_small} puntos y [escala|sube] hasta la {rank}ª plaza de "
                   "la clasificación.",
                   "El [colegiado|árbitro] expulsó a un jugador visitante en el minuto {minute2} por una entrada por "
                   "detrás, lo que [condicionó|marcó] el tramo final."),
            "en": ("{team_away} were the better side before the break and [hit the crossbar|had two clear chances], "
                   "but the home goalkeeper stood firm.",
                   "\"[We suffered, but the players believed until the end|It was a team win],\" manager {coach} said "
                   "afterwards.",
                   "The result leaves {team_home} on {n_small} points and [lifts them|moves them up] to {rank_en} in "
                   "the table.",
                   "The referee sent off a visiting player in the {minute2}th minute for a late challenge, which "
                   "[shaped|decided] the closing stages."),
        },
    },
    "storm": {
        "title": {
            "es": ("El temporal {storm} deja {n_med_s} desalojados en {region}",
                   "[Inundaciones|Lluvias torrenciales] en {town}: el río se desborda",
                   "El temporal {storm} [azota|castiga] {region} con rachas de {wind} km/h"),
            "en": ("Storm {storm} forces {n_med_s} from their homes in {region}",
                   "[Floods|Torrential rain] hit {town} as river bursts its banks",
                   "Storm {storm} [batters|lashes] {region} with {wind} km/h gusts"),
        },
        "lead": {
            "es": ("El temporal {storm} ha descargado más de {rain} litros por metro cuadrado en {region}, donde unas "
                   "{n_med} personas han tenido que abandonar sus casas en {town} por la crecida del río, según "
                   "Emergencias.",
                   "Rachas de viento de hasta {wind} kilómetros por hora y lluvias intensas [han dejado|dejaron] {day} "
                   "a {n_big_s} hogares sin luz en {region}, con {town} como la localidad más afectada."),
            "en": ("Storm {storm} dropped more than {rain} millimetres of rain on {region}, where some {n_med} people "
                   "were forced from their homes in {town} as the river rose, emergency services said.",
                   "Gusts of up to {wind} km/h and heavy rain left {n_big_s} homes without power in {region} {day}, "
                   "with {town} the worst hit."),
        },
        "body": {
            "es": ("Los bomberos rescataron a {n_small} personas atrapadas en sus vehículos y [cortaron|cerraron] "
                   "{n_small2} carreteras. Las clases se suspendieron en los colegios de la comarca.",
                   "\"[Nunca habíamos visto el agua tan alta|El agua entró en diez minutos]\", contaba {witness} "
                   "mientras achicaba agua de su casa en {street}.",
                   "{official}, alcaldesa de {town}, pidió que la zona sea declarada catastrófica y "
                   "[anunció|avanzó] ayudas de urgencia para los afectados.",
                   "La agencia meteorológica mantiene el aviso [naranja|rojo] hasta la medianoche y prevé que el "
                   "temporal remita a partir del {weekday_next}."),
            "en": ("Firefighters rescued {n_small} people trapped in their cars and [closed|shut] {n_small2} roads. "
                   "Schools across the area were closed.",
                   "\"[We have never seen the water this high|The water came in within ten minutes],\" said {witness}, "
                   "bailing out a house on {street}.",
                   "{official}, the [mayor|council leader] of {town}, called for emergency funding and [promised|announced] "
                   "help for those affected.",
                   "The weather service kept its [amber|red] warning in place until midnight and expects the storm to "
                   "ease from {weekday_next}."),
        },
    },
    "company": {
        "title": {
            "es": ("{org} [recortará|suprimirá] {n_med} empleos en su planta de {town}",
                   "{org} invertirá {money} millones en {town} y creará {n_med} puestos",
                   "[Malas noticias|Incertidumbre] en {town}: {org} [anuncia|confirma] un ajuste de plantilla"),
            "en": ("{org} to [cut|axe] {n_med} jobs at {town} plant",
                   "{org} to invest {money} million {cur} in {town}, creating {n_med} jobs",
                   "[Blow|Uncertainty] for {town} as {org} [announces|confirms] job cuts"),
        },
        "lead": {
            "es": ("La empresa {org} [ha anunciado|anunció] {day} un plan que afectará a {n_med} empleos en su planta de "
                   "{town}, que da trabajo a {n_big} personas, dentro de una reorganización que [prevé|incluye] una "
                   "inversión de {money} millones de {cur}.",
                   "{org} [destinará|invertirá] {money} millones de {cur} a su fábrica de {town} y [modificará|cambiará] "
                   "{n_med} puestos de trabajo, según [ha comunicado|comunicó] {day} su [consejera delegada|presidenta], "
                   "{official}."),
            "en": ("{org} [announced|said] {day} a plan affecting {n_med} jobs at its {town} plant, which employs "
                   "{n_big} people, as part of a reorganisation that includes an investment of {money} million {cur}.",
                   "{org} will invest {money} million {cur} in its {town} factory and change {n_med} jobs, chief executive "
                   "{official} said {day}."),
        },
        "body": {
            "es": ("\"[Es una decisión difícil, pero necesaria|Queremos que {town} tenga futuro]\", afirmó {official} "
                   "en un comunicado [difundido|enviado] a la plantilla.",
                   "El comité de empresa ha convocado una asamblea para el {weekday_next}. Su [presidente|portavoz], "
                   "{witness}, calificó el anuncio de \"[inaceptable|golpe muy duro]\".",
                   "La planta de {town} fabrica [componentes para el automóvil|envases|maquinaria agrícola] desde "
                   "{year} y es el mayor empleador de {region}.",
                   "Las acciones de la compañía [subieron|cayeron] un {pct} % tras el anuncio."),
            "en": ("\"[This is a difficult but necessary decision|We want {town} to have a future],\" {official} said "
                   "in a statement to staff.",
                   "Union representatives have called a meeting for {weekday_next}. Their [convenor|spokesperson], "
                   "{witness}, called the announcement \"[unacceptable|a terrible blow]\".",
                   "The {town} plant has made [car parts|packaging|farm machinery] since {year} and is the largest "
                   "employer in {region}.",
                   "The company's shares [rose|fell] {pct} percent after the announcement."),
        },
    },
    "election": {
        "title": {
            "es": ("{official} gana las elecciones municipales de {town}",
                   "El {party} se impone en {town} con el {pct_big} % de los votos",
                   "{town} [elige|tiene] nueva [alcaldesa|alcaldía]: {official}"),
            "en": ("{official} wins {town} mayoral election",
                   "{party} takes {town} with {pct_big} percent of the vote",
                   "{town} [elects|chooses] {official} as mayor"),
        },
        "lead": {
            "es": ("{official}, candidata del {party}, ha ganado las elecciones municipales celebradas {day} en {town} "
                   "con {votes1} votos, frente a los {votes2} del {party2}, con una participación del {turnout} %.",
                   "El {party} de {official} [obtuvo|logró] {day} la victoria en {town} con el {pct_big} % de los "
                   "votos, en una jornada con una participación del {turnout} %."),
            "en": ("{official} of the {party} won {day}'s mayoral election in {town} with {votes1} votes to {votes2} "
                   "for the {party2}, on a turnout of {turnout} percent.",
                   "The {party}'s {official} won in {town} {day} with {pct_big} percent of the vote, on a turnout of "
                   "{turnout} percent."),
        },
        "body": {
            "es": ("\"[Hoy gana {town}|Gobernaré para todos los vecinos]\", dijo {official} en su discurso de victoria "
                   "en la sede del partido, en {street}.",
                   "El candidato del {party2}, {witness}, reconoció la derrota y [felicitó|llamó] a la nueva alcaldesa.",
                   "Las elecciones se convocaron tras la dimisión del anterior alcalde por motivos de salud. La toma de "
                   "posesión será el {weekday_next}.",
                   "La participación, del {turnout} %, fue [inferior|superior] a la de los últimos comicios."),
            "en": ("\"[Today {town} wins|I will govern for everyone]\", {official} told supporters at the party's "
                   "offices on {street}.",
                   "The {party2} candidate, {witness}, conceded and [congratulated|phoned] the new mayor.",
                   "The vote was called after the previous mayor stood down for health reasons. The new mayor takes "
                   "office on {weekday_next}.",
                   "Turnout, at {turnout} percent, was [lower|higher] than at the last election."),
        },
    },
    "court": {
        "title": {
            "es": ("Condenado a {years} años de prisión el [exgerente|exdirector] de {org}",
                   "La Audiencia condena a {witness} por [estafa|apropiación indebida]",
                   "{years} años de cárcel por el [fraude|desfalco] de {money} millones en {town}"),
            "en": ("Former {org} [boss|director] jailed for {years} years",
                   "Court convicts {witness} of [fraud|embezzlement]",
                   "{years} years for {money} million {cur} [fraud|swindle] in {town}"),
        },
        "lead": {
            "es": ("La Audiencia Provincial ha condenado a {years} años de prisión a {witness}, [exgerente|exdirector] "
                   "de {org}, por [apropiarse|quedarse] de {money} millones de {cur} de la empresa entre {year} y {year2}.",
                   "{witness}, que dirigió {org} en {town}, ha sido condenado {day} a {years} años de cárcel por un "
                   "fraude de {money} millones, según la sentencia [hecha pública|conocida] {day}."),
            "en": ("A court has sentenced {witness}, a former director of {org}, to {years} years in prison for taking "
                   "{money} million {cur} from the company between {year} and {year2}.",
                   "{witness}, who ran {org} in {town}, was jailed for {years} years {day} over a {money} million {cur} fraud, "
                   "according to the judgment."),
        },
        "body": {
            "es": ("El tribunal considera probado que el acusado [desvió|transfirió] fondos a {n_small} sociedades "
                   "pantalla a nombre de familiares.",
                   "La defensa, ejercida por {official}, ha anunciado que recurrirá la sentencia ante el Tribunal "
                   "Superior.",
                   "Además de la pena de prisión, deberá indemnizar a {org} y a {n_med} [pequeños accionistas|"
                   "extrabajadores] afectados.",
                   "El juicio, celebrado en {n_small2} sesiones el mes pasado, contó con el testimonio de {n_small} "
                   "antiguos empleados."),
            "en": ("The court found that the defendant [moved|transferred] money to {n_small} shell companies in the "
                   "names of relatives.",
                   "His lawyer, {official}, said he would appeal.",
                   "As well as the prison term, he must repay {org} and {n_med} [small shareholders|former employees].",
                   "The trial, held over {n_small2} days last month, heard from {n_small} former employees."),
        },
    },
    "arrest": {
        "title": {
            "es": ("{n_small} detenidos en una operación contra el [tráfico de drogas|robo de vehículos] en {town}",
                   "La Policía desarticula una banda [que operaba|asentada] en {town}",
                   "Cae en {town} una red [con ramificaciones|activa] en {region}"),
            "en": ("{n_small} arrested in [drugs|car theft] raids in {town}",
                   "Police break up gang operating in {town}",
                   "{town} network [dismantled|smashed] in {region}-wide raids"),
        },
        "lead": {
            "es": ("La Policía ha detenido a {n_small} personas en una operación contra una red que [operaba|actuaba] "
                   "en {town} y otros municipios de {region}, en la que se han intervenido {money_k} en efectivo.",
                   "Agentes de la Guardia Civil han desarticulado {day} una organización [asentada|con base] en {town} "
                   "y han detenido a {n_small} de sus miembros tras {n_small2} registros simultáneos."),
            "en": ("Police have arrested {n_small} people in an operation against a network active in {town} and "
                   "other parts of {region}, seizing {money_k} in cash.",
                   "Officers broke up a gang based in {town} {day}, arresting {n_small} of its members in {n_small2} "
                   "simultaneous raids."),
        },
        "body": {
            "es": ("Según los investigadores, el grupo [llevaba|estaba] activo desde {year} y utilizaba un taller de "
                   "{street} como almacén.",
                   "En los registros se [intervinieron|incautaron] {n_small2} vehículos, armas blancas y documentación.",
                   "Los detenidos pasarán a disposición judicial [en las próximas horas|el {weekday_next}].",
                   "\"[Es un golpe importante|La operación sigue abierta]\", señaló el portavoz policial {official}."),
            "en": ("Investigators say the group had been active since {year} and used a garage on {street} as a store.",
                   "Officers seized {n_small2} vehicles, knives and documents in the searches.",
                   "Those arrested will appear in court [in the coming hours|on {weekday_next}].",
                   "\"[This is a significant blow|The investigation continues],\" police spokesperson {official} said."),
        },
    },
    "accident": {
        "title": {
            "es": ("{n_small} [muertos|fallecidos] en un accidente de tráfico en {town}",
                   "Un choque entre un camión y un autobús deja {n_small2} heridos en {town}",
                   "Trágico accidente en la carretera de {town}"),
            "en": ("{n_small} killed in crash near {town}",
                   "Lorry and bus collide near {town}, {n_small2} hurt",
                   "[Tragedy|Fatal crash] on {town} road"),
        },
        "lead": {
            "es": ("{n_small} personas murieron y {n_small2} resultaron heridas {day} en un choque entre un camión y un "
                   "autobús en la carretera que une {town} con {town2}, según [los servicios de emergencia|Tráfico].",
                   "Un accidente entre un autobús de línea y un camión en las afueras de {town} [ha causado|causó] {day} "
                   "la muerte de {n_small} personas."),
            "en": ("{n_small} people died and {n_small2} were injured {day} when a lorry and a bus collided on the road "
                   "between {town} and {town2}, emergency services said.",
                   "A collision between a bus and a lorry on the outskirts of {town} killed {n_small} people {day}."),
        },
        "body": {
            "es": ("El siniestro se produjo [hacia|sobre] las {hour} horas, en una curva con poca visibilidad. La "
                   "carretera permaneció cortada durante {hours} horas.",
                   "Los heridos fueron trasladados al hospital de {town2}; {n_small} de ellos se encuentran en estado "
                   "grave.",
                   "\"[Llevamos años pidiendo que se arregle esta curva|Es un punto negro]\", lamentó {official}, "
                   "alcaldesa de {town}.",
                   "La Guardia Civil investiga las causas del accidente. El conductor del camión dio negativo en las "
                   "pruebas de alcohol."),
            "en": ("The crash happened at about {hour} on a bend with poor visibility. The road was closed for {hours} "
                   "hours.",
                   "The injured were taken to hospital in {town2}; {n_small} of them are in a serious condition.",
                   "\"[We have been asking for this bend to be fixed for years|It is an accident black spot],\" said "
                   "{official}, the mayor of {town}.",
                   "Police are investigating the cause. The lorry driver tested negative for alcohol."),
        },
    },
    "strike": {
        "title": {
            "es": ("Huelga en {org}: [paros|protestas] en {town} por los salarios",
                   "La plantilla de {org} [secunda|sigue] en masa la huelga",
                   "{n_med} trabajadores de {org} [van a la huelga|paran] en {town}"),
            "en": ("Strike at {org}: [walkout|protests] in {town} over pay",
                   "{org} workers [walk out|down tools] in {town}",
                   "{n_med} {org} staff strike in {town}"),
        },
        "lead": {
            "es": ("Unos {n_med} trabajadores de {org} [secundaron|siguieron] {day} la primera jornada de huelga "
                   "convocada en {town} para reclamar una subida salarial del {pct} %, según el comité de empresa.",
                   "La huelga convocada por los sindicatos en {org} [paralizó|detuvo] {day} la actividad en {town}, "
                   "con un seguimiento del {pct_big} % según los convocantes."),
            "en": ("About {n_med} workers at {org} [joined|took part in] the first day of a strike in {town} {day}, "
                   "demanding a pay rise of {pct} percent, union representatives said.",
                   "A strike called by the unions at {org} brought work in {town} to a halt {day}, with {pct_big} "
                   "percent of staff taking part, according to the organisers."),
        },
        "body": {
            "es": ("La empresa ofrece una subida menor y asegura que la huelga le cuesta {money_k} al día.",
                   "\"[No pedimos nada extraordinario|Solo queremos llegar a fin de mes]\", explicó {witness}, "
                   "delegado sindical, ante las puertas de la fábrica en {street}.",
                   "Las dos partes se reunirán el {weekday_next} con un mediador. Los sindicatos han convocado "
                   "{n_small} jornadas más si no hay acuerdo.",
                   "La directora de recursos humanos, {official}, [pidió|reclamó] \"responsabilidad\" a los "
                   "convocantes."),
            "en": ("The company has offered a smaller rise and says the strike costs it {money_k} a day.",
                   "\"[We are not asking for anything extraordinary|We just want to make ends meet],\" said union rep "
                   "{witness} outside the gates on {street}.",
                   "The two sides will meet a mediator on {weekday_next}. Unions have called {n_small} more days of "
                   "action if there is no deal.",
                   "Human resources director {official} [urged|called on] the unions to act \"responsibly\"."),
        },
    },
    "opening": {
        "title": {
            "es": ("{town} inaugura su nuevo [puente|hospital|centro cultural] tras {hours} meses de obras",
                   "[Abre sus puertas|Se inaugura] el nuevo [equipamiento|edificio] de {town}, con un coste de "
                   "{money} millones",
                   "{official} inaugura en {town} una obra esperada durante años"),
            "en": ("{town} opens new [bridge|hospital|arts centre] after {hours} months of work",
                   "New {money} million {cur} [building|facility] opens in {town}",
                   "{official} opens long-awaited {town} project"),
        },
        "lead": {
            "es": ("{official} inauguró {day} en {town} la nueva infraestructura, que ha costado {money} millones de "
                   "euros y que según sus promotores [dará servicio|beneficiará] a {n_big_s} vecinos de {region}.",
                   "Tras {hours} meses de obras y un sobrecoste del {pct} %, {town} [estrenó|abrió] {day} su nueva "
                   "infraestructura, en un acto presidido por {official}."),
            "en": ("{official} opened the new facility in {town} {day}, a {money} million {cur} project that its backers "
                   "say will serve {n_big_s} people across {region}.",
                   "After {hours} months of work and a {pct} percent overspend, {town} opened its new facility {day} at "
                   "a ceremony led by {official}."),
        },
        "body": {
            "es": ("\"[Es un día histórico para {town}|Esta obra cambia la vida de la comarca]\", dijo {official} "
                   "ante un centenar de invitados.",
                   "Las obras comenzaron en {year} y sufrieron varios retrasos por problemas con la empresa "
                   "adjudicataria.",
                   "Vecinos como {witness} celebraron la apertura, aunque [criticaron|lamentaron] la falta de "
                   "aparcamiento en {street}.",
                   "El servicio funcionará a pleno rendimiento a partir del {weekday_next}."),
            "en": ("\"[This is a historic day for {town}|This changes life for the whole area],\" {official} told "
                   "about a hundred guests.",
                   "Work began in {year} and was delayed several times by problems with the contractor.",
                   "Residents such as {witness} welcomed the opening but [criticised|regretted] the lack of parking on "
                   "{street}.",
                   "The facility will be fully operational from {weekday_next}."),
        },
    },
    "markets": {
        "title": {
            "es": ("El índice {index} [sube|cae] un {pct} % en la semana",
                   "Semana [alcista|bajista] en la Bolsa: el {index} cierra en {points} puntos",
                   "{org} [lidera|marca] la semana bursátil del {index}"),
            "en": ("{index} index [rises|falls] {pct} percent on the week",
                   "[Winning|Losing] week for shares as {index} closes at {points}",
                   "{org} [leads|drives] the week on the {index}"),
        },
        "lead": {
            "es": ("El índice {index} cerró la semana con una variación del {pct} %, hasta los {points} puntos, "
                   "[impulsado|lastrado] por la evolución de {org}, que se movió un {pct2} %.",
                   "La Bolsa terminó {day} una semana en la que el {index} [se movió|osciló] un {pct} % y cerró en "
                   "{points} enteros, con {org} como valor más destacado."),
            "en": ("The {index} index ended the week {pct} percent different at {points} points, [driven|dragged] by "
                   "{org}, which moved {pct2} percent.",
                   "Shares ended the week {day} with the {index} moving {pct} percent to close at {points}, with {org} "
                   "the standout stock."),
        },
        "body": {
            "es": ("Los analistas de {org2} atribuyen el movimiento a los datos de inflación y a las expectativas "
                   "sobre los tipos de interés.",
                   "Entre los bancos, las subidas y bajadas fueron [moderadas|desiguales]; las eléctricas se "
                   "movieron un {pct2} %.",
                   "La próxima semana se publicarán los datos de empleo del mes, que los inversores seguirán con "
                   "atención.",
                   "El volumen de negocio fue de {money} millones de {cur}, [por encima|por debajo] de la media."),
            "en": ("Analysts at {org2} put the move down to the inflation figures and expectations for interest rates.",
                   "Bank shares moved [modestly|unevenly]; utilities shifted {pct2} percent.",
                   "Next week brings the monthly jobs figures, which investors will watch closely.",
                   "Turnover was {money} million {cur}, [above|below] the average."),
        },
    },
    "festival": {
        "title": {
            "es": ("{town} celebra su festival de [música|teatro|cine] con {n_big_s} asistentes",
                   "El festival de {town} [bate|supera] su récord de público",
                   "[Clausura|Cierre] del festival de {town}: {witness}, premiado"),
            "en": ("{town} [music|theatre|film] festival draws {n_big_s} visitors",
                   "{town} festival [breaks|beats] attendance record",
                   "{witness} takes top prize as {town} festival closes"),
        },
        "lead": {
            "es": ("El festival de {town} cerró {day} su {edition}ª edición con {n_big_s} asistentes, un {pct} % más que "
                   "el año pasado, y con el premio del público para {witness}.",
                   "Más de {n_big_s} personas pasaron por el festival de {town}, que [terminó|se clausuró] {day} con "
                   "{n_med} actividades en {n_small2} escenarios."),
            "en": ("The {town} festival closed its {edition}th edition {day} with {n_big_s} visitors, up {pct} percent "
                   "on last year, and the audience prize went to {witness}.",
                   "More than {n_big_s} people attended the {town} festival, which ended {day} after {n_med} events on "
                   "{n_small2} stages."),
        },
        "body": {
            "es": ("La directora del festival, {official}, destacó \"[la respuesta del público|el ambiente en la "
                   "calle]\" y anunció que la próxima edición durará un día más.",
                   "Los hosteleros de {street} calculan que el festival ha dejado {money} millones de {cur} en la "
                   "ciudad.",
                   "El presupuesto de esta edición ha sido de {money_k}, aportados por el Ayuntamiento y "
                   "patrocinadores.",
                   "La organización ya trabaja en el cartel del próximo año."),
            "en": ("Festival director {official} praised \"[the audience|the atmosphere on the streets]\" and said next "
                   "year's event would run a day longer.",
                   "Businesses on {street} estimate the festival brought {money} million {cur} into the town.",
                   "This year's budget was {money_k}, paid by the council and sponsors.",
                   "The organisers are already working on next year's line-up."),
        },
    },
}

CONTEXT = {  # body paragraphs any kind of event can have
    "es": ("Según los datos de {org2}, en {region} se han registrado {n_small2} casos [parecidos|similares] desde "
           "{year}, aunque ninguno de [esta magnitud|estas dimensiones].",
           "{official} [recordó|subrayó] que {town} ya vivió una situación parecida en {year} y [pidió|reclamó] más "
           "medios a la administración regional.",
           "En los bares y comercios de {street} no se hablaba de otra cosa. \"[Aquí nos conocemos todos|Es lo único "
           "de lo que se habla hoy]\", decía {witness}, que regenta un negocio en la zona desde hace años.",
           "{town}, con {n_big} habitantes, es una de las localidades más [pobladas|conocidas] de {region} y "
           "[cabecera|centro] de una comarca de {n_small2} municipios."),
    "en": ("According to figures from {org2}, there have been {n_small2} [similar|comparable] cases in {region} "
           "since {year}, though none on [this scale|this size].",
           "{official} [recalled|pointed out] that {town} went through something similar in {year} and [called for|"
           "demanded] more resources from the regional authorities.",
           "In the pubs and shops of {street} people talked of little else. \"[Everyone knows everyone here|It is all "
           "anyone is talking about today],\" said {witness}, who has run a business there for years.",
           "{town}, with {n_big} residents, is one of the [largest|best-known] towns in {region} and the [hub|centre] "
           "of a district of {n_small2} villages."),
}

LOCAL_LINES = {  # a sentence a paper adds to a wire copy
    "es": ("Este diario ha podido saber que [varios vecinos|varias familias] de {home} [siguieron|vivieron] de cerca "
           "lo ocurrido.", "El Ayuntamiento de {home} ha [expresado|trasladado] su apoyo a los afectados."),
    "en": ("Several families from {home} are understood to have been [affected|following events closely].",
           "{home} council has [offered|sent] its support to those affected."),
}

COPY_LABELS = {"es": ("Última hora: ", "Actualidad: ", "Sucesos: "), "en": ("Latest: ", "Update: ", "In brief: ")}
STORMS = ("Alba Bruno Celia Dario Elsa Fermín Gala Hugo Irene Jorge Karen Leo Mara Néstor Olga Pablo Quima Rita Saúl "
          "Tomasa Ulises Vera").split()
INDEXES = {"es": ("Atlas 30", "General del Sur", "Ribera 25"), "en": ("HX 150", "Northern 40", "Coastal 60")}


def generate(n: int, *, days: float = 30, seed: int = 1) -> list[dict]:
    """``n`` articles over ``days`` days, about three per event, in order of publication (see the module)."""
    if n < 0 or days <= 0:
        raise ValueError(f"generate: n must be >= 0 and days > 0, got n={n}, days={days}")
    rng = random.Random(seed)
    pools = _pools(rng)
    articles: list[dict] = []
    event = 0
    while len(articles) < n:
        event += 1
        size = min(n - len(articles), rng.choice((1, 2, 2, 3, 3, 3, 3, 4, 4, 5)))
        articles.extend(_event(rng, pools, f"syn-story-{event:05d}", size, days))
    articles.sort(key=lambda a: (a["published"], a["_order"]))
    ids = {a["_key"]: f"syn-{i:06d}" for i, a in enumerate(articles, 1)}
    return [
        {
            "id": ids[a["_key"]],
            "language": a["language"],
            "source": a["source"],
            "title": a["title"],
            "text": a["text"],
            "published": a["published"].isoformat(),
            "story": a["story"],
            "duplicate_of": ids[a["duplicate_of"]] if a["duplicate_of"] else None,
            "original_title": a["original_title"],
            "original_text": a["original_text"],
        }
        for a in articles
    ]


def _pools(rng: random.Random) -> dict:
    pools: dict = {}
    for lang in ("es", "en"):
        first, tail = TOWN_PARTS[lang]
        towns = sorted({a + b + rng.choice(TOWN_TAILS[lang]) for a in first for b in tail})
        rng.shuffle(towns)
        outlet_towns = towns[:20]
        pools[lang] = {
            "towns": towns,
            "outlets": [form.format(t=t) for t in outlet_towns for form in rng.sample(OUTLETS[lang], 2)],
        }
    return pools


def _event(rng: random.Random, pools: dict, story: str, size: int, days: float) -> list[dict]:
    home = "en" if rng.random() < ENGLISH_SHARE else "es"
    kind = rng.choice(sorted(KINDS))
    facts = _facts(rng, pools[home], home)
    start = START + timedelta(days=rng.uniform(0, max(days - 2, 0)))
    end = START + timedelta(days=days)
    languages = [home] * size
    if home == "en" and size > 1 and rng.random() < BILINGUAL_SHARE:
        languages[-1] = "es"  # a Spanish outlet tells the English event too
    out: list[dict] = []
    for i, lang in enumerate(languages):
        published = start + timedelta(hours=0 if i == 0 else rng.uniform(0.5, 48))
        key = f"{story}/{i}"
        first = out[0] if out else None
        if first and first["language"] == lang and first["source"] in WIRES[lang] and rng.random() < COPY_SHARE:
            published = first["published"] + timedelta(hours=rng.uniform(0.2, 8))  # a paper picks up the wire
            out.append(_copy(rng, first, key, pools[lang], lang, min(published, end).replace(microsecond=0)))
            continue
        published = min(published, end).replace(microsecond=0)
        wire = i == 0 and rng.random() < 0.4
        source = rng.choice(WIRES[lang]) if wire else rng.choice(pools[lang]["outlets"])
        versions = _write(rng, kind, facts, published, both=(lang == "en"))
        es_title, es_paras = versions["es"]
        if lang == "en":
            original_title, original_paras = versions["en"]
        else:
            original_title, original_paras = es_title, es_paras
        out.append({
            "_key": key, "_order": len(out), "_paras": {"es": es_paras, "en": original_paras},
            "language": lang, "source": source, "story": story, "duplicate_of": None,
            "published": published, "title": es_title, "text": "\n\n".join(es_paras),
            "original_title": original_title, "original_text": "\n\n".join(original_paras),
        })
    return out


def _copy(rng: random.Random, first: dict, key: str, pool: dict, lang: str, published: datetime) -> dict:
    """A wire copy of ``first``: a new headline, the last paragraph cut or a local sentence added."""
    source = rng.choice(pool["outlets"])
    home = source.split(" de ", 1)[-1].replace("The ", "").split(" ")[0]
    edit = rng.choice(("cut", "local", "headline"))
    versions = {}
    line = rng.randrange(len(LOCAL_LINES["es"]))
    for version in ("es", "en"):
        paras = list(first["_paras"][version])
        if edit == "cut" and len(paras) > 2:
            paras = paras[:-1]
        elif edit == "local":
            local = _choose(rng, LOCAL_LINES[version][line]).format(home=home)
            if len(paras) < 5:
                paras.append(local)
            else:
                paras[-1] = f"{paras[-1]} {local}"
        versions[version] = paras
    titles = {"es": first["title"], "en": first["original_title"]}
    if edit != "local":
        label = rng.randrange(len(COPY_LABELS["es"]))
        titles = {version: COPY_LABELS[version][label] + titles[version] for version in titles}
    original = "en" if lang == "en" else "es"
    return {
        "_key": key, "_order": 0, "_paras": versions, "language": lang, "source": source, "story": first["story"],
        "duplicate_of": first["_key"], "published": published, "title": titles["es"],
        "text": "\n\n".join(versions["es"]), "original_title": titles[original],
        "original_text": "\n\n".join(versions[original]),
    }


def _write(rng: random.Random, kind: str, facts: dict, published: datetime, *, both: bool) -> dict:
    """One article about the event: a headline, a lead and three or four more paragraphs, in Spanish (and English)."""
    templates = KINDS[kind]
    title = rng.randrange(len(templates["title"]["es"]))
    lead = rng.randrange(len(templates["lead"]["es"]))
    body = [("body", i) for i in rng.sample(range(len(templates["body"]["es"])), rng.choice((3, 3, 4)))]
    if kind != "markets":
        body += [("context", i) for i in rng.sample(range(len(CONTEXT["es"])), rng.choice((0, 1, 1, 2)))]
    body = body[:4]
    rng.shuffle(body)
    weekday = published.weekday()
    approximate = rng.random() < 0.5
    next_day = (weekday + rng.choice((1, 2, 3))) % 7
    versions = {}
    for lang in ("es", "en") if both else ("es",):
        values = dict(facts[lang])
        values["day"] = {"es": f"el {WEEKDAYS['es'][weekday]}", "en": f"on {WEEKDAYS['en'][weekday]}"}[lang]
        values["weekday_next"] = WEEKDAYS[lang][next_day]
        for name in ("n_med", "n_big"):
            values[f"{name}_s"] = _approximately(facts["numbers"][name], lang) if approximate else values[name]
        pick = random.Random(rng.random()) if lang == "en" else rng  # the English wording varies on its own
        paras = [_fill(pick, templates["lead"][lang][lead], values)]
        paras += [_fill(pick, (templates["body"] if part == "body" else CONTEXT)[lang][i], values) for part, i in body]
        versions[lang] = (_fill(pick, templates["title"][lang][title], values), paras)
    return versions


def _facts(rng: random.Random, pool: dict, home: str) -> dict:
    """The facts of one event, written out in both languages (names and places as they are, figures formatted)."""
    women, men, last = NAMES[home]

    def person(first: list[str]) -> str:
        return f"{rng.choice(first)} {rng.choice(last)}"

    towns = rng.sample(pool["towns"], 2)
    company = rng.choice(COMPANY[home]).format(s=rng.choice(last))
    numbers = {
        "n_small": rng.randint(2, 9), "n_small2": rng.randint(2, 14), "n_med": rng.randint(40, 950),
        "n_big": rng.randint(1_200, 60_000), "n_crew": rng.randint(12, 90), "n_crowd": rng.randint(3_000, 45_000),
        "money": rng.randint(2, 480), "money_k": rng.randint(15, 900) * 1_000, "votes1": rng.randint(4_000, 30_000),
        "points": rng.randint(6_000, 12_000),
    }
    numbers["votes2"] = int(numbers["votes1"] * rng.uniform(0.55, 0.95))
    common = {
        "town": towns[0], "town2": towns[1], "region": rng.choice(REGIONS[home]), "org": company,
        "org2": rng.choice(COMPANY[home]).format(s=rng.choice(last)), "official": person(women), "witness": person(men),
        "coach": person(men), "scorer": person(men), "storm": rng.choice(STORMS), "index": rng.choice(INDEXES[home]),
        "team_home": rng.choice(TEAM[home]).format(t=towns[0]), "team_away": rng.choice(TEAM[home]).format(t=towns[1]),
        "party": rng.choice(PARTIES[home]), "street": rng.choice(STREETS[home]),
        "g1": rng.randint(1, 4), "g2": rng.randint(0, 1), "minute": rng.randint(5, 89), "minute2": rng.randint(20, 85),
        "hours": rng.randint(2, 30), "hour": f"{rng.randint(0, 23)}.{rng.choice(('00', '15', '30', '45'))}",
        "rain": rng.randint(60, 250), "wind": rng.randint(80, 140), "year": rng.randint(1968, 2021),
        "years": rng.randint(2, 12), "turnout": rng.randint(28, 74), "pct_big": rng.randint(35, 96),
        "edition": rng.randint(3, 48), "rank": rng.randint(1, 20),
    }
    common["party2"] = rng.choice([p for p in PARTIES[home] if p != common["party"]])
    common["year2"] = common["year"] + rng.randint(1, 5)
    pct, pct2 = round(rng.uniform(0.3, 9.5), 1), round(rng.uniform(0.2, 6.0), 1)
    facts: dict = {"numbers": numbers}
    for lang in ("es", "en"):
        values = dict(common)
        values.update({name: _number(value, lang) for name, value in numbers.items()})
        values["pct"] = _decimal(pct, lang)
        values["pct2"] = _decimal(pct2, lang)
        values["rank_en"] = _ordinal(common["rank"])
        values["cur"] = CURRENCY[home][lang]
        values["money_k"] = f"{_number(numbers['money_k'], lang)} {values['cur']}"
        facts[lang] = values
    return facts


def _fill(rng: random.Random, template: str, values: dict) -> str:
    return _choose(rng, template).format(**values)


def _choose(rng: random.Random, template: str) -> str:
    return re.sub(r"\[([^\[\]]*)\]", lambda m: rng.choice(m.group(1).split("|")), template)


def _number(value: int, lang: str) -> str:
    if value < 10_000 and lang == "es":
        return str(value)  # Spanish style writes 4-digit figures without a separator
    return f"{value:,}".replace(",", "." if lang == "es" else ",")


def _decimal(value: float, lang: str) -> str:
    return f"{value:.1f}".replace(".", "," if lang == "es" else ".")


def _approximately(value: int, lang: str) -> str:
    rounded = int(round(value, -2 if value >= 1_000 else -1))
    word = {"es": ("unos", "más de", "cerca de"), "en": ("about", "more than", "nearly")}[lang]
    choice = word[0] if rounded == value else (word[1] if rounded < value else word[2])
    return f"{choice} {_number(rounded, lang)}"


def _ordinal(value: int) -> str:
    suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{suffix}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=11_000, help="how many articles (default 11,000)")
    parser.add_argument("--days", type=float, default=30, help="the window, in days (default 30)")
    parser.add_argument("--seed", type=int, default=1, help="the seed (default 1)")
    parser.add_argument("--out", default="-", help="the JSONL file to write (default: standard output)")
    args = parser.parse_args(argv)
    if args.count < 0 or args.days <= 0:
        parser.error(f"--count must be >= 0 and --days > 0, got --count {args.count} --days {args.days}")
    articles = generate(args.count, days=args.days, seed=args.seed)
    lines = "".join(json.dumps(article, ensure_ascii=False) + "\n" for article in articles)
    if args.out == "-":
        sys.stdout.write(lines)
    else:
        Path(args.out).write_text(lines, encoding="utf-8")
        stories = len({article["story"] for article in articles})
        print(f"{len(articles)} articles, {stories} stories, over {args.days:g} days -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
