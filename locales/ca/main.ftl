# escala — user-facing text, Catalan.
# Placeables: { $ticket } is a ticket number such as #12.

greeting = Hola, { $name }! Fes-me la teva pregunta en una frase i buscaré una resposta. Escriu /help per veure què puc fer.
help = Responc preguntes de suport a partir de la nostra base de coneixement i, si així no es resol, obro un tiquet amb el nostre equip.
    Només cal que escriguis la teva pregunta. Ordres: /status (el teu tiquet), /close (tancar el teu tiquet), /new (una pregunta nova), /lang pt|es|ca|en (idioma), /mydata (una còpia del que guardo sobre tu), /forget (esborrar-ho).
empty-message = El teu missatge és buit. Escriu la teva pregunta, si us plau.
message-too-long = El teu missatge és massa llarg (més de { $max } caràcters). Escurça'l o divideix-lo en diversos missatges, si us plau.
unknown-command = No conec l'ordre { $command }. Escriu /help per veure les ordres.
lang-usage = Tria un idioma amb /lang seguit de pt, es, ca o en.
language-switched = Fet: a partir d'ara et parlaré en català.
stale-choice = Aquest botó és d'un missatge anterior. Torna a escriure la teva pregunta o fes servir /help.

suggestions = He trobat alguns articles que et poden ajudar. Tria'n un:
no-answer = No he trobat cap resposta a això a la nostra base de coneixement. Vols que obri un tiquet perquè algú del nostre equip t'ajudi?
article-other-language = (Aquest article encara no està disponible en el teu idioma; aquí el tens en un altre idioma.)
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
ticket-status = Tiquet { $ticket }: { $state }, nivell { $level }. Última actualització: { $updated }.
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
