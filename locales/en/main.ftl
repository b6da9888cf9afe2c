# escala — user-facing text, English (the fallback language).
# Placeables: { $ticket } is a ticket number such as #12.

greeting = Hello { $name }! Ask me your question in a sentence and I will look for an answer. Type /help to see what I can do.
help = I answer support questions from our knowledge base and, if that does not solve it, I open a ticket with our team.
    Just write your question. Commands: /status [N] (your ticket), /tickets (your latest tickets), /close (close your ticket), /callback (we call you back; /callback cancel), /new (a new question), /lang pt|es|ca|en (language), /mydata (a copy of what I keep about you), /forget (erase it).
empty-message = Your message was empty. Please write your question.
message-too-long = Your message is too long (more than { $max } characters). Please shorten it or split it into several messages.
unknown-command = I do not know the command { $command }. Type /help to see the commands.
lang-usage = Choose a language with /lang followed by pt, es, ca or en.
language-switched = Done: I will speak English from now on.
stale-choice = That button belongs to an earlier message. Please write your question again or use /help.

suggestions = I found some articles that may help. Pick one:
no-answer = I could not find an answer to that in our knowledge base. Do you want me to open a ticket so a person from our team can help you?
article-other-language = (This article is only available in { $language }.)
suggestion-in-language = { $title } ({ $language })
language-name-pt = Portuguese
language-name-es = Spanish
language-name-ca = Catalan
language-name-en = English
glad-it-helped = Great, glad it helped! Ask me anything else whenever you need.
ok-ask-again = All right. If you want, rephrase your question and I will search again.
ask-new-question = Go ahead: write your new question.

button-solved = Solved
button-not-solved = Not solved
button-human = Talk to a person
button-none-of-these = None of these
button-open-ticket = Open a ticket
button-no-thanks = No, thanks
button-fixed-yes = Yes, it is fixed
button-fixed-no = No, it is not fixed
button-skip = Skip
button-close-and-new = Close it and ask something new
button-keep-ticket = Keep the ticket open

ticket-opened = I opened ticket { $ticket } for you with our conversation so far. A person from the support team will answer here as soon as possible; just keep writing here to add details.
ticket-already-open = You already have ticket { $ticket } open. Everything you write here goes to it.
ticket-kept = OK, ticket { $ticket } stays open. Write here to add to it.
new-while-open = You still have ticket { $ticket } open. Close it and start a new question, or keep it open and add this to it?
no-open-ticket = You have no open ticket. Write your question and I will try to help.
ticket-status = Ticket { $ticket }: { $state }, level { $level }, { $priority }. Last update: { $updated }.
attachment-needs-ticket = I can only pass files on to a ticket. Describe your problem first; if I cannot solve it, I will open a ticket and you can send the file there.
ticket-claimed = { $agent } is now handling your ticket { $ticket }.
ticket-escalated = Your ticket { $ticket } was passed to a specialised team. They will get back to you here.
ticket-waiting-vendor = Your ticket { $ticket } is waiting for an answer from an external supplier. We will let you know as soon as we hear back.
ticket-waiting-user = We need some information from you to continue with ticket { $ticket }. Please reply here.
ticket-resolved = Your ticket { $ticket } was marked as resolved: { $summary }
    Is it fixed?
fix-question = Is the problem of ticket { $ticket } fixed? Please answer with the buttons.
what-is-still-wrong = Sorry to hear that. Tell me what is still wrong and I will reopen the ticket.
ticket-reopened = Ticket { $ticket } is open again and the team has been told.
ticket-closed-by-staff = Ticket { $ticket } was closed by the support team.
    How would you rate the help you got, from 1 (bad) to 5 (excellent)?
rate-question = Ticket { $ticket } is closed. How would you rate the help you got, from 1 (bad) to 5 (excellent)?
rating-comment-question = Thank you! Anything you would like to add? Write a comment, or skip.
thanks-for-feedback = Thank you for your feedback!
support-team = Support team

csat-score-1 = 1
csat-score-2 = 2
csat-score-3 = 3
csat-score-4 = 4
csat-score-5 = 5

state-open = open, waiting for an agent
state-assigned = assigned to an agent
state-in-progress = in progress
state-waiting-on-user = waiting for your reply
state-waiting-on-vendor = waiting for an external supplier
state-resolved = resolved, waiting for your confirmation
state-closed = closed

duration-minutes = { $n ->
    [one] 1 minute
   *[other] { $n } minutes
}
duration-hours = { $n ->
    [one] 1 hour
   *[other] { $n } hours
}
duration-days = { $n ->
    [one] 1 day
   *[other] { $n } days
}
ticket-first-response = We aim to give you a first answer within { $within }.
ticket-first-response-business = We aim to give you a first answer within { $within } of working hours.
ticket-late = We are taking longer than promised to answer ticket { $ticket }, sorry. It is still in the team's queue and you will hear from us here as soon as possible.
ticket-reminder = We are still waiting for your reply on ticket { $ticket }. Please answer here so we can continue; without news it will be closed in { $within }.
ticket-closed-silent = Ticket { $ticket } was closed because we did not hear back from you. Write here any time to start again.
ticket-closed-unconfirmed = Ticket { $ticket } was closed because the fix was not confirmed. If the problem is back, just write here.
processing-failed = Sorry, your message could not be processed because of a problem on our side. Please send it again in a moment.
reply-withdrawn = (The support team withdrew a message.)
relay-failed = Sorry: your message on ticket { $ticket } could not be passed on to the support team because of a problem on our side. Please send it again.
discord-answer-in-dm = I answered you in a direct message.

incident-notice = ⚠️ Known problem: { $title } ({ $status }).
    { $body }
    You do not need to report it again. Press the button to hear from us when it changes; I will also look for an answer to your question below.
button-incident-subscribe = Notify me of updates
incident-subscribed = Done: you will get the updates on “{ $title }” here.
incident-over = “{ $title }” is already resolved. If something is still wrong, just write your question.
incident-update = Update on “{ $title }” ({ $status }):
    { $body }
incident-resolved = Resolved: “{ $title }”.
    { $body }
    If something is still wrong, just write here.
incident-linked = Ticket { $ticket } is part of a known problem our team is working on: “{ $title }” ({ $status }). You will hear from us here when it is fixed.
incident-status-investigating = investigating
incident-status-identified = cause identified
incident-status-monitoring = fix applied, monitoring
incident-status-resolved = resolved

flood-slow-down = You are sending messages faster than I can take them. Please wait { $n ->
    [one] 1 second
   *[other] { $n } seconds
}, then send your last message again.
attachment-too-big = That file is too large: files up to { $n } MB can be added to a ticket. Please send a smaller one or a link to it.

## Staff spaces
staff-only = Only staff can act here.
staff-retry = This message could not be processed; please send it again.
forget-confirm = This erases everything I keep about you: your messages, your name and the questions you asked. An open ticket will be closed. It cannot be undone. Shall I erase it?
button-forget-yes = Erase my data
button-forget-no = Keep it
forget-done = Done: your data has been erased. If you write again, we start from scratch.
forget-kept = Nothing was erased.
mydata-confirm = I can send you a file with everything I keep about you: your messages, your tickets and the questions you asked. Send it here?
button-mydata-yes = Send my data
button-mydata-no = Not now
mydata-sent = Here is everything I keep about you.
mydata-kept = All right, nothing was sent.
mydata-too-soon = I sent you your data less than a day ago; you can ask again tomorrow.

## Staff spaces: the bot's own words there, in `support.staff_lang`.
## Agent names, reasons and what users wrote come in as placeables, as typed.
staff-claimed = { $agent } claimed the ticket
staff-assigned = { $agent } assigned the ticket to { $assignee }
staff-released = { $agent } released the ticket
staff-replied-anonymously = { $agent } replied anonymously
staff-note = 📝 { $agent } (note): { $text }
staff-note-edited = 📝 { $agent } edited a note: { $text }
staff-priority-set = { $agent } set the priority to { $priority }
staff-escalated = ⬆ Escalated from { $from } to { $to } by { $agent }: { $reason }
staff-escalated-automatically = ⬆ Escalated automatically from { $from } to { $to }: { $reason }
staff-deescalated = ⬇ De-escalated to { $to } by { $agent }
staff-waiting-user = { $agent }: waiting on the user
staff-waiting-vendor = Waiting on vendor { $vendor }, reference { $reference }
staff-resumed = { $agent } resumed work
staff-resolved = ✔ Resolved by { $agent }: { $summary }
staff-closed = Closed by { $agent }: { $reason }
staff-closed-automatically = Closed automatically: { $reason }
staff-reopened = Reopened by { $agent }: { $reason }
staff-reminder-sent = ⏰ Reminder sent to the user, who has not answered yet
staff-reply-deleted = 🗑 A reply was deleted here; it is withdrawn from the user
staff-user-deleted = 🗑 The user deleted a message they had sent
staff-suggested-articles = Suggested articles for this ticket (send one with /kb ID):
staff-suggested-none = none found
staff-space-lost = ♻ This ticket's previous topic or post is gone; it continues here

# The ticket card that opens a staff space, and its recap in a new one.
staff-card-new = New ticket { $ticket }
staff-card-ticket = Ticket { $ticket }
staff-card-heading = { $heading } · { $level } · priority { $priority }
staff-card-user = User: { $name } ({ $channel } { $id }, language { $lang })
staff-card-articles = Articles tried:
staff-card-none = none
staff-card-conversation = Conversation:
staff-card-bot = bot
staff-card-note = note
staff-card-no-reply = (no reply)
staff-card-no-text = (no text)

# SLA alerts, in the ticket's space and in the alerts space.
staff-sla-warning = ⏰ SLA warning: { $clock } due at { $due } UTC, { $left } left
staff-sla-breached = 🚨 SLA breached: { $clock } was due at { $due } UTC, { $late } late
staff-sla-clock = ticket { $ticket } ({ $level }, { $priority }, { $state }) — { $kind }; assignee: { $assignee }
staff-sla-nobody = nobody
staff-sla-first-response = first response
staff-sla-resolution = resolution
staff-sla-breach-reason = SLA breach: { $kind } overdue at { $level }
staff-close-reason-silent = no answer from the user
staff-close-reason-unconfirmed = resolution not confirmed by the user

# Messages the outbox gave up on.
staff-not-delivered = ⚠ Not delivered on { $channel } to { $place }: { $error }
    “{ $text }”
staff-place-ticket-user = the user of ticket { $ticket }
staff-place-user-chat = user chat { $chat }
staff-place-staff-space = the staff space of ticket { $ticket }
staff-reply-not-delivered = ⚠ This reply did not reach the user ({ $error }):
    “{ $text }”
staff-message-not-delivered = ⚠ The user did not get this ({ $error }):
    “{ $text }”

# Incidents, for staff.
staff-incident-announced = 📣 Incident { $id } — { $status }: { $title }
    { $body }
staff-incident-changed = Linked incident { $id } is now { $status }: { $body }
staff-incident-linked = Linked to incident { $id } ({ $status }): { $title }. It is resolved with the incident.
staff-incident-agent = Incident { $id }
staff-incident-unknown = no incident `{ $id }` in kb/incidents/ (active: { $active })
staff-incident-none-active = none
staff-incident-already-resolved = incident `{ $id }` is already resolved

# Erasure at the user's request.
staff-erased-reason = the user asked for their data to be erased
staff-erased-ticket = Ticket { $ticket } closed: the user asked for their data to be erased. Its messages are gone from escala; delete this topic or post if it holds more of them.
staff-erased-alert = A user's data was erased at their request (contact #{ $contact }).

# `/transcript` in a staff space.
transcript-title = Ticket { $ticket } — { $subject }
transcript-fields = state: { $state }
    level: { $level }
    priority: { $priority }
    assignee: { $assignee }
    user: { $user } ({ $channel } { $id }, { $lang })
    opened: { $opened }
transcript-rating = rating: { $score }/5
transcript-conversation = Conversation
transcript-internal-note = { $author } (internal note)
transcript-history = History

# Staff commands: the help, and why a command was not understood.
staff-help = Staff commands in a ticket's space:
    plain text: reply to the user · /areply text: reply signed "Support team" · ! text: internal note
    /claim · /unclaim · /assign NAME · /priority low|normal|high|urgent
    /escalate [L2|L3|L4] reason (L4: /escalate L4 VENDOR REFERENCE reason, after the user's consent)
    /deescalate · /waiting user · /waiting vendor VENDOR REFERENCE · /resume
    /vendor update TEXT: what the vendor said · /vendor tell TEXT: the same, told to the user
    /remote TOOL [CODE]: offer a remote session (the user consents first) · /remote end [summary]
    /callback offer · /callback done [outcome] · /callback missed · /callback reschedule
    /tag add TAG · /tag remove TAG
    /queue: this level's open tickets by SLA due time · /find WORDS: search every ticket
    /away · /back: leave or rejoin auto-assignment
    /snippet NAME · /kb [ARTICLE-ID] (no id: the top 3 suggestions)
    /resolve summary · /close [reason] · /reopen reason · /transcript
    /incident ID: resolve this ticket together with a known incident
    /stats: the support figures of the last 7 days
staff-command-empty = the message is empty
staff-command-unknown = unknown staff command /{ $command }
staff-command-bad-priority = invalid priority `{ $priority }`: expected low, normal, high or urgent
staff-needs-note-text = /{ $command } needs the note text
staff-needs-reply-text = /{ $command } needs the reply text
staff-needs-incident-id = /{ $command } needs the incident id
staff-needs-agent-name = /{ $command } needs the agent's name
staff-needs-priority = /{ $command } needs low, normal, high or urgent
staff-needs-snippet-name = /{ $command } needs the snippet name
staff-needs-fix-summary = /{ $command } needs a summary of the fix
staff-needs-reason = /{ $command } needs the reason
staff-needs-escalation-reason = /{ $command } needs a reason
staff-waiting-needs-kind = /waiting needs `user` or `vendor VENDOR REFERENCE`
staff-waiting-needs-vendor = /waiting vendor needs VENDOR and REFERENCE
staff-escalate-needs-vendor = /escalate L4 needs VENDOR REFERENCE and a reason
staff-already-top-level = the ticket is already at L4, the top level
staff-l4-needs-vendor = escalating to L4 needs the vendor name and its reference
staff-no-article = no article with id `{ $id }` in the knowledge base
staff-edit-not-a-reply = only the words of a reply can be edited; the user still sees the reply as sent

# Level 4: the customer is consulted before a vendor sees the ticket.
button-vendor-allow = Yes, share it
button-vendor-refuse = No, do not share
ticket-vendor-consent = To solve ticket { $ticket } our team needs the help of our partner **{ $vendor }**. May we share the ticket's details (your messages and files) with them?
ticket-vendor-refused = Understood: nothing from ticket { $ticket } will be shared with { $vendor }. Our team goes on working on it.
ticket-vendor-agreed = Thank you. Ticket { $ticket } is now with our partner **{ $vendor }**; we follow it up with them and tell you what they say.
ticket-vendor-updates-every = You will hear from us at least every { $every } while we wait.
ticket-vendor-still-waiting = Ticket { $ticket } is still with our external partner, for { $since } now. We keep following it up and will tell you as soon as there is news.
ticket-vendor-last-news = Latest news: { $news }
ticket-vendor-news = News on ticket { $ticket } from { $vendor }: { $news }
staff-unknown-vendor = `{ $vendor }` is not a configured vendor; configured: { $known }
staff-vendor-consent-asked = ⏳ { $agent } asked the user's consent to share this ticket with { $vendor } (reference { $reference }); it goes to L4 once they agree
staff-vendor-consent-refused = ✋ The user did not agree to share this ticket with { $vendor }; it stays at { $level } and is back in progress
staff-escalated-with-consent = ⬆ Escalated { $from } → L4 with the user's consent to share it with { $vendor }: { $reason }
staff-vendor-contract = Contract with this vendor: answer within { $response }, fix within { $resolution } (business time) · contact: { $contact }
staff-vendor-update = 📨 { $agent } recorded what { $vendor } said: { $text }
staff-vendor-update-told = 📨 { $agent } recorded what { $vendor } said and told the user: { $text }
staff-vendor-follow-up = 🔔 Follow up with { $vendor } ({ $contact }) on reference { $reference }: the ticket has waited { $waited }
staff-sla-vendor-response = { $vendor }'s contracted response
staff-sla-vendor-resolution = { $vendor }'s contracted resolution
staff-vendor-needs-kind = /vendor needs `update TEXT` (kept for staff) or `tell TEXT` (the user reads it too)

# Level 2: remote sessions, only with the user's consent.
button-remote-allow = Allow
button-remote-refuse = Not now
remote-offer = { $agent } would like to look at the problem on your computer with **{ $tool }**. Download it here:{ $links }
    Nobody can connect without your permission, and you can end the session at any time by closing { $tool }.
remote-offer-code = Once it runs, enter this code: `{ $code }`
remote-allowed = Thank you. Start { $tool } and send here the address or code it shows; only the support team sees it.
remote-allowed-with-code = Thank you. Start { $tool } and enter the code above; the team connects as soon as you do.
remote-refused = No problem: there will be no remote session. The team goes on helping you here.
remote-ended = The remote session has ended. You can close { $tool } now; nobody can connect again without your permission.
staff-unknown-remote-tool = `{ $tool }` is not a remote tool offered here; offered: { $known }
staff-remote-offered = 🖥 { $agent } offered a remote session with { $tool }; waiting for the user's consent
staff-remote-allowed = ✅ The user allowed a remote session with { $tool }; their code will arrive here
staff-remote-allowed-started = ✅ The user allowed the remote session with { $tool } and is entering the code; the session starts
staff-remote-refused = ✋ The user did not allow a remote session with { $tool }
staff-remote-code = 🔐 { $user }'s { $tool } code (kept masked in the history):
staff-remote-ended = 🖥 { $agent } ended the remote session with { $tool }: { $summary }
staff-remote-none = no remote session was offered on this ticket; offer one with /remote TOOL
staff-remote-needs-tool = /remote needs a tool (e.g. /remote anydesk), optionally a code for the user, or `end [summary]`

# Level 2: callbacks.
button-callback-request = 📞 Call me back
button-callback-today-morning = Today, morning (09–12)
button-callback-today-afternoon = Today, afternoon (14–18)
button-callback-tomorrow-morning = Tomorrow, morning (09–12)
button-callback-tomorrow-afternoon = Tomorrow, afternoon (14–18)
callback-needs-ticket = A callback is about an open ticket. Tell me what is wrong first, or use /ticket.
callback-ask-phone = What number should we call? If it is not a number of your country, start with + and the country code.
callback-not-a-number = That does not look like a phone number. Send only the number, e.g. +351 912 345 678.
callback-invalid-number = I could not recognise that number. Check it, and start with + and the country code (e.g. +34 612 345 678).
callback-ask-window = When should we call? Choose below, or type a time like 15:30 or "tomorrow 10:00" ({ $zone } time).
callback-window-not-understood = I did not understand that time. Choose below, or type a time like 15:30 or "tomorrow 10:00" ({ $zone } time).
callback-window-over = That part of the day is over. Choose another time ({ $zone } time).
callback-ask-note = Anything we should know before calling? Write it, or skip.
callback-confirmed = Done: we will call { $phone } about ticket { $ticket } on { $window }. To change it, send /callback again; /callback cancel cancels it and removes your number.
callback-cancelled = The callback is cancelled and your number is removed.
callback-nothing-to-cancel = There is no callback to cancel on this ticket.
callback-offered = { $agent } can call you to sort this out by phone.
callback-missed = We called you but could not reach you. When should we try again? ({ $zone } time)
callback-reschedule = We cannot call at the time we agreed, sorry. When would suit you? ({ $zone } time)
staff-callback-requested = 📞 Callback requested by { $user }: { $phone } · { $window } · note: { $note }
    When it is done: /callback done [outcome] · /callback missed · /callback reschedule
staff-callback-offered = 📞 { $agent } offered the user a callback
staff-callback-done = ✔ Callback made by { $agent }: { $outcome }
staff-callback-missed = 📵 { $agent } could not reach the user in { $window }; they are asked for a new time
staff-callback-rescheduled = 🗓 { $agent } asked the user for another time than { $window }
staff-callback-cancelled = 🗑 { $user } cancelled the callback and removed their number
staff-callback-none = no callback is waiting on this ticket; /callback offer offers one
staff-callback-needs-kind = /callback needs `offer`, `done [outcome]`, `missed` or `reschedule`
staff-sla-callback = promised callback
transcript-callbacks = Callbacks
transcript-callback = { $window } · { $phone } · { $state } · note: { $note } · outcome: { $outcome }
transcript-callback-no-phone = number removed
ticket-list = Your latest tickets (/status N shows one):
ticket-list-line = • { $ticket } · { $date } · { $state } · { $subject }
no-tickets = You have no tickets yet.
status-not-yours = I do not find a ticket { $ticket } of yours. /tickets lists them.
priority-low = low priority
priority-normal = normal priority
priority-high = high priority
priority-urgent = urgent
ticket-out-of-hours = We are closed right now; we answer from { $time } { $zone } time, { $day } { $date }.
weekday-mon = Monday
weekday-tue = Tuesday
weekday-wed = Wednesday
weekday-thu = Thursday
weekday-fri = Friday
weekday-sat = Saturday
weekday-sun = Sunday
event-opened = { $actor } opened the ticket at { $level } ({ $priority }): { $subject }
event-claimed = { $agent } took the ticket
event-unclaimed = { $actor } released the ticket
event-agent-replied = { $agent } replied to the user
event-user-replied = { $actor } wrote
event-note-added = { $agent } added an internal note
event-priority-changed = { $actor } set the priority to { $priority }
event-escalated = { $actor } escalated to { $to }: { $reason }
event-deescalated = { $actor } moved the ticket back to { $to }
event-waiting-on-user = { $actor } is waiting for the user's answer
event-waiting-on-vendor = { $actor } is waiting on { $vendor } (reference { $reference })
event-vendor-consent-asked = { $actor } asked the user's consent to share the ticket with { $vendor }: { $reason }
event-vendor-consent-given = { $actor } agreed to share the ticket with { $vendor }
event-vendor-consent-refused = { $actor } did not agree to share the ticket with { $vendor }
event-vendor-updated = { $actor } recorded what the vendor said: { $text }
event-remote-offered = { $actor } offered a remote session with { $tool }
event-remote-allowed = { $actor } allowed the remote session with { $tool }
event-remote-refused = { $actor } did not allow a remote session with { $tool }
event-remote-started = the remote session with { $tool } started
event-remote-ended = { $actor } ended the remote session with { $tool }: { $summary }
event-callback-requested = { $actor } asked to be called back on { $phone }, { $window }
event-callback-done = { $actor } made the callback: { $outcome }
event-callback-missed = { $actor } could not reach the user by phone
event-callback-rescheduled = { $actor } asked the user for another callback time
event-callback-cancelled = { $actor } cancelled the callback and removed the number
event-resumed = { $actor } resumed work
event-resolved = { $actor } resolved the ticket: { $summary }
event-reopened = { $actor } reopened the ticket: { $reason }
event-closed = { $actor } closed the ticket: { $reason }
event-rated = { $actor } rated the help { $score }/5
event-rating-commented = { $actor } commented on the rating: { $comment }
event-unknown = { $actor }: { $kind }
staff-card-tags = Tags: { $tags }
transcript-tags = tags: { $tags }
ticket-status-tags = Tags: { $tags }
event-tag-added = { $actor } tagged the ticket { $tag }
event-tag-removed = { $actor } removed the tag { $tag }
staff-tag-added = 🏷 { $agent } added the tag { $tag }; tags: { $tags }
staff-tag-removed = 🏷 { $agent } removed the tag { $tag }; tags: { $tags }
staff-tag-already = the ticket already has the tag { $tag }; tags: { $tags }
staff-tag-absent = the ticket has no tag { $tag }; tags: { $tags }
staff-tag-needs-kind = /tag needs `add TAG` or `remove TAG`
staff-queue = Open { $level } tickets, soonest SLA due first:
staff-found = Tickets holding “{ $text }”, newest first:
staff-queue-line = - { $ticket } · { $level } · { $priority } · { $state } · { $assignee } · due { $due } · { $subject }
staff-needs-search-text = /{ $command } needs the words to look for
staff-assign-mode-round-robin = round robin
staff-assign-mode-least-loaded = least loaded
staff-assign-automatic = 🤝 Assigned automatically to { $agent } ({ $mode })
staff-assign-offered-next = ⏭ { $previous } did not pick this ticket up in time; now assigned to { $agent } ({ $mode })
staff-assign-nobody-else = ⏳ { $agent } did not pick this ticket up in time, and no other agent of this level is available
staff-away = 🌙 { $agent } is away: no tickets are assigned to them until /back
staff-away-already = { $agent } was already away
staff-back = ☀ { $agent } is back in the rotation
staff-back-already = { $agent } was not away

## Errors staff read in a ticket's space
staff-error-no-ticket = ticket { $ticket } does not exist
staff-error-no-role = { $agent } has no role for { $level } tickets
staff-error-assigned-to-other = ticket { $ticket } is assigned to { $assignee }; use /assign to take it over
staff-error-not-allowed = that cannot be done while the ticket is { $state }
staff-error-not-higher = the ticket is already at { $level }; it can only be escalated to a higher level
staff-error-not-lower = the ticket is at { $level }; it can only be de-escalated to a lower staffed level
staff-error-rating-range = a rating is a whole number from 1 to 5
staff-error-already-rated = the ticket was already rated
staff-state-open = open
staff-state-assigned = assigned
staff-state-in-progress = in progress
staff-state-waiting-on-user = waiting on the user
staff-state-waiting-on-vendor = waiting on the vendor
staff-state-resolved = resolved, waiting for the user's confirmation
staff-state-closed = closed
staff-invalid-no-name = { $what } is empty: give a name, e.g. --as Marta
staff-invalid-empty = { $what } is empty
staff-invalid-too-long = { $what } is longer than { $max } characters
staff-invalid-multiline = { $what } must fit on one line
staff-invalid-tag = the tag must be 1 to { $max } letters, digits, `-` or `_`
field-agent-name = the agent's name
field-operator-name = the operator's name
field-assignee-name = the assignee's name
field-reply = the reply
field-note = the note
field-reason = the reason
field-vendor = the vendor
field-reference = the reference
field-vendor-update = the vendor's update
field-remote-tool = the remote tool
field-session-code = the session code
field-outcome = the outcome
field-summary = the summary
field-snippet-name = the snippet name
field-article-id = the article id
field-incident-id = the incident id
field-caption = the caption
staff-file-too-large = { $file } is too large for the user's platform: files up to { $max } MB reach them; send a link instead

## What the user did, told to staff
staff-close-reason-new-question = user started a new question
staff-close-reason-confirmed = confirmed fixed by the user
staff-close-reason-asked = closed by the user
staff-closed-by-user = Closed by the user: { $reason }
staff-reopened-by-user = ⚠ Reopened: the user says it is not fixed: { $reason }
staff-rated-by-user = Rated { $score }/5 by the user
staff-rating-comment = Rating comment: { $comment }
staff-note-not-delivered = not delivered to the user ({ $error }): { $text }
staff-note-not-relayed = the user's message did not reach staff ({ $error }): { $text }

## The stats report (/stats and escala stats)
stats-summary-title = Support, { $window }
stats-page-title = escala support stats, { $window }
stats-volume = Volume
stats-volume-value = { $conversations } conversations, { $tickets } tickets
stats-deflection = Deflection
stats-first-response = First response
stats-business-time = business time
stats-resolution-time = Resolution time
stats-resolution-rate = Resolution rate
stats-reopen-rate = Reopen rate
stats-escalated-from = Escalated from
stats-sla-first-response = SLA first resp.
stats-sla-resolution = SLA resolution
stats-csat = CSAT
stats-ratio = { $percent } ({ $count } of { $total } { $of })
stats-ratio-none = – (no { $of })
stats-of-conversations = conversations
stats-of-tickets = tickets
stats-of-resolved-tickets = resolved tickets
stats-of-finished-clocks = finished clocks
stats-of-clocks = clocks
stats-durations = { $n ->
    [one] mean { $mean }, median { $median }, p90 { $p90 } ({ $n } ticket)
   *[other] mean { $mean }, median { $median }, p90 { $p90 } ({ $n } tickets)
}
stats-durations-none = – (no tickets)
stats-csat-value = { $n ->
    [one] { $average } from { $n } rating ({ $spread })
   *[other] { $average } from { $n } ratings ({ $spread })
}
stats-csat-none = – (no ratings)
stats-rating-ticket = ticket { $ticket }
stats-low-ratings = Low ratings ({ $n } at { $score }★ or less)
stats-low-ratings-more = … and { $n } more: escala stats
stats-sla-heading = SLA compliance per level (finished clocks kept)
stats-first-response-short = first response
stats-resolution-short = resolution
stats-sla-running = { $running } running, { $handed } handed over to another level unbreached
stats-none = none
stats-feedback-heading = Feedback (lowest first)
stats-by-agent = by agent
stats-by-level = by level
stats-gaps-heading = Top gaps (questions the KB did not settle)
stats-col-article = KB article
stats-col-shown = shown
stats-col-solved = solved
stats-col-not-solved = not solved
stats-col-ticket = ticket
stats-col-no-verdict = no verdict
stats-col-success = success
stats-col-agent = Agent
stats-col-open = open
stats-col-replies = replies
stats-col-resolved = resolved
stats-col-first-response-median = first response (median)
stats-col-vendor = Vendors (level 4)
stats-col-tickets = tickets
stats-col-waiting = waiting
stats-col-wait = wait median / mean
stats-col-contract-kept = contracted response · resolution kept
stats-col-day = Day
stats-col-conversations = conversations
stats-col-ratings = ratings

## A user's data export (/mydata, escala users export)
export-title = Data stored about { $name } ({ $user })
export-exported = Exported { $at }.
export-contact = Contact
export-platform = Platform
export-platform-id = Platform id
export-chat = Chat
export-name = Name
export-language = Language
export-not-set = not set
export-blocked = Blocked
export-yes = yes
export-no = no
export-conversations = Conversations with the bot ({ $n })
export-conversation-ended-as = Started { $start }, ended { $end } ({ $outcome })
export-conversation-ended = Started { $start }, ended { $end }
export-conversation-open = Started { $start }, open
export-outcome-deflected = solved by an answer
export-outcome-ticket = became a ticket
export-outcome-abandoned = no ticket opened
export-no-messages = (no messages)
export-author-user = user
export-author-bot = bot
export-author-agent = agent
export-author-note = note
export-tickets = Tickets ({ $n })
export-ticket = Ticket { $ticket }: { $subject } ({ $state }, { $level })
export-ticket-rated = Ticket { $ticket }: { $subject } ({ $state }, { $level }, rated { $score }/5)
export-history = History:
export-messages = Messages:
export-questions = Questions asked ({ $n })
export-subscriptions = Incident subscriptions ({ $n })
