//! A user asking to be called back: `/callback` (or the button offered at
//! L2), then the number, the window and an optional note, each step kept in
//! the dialogue so a restart resumes it; `/callback cancel` withdraws the
//! request and removes the number.

use super::User;
use crate::domain::callback::{normalize_phone, typed_window, CallbackWindow, PhoneError};
use crate::domain::TicketId;
use crate::engine::callback::pressed_window;
use crate::engine::dialogue::{choice, Dialogue};
use crate::engine::turn::button;
use crate::engine::EngineError;

impl User<'_> {
    pub(super) async fn callback_command(&mut self, args: &str) -> Result<(), EngineError> {
        let Some(open) = self.turn.tx.open_ticket_for(self.contact.id).await? else {
            self.say("callback-needs-ticket", &[]);
            return Ok(());
        };
        self.ticket = Some(open.id);
        self.turn.about(open.id);
        match args.trim().to_lowercase().as_str() {
            "cancel" | "cancelar" | "cancel·lar" | "cancellar" => {
                if self.in_callback_dialogue() {
                    self.dialogue = Dialogue::Idle;
                }
                let key = if self.engine.cancel_callback(self.turn, self.contact, &open).await? {
                    "callback-cancelled"
                } else {
                    "callback-nothing-to-cancel"
                };
                self.say(key, &[]);
                Ok(())
            }
            _ => self.start_callback(open.id),
        }
    }

    fn in_callback_dialogue(&self) -> bool {
        matches!(
            self.dialogue,
            Dialogue::CallbackPhone { .. } | Dialogue::CallbackWindow { .. } | Dialogue::CallbackNote { .. }
        )
    }

    pub(super) fn start_callback(&mut self, ticket: TicketId) -> Result<(), EngineError> {
        self.say("callback-ask-phone", &[]);
        self.dialogue = Dialogue::CallbackPhone { ticket };
        Ok(())
    }

    /// The button under an offer (or the L2 notice) names its ticket.
    pub(super) async fn callback_button(&mut self, data: &str) -> Result<bool, EngineError> {
        let Some(id) = data.strip_prefix(choice::CALLBACK_PREFIX).and_then(|id| id.parse().ok()).map(TicketId) else {
            return Ok(false);
        };
        match self.turn.tx.open_ticket_for(self.contact.id).await? {
            Some(open) if open.id == id => {
                self.start_callback(id)?;
            }
            _ => self.stale_choice(),
        }
        Ok(true)
    }

    pub(super) async fn callback_phone(&mut self, ticket: TicketId, text: &str) -> Result<(), EngineError> {
        match normalize_phone(text, self.region.as_deref()) {
            Ok(phone) => {
                self.engine.ask_window(self.turn, self.contact, self.lang, "callback-ask-window");
                self.dialogue = Dialogue::CallbackWindow { ticket, phone, note: None, ask_note: true };
            }
            Err(PhoneError::NotANumber) => self.say("callback-not-a-number", &[]),
            Err(PhoneError::Invalid) => self.say("callback-invalid-number", &[]),
        }
        Ok(())
    }

    pub(super) async fn callback_typed_window(
        &mut self,
        ticket: TicketId,
        phone: String,
        note: Option<String>,
        ask_note: bool,
        text: &str,
    ) -> Result<(), EngineError> {
        match typed_window(text, self.engine.settings.time_zone, self.turn.now) {
            Some(window) => self.callback_window(ticket, phone, note, ask_note, window).await,
            None => {
                self.engine.ask_window(self.turn, self.contact, self.lang, "callback-window-not-understood");
                Ok(())
            }
        }
    }

    pub(super) async fn callback_pressed_window(&mut self, data: &str) -> Result<bool, EngineError> {
        let Dialogue::CallbackWindow { ticket, phone, note, ask_note } = self.dialogue.clone() else {
            return Ok(false);
        };
        if !data.starts_with("cbw:") {
            return Ok(false);
        }
        match pressed_window(data, self.engine.settings.time_zone, self.turn.now) {
            Some(window) => self.callback_window(ticket, phone, note, ask_note, window).await?,
            // The part of the day ended since the buttons were sent.
            None => self.engine.ask_window(self.turn, self.contact, self.lang, "callback-window-over"),
        }
        Ok(true)
    }

    async fn callback_window(
        &mut self,
        ticket: TicketId,
        phone: String,
        note: Option<String>,
        ask_note: bool,
        window: CallbackWindow,
    ) -> Result<(), EngineError> {
        if ask_note {
            let skip = vec![button(self.lang, "button-skip", choice::SKIP)];
            self.turn.ask(self.contact, self.lang, "callback-ask-note", &[], skip);
            self.dialogue = Dialogue::CallbackNote { ticket, phone, window };
            return Ok(());
        }
        self.callback_note(ticket, phone, window, note).await
    }

    pub(super) async fn callback_note(
        &mut self,
        ticket: TicketId,
        phone: String,
        window: CallbackWindow,
        note: Option<String>,
    ) -> Result<(), EngineError> {
        self.dialogue = Dialogue::Idle;
        if !self.engine.request_callback(self.turn, self.contact, ticket, phone, window, note).await? {
            self.say("callback-needs-ticket", &[]);
        }
        self.ticket = Some(ticket);
        Ok(())
    }
}
