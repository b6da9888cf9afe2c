# escala — user-facing text, Catalan.
# Placeables: { $ticket } is a ticket number such as #12.

greeting = Hola, { $name }! Fes-me la teva pregunta en una frase i buscaré una resposta. Escriu /help per veure què puc fer.
help = Responc preguntes de suport a partir de la nostra base de coneixement i, si així no es resol, obro un tiquet amb el nostre equip.
    Només cal que escriguis la teva pregunta. Ordres: /status [N] (el teu tiquet), /tickets (els teus darrers tiquets), /close (tancar el teu tiquet), /callback (et truquem; /callback cancel), /new (una pregunta nova), /lang pt|es|ca|en (idioma), /mydata (una còpia del que guardo sobre tu), /forget (esborrar-ho).
empty-message = El teu missatge és buit. Escriu la teva pregunta, si us plau.
message-too-long = El teu missatge és massa llarg (més de { $max } caràcters). Escurça'l o divideix-lo en diversos missatges, si us plau.
unknown-command = No conec l'ordre { $command }. Escriu /help per veure les ordres.
lang-usage = Tria un idioma amb /lang seguit de pt, es, ca o en.
language-switched = Fet: a partir d'ara et parlaré en català.
stale-choice = Aquest botó és d'un missatge anterior. Torna a escriure la teva pregunta o fes servir /help.

suggestions = He trobat alguns articles que et poden ajudar. Tria'n un:
no-answer = No he trobat cap resposta a això a la nostra base de coneixement. Vols que obri un tiquet perquè algú del nostre equip t'ajudi?
article-other-language = (Aquest article només està disponible en { $language }.)
suggestion-in-language = { $title } ({ $language })
language-name-pt = portuguès
language-name-es = castellà
language-name-ca = català
language-name-en = anglès
glad-it-helped = Genial, m'alegro que t'hagi servit! Pregunta'm el que necessitis quan vulguis.
ok-ask-again = D'acord. Si vols, reformula la pregunta i tornaré a buscar.
ask-new-question = Endavant: escriu la teva pregunta nova.

button-solved = Resolt
button-not-solved = No resolt
button-human = Parlar amb una persona
button-none-of-these = Cap d'aquests
button-open-ticket = Obrir un tiquet
button-no-thanks = No, gràcies
button-fixed-yes = Sí, ja està resolt
button-fixed-no = No, no està resolt
button-skip = Ometre
button-close-and-new = Tancar-lo i preguntar una altra cosa
button-keep-ticket = Mantenir el tiquet obert

ticket-opened = T'he obert el tiquet { $ticket } amb la conversa que hem tingut fins ara. Una persona de l'equip de suport et respondrà aquí tan aviat com sigui possible; continua escrivint aquí per afegir-hi detalls.
ticket-already-open = Ja tens obert el tiquet { $ticket }. Tot el que escriguis aquí s'hi afegeix.
ticket-kept = D'acord, el tiquet { $ticket } continua obert. Escriu aquí per afegir-hi informació.
new-while-open = Encara tens obert el tiquet { $ticket }. Vols tancar-lo i fer una pregunta nova, o mantenir-lo obert i afegir-hi això?
no-open-ticket = No tens cap tiquet obert. Escriu la teva pregunta i miraré d'ajudar-te.
ticket-status = Tiquet { $ticket }: { $state }, nivell { $level }, { $priority }. Última actualització: { $updated }.
attachment-needs-ticket = Només puc fer arribar fitxers a un tiquet. Primer descriu el problema; si no el puc resoldre, obriré un tiquet i hi podràs enviar el fitxer.
ticket-claimed = { $agent } s'encarrega ara del teu tiquet { $ticket }.
ticket-escalated = El teu tiquet { $ticket } s'ha passat a un equip especialitzat. Et respondran per aquí.
ticket-waiting-vendor = El teu tiquet { $ticket } està pendent de la resposta d'un proveïdor extern. T'avisarem tan bon punt en sapiguem alguna cosa.
ticket-waiting-user = Necessitem una mica d'informació per continuar amb el tiquet { $ticket }. Respon aquí, si us plau.
ticket-resolved = El teu tiquet { $ticket } s'ha marcat com a resolt: { $summary }
    Està solucionat?
fix-question = S'ha solucionat el problema del tiquet { $ticket }? Respon amb els botons, si us plau.
what-is-still-wrong = Vaja, ho sento. Explica'm què continua fallant i tornaré a obrir el tiquet.
ticket-reopened = El tiquet { $ticket } torna a estar obert i ja hem avisat l'equip.
ticket-closed-by-staff = L'equip de suport ha tancat el tiquet { $ticket }.
    Com valoraries l'ajuda que has rebut, de l'1 (dolenta) al 5 (excel·lent)?
rate-question = El tiquet { $ticket } està tancat. Com valoraries l'ajuda que has rebut, de l'1 (dolenta) al 5 (excel·lent)?
rating-comment-question = Gràcies! Vols afegir-hi alguna cosa? Escriu un comentari o omet aquest pas.
thanks-for-feedback = Gràcies per la teva opinió!
support-team = Equip de suport

csat-score-1 = 1
csat-score-2 = 2
csat-score-3 = 3
csat-score-4 = 4
csat-score-5 = 5

state-open = obert, esperant un agent
state-assigned = assignat a un agent
state-in-progress = en curs
state-waiting-on-user = esperant la teva resposta
state-waiting-on-vendor = esperant un proveïdor extern
state-resolved = resolt, esperant la teva confirmació
state-closed = tancat

duration-minutes = { $n ->
    [one] 1 minut
   *[other] { $n } minuts
}
duration-hours = { $n ->
    [one] 1 hora
   *[other] { $n } hores
}
duration-days = { $n ->
    [one] 1 dia
   *[other] { $n } dies
}
ticket-first-response = Volem donar-te una primera resposta en { $within }.
ticket-first-response-business = Volem donar-te una primera resposta en { $within } d'horari laboral.
ticket-late = Ho sentim: estem trigant més del que vam prometre a respondre el tiquet { $ticket }. Continua a la cua de l'equip i et escriurem aquí tan aviat com puguem.
ticket-reminder = Encara esperem la teva resposta al tiquet { $ticket }. Respon aquí perquè puguem continuar; sense notícies, es tancarà d'aquí a { $within }.
ticket-closed-silent = El tiquet { $ticket } s'ha tancat perquè no hem tingut resposta teva. Escriu aquí quan vulguis per tornar a començar.
ticket-closed-unconfirmed = El tiquet { $ticket } s'ha tancat perquè no es va confirmar la solució. Si el problema torna, escriu aquí.
processing-failed = Ho sento, no s'ha pogut processar el teu missatge per un problema nostre. Torna a enviar-lo d'aquí a una estona.
reply-withdrawn = (L'equip de suport ha retirat un missatge.)
relay-failed = Ho sento: el teu missatge al tiquet { $ticket } no ha arribat a l'equip de suport per un problema nostre. Torna a enviar-lo, si us plau.
discord-answer-in-dm = T'he respost en un missatge directe.

incident-notice = ⚠️ Problema conegut: { $title } ({ $status }).
    { $body }
    No cal que ho comuniquis una altra vegada. Prem el botó per rebre les novetats; també buscaré una resposta a la teva pregunta a sota.
button-incident-subscribe = Aviseu-me de les novetats
incident-subscribed = Fet: rebràs aquí les novetats sobre «{ $title }».
incident-over = «{ $title }» ja està resolt. Si alguna cosa encara no funciona, escriu la teva pregunta.
incident-update = Novetats sobre «{ $title }» ({ $status }):
    { $body }
incident-resolved = Resolt: «{ $title }».
    { $body }
    Si alguna cosa encara no funciona, escriu aquí.
incident-linked = El tiquet { $ticket } forma part d'un problema conegut en què l'equip està treballant: «{ $title }» ({ $status }). T'avisarem aquí quan estigui resolt.
incident-status-investigating = en investigació
incident-status-identified = causa identificada
incident-status-monitoring = correcció aplicada, en observació
incident-status-resolved = resolt

flood-slow-down = Estàs enviant missatges més de pressa del que els puc rebre. Espera { $n ->
    [one] 1 segon
   *[other] { $n } segons
} i torna a enviar el teu darrer missatge.
attachment-too-big = Aquest fitxer és massa gran: es poden afegir al tiquet fitxers de fins a { $n } MB. Envia'n un de més petit o un enllaç.

## Staff spaces
staff-only = Només l'equip de suport pot actuar aquí.
staff-retry = No s'ha pogut processar aquest missatge; torna a enviar-lo.
forget-confirm = Això esborra tot el que guardo sobre tu: els teus missatges, el teu nom i les preguntes que has fet. Si tens un tiquet obert, es tancarà. No es pot desfer. L'esborro?
button-forget-yes = Esborrar les meves dades
button-forget-no = Conservar-les
forget-done = Fet: les teves dades s'han esborrat. Si tornes a escriure, comencem de zero.
forget-kept = No s'ha esborrat res.
mydata-confirm = Puc enviar-te un fitxer amb tot el que guardo sobre tu: els teus missatges, els teus tiquets i les preguntes que has fet. Te l'envio aquí?
button-mydata-yes = Enviar les meves dades
button-mydata-no = Ara no
mydata-sent = Aquí tens tot el que guardo sobre tu.
mydata-kept = D'acord, no s'ha enviat res.
mydata-too-soon = T'he enviat les teves dades fa menys d'un dia; pots tornar a demanar-les demà.

## Staff spaces: the bot's own words there, in `support.staff_lang`.
## Agent names, reasons and what users wrote come in as placeables, as typed.
staff-claimed = { $agent } s'ha quedat el tiquet
staff-assigned = { $agent } ha assignat el tiquet a { $assignee }
staff-released = { $agent } ha alliberat el tiquet
staff-replied-anonymously = { $agent } ha respost en nom de l'equip
staff-note = 📝 { $agent } (nota): { $text }
staff-note-edited = 📝 { $agent } ha editat una nota: { $text }
staff-priority-set = { $agent } ha canviat la prioritat a { $priority }
staff-escalated = ⬆ Escalat de { $from } a { $to } per { $agent }: { $reason }
staff-escalated-automatically = ⬆ Escalat automàticament de { $from } a { $to }: { $reason }
staff-deescalated = ⬇ Retornat a { $to } per { $agent }
staff-waiting-user = { $agent }: esperant l'usuari
staff-waiting-vendor = Esperant el proveïdor { $vendor }, referència { $reference }
staff-resumed = { $agent } ha reprès la feina
staff-resolved = ✔ Resolt per { $agent }: { $summary }
staff-closed = Tancat per { $agent }: { $reason }
staff-closed-automatically = Tancat automàticament: { $reason }
staff-reopened = Reobert per { $agent }: { $reason }
staff-reminder-sent = ⏰ S'ha enviat un recordatori a l'usuari, que encara no ha respost
staff-reply-deleted = 🗑 S'ha esborrat una resposta aquí; s'ha retirat a l'usuari
staff-user-deleted = 🗑 L'usuari ha esborrat un missatge que havia enviat
staff-suggested-articles = Articles suggerits per a aquest tiquet (envia'n un amb /kb ID):
staff-suggested-none = no se n'ha trobat cap
staff-space-lost = ♻ El tema o la publicació anterior d'aquest tiquet ja no existeix; continua aquí

# The ticket card that opens a staff space, and its recap in a new one.
staff-card-new = Tiquet nou { $ticket }
staff-card-ticket = Tiquet { $ticket }
staff-card-heading = { $heading } · { $level } · prioritat { $priority }
staff-card-user = Usuari: { $name } ({ $channel } { $id }, idioma { $lang })
staff-card-articles = Articles provats:
staff-card-none = cap
staff-card-conversation = Conversa:
staff-card-bot = bot
staff-card-note = nota
staff-card-no-reply = (sense resposta)
staff-card-no-text = (sense text)

# SLA alerts, in the ticket's space and in the alerts space.
staff-sla-warning = ⏰ Avís d'SLA: { $clock } venç a les { $due } UTC, en queden { $left }
staff-sla-breached = 🚨 SLA incomplert: { $clock } vencia a les { $due } UTC, { $late } de retard
staff-sla-clock = tiquet { $ticket } ({ $level }, { $priority }, { $state }) — { $kind }; responsable: { $assignee }
staff-sla-nobody = ningú
staff-sla-first-response = primera resposta
staff-sla-resolution = resolució
staff-sla-breach-reason = SLA incomplert: { $kind } vençuda a { $level }
staff-close-reason-silent = l'usuari no ha respost
staff-close-reason-unconfirmed = l'usuari no ha confirmat la resolució

# Messages the outbox gave up on.
staff-not-delivered = ⚠ No lliurat a { $channel } a { $place }: { $error }
    “{ $text }”
staff-place-ticket-user = l'usuari del tiquet { $ticket }
staff-place-user-chat = el xat d'usuari { $chat }
staff-place-staff-space = l'espai de l'equip del tiquet { $ticket }
staff-reply-not-delivered = ⚠ Aquesta resposta no ha arribat a l'usuari ({ $error }):
    “{ $text }”
staff-message-not-delivered = ⚠ L'usuari no ha rebut això ({ $error }):
    “{ $text }”

# Incidents, for staff.
staff-incident-announced = 📣 Incidència { $id } — { $status }: { $title }
    { $body }
staff-incident-changed = La incidència vinculada { $id } ara està { $status }: { $body }
staff-incident-linked = Vinculat a la incidència { $id } ({ $status }): { $title }. Es resoldrà juntament amb la incidència.
staff-incident-agent = Incidència { $id }
staff-incident-unknown = no hi ha cap incidència `{ $id }` a kb/incidents/ (actives: { $active })
staff-incident-none-active = cap
staff-incident-already-resolved = la incidència `{ $id }` ja està resolta

# Erasure at the user's request.
staff-erased-reason = l'usuari ha demanat que s'esborrin les seves dades
staff-erased-ticket = Tiquet { $ticket } tancat: l'usuari ha demanat que s'esborrin les seves dades. Els seus missatges ja no són a escala; esborra aquest tema o publicació si en conté més.
staff-erased-alert = S'han esborrat les dades d'un usuari a petició seva (contacte #{ $contact }).

# `/transcript` in a staff space.
transcript-title = Tiquet { $ticket } — { $subject }
transcript-fields = estat: { $state }
    nivell: { $level }
    prioritat: { $priority }
    responsable: { $assignee }
    usuari: { $user } ({ $channel } { $id }, { $lang })
    obert: { $opened }
transcript-rating = valoració: { $score }/5
transcript-conversation = Conversa
transcript-internal-note = { $author } (nota interna)
transcript-history = Historial

# Staff commands: the help, and why a command was not understood.
staff-help = Ordres de l'equip a l'espai d'un tiquet:
    text normal: respondre a l'usuari · /areply text: resposta signada "Equip de suport" · ! text: nota interna
    /claim · /unclaim · /assign NOM · /priority low|normal|high|urgent
    /escalate [L2|L3|L4] motiu (L4: /escalate L4 PROVEÏDOR REFERÈNCIA motiu, després del consentiment de l'usuari)
    /deescalate · /waiting user · /waiting vendor PROVEÏDOR REFERÈNCIA · /resume
    /vendor update TEXT: el que ha dit el proveïdor · /vendor tell TEXT: el mateix, explicat a l'usuari
    /remote EINA [CODI]: oferir una sessió remota (l'usuari hi consent primer) · /remote end [resum]
    /callback offer · /callback done [resultat] · /callback missed · /callback reschedule
    /tag add ETIQUETA · /tag remove ETIQUETA
    /queue: els tiquets oberts d'aquest nivell per termini SLA · /find PARAULES: cercar a tots els tiquets
    /away · /back: sortir o tornar a l'assignació automàtica
    /snippet NOM · /kb [ID-DE-L'ARTICLE] (sense id: els 3 millors suggeriments)
    /resolve resum · /close [motiu] · /reopen motiu · /transcript
    /incident ID: resoldre aquest tiquet juntament amb una incidència coneguda
    /stats: les xifres de suport dels darrers 7 dies
staff-command-empty = el missatge és buit
staff-command-unknown = ordre de l'equip desconeguda /{ $command }
staff-command-bad-priority = prioritat no vàlida `{ $priority }`: fes servir low, normal, high o urgent
staff-needs-note-text = /{ $command } necessita el text de la nota
staff-needs-reply-text = /{ $command } necessita el text de la resposta
staff-needs-incident-id = /{ $command } necessita l'id de la incidència
staff-needs-agent-name = /{ $command } necessita el nom de l'agent
staff-needs-priority = /{ $command } necessita low, normal, high o urgent
staff-needs-snippet-name = /{ $command } necessita el nom de la resposta predefinida
staff-needs-fix-summary = /{ $command } necessita un resum de la solució
staff-needs-reason = /{ $command } necessita el motiu
staff-needs-escalation-reason = /{ $command } necessita un motiu
staff-waiting-needs-kind = /waiting necessita `user` o `vendor PROVEÏDOR REFERÈNCIA`
staff-waiting-needs-vendor = /waiting vendor necessita PROVEÏDOR i REFERÈNCIA
staff-escalate-needs-vendor = /escalate L4 necessita PROVEÏDOR REFERÈNCIA i un motiu
staff-already-top-level = el tiquet ja és a L4, el nivell més alt
staff-l4-needs-vendor = escalar a L4 requereix el nom del proveïdor i la seva referència
staff-no-article = no hi ha cap article amb l'id `{ $id }` a la base de coneixement
staff-edit-not-a-reply = només es poden editar les paraules d'una resposta; l'usuari continua veient la resposta tal com es va enviar

# Level 4: the customer is consulted before a vendor sees the ticket.
button-vendor-allow = Sí, compartir-ho
button-vendor-refuse = No ho compartiu
ticket-vendor-consent = Per resoldre el tiquet { $ticket } el nostre equip necessita l'ajuda del nostre soci **{ $vendor }**. Podem compartir-hi els detalls del tiquet (els teus missatges i fitxers)?
ticket-vendor-refused = Entesos: no es compartirà res del tiquet { $ticket } amb { $vendor }. El nostre equip continua treballant-hi.
ticket-vendor-agreed = Gràcies. El tiquet { $ticket } és ara amb el nostre soci **{ $vendor }**; el seguim amb ells i et direm què responen.
ticket-vendor-updates-every = Tindràs notícies nostres com a mínim cada { $every } mentre esperem.
ticket-vendor-still-waiting = El tiquet { $ticket } continua amb el nostre soci extern, des de fa { $since }. Hi seguim al damunt i t'avisarem tan aviat com hi hagi novetats.
ticket-vendor-last-news = Darreres notícies: { $news }
ticket-vendor-news = Novetats del tiquet { $ticket } de { $vendor }: { $news }
staff-unknown-vendor = `{ $vendor }` no és un proveïdor configurat; configurats: { $known }
staff-vendor-consent-asked = ⏳ { $agent } ha demanat el consentiment de l'usuari per compartir aquest tiquet amb { $vendor } (referència { $reference }); passa a L4 quan accepti
staff-vendor-consent-refused = ✋ L'usuari no ha acceptat compartir aquest tiquet amb { $vendor }; es queda a { $level } i torna a estar en curs
staff-escalated-with-consent = ⬆ Escalat { $from } → L4 amb el consentiment de l'usuari per compartir-lo amb { $vendor }: { $reason }
staff-vendor-contract = Contracte amb aquest proveïdor: resposta en { $response }, resolució en { $resolution } (horari laboral) · contacte: { $contact }
staff-vendor-update = 📨 { $agent } ha registrat el que ha dit { $vendor }: { $text }
staff-vendor-update-told = 📨 { $agent } ha registrat el que ha dit { $vendor } i ho ha explicat a l'usuari: { $text }
staff-vendor-follow-up = 🔔 Fer el seguiment amb { $vendor } ({ $contact }) de la referència { $reference }: el tiquet fa { $waited } que espera
staff-sla-vendor-response = resposta contractada de { $vendor }
staff-sla-vendor-resolution = resolució contractada de { $vendor }
staff-vendor-needs-kind = /vendor necessita `update TEXT` (només per a l'equip) o `tell TEXT` (l'usuari també ho llegeix)

# Level 2: remote sessions, only with the user's consent.
button-remote-allow = Permetre
button-remote-refuse = Ara no
remote-offer = { $agent } voldria veure el problema al teu ordinador amb **{ $tool }**. Descarrega'l aquí:{ $links }
    Ningú no s'hi pot connectar sense el teu permís, i pots acabar la sessió en qualsevol moment tancant { $tool }.
remote-offer-code = Quan funcioni, introdueix aquest codi: `{ $code }`
remote-allowed = Gràcies. Obre { $tool } i envia aquí l'adreça o el codi que mostra; només el veu l'equip de suport.
remote-allowed-with-code = Gràcies. Obre { $tool } i introdueix el codi de dalt; l'equip s'hi connecta tan aviat com ho facis.
remote-refused = Cap problema: no hi haurà sessió remota. L'equip continua ajudant-te aquí.
remote-ended = La sessió remota ha acabat. Ja pots tancar { $tool }; ningú no s'hi pot tornar a connectar sense el teu permís.
staff-unknown-remote-tool = `{ $tool }` no és una eina remota disponible; disponibles: { $known }
staff-remote-offered = 🖥 { $agent } ha ofert una sessió remota amb { $tool }; s'espera el consentiment de l'usuari
staff-remote-allowed = ✅ L'usuari ha permès una sessió remota amb { $tool }; el seu codi arribarà aquí
staff-remote-allowed-started = ✅ L'usuari ha permès la sessió remota amb { $tool } i està introduint el codi; la sessió comença
staff-remote-refused = ✋ L'usuari no ha permès una sessió remota amb { $tool }
staff-remote-code = 🔐 Codi de { $tool } de { $user } (desat emmascarat a l'historial):
staff-remote-ended = 🖥 { $agent } ha acabat la sessió remota amb { $tool }: { $summary }
staff-remote-none = no s'ha ofert cap sessió remota en aquest tiquet; ofereix-ne una amb /remote EINA
staff-remote-needs-tool = /remote necessita una eina (p. ex. /remote anydesk), opcionalment un codi per a l'usuari, o `end [resum]`

# Level 2: callbacks.
button-callback-request = 📞 Truqueu-me
button-callback-today-morning = Avui, al matí (09–12)
button-callback-today-afternoon = Avui, a la tarda (14–18)
button-callback-tomorrow-morning = Demà, al matí (09–12)
button-callback-tomorrow-afternoon = Demà, a la tarda (14–18)
callback-needs-ticket = Una trucada és sobre un tiquet obert. Explica'm primer què passa, o fes servir /ticket.
callback-ask-phone = A quin número et truquem? Si no és un número del teu país, comença per + i el prefix.
callback-not-a-number = Això no sembla un número de telèfon. Envia només el número, p. ex. +34 612 345 678.
callback-invalid-number = No he reconegut aquest número. Revisa'l i comença per + i el prefix (p. ex. +34 612 345 678).
callback-ask-window = Quan et truquem? Tria a sota, o escriu una hora com 15:30 o "demà 10:00" (hora de { $zone }).
callback-window-not-understood = No he entès aquesta hora. Tria a sota, o escriu una hora com 15:30 o "demà 10:00" (hora de { $zone }).
callback-window-over = Aquesta part del dia ja ha passat. Tria una altra hora (hora de { $zone }).
callback-ask-note = Hi ha alguna cosa que hàgim de saber abans de trucar? Escriu-la, o omet-ho.
callback-confirmed = Fet: et trucarem al { $phone } pel tiquet { $ticket } el { $window }. Per canviar-ho, envia /callback de nou; /callback cancel ho cancel·la i esborra el teu número.
callback-cancelled = La trucada està cancel·lada i el teu número esborrat.
callback-nothing-to-cancel = No hi ha cap trucada per cancel·lar en aquest tiquet.
callback-offered = { $agent } et pot trucar per resoldre-ho per telèfon.
callback-missed = T'hem trucat però no hem pogut parlar amb tu. Quan ho tornem a provar? (hora de { $zone })
callback-reschedule = No podem trucar a l'hora acordada, ho sentim. Quan et va bé? (hora de { $zone })
staff-callback-requested = 📞 Trucada demanada per { $user }: { $phone } · { $window } · nota: { $note }
    Després de la trucada: /callback done [resultat] · /callback missed · /callback reschedule
staff-callback-offered = 📞 { $agent } ha ofert una trucada a l'usuari
staff-callback-done = ✔ Trucada feta per { $agent }: { $outcome }
staff-callback-missed = 📵 { $agent } no ha pogut parlar amb l'usuari a { $window }; se li demana una hora nova
staff-callback-rescheduled = 🗓 { $agent } ha demanat a l'usuari una altra hora en lloc de { $window }
staff-callback-cancelled = 🗑 { $user } ha cancel·lat la trucada i ha esborrat el seu número
staff-callback-none = no hi ha cap trucada pendent en aquest tiquet; /callback offer n'ofereix una
staff-callback-needs-kind = /callback necessita `offer`, `done [resultat]`, `missed` o `reschedule`
staff-sla-callback = trucada promesa
transcript-callbacks = Trucades
transcript-callback = { $window } · { $phone } · { $state } · nota: { $note } · resultat: { $outcome }
transcript-callback-no-phone = número esborrat
ticket-list = Els teus darrers tiquets (/status N en mostra un):
ticket-list-line = • { $ticket } · { $date } · { $state } · { $subject }
no-tickets = Encara no tens cap tiquet.
status-not-yours = No trobo cap tiquet { $ticket } teu. /tickets els llista.
priority-low = prioritat baixa
priority-normal = prioritat normal
priority-high = prioritat alta
priority-urgent = urgent
ticket-out-of-hours = Ara mateix som tancats; responem a partir de les { $time } (hora de { $zone }), el { $day } { $date }.
weekday-mon = dilluns
weekday-tue = dimarts
weekday-wed = dimecres
weekday-thu = dijous
weekday-fri = divendres
weekday-sat = dissabte
weekday-sun = diumenge
event-opened = { $actor } ha obert el tiquet a { $level } ({ $priority }): { $subject }
event-claimed = { $agent } s'ha quedat el tiquet
event-unclaimed = { $actor } ha deixat el tiquet
event-agent-replied = { $agent } ha respost a l'usuari
event-user-replied = { $actor } ha escrit
event-note-added = { $agent } ha afegit una nota interna
event-priority-changed = { $actor } ha canviat la prioritat a { $priority }
event-escalated = { $actor } ha escalat a { $to }: { $reason }
event-deescalated = { $actor } ha retornat el tiquet a { $to }
event-waiting-on-user = { $actor } espera la resposta de l'usuari
event-waiting-on-vendor = { $actor } espera { $vendor } (referència { $reference })
event-vendor-consent-asked = { $actor } ha demanat el consentiment de l'usuari per compartir el tiquet amb { $vendor }: { $reason }
event-vendor-consent-given = { $actor } ha acceptat compartir el tiquet amb { $vendor }
event-vendor-consent-refused = { $actor } no ha acceptat compartir el tiquet amb { $vendor }
event-vendor-updated = { $actor } ha registrat el que ha dit el proveïdor: { $text }
event-remote-offered = { $actor } ha ofert una sessió remota amb { $tool }
event-remote-allowed = { $actor } ha permès la sessió remota amb { $tool }
event-remote-refused = { $actor } no ha permès una sessió remota amb { $tool }
event-remote-started = la sessió remota amb { $tool } ha començat
event-remote-ended = { $actor } ha acabat la sessió remota amb { $tool }: { $summary }
event-callback-requested = { $actor } ha demanat una trucada al { $phone }, { $window }
event-callback-done = { $actor } ha fet la trucada: { $outcome }
event-callback-missed = { $actor } no ha pogut parlar amb l'usuari per telèfon
event-callback-rescheduled = { $actor } ha demanat a l'usuari una altra hora per a la trucada
event-callback-cancelled = { $actor } ha cancel·lat la trucada i ha esborrat el número
event-resumed = { $actor } ha reprès la feina
event-resolved = { $actor } ha resolt el tiquet: { $summary }
event-reopened = { $actor } ha reobert el tiquet: { $reason }
event-closed = { $actor } ha tancat el tiquet: { $reason }
event-rated = { $actor } ha valorat l'ajuda amb { $score }/5
event-rating-commented = { $actor } ha comentat la valoració: { $comment }
event-unknown = { $actor }: { $kind }
staff-card-tags = Etiquetes: { $tags }
transcript-tags = etiquetes: { $tags }
ticket-status-tags = Etiquetes: { $tags }
event-tag-added = { $actor } ha etiquetat el tiquet amb { $tag }
event-tag-removed = { $actor } ha tret l'etiqueta { $tag }
staff-tag-added = 🏷 { $agent } ha afegit l'etiqueta { $tag }; etiquetes: { $tags }
staff-tag-removed = 🏷 { $agent } ha tret l'etiqueta { $tag }; etiquetes: { $tags }
staff-tag-already = el tiquet ja té l'etiqueta { $tag }; etiquetes: { $tags }
staff-tag-absent = el tiquet no té l'etiqueta { $tag }; etiquetes: { $tags }
staff-tag-needs-kind = /tag necessita `add ETIQUETA` o `remove ETIQUETA`
staff-queue = Tiquets { $level } oberts, el termini SLA més proper primer:
staff-found = Tiquets amb «{ $text }», els més recents primer:
staff-queue-line = - { $ticket } · { $level } · { $priority } · { $state } · { $assignee } · termini { $due } · { $subject }
staff-needs-search-text = /{ $command } necessita les paraules que cal buscar
staff-assign-mode-round-robin = rotatori
staff-assign-mode-least-loaded = menys carregat
staff-assign-automatic = 🤝 Assignat automàticament a { $agent } ({ $mode })
staff-assign-offered-next = ⏭ { $previous } no ha agafat aquest tiquet a temps; ara assignat a { $agent } ({ $mode })
staff-assign-nobody-else = ⏳ { $agent } no ha agafat aquest tiquet a temps, i no hi ha cap altre agent d'aquest nivell disponible
staff-away = 🌙 { $agent } és absent: no se li assignen tiquets fins a /back
staff-away-already = { $agent } ja era absent
staff-back = ☀ { $agent } torna a la rotació
staff-back-already = { $agent } no era absent

## Errors staff read in a ticket's space
staff-error-no-ticket = el tiquet { $ticket } no existeix
staff-error-no-role = { $agent } no té rol per a tiquets de { $level }
staff-error-assigned-to-other = el tiquet { $ticket } està assignat a { $assignee }; fes servir /assign per quedar-te'l
staff-error-not-allowed = això no es pot fer mentre el tiquet està { $state }
staff-error-not-higher = el tiquet ja és a { $level }; només es pot escalar a un nivell superior
staff-error-not-lower = el tiquet és a { $level }; només pot baixar a un nivell inferior amb equip
staff-error-rating-range = una valoració és un nombre enter de l'1 al 5
staff-error-already-rated = el tiquet ja s'ha valorat
staff-state-open = obert
staff-state-assigned = assignat
staff-state-in-progress = en curs
staff-state-waiting-on-user = esperant l'usuari
staff-state-waiting-on-vendor = esperant el proveïdor
staff-state-resolved = resolt, esperant la confirmació de l'usuari
staff-state-closed = tancat
staff-invalid-no-name = falta { $what }: indica un nom, per exemple --as Marta
staff-invalid-empty = falta { $what }
staff-invalid-too-long = { $what } té més de { $max } caràcters
staff-invalid-multiline = { $what } ha de cabre en una línia
staff-invalid-tag = l'etiqueta ha de tenir d'1 a { $max } lletres, xifres, `-` o `_`
field-agent-name = el nom de l'agent
field-operator-name = el nom de l'operador
field-assignee-name = el nom del responsable
field-reply = la resposta
field-note = la nota
field-reason = el motiu
field-vendor = el proveïdor
field-reference = la referència
field-vendor-update = la novetat del proveïdor
field-remote-tool = l'eina remota
field-session-code = el codi de la sessió
field-outcome = el resultat
field-summary = el resum
field-snippet-name = el nom de la resposta predefinida
field-article-id = l'id de l'article
field-incident-id = l'id de l'incident
field-caption = el peu
staff-file-too-large = { $file } és massa gran per a la plataforma de l'usuari: només hi arriben fitxers de fins a { $max } MB; envia un enllaç

## What the user did, told to staff
staff-close-reason-new-question = l'usuari ha començat una pregunta nova
staff-close-reason-confirmed = l'usuari ha confirmat que ha quedat resolt
staff-close-reason-asked = tancat per l'usuari
staff-closed-by-user = Tancat per l'usuari: { $reason }
staff-reopened-by-user = ⚠ Reobert: l'usuari diu que no ha quedat resolt: { $reason }
staff-rated-by-user = Valorat amb { $score }/5 per l'usuari
staff-rating-comment = Comentari de la valoració: { $comment }
staff-note-not-delivered = no lliurat a l'usuari ({ $error }): { $text }
staff-note-not-relayed = el missatge de l'usuari no ha arribat a l'equip ({ $error }): { $text }

## The stats report (/stats and escala stats)
stats-summary-title = Suport, { $window }
stats-page-title = Estadístiques de suport d'escala, { $window }
stats-volume = Volum
stats-volume-value = { $conversations } converses, { $tickets } tiquets
stats-deflection = Resoltes pel bot
stats-first-response = Primera resposta
stats-business-time = temps laborable
stats-resolution-time = Temps de resolució
stats-resolution-rate = Taxa de resolució
stats-reopen-rate = Taxa de reobertura
stats-escalated-from = Escalats des de
stats-sla-first-response = SLA 1a resposta
stats-sla-resolution = SLA resolució
stats-csat = CSAT
stats-ratio = { $percent } ({ $count } de { $total } { $of })
stats-ratio-none = – (sense { $of })
stats-of-conversations = converses
stats-of-tickets = tiquets
stats-of-resolved-tickets = tiquets resolts
stats-of-finished-clocks = rellotges acabats
stats-of-clocks = rellotges
stats-durations = { $n ->
    [one] mitjana { $mean }, mediana { $median }, p90 { $p90 } ({ $n } tiquet)
   *[other] mitjana { $mean }, mediana { $median }, p90 { $p90 } ({ $n } tiquets)
}
stats-durations-none = – (sense tiquets)
stats-csat-value = { $n ->
    [one] { $average } de { $n } valoració ({ $spread })
   *[other] { $average } de { $n } valoracions ({ $spread })
}
stats-csat-none = – (sense valoracions)
stats-rating-ticket = tiquet { $ticket }
stats-low-ratings = Valoracions baixes ({ $n } amb { $score }★ o menys)
stats-low-ratings-more = … i { $n } més: escala stats
stats-sla-heading = Compliment de l'SLA per nivell (rellotges acabats complerts)
stats-first-response-short = primera resposta
stats-resolution-short = resolució
stats-sla-running = { $running } en marxa, { $handed } passats a un altre nivell sense incompliment
stats-none = cap
stats-feedback-heading = Valoracions (les més baixes primer)
stats-by-agent = per agent
stats-by-level = per nivell
stats-gaps-heading = Principals buits (preguntes que la base de coneixement no ha resolt)
stats-col-article = Article
stats-col-shown = mostrat
stats-col-solved = ha resolt
stats-col-not-solved = no ha resolt
stats-col-ticket = tiquet
stats-col-no-verdict = sense resposta
stats-col-success = èxit
stats-col-agent = Agent
stats-col-open = oberts
stats-col-replies = respostes
stats-col-resolved = resolts
stats-col-first-response-median = primera resposta (mediana)
stats-col-vendor = Proveïdors (nivell 4)
stats-col-tickets = tiquets
stats-col-waiting = esperant
stats-col-wait = espera mediana / mitjana
stats-col-contract-kept = resposta · resolució contractades complertes
stats-col-day = Dia
stats-col-conversations = converses
stats-col-ratings = valoracions

## A user's data export (/mydata, escala users export)
export-title = Dades desades sobre { $name } ({ $user })
export-exported = Exportat el { $at }.
export-contact = Contacte
export-platform = Plataforma
export-platform-id = Id a la plataforma
export-chat = Xat
export-name = Nom
export-language = Idioma
export-not-set = no definit
export-blocked = Bloquejat
export-yes = sí
export-no = no
export-conversations = Converses amb el bot ({ $n })
export-conversation-ended-as = Iniciada el { $start }, acabada el { $end } ({ $outcome })
export-conversation-ended = Iniciada el { $start }, acabada el { $end }
export-conversation-open = Iniciada el { $start }, oberta
export-outcome-deflected = resolta per una resposta
export-outcome-ticket = ha passat a tiquet
export-outcome-abandoned = sense tiquet obert
export-no-messages = (sense missatges)
export-author-user = usuari
export-author-bot = bot
export-author-agent = agent
export-author-note = nota
export-tickets = Tiquets ({ $n })
export-ticket = Tiquet { $ticket }: { $subject } ({ $state }, { $level })
export-ticket-rated = Tiquet { $ticket }: { $subject } ({ $state }, { $level }, valorat amb { $score }/5)
export-history = Historial:
export-messages = Missatges:
export-questions = Preguntes fetes ({ $n })
export-subscriptions = Subscripcions a incidents ({ $n })
