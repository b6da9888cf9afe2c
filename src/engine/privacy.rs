//! Users' rights over their data: a copy of everything stored about them,
//! and erasure. Both are on the audit log; erasure closes their open
//! ticket with a notice to staff and leaves the figures reports count.

use chrono::{DateTime, Utc};

use super::i18n::t;
use super::turn::Turn;
use super::{Engine, EngineError, Operator};
use crate::domain::{Channel, ThreadOp, TicketEvent};
use crate::store::{Contact, ForgetReport, UserData};

impl Engine {
    /// Everything stored about a user, the export itself on the audit log
    /// (who asked for whose data); `None` if escala never met them.
    pub async fn export_user(
        &self,
        channel: Channel,
        external_id: &str,
        include_internal: bool,
        operator: &Operator,
        now: DateTime<Utc>,
    ) -> Result<Option<UserData>, EngineError> {
        let data = self.store.user_data(channel, external_id, include_internal).await?;
        if data.is_some() {
            let payload =
                serde_json::json!({ "user": format!("{channel}:{external_id}"), "internal": include_internal });
            self.audit(operator, "user.export", payload, now).await?;
        }
        Ok(data)
    }

    /// Erases a user in one transaction: their open ticket is closed with a
    /// notice in its staff space, what identifies them and what they wrote
    /// is erased, staff alerts say so, and the audit log records it by the
    /// contact's number only. With `dry_run` the transaction is rolled
    /// back: the report says what would change. `None` if escala never
    /// met them.
    pub async fn forget_user(
        &self,
        channel: Channel,
        external_id: &str,
        operator: &Operator,
        dry_run: bool,
        now: DateTime<Utc>,
    ) -> Result<Option<ForgetReport>, EngineError> {
        let tx = self.store.begin().await?;
        let mut turn = self.turn(tx, now);
        let Some(contact) = turn.tx.contact_by_external(channel, external_id).await? else {
            return Ok(None);
        };
        let report = self.erase(&mut turn, &contact, operator, dry_run).await?;
        if dry_run {
            // Dropping the turn rolls the transaction back.
            return Ok(Some(report));
        }
        turn.finish().await?;
        Ok(Some(report))
    }

    /// The erasure itself, in `turn`'s transaction: the open ticket closed
    /// with a notice, the store's erasure, the staff alert, the audit row.
    pub(super) async fn erase(
        &self,
        turn: &mut Turn,
        contact: &Contact,
        operator: &Operator,
        dry_run: bool,
    ) -> Result<ForgetReport, EngineError> {
        let now = turn.now;
        let lang = self.settings.staff_lang;
        let mut closed = None;
        if let Some(ticket) = turn.tx.open_ticket_for(contact.id).await? {
            // Recorded as staff read it, like an agent's reason.
            let event = TicketEvent::Closed { reason: t(lang, "staff-erased-reason", &[]) };
            let next = ticket.apply(&event, now)?;
            turn.save_ticket(&ticket, &next, &event, &format!("{}:{}", operator.via, operator.name)).await?;
            let notice = t(lang, "staff-erased-ticket", &[("ticket", ticket.id.to_string())]);
            turn.send_staff(&next, notice, Some(ThreadOp::Close));
            closed = Some(ticket.id);
        }
        let report = turn.tx.forget_contact(contact, now).await?;
        turn.send_alert(t(lang, "staff-erased-alert", &[("contact", contact.id.0.to_string())]));
        let payload = serde_json::json!({
            "contact": contact.id.0,
            "closed_ticket": closed.map(|t| t.to_string()),
            "messages": report.messages,
            "dry_run": dry_run,
        });
        turn.tx.record_audit(&operator.audit("user.forget", payload, now)?).await?;
        Ok(report)
    }
}
