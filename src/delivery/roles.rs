//! Roles among several instances on one database: who polls a platform and
//! who delivers its outbox. One sender per bot keeps each chat's order and
//! the platform's rate limits, and no outbox row is sent by two instances.

use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::store::{Leadership, Store};

/// How often an instance standing by tries to take a role over.
const STANDBY_CHECK: Duration = Duration::from_secs(3);
/// How often a role holder checks that it still holds its role.
const HOLD_CHECK: Duration = Duration::from_secs(1);

/// Waits until this instance holds `role` (at once on SQLite, where one
/// process serves everything); `None` if shut down while standing by.
pub async fn lead(store: &dyn Store, role: &str, shutdown: &CancellationToken) -> Option<Box<dyn Leadership>> {
    let mut announced = false;
    loop {
        match store.try_lead(role).await {
            Ok(Some(leadership)) => return Some(leadership),
            Ok(None) if !announced => {
                tracing::info!(role, "another instance holds this role; standing by to take over");
                announced = true;
            }
            Ok(None) => {}
            Err(error) => tracing::warn!(%error, role, "cannot take the role yet"),
        }
        tokio::select! {
            _ = shutdown.cancelled() => return None,
            _ = tokio::time::sleep(STANDBY_CHECK) => {}
        }
    }
}

/// Completes when `leadership` is lost (its database session died, so
/// another instance may take the role): the holder must stop acting on it.
pub async fn lost(leadership: &mut dyn Leadership) {
    loop {
        tokio::time::sleep(HOLD_CHECK).await;
        if !leadership.is_held().await {
            tracing::warn!("lost the database session holding this instance's role; standing by again");
            return;
        }
    }
}
