//! Running a transaction again when it collided with another one: a ticket
//! saved meanwhile (its version moved), colliding PostgreSQL transactions,
//! or a busy SQLite file. A bounded number of attempts with jittered
//! pauses; then the error stands and the caller tells its actor.

use std::future::Future;
use std::time::Duration;

use super::EngineError;

/// Attempts at one update before its error stands.
pub const ATTEMPTS: u32 = 5;

fn transient(error: &EngineError) -> bool {
    matches!(error, EngineError::Store(store) if store.is_transient())
}

/// Runs `attempt` until it succeeds, fails for good, or used up `ATTEMPTS`.
pub async fn retrying<T, F, Fut>(what: &str, mut attempt: F) -> Result<T, EngineError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, EngineError>>,
{
    let mut tries = 0;
    loop {
        tries += 1;
        match attempt().await {
            Err(error) if tries < ATTEMPTS && transient(&error) => {
                // Jitter keeps two colliders from colliding again in step.
                let pause = 10 * u64::from(1u32 << tries) + u64::from(rand::random::<u8>() % 40);
                tracing::info!(%error, tries, what, "collided with another change; trying again");
                tokio::time::sleep(Duration::from_millis(pause)).await;
            }
            other => return other,
        }
    }
}
