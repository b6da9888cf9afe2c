//! A user's own rights from the chat: `/mydata` sends them a copy of what
//! escala keeps about them (once a day at most), `/forget` erases it. Each
//! asks first, and only the answer to that question acts (a forged or
//! stale button does nothing).

use chrono::Duration;

use super::User;
use crate::domain::{Attachment, Channel};
use crate::engine::dialogue::{choice, Dialogue};
use crate::engine::turn::button;
use crate::engine::{EngineError, Operator};
use crate::store::AuditFilter;

/// How often a user may have their data sent.
const EXPORT_EVERY: Duration = Duration::hours(24);

impl User<'_> {
    pub(super) fn ask_forget(&mut self) -> Result<(), EngineError> {
        let choices = vec![
            button(self.lang, "button-forget-yes", choice::FORGET_YES),
            button(self.lang, "button-forget-no", choice::FORGET_NO),
        ];
        self.turn.ask(self.contact, self.lang, "forget-confirm", &[], choices);
        self.dialogue = Dialogue::ConfirmForget;
        Ok(())
    }

    /// The answer to `/forget`'s question; `false` if `data` is not one
    /// (or nothing was asked), for the other choices to handle.
    pub(super) async fn forget_answer(&mut self, data: &str) -> Result<bool, EngineError> {
        if self.dialogue != Dialogue::ConfirmForget || ![choice::FORGET_YES, choice::FORGET_NO].contains(&data) {
            return Ok(false);
        }
        self.dialogue = Dialogue::Idle;
        if data == choice::FORGET_NO {
            self.say("forget-kept", &[]);
            return Ok(true);
        }
        // The answer goes to the chat the user wrote from, known only now.
        let reply_to = self.contact.clone();
        let operator = Operator { name: "self".into(), via: self.contact.channel.to_string() };
        self.engine.erase(self.turn, self.contact, &operator, false).await?;
        self.turn.say(&reply_to, self.lang, "forget-done", &[]);
        // The turn writes the contact back when it ends: as erased.
        self.contact.external_id = format!("erased-{}", self.contact.id.0);
        self.contact.chat_id = String::new();
        self.contact.display_name = crate::domain::text::ERASED_NAME.into();
        self.ticket = None;
        Ok(true)
    }

    pub(super) fn ask_mydata(&mut self) -> Result<(), EngineError> {
        let choices = vec![
            button(self.lang, "button-mydata-yes", choice::MYDATA_YES),
            button(self.lang, "button-mydata-no", choice::MYDATA_NO),
        ];
        self.turn.ask(self.contact, self.lang, "mydata-confirm", &[], choices);
        self.dialogue = Dialogue::ConfirmExport;
        Ok(())
    }

    /// The answer to `/mydata`'s question; `false` if `data` is not one.
    pub(super) async fn mydata_answer(&mut self, data: &str) -> Result<bool, EngineError> {
        if self.dialogue != Dialogue::ConfirmExport || ![choice::MYDATA_YES, choice::MYDATA_NO].contains(&data) {
            return Ok(false);
        }
        self.dialogue = Dialogue::Idle;
        if data == choice::MYDATA_NO {
            self.say("mydata-kept", &[]);
            return Ok(true);
        }
        let channel = self.contact.channel;
        let user = format!("{channel}:{}", self.contact.external_id);
        let operator = Operator { name: "self".into(), via: channel.to_string() };
        let since = self.turn.now - EXPORT_EVERY;
        let filter = AuditFilter { since: Some(since), actor: Some(format!("{channel}:self")), limit: None };
        let recent = self.engine.store.audit_events(&filter).await?;
        if recent.iter().any(|r| r.action == "user.export" && r.payload["user"] == user.as_str()) {
            self.say("mydata-too-soon", &[]);
            return Ok(true);
        }
        let Some(data) = self.engine.store.user_data(channel, &self.contact.external_id, false).await? else {
            return Ok(true);
        };
        let document = crate::engine::export_markdown(&data, self.turn.now, self.lang);
        self.say("mydata-sent", &[]);
        self.turn.attach(Attachment {
            kind: "text/markdown".into(),
            reference: String::new(),
            name: Some("my-data.md".into()),
            size: Some(document.len() as u64),
            origin: Some(Channel::Console),
            file_id: None,
            caption: None,
            content: Some(document),
        });
        let payload = serde_json::json!({ "user": user, "internal": false });
        self.turn.tx.record_audit(&operator.audit("user.export", payload, self.turn.now)?).await?;
        Ok(true)
    }
}
