# escala — user-facing text, Spanish (Spain, es-ES).
# Placeables: { $ticket } is a ticket number such as #12.

greeting = ¡Hola, { $name }! Hazme tu pregunta en una frase y buscaré una respuesta. Escribe /help para ver lo que puedo hacer.
help = Respondo dudas de soporte con nuestra base de conocimiento y, si con eso no se soluciona, abro un ticket con nuestro equipo.
    Solo tienes que escribir tu pregunta. Comandos: /status [N] (tu ticket), /tickets (tus últimos tickets), /close (cerrar tu ticket), /callback (te llamamos; /callback cancel), /new (una pregunta nueva), /lang pt|es|ca|en (idioma), /mydata (una copia de lo que guardo sobre ti), /forget (borrarlo).
empty-message = Tu mensaje está vacío. Escribe tu pregunta, por favor.
message-too-long = Tu mensaje es demasiado largo (más de { $max } caracteres). Acórtalo o divídelo en varios mensajes, por favor.
unknown-command = No conozco el comando { $command }. Escribe /help para ver los comandos.
lang-usage = Elige un idioma con /lang seguido de pt, es, ca o en.
language-switched = Hecho: a partir de ahora te hablaré en español.
stale-choice = Ese botón es de un mensaje anterior. Vuelve a escribir tu pregunta o usa /help.

suggestions = He encontrado algunos artículos que pueden ayudarte. Elige uno:
no-answer = No he encontrado respuesta a eso en nuestra base de conocimiento. ¿Quieres que abra un ticket para que alguien de nuestro equipo te ayude?
article-other-language = (Este artículo solo está disponible en { $language }.)
suggestion-in-language = { $title } ({ $language })
language-name-pt = portugués
language-name-es = español
language-name-ca = catalán
language-name-en = inglés
glad-it-helped = ¡Genial, me alegro de que te haya servido! Pregúntame lo que necesites cuando quieras.
ok-ask-again = De acuerdo. Si quieres, reformula tu pregunta y volveré a buscar.
ask-new-question = Adelante: escribe tu nueva pregunta.

button-solved = Solucionado
button-not-solved = No solucionado
button-human = Hablar con una persona
button-none-of-these = Ninguno de estos
button-open-ticket = Abrir un ticket
button-no-thanks = No, gracias
button-fixed-yes = Sí, está solucionado
button-fixed-no = No, no está solucionado
button-skip = Omitir
button-close-and-new = Cerrarlo y preguntar otra cosa
button-keep-ticket = Mantener el ticket abierto

ticket-opened = Te he abierto el ticket { $ticket } con nuestra conversación hasta ahora. Una persona del equipo de soporte te responderá aquí lo antes posible; sigue escribiendo aquí para añadir detalles.
ticket-already-open = Ya tienes abierto el ticket { $ticket }. Todo lo que escribas aquí se añade a él.
ticket-kept = Vale, el ticket { $ticket } sigue abierto. Escribe aquí para añadir información.
new-while-open = Todavía tienes abierto el ticket { $ticket }. ¿Quieres cerrarlo y hacer una pregunta nueva, o mantenerlo abierto y añadir esto?
no-open-ticket = No tienes ningún ticket abierto. Escribe tu pregunta e intentaré ayudarte.
ticket-status = Ticket { $ticket }: { $state }, nivel { $level }, { $priority }. Última actualización: { $updated }.
attachment-needs-ticket = Solo puedo adjuntar archivos a un ticket. Primero describe tu problema; si no puedo resolverlo, abriré un ticket y podrás enviar el archivo allí.
ticket-claimed = { $agent } se está encargando ahora de tu ticket { $ticket }.
ticket-escalated = Tu ticket { $ticket } se ha pasado a un equipo especializado. Te responderán por aquí.
ticket-waiting-vendor = Tu ticket { $ticket } está pendiente de la respuesta de un proveedor externo. Te avisaremos en cuanto sepamos algo.
ticket-waiting-user = Necesitamos algo de información para continuar con el ticket { $ticket }. Responde aquí, por favor.
ticket-resolved = Tu ticket { $ticket } se ha marcado como resuelto: { $summary }
    ¿Está solucionado?
fix-question = ¿Se ha solucionado el problema del ticket { $ticket }? Responde con los botones, por favor.
what-is-still-wrong = Vaya, lo siento. Cuéntame qué sigue fallando y reabriré el ticket.
ticket-reopened = El ticket { $ticket } vuelve a estar abierto y ya hemos avisado al equipo.
ticket-closed-by-staff = El equipo de soporte ha cerrado el ticket { $ticket }.
    ¿Cómo valorarías la ayuda que has recibido, del 1 (mala) al 5 (excelente)?
rate-question = El ticket { $ticket } está cerrado. ¿Cómo valorarías la ayuda que has recibido, del 1 (mala) al 5 (excelente)?
rating-comment-question = ¡Gracias! ¿Quieres añadir algo? Escribe un comentario u omite este paso.
thanks-for-feedback = ¡Gracias por tu opinión!
support-team = Equipo de soporte

csat-score-1 = 1
csat-score-2 = 2
csat-score-3 = 3
csat-score-4 = 4
csat-score-5 = 5

state-open = abierto, esperando a un agente
state-assigned = asignado a un agente
state-in-progress = en curso
state-waiting-on-user = esperando tu respuesta
state-waiting-on-vendor = esperando a un proveedor externo
state-resolved = resuelto, esperando tu confirmación
state-closed = cerrado

duration-minutes = { $n ->
    [one] 1 minuto
   *[other] { $n } minutos
}
duration-hours = { $n ->
    [one] 1 hora
   *[other] { $n } horas
}
duration-days = { $n ->
    [one] 1 día
   *[other] { $n } días
}
ticket-first-response = Queremos darte una primera respuesta en { $within }.
ticket-first-response-business = Queremos darte una primera respuesta en { $within } de horario laboral.
ticket-late = Lo sentimos: estamos tardando más de lo prometido en responder al ticket { $ticket }. Sigue en la cola del equipo y te escribiremos aquí lo antes posible.
ticket-reminder = Seguimos esperando tu respuesta en el ticket { $ticket }. Contesta aquí para que podamos continuar; sin noticias, se cerrará en { $within }.
ticket-closed-silent = El ticket { $ticket } se ha cerrado porque no hemos tenido respuesta tuya. Escribe aquí cuando quieras para empezar de nuevo.
ticket-closed-unconfirmed = El ticket { $ticket } se ha cerrado porque no se confirmó la solución. Si el problema vuelve, escribe aquí.
processing-failed = Lo siento, no se ha podido procesar tu mensaje por un problema de nuestra parte. Vuelve a enviarlo en un momento.
reply-withdrawn = (El equipo de soporte ha retirado un mensaje.)
relay-failed = Lo siento: tu mensaje en el ticket { $ticket } no ha llegado al equipo de soporte por un problema de nuestra parte. Vuelve a enviarlo, por favor.
discord-answer-in-dm = Te he respondido en un mensaje directo.

incident-notice = ⚠️ Problema conocido: { $title } ({ $status }).
    { $body }
    No hace falta que lo comuniques otra vez. Pulsa el botón para recibir las novedades; también buscaré una respuesta a tu pregunta abajo.
button-incident-subscribe = Avisadme de las novedades
incident-subscribed = Hecho: recibirás aquí las novedades sobre «{ $title }».
incident-over = «{ $title }» ya está resuelto. Si algo sigue sin funcionar, escribe tu pregunta.
incident-update = Novedades sobre «{ $title }» ({ $status }):
    { $body }
incident-resolved = Resuelto: «{ $title }».
    { $body }
    Si algo sigue sin funcionar, escribe aquí.
incident-linked = Tu ticket { $ticket } forma parte de un problema conocido en el que el equipo está trabajando: «{ $title }» ({ $status }). Te avisaremos aquí cuando esté resuelto.
incident-status-investigating = en investigación
incident-status-identified = causa identificada
incident-status-monitoring = corrección aplicada, en observación
incident-status-resolved = resuelto

flood-slow-down = Estás enviando mensajes más rápido de lo que puedo recibirlos. Espera { $n ->
    [one] 1 segundo
   *[other] { $n } segundos
} y vuelve a enviar tu último mensaje.
attachment-too-big = Ese archivo es demasiado grande: se pueden añadir al ticket archivos de hasta { $n } MB. Envía uno más pequeño o un enlace.

## Staff spaces
staff-only = Solo el equipo de soporte puede actuar aquí.
staff-retry = No se ha podido procesar este mensaje; vuelve a enviarlo.
forget-confirm = Esto borra todo lo que guardo sobre ti: tus mensajes, tu nombre y las preguntas que hiciste. Si tienes un ticket abierto, se cerrará. No se puede deshacer. ¿Lo borro?
button-forget-yes = Borrar mis datos
button-forget-no = Conservarlos
forget-done = Hecho: tus datos se han borrado. Si vuelves a escribir, empezamos de cero.
forget-kept = No se ha borrado nada.
mydata-confirm = Puedo enviarte un archivo con todo lo que guardo sobre ti: tus mensajes, tus tickets y las preguntas que hiciste. ¿Te lo envío aquí?
button-mydata-yes = Enviar mis datos
button-mydata-no = Ahora no
mydata-sent = Aquí tienes todo lo que guardo sobre ti.
mydata-kept = De acuerdo, no se ha enviado nada.
mydata-too-soon = Te envié tus datos hace menos de un día; puedes volver a pedirlos mañana.

## Staff spaces: the bot's own words there, in `support.staff_lang`.
## Agent names, reasons and what users wrote come in as placeables, as typed.
staff-claimed = { $agent } se ha quedado el ticket
staff-assigned = { $agent } ha asignado el ticket a { $assignee }
staff-released = { $agent } ha liberado el ticket
staff-replied-anonymously = { $agent } ha respondido en nombre del equipo
staff-note = 📝 { $agent } (nota): { $text }
staff-note-edited = 📝 { $agent } ha editado una nota: { $text }
staff-priority-set = { $agent } ha cambiado la prioridad a { $priority }
staff-escalated = ⬆ Escalado de { $from } a { $to } por { $agent }: { $reason }
staff-escalated-automatically = ⬆ Escalado automáticamente de { $from } a { $to }: { $reason }
staff-deescalated = ⬇ Devuelto a { $to } por { $agent }
staff-waiting-user = { $agent }: esperando al usuario
staff-waiting-vendor = Esperando al proveedor { $vendor }, referencia { $reference }
staff-resumed = { $agent } ha retomado el trabajo
staff-resolved = ✔ Resuelto por { $agent }: { $summary }
staff-closed = Cerrado por { $agent }: { $reason }
staff-closed-automatically = Cerrado automáticamente: { $reason }
staff-reopened = Reabierto por { $agent }: { $reason }
staff-reminder-sent = ⏰ Se ha enviado un recordatorio al usuario, que aún no ha respondido
staff-reply-deleted = 🗑 Se ha borrado una respuesta aquí; se ha retirado al usuario
staff-user-deleted = 🗑 El usuario ha borrado un mensaje que había enviado
staff-suggested-articles = Artículos sugeridos para este ticket (envía uno con /kb ID):
staff-suggested-none = no se ha encontrado ninguno
staff-space-lost = ♻ El tema o la publicación anterior de este ticket ya no existe; continúa aquí

# The ticket card that opens a staff space, and its recap in a new one.
staff-card-new = Nuevo ticket { $ticket }
staff-card-ticket = Ticket { $ticket }
staff-card-heading = { $heading } · { $level } · prioridad { $priority }
staff-card-user = Usuario: { $name } ({ $channel } { $id }, idioma { $lang })
staff-card-articles = Artículos probados:
staff-card-none = ninguno
staff-card-conversation = Conversación:
staff-card-bot = bot
staff-card-note = nota
staff-card-no-reply = (sin respuesta)
staff-card-no-text = (sin texto)

# SLA alerts, in the ticket's space and in the alerts space.
staff-sla-warning = ⏰ Aviso de SLA: { $clock } vence a las { $due } UTC, quedan { $left }
staff-sla-breached = 🚨 SLA incumplido: { $clock } vencía a las { $due } UTC, { $late } de retraso
staff-sla-clock = ticket { $ticket } ({ $level }, { $priority }, { $state }) — { $kind }; responsable: { $assignee }
staff-sla-nobody = nadie
staff-sla-first-response = primera respuesta
staff-sla-resolution = resolución
staff-sla-breach-reason = SLA incumplido: { $kind } vencida en { $level }
staff-close-reason-silent = el usuario no ha respondido
staff-close-reason-unconfirmed = el usuario no ha confirmado la resolución

# Messages the outbox gave up on.
staff-not-delivered = ⚠ No entregado en { $channel } a { $place }: { $error }
    “{ $text }”
staff-place-ticket-user = el usuario del ticket { $ticket }
staff-place-user-chat = el chat de usuario { $chat }
staff-place-staff-space = el espacio del equipo del ticket { $ticket }
staff-reply-not-delivered = ⚠ Esta respuesta no ha llegado al usuario ({ $error }):
    “{ $text }”
staff-message-not-delivered = ⚠ El usuario no ha recibido esto ({ $error }):
    “{ $text }”

# Incidents, for staff.
staff-incident-announced = 📣 Incidencia { $id } — { $status }: { $title }
    { $body }
staff-incident-changed = La incidencia vinculada { $id } está ahora { $status }: { $body }
staff-incident-linked = Vinculado a la incidencia { $id } ({ $status }): { $title }. Se resolverá junto con la incidencia.
staff-incident-agent = Incidencia { $id }
staff-incident-unknown = no hay ninguna incidencia `{ $id }` en kb/incidents/ (activas: { $active })
staff-incident-none-active = ninguna
staff-incident-already-resolved = la incidencia `{ $id }` ya está resuelta

# Erasure at the user's request.
staff-erased-reason = el usuario ha pedido que se borren sus datos
staff-erased-ticket = Ticket { $ticket } cerrado: el usuario ha pedido que se borren sus datos. Sus mensajes ya no están en escala; borra este tema o publicación si contiene más.
staff-erased-alert = Se han borrado los datos de un usuario a petición suya (contacto #{ $contact }).

# `/transcript` in a staff space.
transcript-title = Ticket { $ticket } — { $subject }
transcript-fields = estado: { $state }
    nivel: { $level }
    prioridad: { $priority }
    responsable: { $assignee }
    usuario: { $user } ({ $channel } { $id }, { $lang })
    abierto: { $opened }
transcript-rating = valoración: { $score }/5
transcript-conversation = Conversación
transcript-internal-note = { $author } (nota interna)
transcript-history = Historial

# Staff commands: the help, and why a command was not understood.
staff-help = Comandos del equipo en el espacio de un ticket:
    texto normal: responder al usuario · /areply texto: respuesta firmada "Equipo de soporte" · ! texto: nota interna
    /claim · /unclaim · /assign NOMBRE · /priority low|normal|high|urgent
    /escalate [L2|L3|L4] motivo (L4: /escalate L4 PROVEEDOR REFERENCIA motivo, tras el consentimiento del usuario)
    /deescalate · /waiting user · /waiting vendor PROVEEDOR REFERENCIA · /resume
    /vendor update TEXTO: lo que dijo el proveedor · /vendor tell TEXTO: lo mismo, contado al usuario
    /remote HERRAMIENTA [CÓDIGO]: ofrecer una sesión remota (el usuario consiente primero) · /remote end [resumen]
    /callback offer · /callback done [resultado] · /callback missed · /callback reschedule
    /tag add ETIQUETA · /tag remove ETIQUETA
    /queue: los tickets abiertos de este nivel por plazo SLA · /find PALABRAS: buscar en todos los tickets
    /away · /back: salir o volver a la asignación automática
    /snippet NOMBRE · /kb [ID-DEL-ARTÍCULO] (sin id: las 3 mejores sugerencias)
    /resolve resumen · /close [motivo] · /reopen motivo · /transcript
    /incident ID: resolver este ticket junto con una incidencia conocida
    /stats: las cifras de soporte de los últimos 7 días
staff-command-empty = el mensaje está vacío
staff-command-unknown = comando del equipo desconocido /{ $command }
staff-command-bad-priority = prioridad no válida `{ $priority }`: usa low, normal, high o urgent
staff-needs-note-text = /{ $command } necesita el texto de la nota
staff-needs-reply-text = /{ $command } necesita el texto de la respuesta
staff-needs-incident-id = /{ $command } necesita el id de la incidencia
staff-needs-agent-name = /{ $command } necesita el nombre del agente
staff-needs-priority = /{ $command } necesita low, normal, high o urgent
staff-needs-snippet-name = /{ $command } necesita el nombre de la respuesta predefinida
staff-needs-fix-summary = /{ $command } necesita un resumen de la solución
staff-needs-reason = /{ $command } necesita el motivo
staff-needs-escalation-reason = /{ $command } necesita un motivo
staff-waiting-needs-kind = /waiting necesita `user` o `vendor PROVEEDOR REFERENCIA`
staff-waiting-needs-vendor = /waiting vendor necesita PROVEEDOR y REFERENCIA
staff-escalate-needs-vendor = /escalate L4 necesita PROVEEDOR REFERENCIA y un motivo
staff-already-top-level = el ticket ya está en L4, el nivel más alto
staff-l4-needs-vendor = escalar a L4 requiere el nombre del proveedor y su referencia
staff-no-article = no hay ningún artículo con el id `{ $id }` en la base de conocimiento
staff-edit-not-a-reply = solo se pueden editar las palabras de una respuesta; el usuario sigue viendo la respuesta tal como se envió

# Level 4: the customer is consulted before a vendor sees the ticket.
button-vendor-allow = Sí, compartir
button-vendor-refuse = No compartir
ticket-vendor-consent = Para resolver el ticket { $ticket } nuestro equipo necesita la ayuda de nuestro socio **{ $vendor }**. ¿Podemos compartir con él los detalles del ticket (tus mensajes y archivos)?
ticket-vendor-refused = Entendido: no se compartirá nada del ticket { $ticket } con { $vendor }. Nuestro equipo sigue trabajando en él.
ticket-vendor-agreed = Gracias. El ticket { $ticket } está ahora con nuestro socio **{ $vendor }**; lo seguimos con ellos y te contamos lo que digan.
ticket-vendor-updates-every = Tendrás noticias nuestras al menos cada { $every } mientras esperamos.
ticket-vendor-still-waiting = El ticket { $ticket } sigue con nuestro socio externo, desde hace { $since }. Seguimos encima y te avisaremos en cuanto haya novedades.
ticket-vendor-last-news = Últimas noticias: { $news }
ticket-vendor-news = Novedades del ticket { $ticket } de { $vendor }: { $news }
staff-unknown-vendor = `{ $vendor }` no es un proveedor configurado; configurados: { $known }
staff-vendor-consent-asked = ⏳ { $agent } pidió el consentimiento del usuario para compartir este ticket con { $vendor } (referencia { $reference }); pasa a L4 cuando acepte
staff-vendor-consent-refused = ✋ El usuario no aceptó compartir este ticket con { $vendor }; se queda en { $level } y vuelve a estar en curso
staff-escalated-with-consent = ⬆ Escalado { $from } → L4 con el consentimiento del usuario para compartirlo con { $vendor }: { $reason }
staff-vendor-contract = Contrato con este proveedor: respuesta en { $response }, resolución en { $resolution } (horario laboral) · contacto: { $contact }
staff-vendor-update = 📨 { $agent } registró lo que dijo { $vendor }: { $text }
staff-vendor-update-told = 📨 { $agent } registró lo que dijo { $vendor } y se lo contó al usuario: { $text }
staff-vendor-follow-up = 🔔 Hacer seguimiento con { $vendor } ({ $contact }) de la referencia { $reference }: el ticket lleva { $waited } esperando
staff-sla-vendor-response = respuesta contratada de { $vendor }
staff-sla-vendor-resolution = resolución contratada de { $vendor }
staff-vendor-needs-kind = /vendor necesita `update TEXTO` (solo para el equipo) o `tell TEXTO` (el usuario también lo lee)

# Level 2: remote sessions, only with the user's consent.
button-remote-allow = Permitir
button-remote-refuse = Ahora no
remote-offer = { $agent } quiere ver el problema en tu ordenador con **{ $tool }**. Descárgalo aquí:{ $links }
    Nadie puede conectarse sin tu permiso, y puedes terminar la sesión en cualquier momento cerrando { $tool }.
remote-offer-code = Cuando esté en marcha, introduce este código: `{ $code }`
remote-allowed = Gracias. Abre { $tool } y envía aquí la dirección o el código que muestra; solo lo ve el equipo de soporte.
remote-allowed-with-code = Gracias. Abre { $tool } e introduce el código de arriba; el equipo se conecta en cuanto lo hagas.
remote-refused = Sin problema: no habrá sesión remota. El equipo sigue ayudándote aquí.
remote-ended = La sesión remota ha terminado. Ya puedes cerrar { $tool }; nadie puede volver a conectarse sin tu permiso.
staff-unknown-remote-tool = `{ $tool }` no es una herramienta remota disponible; disponibles: { $known }
staff-remote-offered = 🖥 { $agent } ofreció una sesión remota con { $tool }; esperando el consentimiento del usuario
staff-remote-allowed = ✅ El usuario permitió una sesión remota con { $tool }; su código llegará aquí
staff-remote-allowed-started = ✅ El usuario permitió la sesión remota con { $tool } y está introduciendo el código; la sesión empieza
staff-remote-refused = ✋ El usuario no permitió una sesión remota con { $tool }
staff-remote-code = 🔐 Código de { $tool } de { $user } (guardado enmascarado en el historial):
staff-remote-ended = 🖥 { $agent } terminó la sesión remota con { $tool }: { $summary }
staff-remote-none = no se ofreció ninguna sesión remota en este ticket; ofrece una con /remote HERRAMIENTA
staff-remote-needs-tool = /remote necesita una herramienta (p. ej. /remote anydesk), opcionalmente un código para el usuario, o `end [resumen]`

# Level 2: callbacks.
button-callback-request = 📞 Llamadme
button-callback-today-morning = Hoy, por la mañana (09–12)
button-callback-today-afternoon = Hoy, por la tarde (14–18)
button-callback-tomorrow-morning = Mañana, por la mañana (09–12)
button-callback-tomorrow-afternoon = Mañana, por la tarde (14–18)
callback-needs-ticket = Una llamada es sobre un ticket abierto. Cuéntame primero qué pasa, o usa /ticket.
callback-ask-phone = ¿A qué número te llamamos? Si no es un número de tu país, empieza por + y el prefijo.
callback-not-a-number = Eso no parece un número de teléfono. Envía solo el número, p. ej. +34 612 345 678.
callback-invalid-number = No he reconocido ese número. Revísalo y empieza por + y el prefijo (p. ej. +34 612 345 678).
callback-ask-window = ¿Cuándo te llamamos? Elige abajo, o escribe una hora como 15:30 o "mañana 10:00" (hora de { $zone }).
callback-window-not-understood = No he entendido esa hora. Elige abajo, o escribe una hora como 15:30 o "mañana 10:00" (hora de { $zone }).
callback-window-over = Esa parte del día ya ha pasado. Elige otra hora (hora de { $zone }).
callback-ask-note = ¿Algo que debamos saber antes de llamar? Escríbelo, u omítelo.
callback-confirmed = Hecho: te llamaremos al { $phone } por el ticket { $ticket } el { $window }. Para cambiarlo, envía /callback otra vez; /callback cancel lo cancela y borra tu número.
callback-cancelled = La llamada está cancelada y tu número borrado.
callback-nothing-to-cancel = No hay ninguna llamada que cancelar en este ticket.
callback-offered = { $agent } puede llamarte para resolverlo por teléfono.
callback-missed = Te hemos llamado pero no hemos podido hablar contigo. ¿Cuándo lo intentamos de nuevo? (hora de { $zone })
callback-reschedule = No podemos llamar a la hora acordada, lo sentimos. ¿Cuándo te va bien? (hora de { $zone })
staff-callback-requested = 📞 Llamada pedida por { $user }: { $phone } · { $window } · nota: { $note }
    Después de la llamada: /callback done [resultado] · /callback missed · /callback reschedule
staff-callback-offered = 📞 { $agent } ofreció una llamada al usuario
staff-callback-done = ✔ Llamada hecha por { $agent }: { $outcome }
staff-callback-missed = 📵 { $agent } no pudo hablar con el usuario en { $window }; se le pide una nueva hora
staff-callback-rescheduled = 🗓 { $agent } pidió al usuario otra hora en lugar de { $window }
staff-callback-cancelled = 🗑 { $user } canceló la llamada y borró su número
staff-callback-none = no hay ninguna llamada pendiente en este ticket; /callback offer ofrece una
staff-callback-needs-kind = /callback necesita `offer`, `done [resultado]`, `missed` o `reschedule`
staff-sla-callback = llamada prometida
transcript-callbacks = Llamadas
transcript-callback = { $window } · { $phone } · { $state } · nota: { $note } · resultado: { $outcome }
transcript-callback-no-phone = número borrado
ticket-list = Tus últimos tickets (/status N muestra uno):
ticket-list-line = • { $ticket } · { $date } · { $state } · { $subject }
no-tickets = Todavía no tienes tickets.
status-not-yours = No encuentro ningún ticket { $ticket } tuyo. /tickets los lista.
priority-low = prioridad baja
priority-normal = prioridad normal
priority-high = prioridad alta
priority-urgent = urgente
ticket-out-of-hours = Ahora mismo estamos cerrados; respondemos a partir de las { $time } (hora de { $zone }), el { $day } { $date }.
weekday-mon = lunes
weekday-tue = martes
weekday-wed = miércoles
weekday-thu = jueves
weekday-fri = viernes
weekday-sat = sábado
weekday-sun = domingo
event-opened = { $actor } abrió el ticket en { $level } ({ $priority }): { $subject }
event-claimed = { $agent } se quedó con el ticket
event-unclaimed = { $actor } soltó el ticket
event-agent-replied = { $agent } respondió al usuario
event-user-replied = { $actor } escribió
event-note-added = { $agent } añadió una nota interna
event-priority-changed = { $actor } cambió la prioridad a { $priority }
event-escalated = { $actor } escaló a { $to }: { $reason }
event-deescalated = { $actor } devolvió el ticket a { $to }
event-waiting-on-user = { $actor } espera la respuesta del usuario
event-waiting-on-vendor = { $actor } espera a { $vendor } (referencia { $reference })
event-vendor-consent-asked = { $actor } pidió el consentimiento del usuario para compartir el ticket con { $vendor }: { $reason }
event-vendor-consent-given = { $actor } aceptó compartir el ticket con { $vendor }
event-vendor-consent-refused = { $actor } no aceptó compartir el ticket con { $vendor }
event-vendor-updated = { $actor } registró lo que dijo el proveedor: { $text }
event-remote-offered = { $actor } ofreció una sesión remota con { $tool }
event-remote-allowed = { $actor } permitió la sesión remota con { $tool }
event-remote-refused = { $actor } no permitió una sesión remota con { $tool }
event-remote-started = la sesión remota con { $tool } empezó
event-remote-ended = { $actor } terminó la sesión remota con { $tool }: { $summary }
event-callback-requested = { $actor } pidió una llamada al { $phone }, { $window }
event-callback-done = { $actor } hizo la llamada: { $outcome }
event-callback-missed = { $actor } no pudo hablar con el usuario por teléfono
event-callback-rescheduled = { $actor } pidió al usuario otra hora para la llamada
event-callback-cancelled = { $actor } canceló la llamada y borró el número
event-resumed = { $actor } retomó el trabajo
event-resolved = { $actor } resolvió el ticket: { $summary }
event-reopened = { $actor } reabrió el ticket: { $reason }
event-closed = { $actor } cerró el ticket: { $reason }
event-rated = { $actor } valoró la ayuda con { $score }/5
event-rating-commented = { $actor } comentó la valoración: { $comment }
event-unknown = { $actor }: { $kind }
staff-card-tags = Etiquetas: { $tags }
transcript-tags = etiquetas: { $tags }
ticket-status-tags = Etiquetas: { $tags }
event-tag-added = { $actor } etiquetó el ticket con { $tag }
event-tag-removed = { $actor } quitó la etiqueta { $tag }
staff-tag-added = 🏷 { $agent } añadió la etiqueta { $tag }; etiquetas: { $tags }
staff-tag-removed = 🏷 { $agent } quitó la etiqueta { $tag }; etiquetas: { $tags }
staff-tag-already = el ticket ya tiene la etiqueta { $tag }; etiquetas: { $tags }
staff-tag-absent = el ticket no tiene la etiqueta { $tag }; etiquetas: { $tags }
staff-tag-needs-kind = /tag necesita `add ETIQUETA` o `remove ETIQUETA`
staff-queue = Tickets { $level } abiertos, el plazo SLA más cercano primero:
staff-found = Tickets con «{ $text }», los más recientes primero:
staff-queue-line = - { $ticket } · { $level } · { $priority } · { $state } · { $assignee } · plazo { $due } · { $subject }
staff-needs-search-text = /{ $command } necesita las palabras que buscar
staff-assign-mode-round-robin = rotatorio
staff-assign-mode-least-loaded = menos cargado
staff-assign-automatic = 🤝 Asignado automáticamente a { $agent } ({ $mode })
staff-assign-offered-next = ⏭ { $previous } no atendió este ticket a tiempo; ahora asignado a { $agent } ({ $mode })
staff-assign-nobody-else = ⏳ { $agent } no atendió este ticket a tiempo, y no hay otro agente de este nivel disponible
staff-away = 🌙 { $agent } está ausente: no se le asignan tickets hasta /back
staff-away-already = { $agent } ya estaba ausente
staff-back = ☀ { $agent } vuelve a la rotación
staff-back-already = { $agent } no estaba ausente

## Errors staff read in a ticket's space
staff-error-no-ticket = el ticket { $ticket } no existe
staff-error-no-role = { $agent } no tiene rol para tickets de { $level }
staff-error-assigned-to-other = el ticket { $ticket } está asignado a { $assignee }; usa /assign para quedártelo
staff-error-not-allowed = eso no se puede hacer mientras el ticket está { $state }
staff-error-not-higher = el ticket ya está en { $level }; solo se puede escalar a un nivel superior
staff-error-not-lower = el ticket está en { $level }; solo puede bajar a un nivel inferior con equipo
staff-error-rating-range = una valoración es un número entero del 1 al 5
staff-error-already-rated = el ticket ya fue valorado
staff-state-open = abierto
staff-state-assigned = asignado
staff-state-in-progress = en curso
staff-state-waiting-on-user = esperando al usuario
staff-state-waiting-on-vendor = esperando al proveedor
staff-state-resolved = resuelto, esperando la confirmación del usuario
staff-state-closed = cerrado
staff-invalid-no-name = falta { $what }: indica un nombre, por ejemplo --as Marta
staff-invalid-empty = falta { $what }
staff-invalid-too-long = { $what } tiene más de { $max } caracteres
staff-invalid-multiline = { $what } debe caber en una línea
staff-invalid-tag = la etiqueta debe tener de 1 a { $max } letras, cifras, `-` o `_`
field-agent-name = el nombre del agente
field-operator-name = el nombre del operador
field-assignee-name = el nombre del responsable
field-reply = la respuesta
field-note = la nota
field-reason = el motivo
field-vendor = el proveedor
field-reference = la referencia
field-vendor-update = la novedad del proveedor
field-remote-tool = la herramienta remota
field-session-code = el código de la sesión
field-outcome = el resultado
field-summary = el resumen
field-snippet-name = el nombre de la respuesta predefinida
field-article-id = el id del artículo
field-incident-id = el id del incidente
field-caption = el pie
staff-file-too-large = { $file } es demasiado grande para la plataforma del usuario: solo llegan archivos de hasta { $max } MB; envía un enlace

## What the user did, told to staff
staff-close-reason-new-question = el usuario empezó una nueva pregunta
staff-close-reason-confirmed = el usuario confirmó que quedó resuelto
staff-close-reason-asked = cerrado por el usuario
staff-closed-by-user = Cerrado por el usuario: { $reason }
staff-reopened-by-user = ⚠ Reabierto: el usuario dice que no quedó resuelto: { $reason }
staff-rated-by-user = Valorado con { $score }/5 por el usuario
staff-rating-comment = Comentario de la valoración: { $comment }
staff-note-not-delivered = no entregado al usuario ({ $error }): { $text }
staff-note-not-relayed = el mensaje del usuario no llegó al equipo ({ $error }): { $text }

## The stats report (/stats and escala stats)
stats-summary-title = Soporte, { $window }
stats-page-title = Estadísticas de soporte de escala, { $window }
stats-volume = Volumen
stats-volume-value = { $conversations } conversaciones, { $tickets } tickets
stats-deflection = Resueltas por el bot
stats-first-response = Primera respuesta
stats-business-time = tiempo laborable
stats-resolution-time = Tiempo de resolución
stats-resolution-rate = Tasa de resolución
stats-reopen-rate = Tasa de reapertura
stats-escalated-from = Escalados desde
stats-sla-first-response = SLA 1.ª respuesta
stats-sla-resolution = SLA resolución
stats-csat = CSAT
stats-ratio = { $percent } ({ $count } de { $total } { $of })
stats-ratio-none = – (sin { $of })
stats-of-conversations = conversaciones
stats-of-tickets = tickets
stats-of-resolved-tickets = tickets resueltos
stats-of-finished-clocks = relojes terminados
stats-of-clocks = relojes
stats-durations = { $n ->
    [one] media { $mean }, mediana { $median }, p90 { $p90 } ({ $n } ticket)
   *[other] media { $mean }, mediana { $median }, p90 { $p90 } ({ $n } tickets)
}
stats-durations-none = – (sin tickets)
stats-csat-value = { $n ->
    [one] { $average } de { $n } valoración ({ $spread })
   *[other] { $average } de { $n } valoraciones ({ $spread })
}
stats-csat-none = – (sin valoraciones)
stats-rating-ticket = ticket { $ticket }
stats-low-ratings = Valoraciones bajas ({ $n } con { $score }★ o menos)
stats-low-ratings-more = … y { $n } más: escala stats
stats-sla-heading = Cumplimiento del SLA por nivel (relojes terminados cumplidos)
stats-first-response-short = primera respuesta
stats-resolution-short = resolución
stats-sla-running = { $running } en marcha, { $handed } pasados a otro nivel sin incumplir
stats-none = ninguno
stats-feedback-heading = Valoraciones (las más bajas primero)
stats-by-agent = por agente
stats-by-level = por nivel
stats-gaps-heading = Principales lagunas (preguntas que la base de conocimiento no resolvió)
stats-col-article = Artículo
stats-col-shown = mostrado
stats-col-solved = resolvió
stats-col-not-solved = no resolvió
stats-col-ticket = ticket
stats-col-no-verdict = sin respuesta
stats-col-success = éxito
stats-col-agent = Agente
stats-col-open = abiertos
stats-col-replies = respuestas
stats-col-resolved = resueltos
stats-col-first-response-median = primera respuesta (mediana)
stats-col-vendor = Proveedores (nivel 4)
stats-col-tickets = tickets
stats-col-waiting = esperando
stats-col-wait = espera mediana / media
stats-col-contract-kept = respuesta · resolución contratadas cumplidas
stats-col-day = Día
stats-col-conversations = conversaciones
stats-col-ratings = valoraciones

## A user's data export (/mydata, escala users export)
export-title = Datos guardados sobre { $name } ({ $user })
export-exported = Exportado el { $at }.
export-contact = Contacto
export-platform = Plataforma
export-platform-id = Id en la plataforma
export-chat = Chat
export-name = Nombre
export-language = Idioma
export-not-set = no definido
export-blocked = Bloqueado
export-yes = sí
export-no = no
export-conversations = Conversaciones con el bot ({ $n })
export-conversation-ended-as = Iniciada el { $start }, terminada el { $end } ({ $outcome })
export-conversation-ended = Iniciada el { $start }, terminada el { $end }
export-conversation-open = Iniciada el { $start }, abierta
export-outcome-deflected = resuelta por una respuesta
export-outcome-ticket = pasó a ticket
export-outcome-abandoned = sin ticket abierto
export-no-messages = (sin mensajes)
export-author-user = usuario
export-author-bot = bot
export-author-agent = agente
export-author-note = nota
export-tickets = Tickets ({ $n })
export-ticket = Ticket { $ticket }: { $subject } ({ $state }, { $level })
export-ticket-rated = Ticket { $ticket }: { $subject } ({ $state }, { $level }, valorado con { $score }/5)
export-history = Historial:
export-messages = Mensajes:
export-questions = Preguntas hechas ({ $n })
export-subscriptions = Suscripciones a incidentes ({ $n })
