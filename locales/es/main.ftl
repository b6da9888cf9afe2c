# escala — user-facing text, Spanish (Spain, es-ES).
# Placeables: { $ticket } is a ticket number such as #12.

greeting = ¡Hola, { $name }! Hazme tu pregunta en una frase y buscaré una respuesta. Escribe /help para ver lo que puedo hacer.
help = Respondo dudas de soporte con nuestra base de conocimiento y, si con eso no se soluciona, abro un ticket con nuestro equipo.
    Solo tienes que escribir tu pregunta. Comandos: /status (tu ticket), /close (cerrar tu ticket), /new (una pregunta nueva), /lang pt|es|ca|en (idioma), /mydata (una copia de lo que guardo sobre ti), /forget (borrarlo).
empty-message = Tu mensaje está vacío. Escribe tu pregunta, por favor.
message-too-long = Tu mensaje es demasiado largo (más de { $max } caracteres). Acórtalo o divídelo en varios mensajes, por favor.
unknown-command = No conozco el comando { $command }. Escribe /help para ver los comandos.
lang-usage = Elige un idioma con /lang seguido de pt, es, ca o en.
language-switched = Hecho: a partir de ahora te hablaré en español.
stale-choice = Ese botón es de un mensaje anterior. Vuelve a escribir tu pregunta o usa /help.

suggestions = He encontrado algunos artículos que pueden ayudarte. Elige uno:
no-answer = No he encontrado respuesta a eso en nuestra base de conocimiento. ¿Quieres que abra un ticket para que alguien de nuestro equipo te ayude?
article-other-language = (Este artículo todavía no está disponible en tu idioma; aquí lo tienes en otro idioma.)
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
ticket-status = Ticket { $ticket }: { $state }, nivel { $level }. Última actualización: { $updated }.
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
