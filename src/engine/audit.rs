//! The audit log's side of the engine: what staff and admins did outside a
//! ticket's own history (blocking users, incident changes, doctor runs),
//! recorded with who did it and from where — in the action's transaction
//! when the action writes to the store.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::staff_action::checked_operator;
use super::{Engine, EngineError};
use crate::store::{AuditFilter, AuditRow, NewAudit};

/// Who acts, and through what (`cli`, `telegram`, `discord`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operator {
    pub name: String,
    pub via: String,
}

impl Operator {
    /// Someone at the terminal, by the name they give (or their login).
    pub fn cli(name: &str) -> Operator {
        Operator { name: name.to_string(), via: "cli".to_string() }
    }

    /// The audit row of `action` by this operator; the name is checked
    /// like an agent's (one line, bounded, not blank).
    pub(super) fn audit(&self, action: &str, payload: Value, at: DateTime<Utc>) -> Result<NewAudit, EngineError> {
        let name = checked_operator(&self.name)?;
        Ok(NewAudit {
            actor: format!("{}:{name}", self.via),
            channel: self.via.clone(),
            action: action.to_string(),
            payload,
            at,
        })
    }
}

impl Engine {
    /// Records an action that wrote nothing else to the store (an incident
    /// file edited, a doctor run).
    pub async fn audit(
        &self,
        operator: &Operator,
        action: &str,
        payload: Value,
        now: DateTime<Utc>,
    ) -> Result<(), EngineError> {
        let row = operator.audit(action, payload, now)?;
        let mut tx = self.store.begin().await?;
        tx.record_audit(&row).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The audit log rows `filter` selects, oldest first.
    pub async fn audit_log(&self, filter: &AuditFilter) -> Result<Vec<AuditRow>, EngineError> {
        Ok(self.store.audit_events(filter).await?)
    }
}
