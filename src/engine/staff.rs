//! The agent side: actions on a ticket from a staff space or the
//! `escala tickets` CLI, each checked against the agent's levels, applied
//! through the ticket state machine and told to the user in their language.

use crate::domain::text::markdown_literal;
use crate::domain::{Level, ThreadOp, Ticket, TicketEvent, TicketId};
use crate::store::{Author, RelayKind};

use super::dialogue::Dialogue;
use super::i18n::t;
use super::turn::Turn;
use super::user::{csat_buttons, fix_buttons};
use super::{handoff, Agent, Engine, EngineError, StaffAction};

impl Engine {
    pub(super) async fn apply_staff(
        &self,
        turn: &mut Turn,
        agent: &Agent,
        ticket: Ticket,
        action: StaffAction,
    ) -> Result<(), EngineError> {
        let name = agent.display_name.clone();
        let staff_lang = self.settings.staff_lang;
        // What staff read about this action, in their language.
        let said = |key: &str, args: &[(&str, String)]| t(staff_lang, key, args);
        turn.about(ticket.id);
        let mut contact = turn.tx.contact(ticket.contact).await?.ok_or(EngineError::TicketNotFound(ticket.id))?;
        let lang = ticket.lang;
        let number = ticket.id.to_string();
        let change = |turn: &mut Turn, event: TicketEvent| -> Result<(Ticket, TicketEvent), EngineError> {
            let next = ticket.apply(&event, turn.now)?;
            Ok((next, event))
        };
        let (next, event) = match action {
            StaffAction::Claim => {
                if let Some(other) = ticket.assignee.as_ref().filter(|a| **a != name) {
                    return Err(EngineError::AssignedToOther { ticket: ticket.id, assignee: other.clone() });
                }
                let result = change(turn, TicketEvent::Claimed { agent: name.clone() })?;
                turn.say(
                    &contact,
                    lang,
                    "ticket-claimed",
                    &[("ticket", number.clone()), ("agent", markdown_literal(&self.signature(&name, lang)))],
                );
                turn.send_staff(&result.0, said("staff-claimed", &[("agent", name.clone())]), None);
                result
            }
            StaffAction::Assign { agent: to } => {
                let result = change(turn, TicketEvent::Claimed { agent: to.clone() })?;
                turn.say(
                    &contact,
                    lang,
                    "ticket-claimed",
                    &[("ticket", number.clone()), ("agent", markdown_literal(&self.signature(&to, lang)))],
                );
                let text = said("staff-assigned", &[("agent", name.clone()), ("assignee", to)]);
                turn.send_staff(&result.0, text, None);
                result
            }
            StaffAction::Unclaim => {
                let result = change(turn, TicketEvent::Unclaimed)?;
                turn.send_staff(&result.0, said("staff-released", &[("agent", name.clone())]), None);
                result
            }
            StaffAction::Reply { text } => {
                let result = change(turn, TicketEvent::AgentReplied { agent: name.clone() })?;
                let signed = format!("{}: {}", self.signature(&name, lang), text);
                turn.relay_to_user(&contact, signed, crate::domain::TextFormat::Plain);
                turn.record_relay(ticket.id, RelayKind::Reply).await?;
                log(turn, ticket.id, Author::Agent, &name, &text).await?;
                result
            }
            StaffAction::AnonymousReply { text } => {
                let result = change(turn, TicketEvent::AgentReplied { agent: name.clone() })?;
                let signed = format!("{}: {}", super::i18n::t(lang, "support-team", &[]), text);
                turn.relay_to_user(&contact, signed, crate::domain::TextFormat::Plain);
                turn.record_relay(ticket.id, RelayKind::AnonymousReply).await?;
                log(turn, ticket.id, Author::Agent, &name, &format!("(anonymous) {text}")).await?;
                turn.send_staff(&result.0, said("staff-replied-anonymously", &[("agent", name.clone())]), None);
                result
            }
            StaffAction::Note { text } => {
                let result = change(turn, TicketEvent::NoteAdded { agent: name.clone() })?;
                turn.record_relay(ticket.id, RelayKind::Note).await?;
                log(turn, ticket.id, Author::Note, &name, &text).await?;
                turn.send_staff(&result.0, said("staff-note", &[("agent", name.clone()), ("text", text)]), None);
                result
            }
            StaffAction::Priority(priority) => {
                let result = change(turn, TicketEvent::PriorityChanged { priority })?;
                let text = said("staff-priority-set", &[("agent", name.clone()), ("priority", priority.to_string())]);
                turn.send_staff(&result.0, text, None);
                result
            }
            StaffAction::Escalate { to, reason, vendor } => {
                let to = match to.or_else(|| ticket.level.next()) {
                    Some(level) => level,
                    None => return Err(EngineError::Invalid(said("staff-already-top-level", &[]))),
                };
                if to == Level::L4 && vendor.is_none() {
                    return Err(EngineError::Invalid(said("staff-l4-needs-vendor", &[])));
                }
                if let Some((vendor, reference)) = vendor.filter(|_| to == Level::L4) {
                    return self.ask_vendor_consent(turn, agent, &contact, &ticket, &vendor, reference, reason).await;
                }
                let (escalated, event) = change(turn, TicketEvent::Escalated { to, reason: reason.clone() })?;
                let title = handoff::thread_title(&escalated, &contact.display_name);
                let heading = said(
                    "staff-escalated",
                    &[
                        ("from", ticket.level.to_string()),
                        ("to", to.to_string()),
                        ("agent", name.clone()),
                        ("reason", reason),
                    ],
                );
                let messages = turn.tx.ticket_messages(ticket.id).await?;
                // The new level may work in another group or forum: its
                // space starts with the whole context, not just the note.
                let note = handoff::recap(&heading, &escalated, &contact, &messages, staff_lang);
                turn.send_staff(&escalated, note, Some(ThreadOp::Move { title }));
                // Level 2 calls back: the user may ask for it from here.
                let offer =
                    if to == Level::L2 { vec![super::callback::request_button(lang, ticket.id)] } else { vec![] };
                turn.ask(&contact, lang, "ticket-escalated", &[("ticket", number.clone())], offer);
                (escalated, event)
            }
            StaffAction::Deescalate => {
                let to = ticket
                    .level
                    .previous()
                    .ok_or(crate::domain::TransitionError::NotLower { current: ticket.level })?;
                let result = change(turn, TicketEvent::Deescalated { to })?;
                let title = handoff::thread_title(&result.0, &contact.display_name);
                let messages = turn.tx.ticket_messages(ticket.id).await?;
                let heading = said("staff-deescalated", &[("to", to.to_string()), ("agent", name.clone())]);
                let note = handoff::recap(&heading, &result.0, &contact, &messages, staff_lang);
                turn.send_staff(&result.0, note, Some(ThreadOp::Move { title }));
                result
            }
            StaffAction::WaitingOnUser => {
                let result = change(turn, TicketEvent::WaitingOnUser)?;
                turn.say(&contact, lang, "ticket-waiting-user", &[("ticket", number)]);
                turn.send_staff(&result.0, said("staff-waiting-user", &[("agent", name.clone())]), None);
                result
            }
            StaffAction::WaitingOnVendor { vendor, reference } => {
                let result = change(
                    turn,
                    TicketEvent::WaitingOnVendor { vendor: vendor.clone(), reference: reference.clone() },
                )?;
                turn.say(&contact, lang, "ticket-waiting-vendor", &[("ticket", number)]);
                let text = said("staff-waiting-vendor", &[("vendor", vendor), ("reference", reference)]);
                turn.send_staff(&result.0, text, None);
                result
            }
            StaffAction::VendorUpdate { text, tell_user } => {
                return self.vendor_update(turn, agent, &contact, &ticket, text, tell_user).await;
            }
            StaffAction::RemoteOffer { tool, code } => {
                return self.offer_remote(turn, agent, &contact, &ticket, &tool, code).await;
            }
            StaffAction::Tag { tag, add } => {
                let changed = if add {
                    turn.tx.add_tag(ticket.id, &tag).await?
                } else {
                    turn.tx.remove_tag(ticket.id, &tag).await?
                };
                let key = match (add, changed) {
                    (true, true) => "staff-tag-added",
                    (false, true) => "staff-tag-removed",
                    (true, false) => "staff-tag-already",
                    (false, false) => "staff-tag-absent",
                };
                let tags = turn.tx.tags(ticket.id).await?;
                let shown = if tags.is_empty() { "–".to_string() } else { tags.join(", ") };
                let text = said(key, &[("agent", name.clone()), ("tag", tag.clone()), ("tags", shown)]);
                if !changed {
                    turn.send_staff(&ticket, text, None);
                    return Ok(());
                }
                let event = if add { TicketEvent::TagAdded { tag } } else { TicketEvent::TagRemoved { tag } };
                let result = change(turn, event)?;
                turn.send_staff(&result.0, text, None);
                result
            }
            StaffAction::Callback(action) => {
                self.staff_callback(turn, agent, &mut contact, &ticket, action).await?;
                turn.tx.update_contact(&contact, turn.now).await?;
                return Ok(());
            }
            StaffAction::RemoteEnd { summary } => {
                return self.end_remote(turn, agent, &contact, &ticket, summary).await;
            }
            StaffAction::Resume => {
                let result = change(turn, TicketEvent::Resumed)?;
                turn.send_staff(&result.0, said("staff-resumed", &[("agent", name.clone())]), None);
                result
            }
            StaffAction::Resolve { summary } => {
                let result = change(turn, TicketEvent::Resolved { summary: summary.clone() })?;
                turn.ask(
                    &contact,
                    lang,
                    "ticket-resolved",
                    &[("ticket", number), ("summary", markdown_literal(&summary))],
                    fix_buttons(lang),
                );
                let text = said("staff-resolved", &[("agent", name.clone()), ("summary", summary)]);
                turn.send_staff(&result.0, text, None);
                contact.dialogue = Dialogue::ConfirmFix { ticket: ticket.id }.to_stored();
                result
            }
            StaffAction::Close { reason } => {
                let result = change(turn, TicketEvent::Closed { reason: reason.clone() })?;
                turn.ask(
                    &contact,
                    lang,
                    "ticket-closed-by-staff",
                    &[("ticket", number)],
                    csat_buttons(lang, ticket.id),
                );
                let text = said("staff-closed", &[("agent", name.clone()), ("reason", reason)]);
                turn.send_staff(&result.0, text, Some(ThreadOp::Close));
                contact.dialogue = Dialogue::Rating { ticket: ticket.id }.to_stored();
                result
            }
            StaffAction::Snippet { name: snippet } => {
                let found = crate::kb::snippets::find_snippet(&self.settings.snippets_dir, &snippet, lang)
                    .map_err(|e| EngineError::Invalid(e.to_string()))?;
                let result = change(turn, TicketEvent::AgentReplied { agent: name.clone() })?;
                let signed = format!("{}:\n\n{}", markdown_literal(&self.signature(&name, lang)), found.body);
                turn.relay_to_user(&contact, signed, crate::domain::TextFormat::Markdown);
                log(turn, ticket.id, Author::Agent, &name, &format!("[snippet {snippet}] {}", found.body)).await?;
                result
            }
            StaffAction::SendArticle { id: Some(id) } => {
                let kb = self.kb.load();
                let article = kb
                    .article(&id, lang)
                    .ok_or_else(|| EngineError::Invalid(said("staff-no-article", &[("id", id.clone())])))?;
                let body = kb.body(article).map_err(|error| {
                    tracing::warn!(article = %article.id, %error, "article body unavailable");
                    EngineError::Invalid(said("staff-no-article", &[("id", id.clone())]))
                })?;
                let text =
                    format!("{}:\n\n**{}**\n\n{}", markdown_literal(&self.signature(&name, lang)), article.title, body);
                let marker = handoff::article_marker(&article.id, &article.title);
                let result = change(turn, TicketEvent::AgentReplied { agent: name.clone() })?;
                turn.relay_to_user(&contact, text, crate::domain::TextFormat::Markdown);
                log(turn, ticket.id, Author::Agent, &name, &marker).await?;
                result
            }
            StaffAction::File { file, caption, internal } => {
                let signature = self.signature(&name, lang);
                let reply = super::staff_files::FileReply { file, caption, internal, signature };
                super::staff_files::file(&self.settings, turn, &name, &ticket, &contact, reply).await?
            }
            StaffAction::SendArticle { id: None } => {
                let kb = self.kb.load();
                let hits = kb.search(&ticket.subject, Some(lang), 3);
                let mut text = said("staff-suggested-articles", &[]);
                if hits.is_empty() {
                    text.push_str(&format!("\n- {}", said("staff-suggested-none", &[])));
                }
                for hit in hits {
                    text.push_str(&format!("\n- {} — {} ({:.2})", hit.article_id, hit.title, hit.confidence));
                }
                turn.send_staff(&ticket, text, None);
                return Ok(());
            }
            StaffAction::LinkIncident { id } => {
                self.link_incident(turn, &contact, &ticket, &id).await?;
                return Ok(());
            }
            StaffAction::Reopen { reason } => {
                let result = change(turn, TicketEvent::Reopened { reason: reason.clone() })?;
                turn.say(&contact, lang, "ticket-reopened", &[("ticket", number)]);
                let text = said("staff-reopened", &[("agent", name.clone()), ("reason", reason)]);
                turn.send_staff(&result.0, text, Some(ThreadOp::Reopen));
                result
            }
        };
        turn.save_ticket(&ticket, &next, &event, &agent.id).await?;
        if matches!(event, TicketEvent::Escalated { .. } | TicketEvent::Deescalated { .. }) {
            // A new level: its own agents, if it assigns automatically.
            self.auto_assign(turn, &contact, &next, None).await?;
        }
        turn.tx.update_contact(&contact, turn.now).await?;
        Ok(())
    }

    pub(super) fn signature(&self, agent: &str, lang: crate::domain::Lang) -> String {
        if self.settings.sign_replies {
            agent.to_string()
        } else {
            super::i18n::t(lang, "support-team", &[])
        }
    }
}

pub(super) async fn log(
    turn: &mut Turn,
    ticket: TicketId,
    author: Author,
    name: &str,
    body: &str,
) -> Result<(), EngineError> {
    Ok(turn.log_to_ticket(ticket, author, name, body).await?)
}
