//! The use cases: a user's message in, a staff action in, and the resulting
//! state change with its outgoing messages committed in one transaction. The
//! engine never sends anything itself; the delivery worker reads the outbox.

mod assignment;
mod audit;
mod callback;
mod counters;
mod delivery_failure;
mod dialogue;
mod export_doc;
mod flood;
mod handoff;
pub use crate::i18n;
mod incident;
mod privacy;
mod remote;
mod retry;
mod sla;
mod staff;
mod staff_action;
mod staff_command;
mod staff_edits;
mod staff_files;
mod staff_space;
mod staff_turns;
pub mod transcript;
mod triage;
mod turn;
mod user;
mod vendor;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::domain::sla::SlaPolicy;
use crate::domain::{Channel, Inbound, Lang, Outbound, TicketId, TransitionError};
use crate::kb::{KbSettings, SharedKb};
use crate::store::{NewContact, Store, StoreError};

pub use assignment::{AssignMode, AssignmentPolicy};
pub use audit::Operator;
pub use callback::CallbackAction;
pub use counters::{Counters, DeliveryError, NoCounters};
pub use delivery_failure::{DeliveryFailures, NoFailures};
pub use dialogue::{choice, Dialogue};
pub use export_doc::export_markdown;
pub use flood::FloodLimit;
use flood::{FloodGuard, Verdict};
pub use remote::RemoteTool;
pub use sla::SweepReport;
pub use staff_action::{Agent, StaffAction};
pub use staff_command::{
    parse_callback, parse_remote, parse_staff_command, staff_help, MissingArgument, StaffCommand, StaffCommandError,
};
pub use staff_space::{StaffPost, StaffReply};
pub use triage::{default_keywords as triage_defaults, tag_key, Triage};
use turn::Turn;

/// Behaviour knobs of the engine, from the `[support]`, `[kb]` and `[sla]`
/// config.
#[derive(Debug, Clone)]
pub struct EngineSettings {
    pub kb: KbSettings,
    /// Language for users whose locale is unknown and whose text is too
    /// short to detect.
    pub fallback_lang: Lang,
    /// The language of the bot's own text in staff spaces.
    pub staff_lang: Lang,
    /// Sign agent replies with the agent's name (else "Support team").
    pub sign_replies: bool,
    /// Longest user message accepted, in characters.
    pub max_text_chars: usize,
    /// Where staff spaces live (console = the `escala tickets` CLI).
    pub staff_channel: Channel,
    /// Folder of the agents' canned answers.
    pub snippets_dir: std::path::PathBuf,
    /// A staff message starting with this is an internal note.
    pub note_prefix: String,
    pub sla: SlaPolicy,
    /// Largest file a user may send into a ticket, in bytes.
    pub max_attachment_bytes: u64,
    /// The Discord servers' upload limit, in bytes (files re-uploaded there).
    pub discord_upload_bytes: u64,
    /// Per-user message rate before the bot asks them to slow down.
    pub flood: FloodLimit,
    /// The tools `/remote` offers (level 2's remote sessions).
    pub remote_tools: Vec<RemoteTool>,
    /// The team's time zone: callback windows are in it.
    pub time_zone: chrono_tz::Tz,
    /// Words that raise a new ticket's priority, per language.
    pub priority_keywords: Vec<(Lang, Vec<String>)>,
    /// The priority they raise it to.
    pub keyword_priority: crate::domain::Priority,
    /// Levels that assign their tickets automatically.
    pub assignment: std::collections::BTreeMap<crate::domain::Level, AssignmentPolicy>,
}

impl Default for EngineSettings {
    fn default() -> Self {
        EngineSettings {
            kb: KbSettings::default(),
            fallback_lang: Lang::En,
            staff_lang: Lang::En,
            sign_replies: true,
            max_text_chars: 4000,
            staff_channel: Channel::Console,
            snippets_dir: std::path::PathBuf::from("kb/snippets"),
            note_prefix: "!".to_string(),
            sla: SlaPolicy::default(),
            max_attachment_bytes: 20_000_000,
            discord_upload_bytes: 10 * 1024 * 1024,
            flood: FloodLimit::default(),
            remote_tools: RemoteTool::defaults(),
            time_zone: chrono_tz::UTC,
            priority_keywords: triage::default_keywords(),
            keyword_priority: crate::domain::Priority::High,
            assignment: Default::default(),
        }
    }
}

impl EngineSettings {
    /// `Some(limit in MB)` when `file` is over what may reach `to`: the
    /// overall cap, or what the platforms download and upload on the way.
    pub fn file_limit(&self, file: &crate::domain::Attachment, to: Channel) -> Option<u64> {
        let size = file.size?;
        if size > self.max_attachment_bytes {
            return Some(self.max_attachment_bytes / 1_000_000);
        }
        let transfer = file.transfer_limit(to, self.discord_upload_bytes)?;
        (size > transfer).then_some(transfer / (1024 * 1024))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("ticket {0} does not exist")]
    TicketNotFound(TicketId),
    #[error(transparent)]
    Transition(#[from] TransitionError),
    #[error("{agent} has no role for {level} tickets")]
    NoRole { agent: String, level: crate::domain::Level },
    #[error("ticket {ticket} is assigned to {assignee}; use `assign` to take it over")]
    AssignedToOther { ticket: TicketId, assignee: String },
    #[error("{0}")]
    Invalid(String),
}

impl EngineError {
    /// The error as staff read it in their space, in `lang`. `Display`
    /// stays English for logs and the command line.
    pub fn message(&self, lang: Lang) -> String {
        use TransitionError as T;
        let t = |key: &str, args: &[(&str, String)]| i18n::t(lang, key, args);
        match self {
            EngineError::Store(_) => t("staff-retry", &[]),
            EngineError::TicketNotFound(id) => t("staff-error-no-ticket", &[("ticket", id.to_string())]),
            EngineError::NoRole { agent, level } => {
                t("staff-error-no-role", &[("agent", agent.clone()), ("level", level.to_string())])
            }
            EngineError::AssignedToOther { ticket, assignee } => {
                t("staff-error-assigned-to-other", &[("ticket", ticket.to_string()), ("assignee", assignee.clone())])
            }
            EngineError::Transition(T::NotAllowed { state, .. }) => {
                t("staff-error-not-allowed", &[("state", i18n::staff_state_words(lang, *state))])
            }
            EngineError::Transition(T::NotHigher { current }) => {
                t("staff-error-not-higher", &[("level", current.to_string())])
            }
            EngineError::Transition(T::NotLower { current }) => {
                t("staff-error-not-lower", &[("level", current.to_string())])
            }
            EngineError::Transition(T::RatingOutOfRange) => t("staff-error-rating-range", &[]),
            EngineError::Transition(T::AlreadyRated) => t("staff-error-already-rated", &[]),
            EngineError::Invalid(text) => text.clone(),
        }
    }

    /// Whether the same update may succeed later without any change to it:
    /// a collision or a database outage. Adapters keep such an update
    /// (Telegram's offset stays) instead of dropping it.
    pub fn is_temporary(&self) -> bool {
        matches!(self, EngineError::Store(store) if store.is_transient() || store.is_unavailable())
    }
}

/// When an update key is recorded: the wall clock, not the message's own
/// time (which may be far in the past), because retention keeps keys for
/// as long after their handling as a platform may redeliver.
fn processed_now() -> DateTime<Utc> {
    Utc::now()
}

/// What one handled update did, for callers that need to know (adapters,
/// tests); what users see is in the outbox.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    /// The update's key was seen before; nothing changed.
    pub duplicate: bool,
    /// The ticket the update opened or touched, if any.
    pub ticket: Option<TicketId>,
    pub sent: Vec<Outbound>,
}

pub struct Engine {
    store: Arc<dyn Store>,
    kb: SharedKb,
    settings: EngineSettings,
    /// Shared with every turn (the settings' policy, not cloned per message).
    sla: Arc<SlaPolicy>,
    /// The incident revisions this instance has seen announced, so the sync
    /// only asks the database about what changed.
    announced_incidents: std::sync::Mutex<std::collections::HashMap<String, String>>,
    flood: FloodGuard,
    counters: Arc<dyn Counters>,
    /// User updates and staff posts handled so far: tells the process's
    /// upkeep whether the bot is busy (see `memory::release_while_busy`).
    handled: AtomicU64,
    /// Woken after every commit that enqueued messages, so the delivery
    /// worker sends them at once instead of at its next tick.
    outbox_signal: Arc<tokio::sync::Notify>,
}

impl Engine {
    pub fn new(store: Arc<dyn Store>, kb: SharedKb, settings: EngineSettings) -> Engine {
        let sla = Arc::new(settings.sla.clone());
        let flood = FloodGuard::new(settings.flood);
        let counters: Arc<dyn Counters> = Arc::new(NoCounters);
        Engine {
            store,
            kb,
            settings,
            sla,
            announced_incidents: Default::default(),
            flood,
            counters,
            handled: AtomicU64::new(0),
            outbox_signal: Arc::default(),
        }
    }

    /// User updates and staff posts handled since the engine started.
    pub fn handled(&self) -> u64 {
        self.handled.load(Ordering::Relaxed)
    }

    /// Notified whenever a transaction that enqueued messages committed.
    pub fn outbox_signal(&self) -> Arc<tokio::sync::Notify> {
        self.outbox_signal.clone()
    }

    /// Reports what the engine counts to `counters` (the Prometheus side).
    pub fn with_counters(mut self, counters: Arc<dyn Counters>) -> Engine {
        self.counters = counters;
        self
    }

    pub fn settings(&self) -> &EngineSettings {
        &self.settings
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// A step on an open transaction, with the settings every step needs.
    fn turn(&self, tx: Box<dyn crate::store::StoreTx>, now: DateTime<Utc>) -> Turn {
        Turn::new(tx, now, self.settings.staff_channel, self.sla.clone(), self.outbox_signal.clone())
    }

    /// Blocks (or unblocks) a platform user: a blocked user's messages are
    /// recorded as seen and otherwise ignored. Works before the user ever
    /// wrote. Returns whether anything changed.
    pub async fn set_blocked(
        &self,
        channel: Channel,
        external_id: &str,
        blocked: bool,
        operator: &Operator,
        now: DateTime<Utc>,
    ) -> Result<bool, EngineError> {
        let external_id = channel.user_id(external_id).map_err(|e| EngineError::Invalid(e.to_string()))?;
        let external_id = external_id.as_str();
        let mut tx = self.store.begin().await?;
        let mut contact = match tx.contact_by_external(channel, external_id).await? {
            Some(contact) => contact,
            None if !blocked => return Ok(false),
            None => {
                let new = NewContact {
                    channel,
                    external_id: external_id.to_string(),
                    chat_id: external_id.to_string(),
                    display_name: external_id.to_string(),
                    lang: None,
                };
                tx.insert_contact(&new, now).await?
            }
        };
        if contact.blocked == blocked {
            return Ok(false);
        }
        contact.blocked = blocked;
        tx.update_contact(&contact, now).await?;
        let action = if blocked { "user.block" } else { "user.unblock" };
        let user = format!("{channel}:{external_id}");
        tx.record_audit(&operator.audit(action, serde_json::json!({ "user": user }), now)?).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Handles one user update in one transaction (run again, a bounded
    /// number of times, if it collided with a simultaneous one). What the
    /// platform sent is normalised first, the same on every backend.
    pub async fn handle(&self, inbound: Inbound) -> Result<Outcome, EngineError> {
        self.counters.message_in(inbound.channel);
        self.handled.fetch_add(1, Ordering::Relaxed);
        let inbound = inbound.normalized();
        let verdict = std::sync::Mutex::new(None);
        retry::retrying("user update", || self.handle_at(&inbound, &verdict)).await
    }

    /// One attempt at `inbound`; `verdict` is the flood guard's, taken at the
    /// first attempt only, so a retried message is not counted twice.
    async fn handle_at(
        &self,
        inbound: &Inbound,
        verdict: &std::sync::Mutex<Option<Verdict>>,
    ) -> Result<Outcome, EngineError> {
        let now = inbound.at;
        let mut tx = self.store.begin().await?;
        let external_id = &inbound.sender.external_id;
        let found = match &inbound.key {
            Some(key) => match tx.record_inbound_from(inbound.channel, key, external_id, processed_now()).await? {
                Some(found) => found,
                None => return Ok(Outcome { duplicate: true, ..Outcome::default() }),
            },
            None => tx.contact_by_external(inbound.channel, external_id).await?,
        };
        let locale_lang = inbound.sender.locale.as_deref().and_then(Lang::from_locale);
        let mut contact = match found {
            Some(contact) => contact,
            None => {
                let new = NewContact {
                    channel: inbound.channel,
                    external_id: inbound.sender.external_id.clone(),
                    chat_id: inbound.sender.chat_id.clone(),
                    display_name: inbound.sender.display_name.clone(),
                    lang: locale_lang,
                };
                tx.insert_contact(&new, now).await?
            }
        };
        // As read: a turn that changes nothing about the contact (most
        // questions) skips its UPDATE, one statement of a handful per turn.
        let stored = contact.clone();
        contact.chat_id = inbound.sender.chat_id.clone();
        contact.display_name = inbound.sender.display_name.clone();
        let mut turn = self.turn(tx, now);
        turn.handling_source(inbound.source.clone());
        if contact.blocked {
            // Blocked users are ignored silently; recording the key keeps
            // repeated updates from being reconsidered.
            turn.finish().await?;
            return Ok(Outcome::default());
        }
        let checked = *verdict
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get_or_insert_with(|| self.flood.check(inbound.channel, &inbound.sender.external_id, now));
        match checked {
            Verdict::Accept => {}
            refused => {
                if let Verdict::SlowDown { wait_secs } = refused {
                    let lang = contact.lang.or(locale_lang).unwrap_or(self.settings.fallback_lang);
                    turn.say(&contact, lang, "flood-slow-down", &[("n", wait_secs.to_string())]);
                }
                tracing::info!(channel = %inbound.channel, user = %inbound.sender.external_id, "message refused: flood limit");
                let sent = turn.finish().await?;
                return Ok(Outcome { duplicate: false, ticket: None, sent });
            }
        }
        let locale = inbound.sender.locale.as_deref();
        let ticket = user::handle(self, &mut turn, &mut contact, locale, inbound.input.clone()).await?;
        if contact != stored {
            turn.tx.update_contact(&contact, now).await?;
        }
        let sent = turn.finish().await?;
        Ok(Outcome { duplicate: false, ticket, sent })
    }
}
