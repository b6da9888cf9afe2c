//! Level 4 as the seeds run it: a problem goes to an external vendor only
//! after consulting the customer, and is then monitored. Staff ask
//! (`/escalate L4 VENDOR REFERENCE reason`), the user agrees or refuses
//! with buttons, and while the ticket waits on the vendor staff record what
//! the vendor said (`/vendor update|tell TEXT`); the clocks and reminders
//! of the wait are in `sla`.

use crate::domain::text::markdown_literal;
use crate::domain::{Level, ThreadOp, Ticket, TicketEvent, TicketId};
use crate::store::{Author, Contact};

use super::dialogue::choice;
use super::i18n::{duration_words, t};
use super::turn::Turn;
use super::{handoff, Agent, Engine, EngineError};

/// The buttons under the consent question; each names its ticket.
fn consent_buttons(lang: crate::domain::Lang, ticket: TicketId) -> Vec<crate::domain::Choice> {
    choice::consent_buttons(choice::VENDOR_CONSENT_PREFIX, lang, ticket, "button-vendor-allow", "button-vendor-refuse")
}

/// `vendor:12:yes` → ticket 12, consent given.
pub(super) fn parse_consent(data: &str) -> Option<(TicketId, bool)> {
    choice::parse_consent(choice::VENDOR_CONSENT_PREFIX, data)
}

impl Engine {
    /// The vendor as configured, or why it cannot take tickets. With no
    /// `[vendors]` configured any name goes (and no contract is watched).
    fn vendor_name(&self, vendor: &str) -> Result<String, EngineError> {
        if self.sla.vendors.is_empty() {
            return Ok(vendor.to_string());
        }
        match self.sla.vendor(vendor) {
            Some(terms) => Ok(terms.name.clone()),
            None => {
                let known = self.sla.vendors.values().map(|v| v.name.as_str()).collect::<Vec<_>>().join(", ");
                let lang = self.settings.staff_lang;
                let shown: String = vendor.chars().take(40).collect();
                Err(EngineError::Invalid(t(lang, "staff-unknown-vendor", &[("vendor", shown), ("known", known)])))
            }
        }
    }

    /// `/escalate L4 VENDOR REFERENCE reason`: the ticket waits on the
    /// user's consent before anything goes to the vendor.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn ask_vendor_consent(
        &self,
        turn: &mut Turn,
        agent: &Agent,
        contact: &Contact,
        ticket: &Ticket,
        vendor: &str,
        reference: String,
        reason: String,
    ) -> Result<(), EngineError> {
        let vendor = self.vendor_name(vendor)?;
        let event = TicketEvent::VendorConsentAsked { vendor: vendor.clone(), reference: reference.clone(), reason };
        let asked = ticket.apply(&event, turn.now)?;
        turn.save_ticket(ticket, &asked, &event, &agent.id).await?;
        let number = ticket.id.to_string();
        let lang = ticket.lang;
        turn.ask(
            contact,
            lang,
            "ticket-vendor-consent",
            &[("ticket", number), ("vendor", markdown_literal(&vendor))],
            consent_buttons(lang, ticket.id),
        );
        let staff_lang = self.settings.staff_lang;
        let args = [("agent", agent.display_name.clone()), ("vendor", vendor), ("reference", reference)];
        turn.send_staff(&asked, t(staff_lang, "staff-vendor-consent-asked", &args), None);
        Ok(())
    }

    /// The user's answer to the consent question. Agreed: the ticket goes
    /// up to L4 with the agent's reason and waits on the vendor. Refused:
    /// it stays where it was, back in progress, and staff are told why.
    pub(super) async fn vendor_consent_answer(
        &self,
        turn: &mut Turn,
        contact: &Contact,
        id: TicketId,
        given: bool,
    ) -> Result<bool, EngineError> {
        let Some(ticket) = turn.users_active_ticket(contact, id).await? else { return Ok(false) };
        let Some(vendor) = ticket.vendor.clone().filter(|_| ticket.awaits_vendor_consent()) else {
            return Ok(false);
        };
        turn.about(id);
        let lang = ticket.lang;
        let staff_lang = self.settings.staff_lang;
        let number = id.to_string();
        let answer = TicketEvent::VendorConsent { vendor: vendor.clone(), given };
        let label = t(lang, if given { "button-vendor-allow" } else { "button-vendor-refuse" }, &[]);
        let answered = turn.record_users_answer(contact, &ticket, &answer, &label).await?;
        if !given {
            let args = [("vendor", vendor.clone()), ("level", answered.level.to_string())];
            turn.send_staff(&answered, t(staff_lang, "staff-vendor-consent-refused", &args), None);
            turn.say(
                contact,
                lang,
                "ticket-vendor-refused",
                &[("ticket", number), ("vendor", markdown_literal(&vendor))],
            );
            return Ok(true);
        }
        // The escalation is the asking agent's, made once the user agreed.
        let asked = turn.tx.last_event(id, &["vendor_consent_asked"]).await?;
        let asker = asked.as_ref().map(|row| row.actor.clone()).unwrap_or_else(|| "user".to_string());
        let (reference, reason) = match asked.map(|row| serde_json::from_value::<TicketEvent>(row.payload)) {
            Some(Ok(TicketEvent::VendorConsentAsked { reference, reason, .. })) => (reference, reason),
            _ => (answered.vendor_reference.clone().unwrap_or_default(), String::new()),
        };
        let from = answered.level;
        let up = TicketEvent::Escalated { to: Level::L4, reason: reason.clone() };
        let escalated = answered.apply(&up, turn.now)?;
        turn.save_ticket(&answered, &escalated, &up, &asker).await?;
        let heading = t(
            staff_lang,
            "staff-escalated-with-consent",
            &[("from", from.to_string()), ("vendor", vendor.clone()), ("reason", reason)],
        );
        let messages = turn.tx.ticket_messages(id).await?;
        let note = handoff::recap(&heading, &escalated, contact, &messages, staff_lang);
        let title = handoff::thread_title(&escalated, &contact.display_name);
        turn.send_staff(&escalated, note, Some(ThreadOp::Move { title }));
        let wait = TicketEvent::WaitingOnVendor { vendor: vendor.clone(), reference: reference.clone() };
        let waiting = escalated.apply(&wait, turn.now)?;
        turn.save_ticket(&escalated, &waiting, &wait, &asker).await?;
        let mut staff_text =
            t(staff_lang, "staff-waiting-vendor", &[("vendor", vendor.clone()), ("reference", reference)]);
        let mut text = t(lang, "ticket-vendor-agreed", &[("ticket", number), ("vendor", markdown_literal(&vendor))]);
        if let Some(terms) = self.sla.vendor(&vendor) {
            let contract = [
                ("contact", terms.contact.clone()),
                ("response", duration_words(staff_lang, terms.response_secs)),
                ("resolution", duration_words(staff_lang, terms.resolution_secs)),
            ];
            staff_text.push('\n');
            staff_text.push_str(&t(staff_lang, "staff-vendor-contract", &contract));
            if let Some(every) = terms.user_update_secs {
                text.push(' ');
                text.push_str(&t(lang, "ticket-vendor-updates-every", &[("every", duration_words(lang, every))]));
            }
        }
        turn.send_staff(&waiting, staff_text, None);
        turn.send_user(contact, text, crate::domain::TextFormat::Markdown, Vec::new());
        Ok(true)
    }

    /// `/vendor update TEXT` (staff only) or `/vendor tell TEXT` (the user
    /// reads it too): what the vendor said, which meets its response clock.
    pub(super) async fn vendor_update(
        &self,
        turn: &mut Turn,
        agent: &Agent,
        contact: &Contact,
        ticket: &Ticket,
        text: String,
        tell_user: bool,
    ) -> Result<(), EngineError> {
        let event = TicketEvent::VendorUpdated { text: text.clone(), told_user: tell_user };
        let updated = ticket.apply(&event, turn.now)?;
        turn.save_ticket(ticket, &updated, &event, &agent.id).await?;
        let vendor = ticket.vendor.clone().unwrap_or_default();
        let staff_lang = self.settings.staff_lang;
        let key = if tell_user { "staff-vendor-update-told" } else { "staff-vendor-update" };
        let args = [("agent", agent.display_name.clone()), ("vendor", vendor.clone()), ("text", text.clone())];
        turn.send_staff(&updated, t(staff_lang, key, &args), None);
        let logged = format!("[{vendor}] {text}");
        turn.log_to_ticket(ticket.id, Author::Agent, &agent.display_name, &logged).await?;
        if tell_user {
            let args = [
                ("ticket", ticket.id.to_string()),
                ("vendor", markdown_literal(&vendor)),
                ("news", markdown_literal(&text)),
            ];
            turn.say(contact, ticket.lang, "ticket-vendor-news", &args);
        }
        Ok(())
    }
}
