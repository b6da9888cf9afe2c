//! The SLA sweep: fires the warnings and breaches of due SLA clocks and the
//! reminder and auto-close timers, each in its own transaction that records
//! the firing with the messages it causes, so a restart or a second
//! instance never fires anything twice or loses it.

use chrono::{DateTime, Utc};

use crate::domain::sla::{ClockKind, SlaClock, TimerKind};
use crate::domain::{Lang, ThreadOp, Ticket, TicketEvent};
use crate::store::{Contact, SlaAlert, TimerRow};

use super::i18n::{duration_words, elapsed_words, t};
use super::turn::Turn;
use super::{handoff, Engine, EngineError};

/// Rows looked at per sweep; the next sweep takes the rest.
const SWEEP_BATCH: i64 = 200;

/// What one sweep did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SweepReport {
    pub warnings: usize,
    pub breaches: usize,
    pub timers: usize,
}

impl Engine {
    /// Fires everything due at `now`. Errors on one row are logged and the
    /// row is retried by the next sweep; the others go on.
    pub async fn sweep(&self, now: DateTime<Utc>) -> Result<SweepReport, EngineError> {
        let mut report = SweepReport::default();
        for clock in self.store.due_sla_clocks(now, SWEEP_BATCH).await? {
            match self.fire_clock(&clock, now).await {
                Ok(Some(SlaAlert::Warned)) => report.warnings += 1,
                Ok(Some(SlaAlert::Breached)) => report.breaches += 1,
                Ok(None) => {}
                Err(error) => {
                    tracing::error!(ticket = %clock.ticket, clock = %clock.kind, %error, "SLA alert not sent")
                }
            }
        }
        for timer in self.store.due_timers(now, SWEEP_BATCH).await? {
            match self.fire_timer(&timer, now).await {
                Ok(true) => report.timers += 1,
                Ok(false) => {}
                Err(error) => {
                    tracing::error!(ticket = %timer.ticket, timer = timer.kind.as_str(), %error, "timer not fired")
                }
            }
        }
        Ok(report)
    }

    async fn fire_clock(&self, clock: &SlaClock, now: DateTime<Utc>) -> Result<Option<SlaAlert>, EngineError> {
        let mut turn = self.turn(self.store.begin().await?, now);
        let (Some(due), Some(id)) = (clock.due_at, clock.id) else { return Ok(None) };
        let alert = if due <= now { SlaAlert::Breached } else { SlaAlert::Warned };
        // Locks in the order every transaction takes them: the contact, then
        // the ticket's rows (here its clock).
        let ticket = turn.tx.ticket(clock.ticket).await?.ok_or(EngineError::TicketNotFound(clock.ticket))?;
        let contact = turn.tx.contact(ticket.contact).await?.ok_or(EngineError::TicketNotFound(ticket.id))?;
        if !turn.tx.mark_sla_alert(id, alert, now).await? {
            return Ok(None);
        }
        let lang = self.settings.staff_lang;
        let text = match alert {
            SlaAlert::Warned => warning_text(lang, &ticket, clock, due, now),
            SlaAlert::Breached => {
                // A breach makes a pending warning moot.
                turn.tx.mark_sla_alert(id, SlaAlert::Warned, now).await?;
                breach_text(lang, &ticket, clock, due, now)
            }
        };
        turn.send_staff(&ticket, text.clone(), None);
        turn.send_alert(text);
        if alert == SlaAlert::Breached {
            if clock.kind == ClockKind::FirstResponse {
                turn.say(&contact, ticket.lang, "ticket-late", &[("ticket", ticket.id.to_string())]);
            }
            // A vendor's lateness is the vendor's: no team level can fix it.
            if self.sla.auto_escalate && clock.kind.is_team() {
                self.auto_escalate(&mut turn, &contact, &ticket, clock).await?;
            }
        }
        turn.finish().await?;
        Ok(Some(alert))
    }

    /// Moves a breached ticket one level up. L4 is left out: a vendor
    /// escalation needs the vendor's name and reference from a person.
    async fn auto_escalate(
        &self,
        turn: &mut Turn,
        contact: &Contact,
        ticket: &Ticket,
        clock: &SlaClock,
    ) -> Result<(), EngineError> {
        let Some(to) = ticket.level.next().filter(|l| *l < crate::domain::Level::L4) else {
            return Ok(());
        };
        // The reason is recorded as staff read it, like an agent's.
        let lang = self.settings.staff_lang;
        let from = ticket.level.to_string();
        let reason = t(
            lang,
            "staff-sla-breach-reason",
            &[("kind", clock_name(lang, clock.kind, None)), ("level", from.clone())],
        );
        let event = TicketEvent::Escalated { to, reason: reason.clone() };
        let escalated = ticket.apply(&event, turn.now)?;
        turn.save_ticket(ticket, &escalated, &event, "sla").await?;
        let title = handoff::thread_title(&escalated, &contact.display_name);
        let heading =
            t(lang, "staff-escalated-automatically", &[("from", from), ("to", to.to_string()), ("reason", reason)]);
        let messages = turn.tx.ticket_messages(ticket.id).await?;
        let note = handoff::recap(&heading, &escalated, contact, &messages, lang);
        turn.send_staff(&escalated, note, Some(ThreadOp::Move { title }));
        turn.say(contact, ticket.lang, "ticket-escalated", &[("ticket", ticket.id.to_string())]);
        Ok(())
    }

    async fn fire_timer(&self, timer: &TimerRow, now: DateTime<Utc>) -> Result<bool, EngineError> {
        let mut turn = self.turn(self.store.begin().await?, now);
        // The contact first, as every transaction locks it, then the timer.
        let ticket = turn.tx.ticket(timer.ticket).await?.ok_or(EngineError::TicketNotFound(timer.ticket))?;
        let contact = turn.tx.contact(ticket.contact).await?.ok_or(EngineError::TicketNotFound(ticket.id))?;
        if !turn.tx.claim_timer(timer.id, now).await? {
            return Ok(false);
        }
        if ticket.state != timer.kind.state() {
            // The ticket moved on; the timer only has to be retired.
            turn.finish().await?;
            return Ok(false);
        }
        let number = ticket.id.to_string();
        let lang = self.settings.staff_lang;
        match timer.kind {
            TimerKind::RemindUser => {
                let close_in = self.sla.close_silent_after_secs.zip(self.sla.remind_after_secs).map(|(c, r)| c - r);
                let within = duration_words(ticket.lang, close_in.unwrap_or(0));
                turn.say(&contact, ticket.lang, "ticket-reminder", &[("ticket", number), ("within", within)]);
                turn.send_staff(&ticket, t(lang, "staff-reminder-sent", &[]), None);
            }
            TimerKind::CloseSilent | TimerKind::CloseResolved => {
                let (reason, key) = match timer.kind {
                    TimerKind::CloseSilent => ("staff-close-reason-silent", "ticket-closed-silent"),
                    _ => ("staff-close-reason-unconfirmed", "ticket-closed-unconfirmed"),
                };
                // Recorded as staff read it, like an agent's reason.
                let reason = t(lang, reason, &[]);
                let event = TicketEvent::Closed { reason: reason.clone() };
                let closed = ticket.apply(&event, now)?;
                turn.save_ticket(&ticket, &closed, &event, "sla").await?;
                turn.say(&contact, ticket.lang, key, &[("ticket", number)]);
                let text = t(lang, "staff-closed-automatically", &[("reason", reason)]);
                turn.send_staff(&closed, text, Some(ThreadOp::Close));
            }
            TimerKind::VendorFollowUp | TimerKind::VendorUserUpdate => {
                self.vendor_reminder(&mut turn, &contact, &ticket, timer.kind).await?
            }
            TimerKind::OfferNext => self.offer_next(&mut turn, &contact, &ticket).await?,
        }
        turn.finish().await?;
        Ok(true)
    }

    /// A round of a ticket's wait on its vendor: staff are reminded to
    /// chase the vendor, or the user hears the ticket is still there (with
    /// the vendor's last relayed news); then the next round is armed.
    async fn vendor_reminder(
        &self,
        turn: &mut Turn,
        contact: &Contact,
        ticket: &Ticket,
        kind: TimerKind,
    ) -> Result<(), EngineError> {
        let Some(terms) = ticket.vendor.as_deref().and_then(|name| self.sla.vendor(name)) else {
            // The vendor left the configuration: nothing to remind of.
            return Ok(());
        };
        let waited =
            turn.tx.last_event(ticket.id, &["waiting_on_vendor"]).await?.map(|e| e.at).unwrap_or(ticket.updated_at);
        let number = ticket.id.to_string();
        if kind == TimerKind::VendorFollowUp {
            let lang = self.settings.staff_lang;
            let args = [
                ("vendor", terms.name.clone()),
                ("contact", terms.contact.clone()),
                ("reference", ticket.vendor_reference.clone().unwrap_or_default()),
                ("waited", elapsed_words(lang, (turn.now - waited).num_seconds())),
            ];
            turn.send_staff(ticket, t(lang, "staff-vendor-follow-up", &args), None);
        } else {
            let news = turn.tx.last_event(ticket.id, &["vendor_updated"]).await?.and_then(|e| {
                match serde_json::from_value::<TicketEvent>(e.payload) {
                    Ok(TicketEvent::VendorUpdated { text, told_user: true }) if e.at >= waited => Some(text),
                    _ => None,
                }
            });
            let lang = ticket.lang;
            let since = elapsed_words(lang, (turn.now - waited).num_seconds());
            let mut text = t(lang, "ticket-vendor-still-waiting", &[("ticket", number), ("since", since)]);
            if let Some(news) = news {
                text.push_str("\n\n");
                text.push_str(&t(
                    lang,
                    "ticket-vendor-last-news",
                    &[("news", crate::domain::text::markdown_literal(&news))],
                ));
            }
            turn.send_user(contact, text, crate::domain::TextFormat::Markdown, Vec::new());
        }
        if let Some(next) = crate::domain::sla::next_vendor_timer(&self.sla, terms, kind, turn.now) {
            turn.tx.schedule_timer(ticket.id, kind, next).await?;
        }
        Ok(())
    }
}

/// The clock's name in the staff language; a vendor's names the vendor.
fn clock_name(lang: Lang, kind: ClockKind, vendor: Option<&str>) -> String {
    let key = match kind {
        ClockKind::FirstResponse => "staff-sla-first-response",
        ClockKind::Resolution => "staff-sla-resolution",
        ClockKind::VendorResponse => "staff-sla-vendor-response",
        ClockKind::VendorResolution => "staff-sla-vendor-resolution",
        ClockKind::Callback => "staff-sla-callback",
    };
    t(lang, key, &[("vendor", vendor.unwrap_or_default().to_string())])
}

fn clock_line(lang: Lang, ticket: &Ticket, clock: &SlaClock) -> String {
    let assignee = match ticket.assignee.as_deref() {
        Some(assignee) => assignee.to_string(),
        None => t(lang, "staff-sla-nobody", &[]),
    };
    let args = [
        ("ticket", ticket.id.to_string()),
        ("level", ticket.level.to_string()),
        ("priority", ticket.priority.to_string()),
        ("state", ticket.state.to_string()),
        ("kind", clock_name(lang, clock.kind, ticket.vendor.as_deref())),
        ("assignee", assignee),
    ];
    t(lang, "staff-sla-clock", &args)
}

fn minutes(secs: i64) -> String {
    let minutes = secs.max(0) / 60;
    if minutes < 120 {
        format!("{minutes} min")
    } else {
        format!("{} h {} min", minutes / 60, minutes % 60)
    }
}

fn warning_text(lang: Lang, ticket: &Ticket, clock: &SlaClock, due: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let args = [
        ("clock", clock_line(lang, ticket, clock)),
        ("due", due.format("%Y-%m-%d %H:%M").to_string()),
        ("left", minutes((due - now).num_seconds())),
    ];
    t(lang, "staff-sla-warning", &args)
}

fn breach_text(lang: Lang, ticket: &Ticket, clock: &SlaClock, due: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let args = [
        ("clock", clock_line(lang, ticket, clock)),
        ("due", due.format("%Y-%m-%d %H:%M").to_string()),
        ("late", minutes((now - due).num_seconds())),
    ];
    t(lang, "staff-sla-breached", &args)
}
