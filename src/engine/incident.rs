//! Incidents in the conversation: the notice a matching question gets
//! before its KB answer, subscriptions, the broadcast of every new revision
//! of an incident file to subscribers and staff, and linked tickets resolved
//! together with their incident.

use chrono::{DateTime, Utc};

use super::i18n::t;
use super::turn::Turn;
use super::{Agent, StaffAction};
use super::{Engine, EngineError};
use crate::domain::{Lang, Level, Ticket, TicketEvent, TicketId};
use crate::kb::{Incident, IncidentStatus};
use crate::store::Contact;

/// The localised name of a status, for users.
pub(crate) fn status_words(lang: Lang, status: IncidentStatus) -> String {
    t(lang, &format!("incident-status-{status}"), &[])
}

/// The arguments every incident message takes, in `lang`.
pub(crate) fn notice_args(incident: &Incident, lang: Lang) -> Vec<(&'static str, String)> {
    let notice = incident.notice(lang);
    vec![
        ("title", notice.title.clone()),
        ("status", status_words(lang, incident.status)),
        ("body", notice.body.clone()),
    ]
}

impl Engine {
    /// Announces every incident revision in the KB that no instance has
    /// announced yet: subscribers get the update in their language, staff
    /// get it in the alerts space, and a resolution resolves the linked
    /// tickets. Each revision is recorded in the transaction that enqueues
    /// its messages, so it goes out once across restarts and instances.
    pub async fn sync_incidents(&self, now: DateTime<Utc>) -> Result<usize, EngineError> {
        let kb = self.kb.load();
        let mut announced = 0;
        for incident in kb.incidents().iter() {
            let revision = incident.revision();
            if self.announced_incidents.lock().unwrap().get(&incident.id) == Some(&revision) {
                continue;
            }
            let mut turn = self.turn(self.store.begin().await?, now);
            if turn.tx.record_incident_revision(&incident.id, &revision, incident.status.as_str(), now).await? {
                self.announce(&mut turn, incident).await?;
                announced += 1;
            }
            turn.finish().await?;
            self.announced_incidents.lock().unwrap().insert(incident.id.clone(), revision);
        }
        Ok(announced)
    }

    async fn announce(&self, turn: &mut Turn, incident: &Incident) -> Result<(), EngineError> {
        let lang = self.settings.staff_lang;
        let staff_notice = incident.notice(lang);
        let (incident_id, status) = (incident.id.clone(), incident.status.to_string());
        let announced = [
            ("id", incident_id.clone()),
            ("status", status.clone()),
            ("title", staff_notice.title.clone()),
            ("body", staff_notice.body.clone()),
        ];
        turn.send_alert(t(lang, "staff-incident-announced", &announced));
        // Linked tickets first: their users hear about the resolution as
        // their ticket's resolution (with the confirm buttons), not twice.
        let mut told = Vec::new();
        for id in turn.tx.incident_tickets(&incident.id).await? {
            let Some(ticket) = turn.tx.ticket(id).await? else { continue };
            if incident.status.is_active() {
                let changed =
                    [("id", incident_id.clone()), ("status", status.clone()), ("body", staff_notice.body.clone())];
                turn.send_staff(&ticket, t(lang, "staff-incident-changed", &changed), None);
                continue;
            }
            let summary = incident.notice(ticket.lang).title.clone();
            let event = TicketEvent::Resolved { summary: summary.clone() };
            // Tickets already resolved or closed stay as they are.
            if ticket.apply(&event, turn.now).is_err() {
                continue;
            }
            let agent = Agent {
                id: format!("incident:{}", incident.id),
                display_name: t(lang, "staff-incident-agent", &[("id", incident_id.clone())]),
                levels: Level::STAFFED.to_vec(),
            };
            told.push(ticket.contact);
            self.apply_staff(turn, &agent, ticket, StaffAction::Resolve { summary }).await?;
        }
        let key = if incident.status.is_active() { "incident-update" } else { "incident-resolved" };
        for id in turn.tx.incident_subscribers(&incident.id).await? {
            if told.contains(&id) {
                continue;
            }
            let Some(contact) = turn.tx.contact(id).await? else { continue };
            let lang = contact.lang.unwrap_or(self.settings.fallback_lang);
            turn.say(&contact, lang, key, &notice_args(incident, lang));
        }
        Ok(())
    }

    /// Tells the user about an active incident their question matches,
    /// with a button to follow it, unless they already follow it.
    pub(crate) async fn incident_notice(
        &self,
        turn: &mut Turn,
        contact: &Contact,
        lang: Lang,
        id: &str,
    ) -> Result<(), EngineError> {
        let kb = self.kb.load();
        let Some(incident) = kb.incidents().get(id) else { return Ok(()) };
        if turn.tx.incident_subscribers(&incident.id).await?.contains(&contact.id) {
            return Ok(());
        }
        let data = format!("{}{}", super::dialogue::choice::SUBSCRIBE_PREFIX, incident.id);
        let subscribe = super::turn::button(lang, "button-incident-subscribe", data);
        turn.ask(contact, lang, "incident-notice", &notice_args(incident, lang), vec![subscribe]);
        Ok(())
    }

    /// The user pressed *Notify me* under an incident notice.
    pub(crate) async fn subscribe_incident(
        &self,
        turn: &mut Turn,
        contact: &Contact,
        lang: Lang,
        id: &str,
    ) -> Result<(), EngineError> {
        let kb = self.kb.load();
        match kb.incidents().get(id) {
            Some(incident) if incident.status.is_active() => {
                turn.tx.subscribe_incident(id, contact.id, turn.now).await?;
                turn.say(contact, lang, "incident-subscribed", &notice_args(incident, lang));
            }
            Some(incident) => turn.say(contact, lang, "incident-over", &notice_args(incident, lang)),
            None => turn.say(contact, lang, "stale-choice", &[]),
        }
        Ok(())
    }

    /// `/incident ID` in a ticket's staff space: the ticket is resolved
    /// together with the incident, and the user is told it is a known
    /// problem.
    pub(crate) async fn link_incident(
        &self,
        turn: &mut Turn,
        contact: &Contact,
        ticket: &Ticket,
        id: &str,
    ) -> Result<(), EngineError> {
        let kb = self.kb.load();
        let lang = self.settings.staff_lang;
        let Some(incident) = kb.incidents().get(id) else {
            let known: Vec<&str> =
                kb.incidents().iter().filter(|i| i.status.is_active()).map(|i| i.id.as_str()).collect();
            let known = if known.is_empty() { t(lang, "staff-incident-none-active", &[]) } else { known.join(", ") };
            let args = [("id", id.to_string()), ("active", known)];
            return Err(EngineError::Invalid(t(lang, "staff-incident-unknown", &args)));
        };
        if !incident.status.is_active() {
            return Err(EngineError::Invalid(t(lang, "staff-incident-already-resolved", &[("id", id.to_string())])));
        }
        if turn.tx.link_incident_ticket(id, ticket.id, turn.now).await? {
            turn.tx.subscribe_incident(id, contact.id, turn.now).await?;
            let mut args = notice_args(incident, ticket.lang);
            args.push(("ticket", ticket.id.to_string()));
            turn.say(contact, ticket.lang, "incident-linked", &args);
        }
        let linked = [
            ("id", id.to_string()),
            ("status", incident.status.to_string()),
            ("title", incident.notice(lang).title.clone()),
        ];
        turn.send_staff(ticket, t(lang, "staff-incident-linked", &linked), None);
        Ok(())
    }

    /// The tickets linked to an incident (for `escala incident list`).
    pub async fn incident_tickets(&self, id: &str) -> Result<Vec<TicketId>, EngineError> {
        let mut tx = self.store.begin().await?;
        let tickets = tx.incident_tickets(id).await?;
        tx.commit().await?;
        Ok(tickets)
    }
}
