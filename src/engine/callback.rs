//! Level 2's callbacks on the engine's side: a requested callback becomes a
//! row with the number (shown whole only in the staff space), a ticket
//! event with the number masked, and a clock from the window's start to
//! its end; staff mark it done, missed (the user picks a new time) or
//! rescheduled, and the user can cancel it, which removes the number.

use chrono::{DateTime, Utc};

use crate::domain::callback::{mask_phone, part_window, Callback, CallbackState, CallbackWindow, DayPart};
use crate::domain::sla::{callback_clock, settle_callback_clock, ClockKind};
use crate::domain::text::markdown_literal;
use crate::domain::{Choice, Lang, Ticket, TicketEvent, TicketId};
use crate::store::{Author, Contact};

use super::dialogue::{choice, Dialogue};
use super::i18n::t;
use super::turn::{button, Turn};
use super::{Agent, Engine, EngineError};

/// What staff do about a ticket's callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallbackAction {
    /// Offer the user a callback (a button that starts the request).
    Offer,
    Done {
        outcome: Option<String>,
    },
    /// Nobody answered: the user is asked for a new time.
    Missed,
    /// The team cannot call in the window: the user is asked for a new time.
    Reschedule,
}

/// The parts of today and tomorrow still ahead, as (button data, label key).
const PARTS: [(&str, bool, DayPart, &str); 4] = [
    ("cbw:today-morning", false, DayPart::Morning, "button-callback-today-morning"),
    ("cbw:today-afternoon", false, DayPart::Afternoon, "button-callback-today-afternoon"),
    ("cbw:tomorrow-morning", true, DayPart::Morning, "button-callback-tomorrow-morning"),
    ("cbw:tomorrow-afternoon", true, DayPart::Afternoon, "button-callback-tomorrow-afternoon"),
];

/// The window a window button stands for, if it is still ahead.
pub(super) fn pressed_window(data: &str, zone: chrono_tz::Tz, now: DateTime<Utc>) -> Option<CallbackWindow> {
    let (_, tomorrow, part, _) = PARTS.iter().find(|(key, ..)| *key == data)?;
    part_window(zone, now, *tomorrow, *part)
}

/// A button per part of the day still ahead.
pub(super) fn window_buttons(lang: Lang, zone: chrono_tz::Tz, now: DateTime<Utc>) -> Vec<Choice> {
    PARTS
        .iter()
        .filter(|(_, tomorrow, part, _)| part_window(zone, now, *tomorrow, *part).is_some())
        .map(|(data, _, _, key)| button(lang, key, *data))
        .collect()
}

/// The button that starts a callback request on `ticket`.
pub(super) fn request_button(lang: Lang, ticket: TicketId) -> Choice {
    button(lang, "button-callback-request", format!("{}{}", choice::CALLBACK_PREFIX, ticket.0))
}

impl Engine {
    /// The window in the team's zone, as users and staff read it.
    pub(super) fn window_text(&self, window: &CallbackWindow) -> String {
        format!("{} ({})", window.local(self.settings.time_zone), self.settings.time_zone.name())
    }

    /// The user asks for the window in `lang`, with a button per part of
    /// the day still ahead.
    pub(super) fn ask_window(&self, turn: &mut Turn, contact: &Contact, lang: Lang, key: &str) {
        let zone = self.settings.time_zone;
        let buttons = window_buttons(lang, zone, turn.now);
        turn.ask(contact, lang, key, &[("zone", zone.name().to_string())], buttons);
    }

    /// Settles the ticket's running callback clock (met if the team called).
    async fn settle_clock(&self, turn: &mut Turn, ticket: TicketId, called: bool) -> Result<(), EngineError> {
        for mut clock in turn.tx.sla_clocks(ticket).await? {
            if clock.kind == ClockKind::Callback && clock.is_current() {
                settle_callback_clock(&mut clock, called, turn.now);
                turn.tx.save_sla_clock(&clock).await?;
            }
        }
        Ok(())
    }

    async fn record(
        &self,
        turn: &mut Turn,
        ticket: &Ticket,
        event: TicketEvent,
        actor: &str,
    ) -> Result<Ticket, EngineError> {
        let next = ticket.apply(&event, turn.now)?;
        turn.save_ticket(ticket, &next, &event, actor).await?;
        Ok(next)
    }

    /// The user's request, complete: any earlier pending callback of the
    /// ticket gives way to this one.
    pub(super) async fn request_callback(
        &self,
        turn: &mut Turn,
        contact: &Contact,
        id: TicketId,
        phone: String,
        window: CallbackWindow,
        note: Option<String>,
    ) -> Result<bool, EngineError> {
        let Some(ticket) = turn.users_active_ticket(contact, id).await? else { return Ok(false) };
        turn.about(id);
        if let Some(mut previous) = turn.tx.last_callback(id).await?.filter(|c| c.state == CallbackState::Requested) {
            previous.state = CallbackState::Rescheduled;
            previous.updated_at = turn.now;
            turn.tx.save_callback(&previous).await?;
            self.settle_clock(turn, id, false).await?;
        }
        let callback = Callback {
            id: None,
            ticket: id,
            phone: Some(phone.clone()),
            window,
            note: note.clone(),
            state: CallbackState::Requested,
            outcome: None,
            created_at: turn.now,
            updated_at: turn.now,
        };
        turn.tx.save_callback(&callback).await?;
        let masked = mask_phone(&phone);
        let event = TicketEvent::CallbackRequested { phone: masked.clone(), window, note: note.clone() };
        let requested = self.record(turn, &ticket, event, "user").await?;
        turn.tx.save_sla_clock(&callback_clock(&self.sla, &requested, &window)).await?;
        let staff_lang = self.settings.staff_lang;
        let args = [
            ("user", contact.display_name.clone()),
            ("phone", phone),
            ("window", self.window_text(&window)),
            ("note", note.unwrap_or_else(|| "–".to_string())),
        ];
        turn.send_staff(&requested, t(staff_lang, "staff-callback-requested", &args), None);
        let args = [
            ("ticket", id.to_string()),
            ("phone", markdown_literal(&masked)),
            ("window", markdown_literal(&self.window_text(&window))),
        ];
        turn.say(contact, ticket.lang, "callback-confirmed", &args);
        Ok(true)
    }

    /// `/callback cancel`: the pending callback is withdrawn and every
    /// number given on the ticket removed.
    pub(super) async fn cancel_callback(
        &self,
        turn: &mut Turn,
        contact: &Contact,
        ticket: &Ticket,
    ) -> Result<bool, EngineError> {
        let Some(mut last) = turn.tx.last_callback(ticket.id).await? else { return Ok(false) };
        let pending = last.state == CallbackState::Requested;
        if pending {
            last.state = CallbackState::Cancelled;
        }
        last.phone = None;
        last.note = None;
        last.updated_at = turn.now;
        turn.tx.save_callback(&last).await?;
        turn.tx.erase_callback_phones(ticket.id).await?;
        if pending {
            self.settle_clock(turn, ticket.id, false).await?;
        }
        let cancelled = self.record(turn, ticket, TicketEvent::CallbackCancelled, "user").await?;
        turn.log_to_ticket(ticket.id, Author::User, &contact.display_name, "/callback cancel").await?;
        let staff_lang = self.settings.staff_lang;
        turn.send_staff(
            &cancelled,
            t(staff_lang, "staff-callback-cancelled", &[("user", contact.display_name.clone())]),
            None,
        );
        Ok(true)
    }

    /// A staff action on the ticket's callback; the user's dialogue may
    /// move on (a missed call asks for a new time).
    pub(super) async fn staff_callback(
        &self,
        turn: &mut Turn,
        agent: &Agent,
        contact: &mut Contact,
        ticket: &Ticket,
        action: CallbackAction,
    ) -> Result<(), EngineError> {
        let staff_lang = self.settings.staff_lang;
        let lang = ticket.lang;
        let name = agent.display_name.clone();
        if action == CallbackAction::Offer {
            let signed = self.signature(&name, lang);
            let text = t(lang, "callback-offered", &[("agent", markdown_literal(&signed))]);
            turn.send_user(contact, text, crate::domain::TextFormat::Markdown, vec![request_button(lang, ticket.id)]);
            turn.send_staff(ticket, t(staff_lang, "staff-callback-offered", &[("agent", name)]), None);
            return Ok(());
        }
        let Some(mut callback) =
            turn.tx.last_callback(ticket.id).await?.filter(|c| c.state == CallbackState::Requested)
        else {
            return Err(EngineError::Invalid(t(staff_lang, "staff-callback-none", &[])));
        };
        callback.updated_at = turn.now;
        let (state, event, called) = match &action {
            CallbackAction::Done { outcome } => {
                callback.outcome = outcome.clone();
                (CallbackState::Done, TicketEvent::CallbackDone { outcome: outcome.clone() }, true)
            }
            CallbackAction::Missed => (CallbackState::Missed, TicketEvent::CallbackMissed, true),
            CallbackAction::Reschedule => (CallbackState::Rescheduled, TicketEvent::CallbackRescheduled, false),
            CallbackAction::Offer => unreachable!("handled above"),
        };
        callback.state = state;
        turn.tx.save_callback(&callback).await?;
        self.settle_clock(turn, ticket.id, called).await?;
        let next = self.record(turn, ticket, event, &agent.id).await?;
        let window = self.window_text(&callback.window);
        match action {
            CallbackAction::Done { outcome } => {
                let args = [("agent", name), ("outcome", outcome.unwrap_or_else(|| "–".to_string()))];
                turn.send_staff(&next, t(staff_lang, "staff-callback-done", &args), None);
            }
            CallbackAction::Missed | CallbackAction::Reschedule => {
                let missed = action == CallbackAction::Missed;
                let key = if missed { "staff-callback-missed" } else { "staff-callback-rescheduled" };
                turn.send_staff(&next, t(staff_lang, key, &[("agent", name), ("window", window)]), None);
                let Some(phone) = callback.phone.clone() else {
                    // The user removed the number meanwhile: a new request starts over.
                    return Ok(());
                };
                let key = if missed { "callback-missed" } else { "callback-reschedule" };
                self.ask_window(turn, contact, lang, key);
                contact.dialogue =
                    Dialogue::CallbackWindow { ticket: ticket.id, phone, note: callback.note.clone(), ask_note: false }
                        .to_stored();
            }
            CallbackAction::Offer => {}
        }
        Ok(())
    }
}
