//! Long polling: `getUpdates` with an offset that advances only once the
//! handler has committed an update's effects.

use std::collections::HashMap;
use std::time::Duration;

use teloxide::prelude::*;
use teloxide::types::AllowedUpdate;
use teloxide::{ApiError, RequestError};
use tokio_util::sync::CancellationToken;

use super::handler::{Handled, UpdateHandler};
use super::{error_text, TelegramError};

const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// Attempts at one update that fails for good (a poison update must not
/// stop the bot) before it is skipped and its sender told. An update that
/// waits for the database is never skipped.
const MAX_UPDATE_ATTEMPTS: u32 = 3;

/// The update kinds the bot reads, for `getUpdates` and `setWebhook` alike.
pub fn allowed_updates() -> Vec<AllowedUpdate> {
    vec![AllowedUpdate::Message, AllowedUpdate::EditedMessage, AllowedUpdate::CallbackQuery]
}

/// Polls until `shutdown`, handing every update to `handler` in order.
pub async fn poll(
    bot: &Bot,
    poll_timeout_secs: u32,
    handler: &mut UpdateHandler,
    shutdown: &CancellationToken,
) -> Result<(), TelegramError> {
    // A webhook left by an earlier webhook-mode run makes every getUpdates
    // answer 409; polling mode owns the bot's updates, so it removes it.
    if let Err(error) = bot.delete_webhook().await {
        tracing::warn!(error = %error_text(bot, &error), "deleteWebhook failed; polling anyway");
    }
    let mut failures: HashMap<u32, u32> = HashMap::new();
    let mut offset: i32 = 0;
    let mut backoff = Duration::from_secs(1);
    loop {
        let request = bot.get_updates().offset(offset).timeout(poll_timeout_secs).allowed_updates(allowed_updates());
        let result = tokio::select! {
            _ = shutdown.cancelled() => return Ok(()),
            result = request.send() => result,
        };
        let pause = match result {
            Ok(updates) => {
                let mut pause = None;
                for update in updates {
                    let id = update.id.0;
                    match handler.handle(&update).await {
                        Handled::Done => {}
                        // The offset stays where it is: getUpdates brings
                        // this update (and those after it) back, in order.
                        Handled::Later => {
                            pause = Some(backoff);
                            break;
                        }
                        Handled::Failed => {
                            let tries = failures.entry(id).or_default();
                            *tries += 1;
                            if *tries < MAX_UPDATE_ATTEMPTS {
                                pause = Some(backoff);
                                break;
                            }
                            tracing::error!(update = id, "update skipped after repeated failures");
                            handler.give_up(&update).await;
                        }
                    }
                    failures.remove(&id);
                    offset = offset.max(id as i32 + 1);
                }
                if pause.is_none() {
                    backoff = Duration::from_secs(1);
                }
                pause
            }
            Err(RequestError::Api(ApiError::TerminatedByOtherGetUpdates)) => {
                tracing::error!("another instance is polling this bot (409 Conflict); backing off");
                Some(MAX_BACKOFF.min(backoff * 5))
            }
            Err(RequestError::Api(ApiError::InvalidToken)) => return Err(TelegramError::InvalidToken),
            Err(RequestError::RetryAfter(after)) => Some(after.duration()),
            Err(error) => {
                tracing::warn!(error = %error_text(bot, &error), "getUpdates failed; retrying");
                Some(backoff)
            }
        };
        if let Some(pause) = pause {
            backoff = (backoff * 2).min(MAX_BACKOFF);
            tokio::select! {
                _ = shutdown.cancelled() => return Ok(()),
                _ = tokio::time::sleep(pause) => {}
            }
        }
    }
}
