# escala — user-facing text, European Portuguese (pt-PT).
# Placeables: { $ticket } is a ticket number such as #12.

greeting = Olá, { $name }! Escreva a sua pergunta numa frase e eu procuro uma resposta. Escreva /help para ver o que posso fazer.
help = Respondo a perguntas de apoio com base na nossa base de conhecimento e, se isso não resolver, abro um pedido junto da nossa equipa.
    Basta escrever a sua pergunta. Comandos: /status [N] (o seu pedido), /tickets (os seus últimos pedidos), /close (fechar o seu pedido), /callback (ligamos-lhe; /callback cancel), /new (uma nova pergunta), /lang pt|es|ca|en (idioma), /mydata (uma cópia do que guardo sobre si), /forget (apagá-lo).
empty-message = A sua mensagem está vazia. Escreva a sua pergunta, por favor.
message-too-long = A sua mensagem é demasiado longa (mais de { $max } caracteres). Encurte-a ou divida-a em várias mensagens, por favor.
unknown-command = Não conheço o comando { $command }. Escreva /help para ver os comandos.
lang-usage = Escolha um idioma com /lang seguido de pt, es, ca ou en.
language-switched = Feito: a partir de agora falo português.
stale-choice = Esse botão pertence a uma mensagem anterior. Escreva novamente a sua pergunta ou use /help.

suggestions = Encontrei alguns artigos que podem ajudar. Escolha um:
no-answer = Não encontrei resposta para isso na nossa base de conhecimento. Quer que abra um pedido para que alguém da nossa equipa possa ajudar?
article-other-language = (Este artigo só está disponível em { $language }.)
suggestion-in-language = { $title } ({ $language })
language-name-pt = português
language-name-es = espanhol
language-name-ca = catalão
language-name-en = inglês
glad-it-helped = Ótimo, ainda bem que ajudou! Pergunte o que precisar, sempre que quiser.
ok-ask-again = Muito bem. Se quiser, reformule a pergunta e eu volto a procurar.
ask-new-question = Claro! Escreva a sua nova pergunta.

button-solved = Resolvido
button-not-solved = Não resolvido
button-human = Falar com uma pessoa
button-none-of-these = Nenhum destes
button-open-ticket = Abrir um pedido
button-no-thanks = Não, obrigado
button-fixed-yes = Sim, está resolvido
button-fixed-no = Não, não está resolvido
button-skip = Saltar
button-close-and-new = Fechar e fazer outra pergunta
button-keep-ticket = Manter o pedido aberto

ticket-opened = Abri o pedido { $ticket } com a nossa conversa até agora. Alguém da equipa de suporte vai responder aqui assim que possível; pode continuar a escrever aqui para acrescentar detalhes.
ticket-already-open = Já tem o pedido { $ticket } aberto. Tudo o que escrever aqui é acrescentado a esse pedido.
ticket-kept = Muito bem, o pedido { $ticket } continua aberto. Escreva aqui para acrescentar informação.
new-while-open = Ainda tem o pedido { $ticket } aberto. Quer fechá-lo e fazer uma nova pergunta, ou mantê-lo aberto e acrescentar isto ao pedido?
no-open-ticket = Não tem nenhum pedido aberto. Escreva a sua pergunta e eu tento ajudar.
ticket-status = Pedido { $ticket }: { $state }, nível { $level }, { $priority }. Última atualização: { $updated }.
attachment-needs-ticket = Só consigo encaminhar ficheiros para um pedido. Descreva primeiro o problema; se eu não o conseguir resolver, abro um pedido e pode enviar o ficheiro aí.
ticket-claimed = { $agent } está agora a tratar do seu pedido { $ticket }.
ticket-escalated = O seu pedido { $ticket } foi encaminhado para uma equipa especializada, que lhe responderá aqui.
ticket-waiting-vendor = O seu pedido { $ticket } está a aguardar resposta de um fornecedor externo. Avisamos assim que tivermos novidades.
ticket-waiting-user = Precisamos de algumas informações para continuar com o pedido { $ticket }. Responda aqui, por favor.
ticket-resolved = O seu pedido { $ticket } foi marcado como resolvido: { $summary }
    O problema ficou resolvido?
fix-question = O problema do pedido { $ticket } ficou resolvido? Responda com os botões, por favor.
what-is-still-wrong = Lamento. Diga-me o que ainda não está bem e eu reabro o pedido.
ticket-reopened = O pedido { $ticket } foi reaberto e a equipa já foi avisada.
ticket-closed-by-staff = O pedido { $ticket } foi fechado pela equipa de suporte.
    Como avalia a ajuda que recebeu, de 1 (má) a 5 (excelente)?
rate-question = O pedido { $ticket } está fechado. Como avalia a ajuda que recebeu, de 1 (má) a 5 (excelente)?
rating-comment-question = Obrigado! Quer acrescentar alguma coisa? Escreva um comentário ou salte este passo.
thanks-for-feedback = Obrigado pela sua opinião!
support-team = Equipa de suporte

csat-score-1 = 1
csat-score-2 = 2
csat-score-3 = 3
csat-score-4 = 4
csat-score-5 = 5

state-open = aberto, à espera de um técnico
state-assigned = atribuído a um técnico
state-in-progress = em curso
state-waiting-on-user = à espera da sua resposta
state-waiting-on-vendor = à espera de um fornecedor externo
state-resolved = resolvido, à espera da sua confirmação
state-closed = fechado

duration-minutes = { $n ->
    [one] 1 minuto
   *[other] { $n } minutos
}
duration-hours = { $n ->
    [one] 1 hora
   *[other] { $n } horas
}
duration-days = { $n ->
    [one] 1 dia
   *[other] { $n } dias
}
ticket-first-response = Contamos dar-lhe uma primeira resposta em { $within }.
ticket-first-response-business = Contamos dar-lhe uma primeira resposta em { $within } de horário de trabalho.
ticket-late = Pedimos desculpa: estamos a demorar mais do que prometido a responder ao pedido { $ticket }. Continua na fila da equipa e terá notícias aqui assim que possível.
ticket-reminder = Ainda aguardamos a sua resposta no pedido { $ticket }. Responda aqui para podermos continuar; sem notícias, será fechado dentro de { $within }.
ticket-closed-silent = O pedido { $ticket } foi fechado porque não tivemos resposta sua. Escreva aqui quando quiser para recomeçar.
ticket-closed-unconfirmed = O pedido { $ticket } foi fechado porque a solução não foi confirmada. Se o problema voltar, basta escrever aqui.
processing-failed = Desculpe, não foi possível processar a sua mensagem por um problema do nosso lado. Envie-a de novo daqui a pouco.
reply-withdrawn = (A equipa de suporte retirou uma mensagem.)
relay-failed = Desculpe: a sua mensagem no pedido { $ticket } não chegou à equipa de suporte por um problema do nosso lado. Envie-a de novo, por favor.
discord-answer-in-dm = Respondi-lhe numa mensagem direta.

incident-notice = ⚠️ Problema conhecido: { $title } ({ $status }).
    { $body }
    Não precisa de o comunicar outra vez. Carregue no botão para receber as novidades; vou também procurar uma resposta à sua pergunta abaixo.
button-incident-subscribe = Avisem-me das novidades
incident-subscribed = Feito: vai receber aqui as novidades sobre “{ $title }”.
incident-over = “{ $title }” já está resolvido. Se algo ainda não funciona, escreva a sua pergunta.
incident-update = Novidades sobre “{ $title }” ({ $status }):
    { $body }
incident-resolved = Resolvido: “{ $title }”.
    { $body }
    Se algo ainda não funciona, escreva aqui.
incident-linked = O pedido { $ticket } faz parte de um problema conhecido em que a equipa está a trabalhar: “{ $title }” ({ $status }). Avisamos aqui quando estiver resolvido.
incident-status-investigating = em investigação
incident-status-identified = causa identificada
incident-status-monitoring = correção aplicada, em observação
incident-status-resolved = resolvido

flood-slow-down = Está a enviar mensagens mais depressa do que as consigo receber. Aguarde { $n ->
    [one] 1 segundo
   *[other] { $n } segundos
} e envie de novo a sua última mensagem.
attachment-too-big = Esse ficheiro é demasiado grande: pode juntar ao pedido ficheiros até { $n } MB. Envie um mais pequeno ou uma ligação para ele.

## Staff spaces
staff-only = Só a equipa de suporte pode agir aqui.
staff-retry = Não foi possível processar esta mensagem; volte a enviá-la.
forget-confirm = Isto apaga tudo o que guardo sobre si: as suas mensagens, o seu nome e as perguntas que fez. Um pedido aberto será fechado. Não pode ser desfeito. Quer que apague?
button-forget-yes = Apagar os meus dados
button-forget-no = Manter
forget-done = Feito: os seus dados foram apagados. Se voltar a escrever, começamos do zero.
forget-kept = Não foi apagado nada.
mydata-confirm = Posso enviar-lhe um ficheiro com tudo o que guardo sobre si: as suas mensagens, os seus pedidos e as perguntas que fez. Envio aqui?
button-mydata-yes = Enviar os meus dados
button-mydata-no = Agora não
mydata-sent = Aqui está tudo o que guardo sobre si.
mydata-kept = Muito bem, não foi enviado nada.
mydata-too-soon = Enviei-lhe os seus dados há menos de um dia; pode voltar a pedir amanhã.

## Staff spaces: the bot's own words there, in `support.staff_lang`.
## Agent names, reasons and what users wrote come in as placeables, as typed.
staff-claimed = { $agent } ficou com o pedido
staff-assigned = { $agent } atribuiu o pedido a { $assignee }
staff-released = { $agent } largou o pedido
staff-replied-anonymously = { $agent } respondeu em nome da equipa
staff-note = 📝 { $agent } (nota): { $text }
staff-note-edited = 📝 { $agent } editou uma nota: { $text }
staff-priority-set = { $agent } mudou a prioridade para { $priority }
staff-escalated = ⬆ Escalado de { $from } para { $to } por { $agent }: { $reason }
staff-escalated-automatically = ⬆ Escalado automaticamente de { $from } para { $to }: { $reason }
staff-deescalated = ⬇ Devolvido a { $to } por { $agent }
staff-waiting-user = { $agent }: à espera do utilizador
staff-waiting-vendor = À espera do fornecedor { $vendor }, referência { $reference }
staff-resumed = { $agent } retomou o trabalho
staff-resolved = ✔ Resolvido por { $agent }: { $summary }
staff-closed = Fechado por { $agent }: { $reason }
staff-closed-automatically = Fechado automaticamente: { $reason }
staff-reopened = Reaberto por { $agent }: { $reason }
staff-reminder-sent = ⏰ Foi enviado um lembrete ao utilizador, que ainda não respondeu
staff-reply-deleted = 🗑 Uma resposta foi apagada aqui; foi retirada ao utilizador
staff-user-deleted = 🗑 O utilizador apagou uma mensagem que tinha enviado
staff-suggested-articles = Artigos sugeridos para este pedido (envie um com /kb ID):
staff-suggested-none = nenhum encontrado
staff-space-lost = ♻ O tópico ou publicação anterior deste pedido desapareceu; continua aqui

# The ticket card that opens a staff space, and its recap in a new one.
staff-card-new = Novo pedido { $ticket }
staff-card-ticket = Pedido { $ticket }
staff-card-heading = { $heading } · { $level } · prioridade { $priority }
staff-card-user = Utilizador: { $name } ({ $channel } { $id }, idioma { $lang })
staff-card-articles = Artigos tentados:
staff-card-none = nenhum
staff-card-conversation = Conversa:
staff-card-bot = bot
staff-card-note = nota
staff-card-no-reply = (sem resposta)
staff-card-no-text = (sem texto)

# SLA alerts, in the ticket's space and in the alerts space.
staff-sla-warning = ⏰ Aviso de SLA: { $clock } vence às { $due } UTC, faltam { $left }
staff-sla-breached = 🚨 SLA ultrapassado: { $clock } vencia às { $due } UTC, { $late } de atraso
staff-sla-clock = pedido { $ticket } ({ $level }, { $priority }, { $state }) — { $kind }; responsável: { $assignee }
staff-sla-nobody = ninguém
staff-sla-first-response = primeira resposta
staff-sla-resolution = resolução
staff-sla-breach-reason = SLA ultrapassado: { $kind } em atraso em { $level }
staff-close-reason-silent = o utilizador não respondeu
staff-close-reason-unconfirmed = o utilizador não confirmou a resolução

# Messages the outbox gave up on.
staff-not-delivered = ⚠ Não entregue em { $channel } a { $place }: { $error }
    “{ $text }”
staff-place-ticket-user = o utilizador do pedido { $ticket }
staff-place-user-chat = a conversa do utilizador { $chat }
staff-place-staff-space = o espaço da equipa do pedido { $ticket }
staff-reply-not-delivered = ⚠ Esta resposta não chegou ao utilizador ({ $error }):
    “{ $text }”
staff-message-not-delivered = ⚠ O utilizador não recebeu isto ({ $error }):
    “{ $text }”

# Incidents, for staff.
staff-incident-announced = 📣 Incidente { $id } — { $status }: { $title }
    { $body }
staff-incident-changed = O incidente associado { $id } está agora { $status }: { $body }
staff-incident-linked = Associado ao incidente { $id } ({ $status }): { $title }. Será resolvido com o incidente.
staff-incident-agent = Incidente { $id }
staff-incident-unknown = não há nenhum incidente `{ $id }` em kb/incidents/ (ativos: { $active })
staff-incident-none-active = nenhum
staff-incident-already-resolved = o incidente `{ $id }` já está resolvido

# Erasure at the user's request.
staff-erased-reason = o utilizador pediu que os seus dados fossem apagados
staff-erased-ticket = Pedido { $ticket } fechado: o utilizador pediu que os seus dados fossem apagados. As mensagens já não estão no escala; apague este tópico ou publicação se contiver mais delas.
staff-erased-alert = Os dados de um utilizador foram apagados a seu pedido (contacto #{ $contact }).

# `/transcript` in a staff space.
transcript-title = Pedido { $ticket } — { $subject }
transcript-fields = estado: { $state }
    nível: { $level }
    prioridade: { $priority }
    responsável: { $assignee }
    utilizador: { $user } ({ $channel } { $id }, { $lang })
    aberto: { $opened }
transcript-rating = avaliação: { $score }/5
transcript-conversation = Conversa
transcript-internal-note = { $author } (nota interna)
transcript-history = Histórico

# Staff commands: the help, and why a command was not understood.
staff-help = Comandos da equipa no espaço de um pedido:
    texto simples: responder ao utilizador · /areply texto: resposta assinada "Equipa de suporte" · ! texto: nota interna
    /claim · /unclaim · /assign NOME · /priority low|normal|high|urgent
    /escalate [L2|L3|L4] motivo (L4: /escalate L4 FORNECEDOR REFERÊNCIA motivo, após o consentimento do utilizador)
    /deescalate · /waiting user · /waiting vendor FORNECEDOR REFERÊNCIA · /resume
    /vendor update TEXTO: o que o fornecedor disse · /vendor tell TEXTO: o mesmo, dito ao utilizador
    /remote FERRAMENTA [CÓDIGO]: oferecer uma sessão remota (o utilizador consente primeiro) · /remote end [resumo]
    /callback offer · /callback done [resultado] · /callback missed · /callback reschedule
    /tag add ETIQUETA · /tag remove ETIQUETA
    /queue: os pedidos abertos deste nível por prazo SLA · /find PALAVRAS: procurar em todos os pedidos
    /away · /back: sair ou voltar à atribuição automática
    /snippet NOME · /kb [ID-DO-ARTIGO] (sem id: as 3 melhores sugestões)
    /resolve resumo · /close [motivo] · /reopen motivo · /transcript
    /incident ID: resolver este pedido juntamente com um incidente conhecido
    /stats: os números do suporte dos últimos 7 dias
staff-command-empty = a mensagem está vazia
staff-command-unknown = comando de equipa desconhecido /{ $command }
staff-command-bad-priority = prioridade inválida `{ $priority }`: use low, normal, high ou urgent
staff-needs-note-text = /{ $command } precisa do texto da nota
staff-needs-reply-text = /{ $command } precisa do texto da resposta
staff-needs-incident-id = /{ $command } precisa do id do incidente
staff-needs-agent-name = /{ $command } precisa do nome do agente
staff-needs-priority = /{ $command } precisa de low, normal, high ou urgent
staff-needs-snippet-name = /{ $command } precisa do nome da resposta rápida
staff-needs-fix-summary = /{ $command } precisa de um resumo da solução
staff-needs-reason = /{ $command } precisa do motivo
staff-needs-escalation-reason = /{ $command } precisa de um motivo
staff-waiting-needs-kind = /waiting precisa de `user` ou `vendor FORNECEDOR REFERÊNCIA`
staff-waiting-needs-vendor = /waiting vendor precisa de FORNECEDOR e REFERÊNCIA
staff-escalate-needs-vendor = /escalate L4 precisa de FORNECEDOR REFERÊNCIA e um motivo
staff-already-top-level = o pedido já está em L4, o nível mais alto
staff-l4-needs-vendor = escalar para L4 exige o nome do fornecedor e a sua referência
staff-no-article = não há nenhum artigo com o id `{ $id }` na base de conhecimento
staff-edit-not-a-reply = só se podem editar as palavras de uma resposta; o utilizador continua a ver a resposta tal como foi enviada

# Level 4: the customer is consulted before a vendor sees the ticket.
button-vendor-allow = Sim, partilhar
button-vendor-refuse = Não partilhar
ticket-vendor-consent = Para resolver o pedido { $ticket } a nossa equipa precisa da ajuda do nosso parceiro **{ $vendor }**. Podemos partilhar com ele os detalhes do pedido (as suas mensagens e ficheiros)?
ticket-vendor-refused = Entendido: nada do pedido { $ticket } será partilhado com { $vendor }. A nossa equipa continua a tratar dele.
ticket-vendor-agreed = Obrigado. O pedido { $ticket } está agora com o nosso parceiro **{ $vendor }**; acompanhamo-lo com eles e dizemos-lhe o que responderem.
ticket-vendor-updates-every = Terá notícias nossas pelo menos a cada { $every } enquanto esperamos.
ticket-vendor-still-waiting = O pedido { $ticket } continua com o nosso parceiro externo, há { $since }. Continuamos a acompanhá-lo e avisamos assim que houver novidades.
ticket-vendor-last-news = Últimas notícias: { $news }
ticket-vendor-news = Novidades do pedido { $ticket } por { $vendor }: { $news }
staff-unknown-vendor = `{ $vendor }` não é um fornecedor configurado; configurados: { $known }
staff-vendor-consent-asked = ⏳ { $agent } pediu o consentimento do utilizador para partilhar este pedido com { $vendor } (referência { $reference }); passa a L4 quando ele aceitar
staff-vendor-consent-refused = ✋ O utilizador não aceitou partilhar este pedido com { $vendor }; fica em { $level } e volta a estar em curso
staff-escalated-with-consent = ⬆ Escalado { $from } → L4 com o consentimento do utilizador para partilhar com { $vendor }: { $reason }
staff-vendor-contract = Contrato com este fornecedor: resposta em { $response }, resolução em { $resolution } (horário útil) · contacto: { $contact }
staff-vendor-update = 📨 { $agent } registou o que { $vendor } disse: { $text }
staff-vendor-update-told = 📨 { $agent } registou o que { $vendor } disse e informou o utilizador: { $text }
staff-vendor-follow-up = 🔔 Fazer seguimento com { $vendor } ({ $contact }) da referência { $reference }: o pedido espera há { $waited }
staff-sla-vendor-response = resposta contratada de { $vendor }
staff-sla-vendor-resolution = resolução contratada de { $vendor }
staff-vendor-needs-kind = /vendor precisa de `update TEXTO` (só para a equipa) ou `tell TEXTO` (o utilizador também lê)

# Level 2: remote sessions, only with the user's consent.
button-remote-allow = Permitir
button-remote-refuse = Agora não
remote-offer = { $agent } gostaria de ver o problema no seu computador com o **{ $tool }**. Descarregue-o aqui:{ $links }
    Ninguém se pode ligar sem a sua autorização, e pode terminar a sessão a qualquer momento fechando o { $tool }.
remote-offer-code = Quando estiver a funcionar, introduza este código: `{ $code }`
remote-allowed = Obrigado. Abra o { $tool } e envie aqui o endereço ou código que ele mostra; só a equipa de suporte o vê.
remote-allowed-with-code = Obrigado. Abra o { $tool } e introduza o código acima; a equipa liga-se assim que o fizer.
remote-refused = Sem problema: não haverá sessão remota. A equipa continua a ajudá-lo aqui.
remote-ended = A sessão remota terminou. Já pode fechar o { $tool }; ninguém se pode voltar a ligar sem a sua autorização.
staff-unknown-remote-tool = `{ $tool }` não é uma ferramenta remota disponível; disponíveis: { $known }
staff-remote-offered = 🖥 { $agent } ofereceu uma sessão remota com { $tool }; à espera do consentimento do utilizador
staff-remote-allowed = ✅ O utilizador permitiu uma sessão remota com { $tool }; o código dele vai chegar aqui
staff-remote-allowed-started = ✅ O utilizador permitiu a sessão remota com { $tool } e está a introduzir o código; a sessão começa
staff-remote-refused = ✋ O utilizador não permitiu uma sessão remota com { $tool }
staff-remote-code = 🔐 Código { $tool } de { $user } (guardado mascarado no histórico):
staff-remote-ended = 🖥 { $agent } terminou a sessão remota com { $tool }: { $summary }
staff-remote-none = não foi oferecida nenhuma sessão remota neste pedido; ofereça uma com /remote FERRAMENTA
staff-remote-needs-tool = /remote precisa de uma ferramenta (p. ex. /remote anydesk), opcionalmente um código para o utilizador, ou `end [resumo]`

# Level 2: callbacks.
button-callback-request = 📞 Liguem-me
button-callback-today-morning = Hoje, de manhã (09–12)
button-callback-today-afternoon = Hoje, à tarde (14–18)
button-callback-tomorrow-morning = Amanhã, de manhã (09–12)
button-callback-tomorrow-afternoon = Amanhã, à tarde (14–18)
callback-needs-ticket = Uma chamada de volta é sobre um pedido aberto. Diga-me primeiro o que se passa, ou use /ticket.
callback-ask-phone = Para que número devemos ligar? Se não for um número do seu país, comece por + e o indicativo.
callback-not-a-number = Isso não parece um número de telefone. Envie só o número, p. ex. +351 912 345 678.
callback-invalid-number = Não reconheci esse número. Verifique-o e comece por + e o indicativo (p. ex. +34 612 345 678).
callback-ask-window = Quando devemos ligar? Escolha abaixo, ou escreva uma hora como 15:30 ou "amanhã 10:00" (hora de { $zone }).
callback-window-not-understood = Não percebi essa hora. Escolha abaixo, ou escreva uma hora como 15:30 ou "amanhã 10:00" (hora de { $zone }).
callback-window-over = Essa parte do dia já passou. Escolha outra hora (hora de { $zone }).
callback-ask-note = Há algo que devamos saber antes de ligar? Escreva, ou salte.
callback-confirmed = Feito: vamos ligar para { $phone } sobre o pedido { $ticket } em { $window }. Para mudar, envie /callback outra vez; /callback cancel cancela e apaga o seu número.
callback-cancelled = A chamada foi cancelada e o seu número apagado.
callback-nothing-to-cancel = Não há nenhuma chamada para cancelar neste pedido.
callback-offered = { $agent } pode ligar-lhe para resolver isto por telefone.
callback-missed = Ligámos-lhe mas não conseguimos falar consigo. Quando devemos tentar outra vez? (hora de { $zone })
callback-reschedule = Não conseguimos ligar à hora combinada, pedimos desculpa. Quando lhe dá jeito? (hora de { $zone })
staff-callback-requested = 📞 Chamada pedida por { $user }: { $phone } · { $window } · nota: { $note }
    Depois da chamada: /callback done [resultado] · /callback missed · /callback reschedule
staff-callback-offered = 📞 { $agent } ofereceu uma chamada ao utilizador
staff-callback-done = ✔ Chamada feita por { $agent }: { $outcome }
staff-callback-missed = 📵 { $agent } não conseguiu falar com o utilizador em { $window }; foi-lhe pedida uma nova hora
staff-callback-rescheduled = 🗓 { $agent } pediu ao utilizador outra hora em vez de { $window }
staff-callback-cancelled = 🗑 { $user } cancelou a chamada e apagou o seu número
staff-callback-none = não há nenhuma chamada pendente neste pedido; /callback offer oferece uma
staff-callback-needs-kind = /callback precisa de `offer`, `done [resultado]`, `missed` ou `reschedule`
staff-sla-callback = chamada prometida
transcript-callbacks = Chamadas
transcript-callback = { $window } · { $phone } · { $state } · nota: { $note } · resultado: { $outcome }
transcript-callback-no-phone = número apagado
ticket-list = Os seus últimos pedidos (/status N mostra um):
ticket-list-line = • { $ticket } · { $date } · { $state } · { $subject }
no-tickets = Ainda não tem pedidos.
status-not-yours = Não encontro nenhum pedido { $ticket } seu. /tickets lista-os.
priority-low = prioridade baixa
priority-normal = prioridade normal
priority-high = prioridade alta
priority-urgent = urgente
ticket-out-of-hours = Neste momento estamos fechados; respondemos a partir das { $time } (hora de { $zone }), { $day } { $date }.
weekday-mon = segunda-feira
weekday-tue = terça-feira
weekday-wed = quarta-feira
weekday-thu = quinta-feira
weekday-fri = sexta-feira
weekday-sat = sábado
weekday-sun = domingo
event-opened = { $actor } abriu o pedido em { $level } ({ $priority }): { $subject }
event-claimed = { $agent } ficou com o pedido
event-unclaimed = { $actor } largou o pedido
event-agent-replied = { $agent } respondeu ao utilizador
event-user-replied = { $actor } escreveu
event-note-added = { $agent } acrescentou uma nota interna
event-priority-changed = { $actor } mudou a prioridade para { $priority }
event-escalated = { $actor } escalou para { $to }: { $reason }
event-deescalated = { $actor } devolveu o pedido a { $to }
event-waiting-on-user = { $actor } está à espera da resposta do utilizador
event-waiting-on-vendor = { $actor } está à espera de { $vendor } (referência { $reference })
event-vendor-consent-asked = { $actor } pediu o consentimento do utilizador para partilhar o pedido com { $vendor }: { $reason }
event-vendor-consent-given = { $actor } aceitou partilhar o pedido com { $vendor }
event-vendor-consent-refused = { $actor } não aceitou partilhar o pedido com { $vendor }
event-vendor-updated = { $actor } registou o que o fornecedor disse: { $text }
event-remote-offered = { $actor } ofereceu uma sessão remota com { $tool }
event-remote-allowed = { $actor } permitiu a sessão remota com { $tool }
event-remote-refused = { $actor } não permitiu uma sessão remota com { $tool }
event-remote-started = a sessão remota com { $tool } começou
event-remote-ended = { $actor } terminou a sessão remota com { $tool }: { $summary }
event-callback-requested = { $actor } pediu uma chamada para { $phone }, { $window }
event-callback-done = { $actor } fez a chamada: { $outcome }
event-callback-missed = { $actor } não conseguiu falar com o utilizador por telefone
event-callback-rescheduled = { $actor } pediu ao utilizador outra hora para a chamada
event-callback-cancelled = { $actor } cancelou a chamada e apagou o número
event-resumed = { $actor } retomou o trabalho
event-resolved = { $actor } resolveu o pedido: { $summary }
event-reopened = { $actor } reabriu o pedido: { $reason }
event-closed = { $actor } fechou o pedido: { $reason }
event-rated = { $actor } avaliou a ajuda com { $score }/5
event-rating-commented = { $actor } comentou a avaliação: { $comment }
event-unknown = { $actor }: { $kind }
staff-card-tags = Etiquetas: { $tags }
transcript-tags = etiquetas: { $tags }
ticket-status-tags = Etiquetas: { $tags }
event-tag-added = { $actor } etiquetou o pedido com { $tag }
event-tag-removed = { $actor } retirou a etiqueta { $tag }
staff-tag-added = 🏷 { $agent } acrescentou a etiqueta { $tag }; etiquetas: { $tags }
staff-tag-removed = 🏷 { $agent } retirou a etiqueta { $tag }; etiquetas: { $tags }
staff-tag-already = o pedido já tem a etiqueta { $tag }; etiquetas: { $tags }
staff-tag-absent = o pedido não tem a etiqueta { $tag }; etiquetas: { $tags }
staff-tag-needs-kind = /tag precisa de `add ETIQUETA` ou `remove ETIQUETA`
staff-queue = Pedidos { $level } abertos, o prazo SLA mais próximo primeiro:
staff-found = Pedidos com “{ $text }”, os mais recentes primeiro:
staff-queue-line = - { $ticket } · { $level } · { $priority } · { $state } · { $assignee } · prazo { $due } · { $subject }
staff-needs-search-text = /{ $command } precisa das palavras a procurar
staff-assign-mode-round-robin = rotativo
staff-assign-mode-least-loaded = menos carregado
staff-assign-automatic = 🤝 Atribuído automaticamente a { $agent } ({ $mode })
staff-assign-offered-next = ⏭ { $previous } não pegou neste pedido a tempo; atribuído agora a { $agent } ({ $mode })
staff-assign-nobody-else = ⏳ { $agent } não pegou neste pedido a tempo, e não há outro agente deste nível disponível
staff-away = 🌙 { $agent } está ausente: não lhe são atribuídos pedidos até /back
staff-away-already = { $agent } já estava ausente
staff-back = ☀ { $agent } voltou à rotação
staff-back-already = { $agent } não estava ausente

## Errors staff read in a ticket's space
staff-error-no-ticket = o pedido { $ticket } não existe
staff-error-no-role = { $agent } não tem função para pedidos de { $level }
staff-error-assigned-to-other = o pedido { $ticket } está atribuído a { $assignee }; use /assign para o assumir
staff-error-not-allowed = isso não é possível enquanto o pedido está { $state }
staff-error-not-higher = o pedido já está em { $level }; só pode ser escalado para um nível superior
staff-error-not-lower = o pedido está em { $level }; só pode descer para um nível inferior com equipa
staff-error-rating-range = uma avaliação é um número inteiro de 1 a 5
staff-error-already-rated = o pedido já foi avaliado
staff-state-open = aberto
staff-state-assigned = atribuído
staff-state-in-progress = em curso
staff-state-waiting-on-user = à espera do utilizador
staff-state-waiting-on-vendor = à espera do fornecedor
staff-state-resolved = resolvido, à espera da confirmação do utilizador
staff-state-closed = fechado
staff-invalid-no-name = falta { $what }: indique um nome, por exemplo --as Marta
staff-invalid-empty = falta { $what }
staff-invalid-too-long = { $what } tem mais de { $max } caracteres
staff-invalid-multiline = { $what } tem de caber numa linha
staff-invalid-tag = a etiqueta deve ter de 1 a { $max } letras, algarismos, `-` ou `_`
field-agent-name = o nome do agente
field-operator-name = o nome do operador
field-assignee-name = o nome do responsável
field-reply = a resposta
field-note = a nota
field-reason = o motivo
field-vendor = o fornecedor
field-reference = a referência
field-vendor-update = a novidade do fornecedor
field-remote-tool = a ferramenta remota
field-session-code = o código da sessão
field-outcome = o resultado
field-summary = o resumo
field-snippet-name = o nome da resposta pronta
field-article-id = o id do artigo
field-incident-id = o id do incidente
field-caption = a legenda
staff-file-too-large = { $file } é grande demais para a plataforma do utilizador: só chegam ficheiros até { $max } MB; envie uma ligação

## What the user did, told to staff
staff-close-reason-new-question = o utilizador começou uma nova pergunta
staff-close-reason-confirmed = o utilizador confirmou que ficou resolvido
staff-close-reason-asked = fechado pelo utilizador
staff-closed-by-user = Fechado pelo utilizador: { $reason }
staff-reopened-by-user = ⚠ Reaberto: o utilizador diz que não ficou resolvido: { $reason }
staff-rated-by-user = Avaliado com { $score }/5 pelo utilizador
staff-rating-comment = Comentário da avaliação: { $comment }
staff-note-not-delivered = não entregue ao utilizador ({ $error }): { $text }
staff-note-not-relayed = a mensagem do utilizador não chegou à equipa ({ $error }): { $text }

## The stats report (/stats and escala stats)
stats-summary-title = Suporte, { $window }
stats-page-title = Estatísticas de suporte do escala, { $window }
stats-volume = Volume
stats-volume-value = { $conversations } conversas, { $tickets } pedidos
stats-deflection = Resolvidas pelo bot
stats-first-response = Primeira resposta
stats-business-time = tempo útil
stats-resolution-time = Tempo de resolução
stats-resolution-rate = Taxa de resolução
stats-reopen-rate = Taxa de reabertura
stats-escalated-from = Escalados de
stats-sla-first-response = SLA 1.ª resposta
stats-sla-resolution = SLA resolução
stats-csat = CSAT
stats-ratio = { $percent } ({ $count } de { $total } { $of })
stats-ratio-none = – (sem { $of })
stats-of-conversations = conversas
stats-of-tickets = pedidos
stats-of-resolved-tickets = pedidos resolvidos
stats-of-finished-clocks = relógios terminados
stats-of-clocks = relógios
stats-durations = { $n ->
    [one] média { $mean }, mediana { $median }, p90 { $p90 } ({ $n } pedido)
   *[other] média { $mean }, mediana { $median }, p90 { $p90 } ({ $n } pedidos)
}
stats-durations-none = – (sem pedidos)
stats-csat-value = { $n ->
    [one] { $average } de { $n } avaliação ({ $spread })
   *[other] { $average } de { $n } avaliações ({ $spread })
}
stats-csat-none = – (sem avaliações)
stats-rating-ticket = pedido { $ticket }
stats-low-ratings = Avaliações baixas ({ $n } com { $score }★ ou menos)
stats-low-ratings-more = … e mais { $n }: escala stats
stats-sla-heading = Cumprimento do SLA por nível (relógios terminados cumpridos)
stats-first-response-short = primeira resposta
stats-resolution-short = resolução
stats-sla-running = { $running } a correr, { $handed } passados a outro nível sem violação
stats-none = nenhum
stats-feedback-heading = Avaliações (as mais baixas primeiro)
stats-by-agent = por agente
stats-by-level = por nível
stats-gaps-heading = Principais lacunas (perguntas que a base de conhecimento não resolveu)
stats-col-article = Artigo
stats-col-shown = mostrado
stats-col-solved = resolveu
stats-col-not-solved = não resolveu
stats-col-ticket = pedido
stats-col-no-verdict = sem resposta
stats-col-success = sucesso
stats-col-agent = Agente
stats-col-open = abertos
stats-col-replies = respostas
stats-col-resolved = resolvidos
stats-col-first-response-median = primeira resposta (mediana)
stats-col-vendor = Fornecedores (nível 4)
stats-col-tickets = pedidos
stats-col-waiting = à espera
stats-col-wait = espera mediana / média
stats-col-contract-kept = resposta · resolução contratadas cumpridas
stats-col-day = Dia
stats-col-conversations = conversas
stats-col-ratings = avaliações

## A user's data export (/mydata, escala users export)
export-title = Dados guardados sobre { $name } ({ $user })
export-exported = Exportado em { $at }.
export-contact = Contacto
export-platform = Plataforma
export-platform-id = Id na plataforma
export-chat = Conversa
export-name = Nome
export-language = Idioma
export-not-set = não definido
export-blocked = Bloqueado
export-yes = sim
export-no = não
export-conversations = Conversas com o bot ({ $n })
export-conversation-ended-as = Iniciada em { $start }, terminada em { $end } ({ $outcome })
export-conversation-ended = Iniciada em { $start }, terminada em { $end }
export-conversation-open = Iniciada em { $start }, em aberto
export-outcome-deflected = resolvida por uma resposta
export-outcome-ticket = passou a pedido
export-outcome-abandoned = sem pedido aberto
export-no-messages = (sem mensagens)
export-author-user = utilizador
export-author-bot = bot
export-author-agent = agente
export-author-note = nota
export-tickets = Pedidos ({ $n })
export-ticket = Pedido { $ticket }: { $subject } ({ $state }, { $level })
export-ticket-rated = Pedido { $ticket }: { $subject } ({ $state }, { $level }, avaliado com { $score }/5)
export-history = Histórico:
export-messages = Mensagens:
export-questions = Perguntas feitas ({ $n })
export-subscriptions = Subscrições de incidentes ({ $n })
