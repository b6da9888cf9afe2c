# escala — user-facing text, English (the fallback language).
# Placeables: { $ticket } is a ticket number such as #12.

greeting = Hello { $name }! Ask me your question in a sentence and I will look for an answer. Type /help to see what I can do.
help = I answer support questions from our knowledge base and, if that does not solve it, I open a ticket with our team.
    Just write your question. Commands: /status (your ticket), /close (close your ticket), /new (a new question), /lang pt|es|ca|en (language), /mydata (a copy of what I keep about you), /forget (erase it).
empty-message = Your message was empty. Please write your question.
message-too-long = Your message is too long (more than { $max } characters). Please shorten it or split it into several messages.
unknown-command = I do not know the command { $command }. Type /help to see the commands.
lang-usage = Choose a language with /lang followed by pt, es, ca or en.
language-switched = Done: I will speak English from now on.
stale-choice = That button belongs to an earlier message. Please write your question again or use /help.

suggestions = I found some articles that may help. Pick one:
no-answer = I could not find an answer to that in our knowledge base. Do you want me to open a ticket so a person from our team can help you?
article-other-language = (This article is not available in your language yet; here it is in another language.)
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
ticket-status = Ticket { $ticket }: { $state }, level { $level }. Last update: { $updated }.
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
