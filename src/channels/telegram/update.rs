//! Pure translation of a Telegram `Update` into what escala understands: a
//! user's `Inbound`, a staff message in a forum topic, or nothing.

use chrono::{DateTime, Utc};
use teloxide::types::{ChatKind, Message, Update, UpdateKind, User};

use crate::domain::{Attachment, Channel, Inbound, Sender, UserInput};

#[derive(Debug, Clone, PartialEq)]
pub enum TelegramEvent {
    User(Inbound),
    /// A person wrote in a forum topic of a staff supergroup.
    Staff {
        chat_id: i64,
        thread_id: i32,
        from_user_id: u64,
        from_name: String,
        text: String,
        /// `telegram:<chat>:<message>`, the message written.
        source: String,
        /// `text` is the new text of that earlier message.
        edited: bool,
        /// A file posted with it (`text` is its caption, maybe empty).
        attachment: Option<Attachment>,
    },
    Ignore,
}

/// Classifies one update. `staff_chats` are the staff supergroups; `now` is
/// the time of updates that carry none (callback queries).
pub fn classify(update: &Update, staff_chats: &[i64], now: DateTime<Utc>) -> TelegramEvent {
    let key = update.id.0.to_string();
    match &update.kind {
        UpdateKind::Message(message) | UpdateKind::EditedMessage(message) => {
            let edited = matches!(update.kind, UpdateKind::EditedMessage(_));
            if staff_chats.contains(&message.chat.id.0) {
                return staff_event(message, edited);
            }
            if !matches!(message.chat.kind, ChatKind::Private(_)) {
                return TelegramEvent::Ignore;
            }
            let Some(from) = message.from.as_ref().filter(|u| !u.is_bot) else {
                return TelegramEvent::Ignore;
            };
            let input = if edited {
                // A changed text or caption; an edited command is not run again.
                match message.text().or(message.caption()) {
                    Some(text) => UserInput::Edited(text.to_string()),
                    None => return TelegramEvent::Ignore,
                }
            } else {
                match message_input(message) {
                    Some(input) => input,
                    None => return TelegramEvent::Ignore,
                }
            };
            let at = if edited { message.edit_date().copied().unwrap_or(now) } else { message.date };
            let mut inbound = inbound(key, from, message.chat.id.0, input, at);
            inbound.source = Some(source_of(message));
            TelegramEvent::User(inbound)
        }
        UpdateKind::CallbackQuery(query) => {
            let Some(data) = query.data.clone() else {
                return TelegramEvent::Ignore;
            };
            let chat_id = match query.message.as_ref() {
                Some(message) if !matches!(message.chat().kind, ChatKind::Private(_)) => {
                    return TelegramEvent::Ignore;
                }
                Some(message) => message.chat().id.0,
                None => query.from.id.0 as i64,
            };
            TelegramEvent::User(inbound(key, &query.from, chat_id, UserInput::Choice(data), now))
        }
        _ => TelegramEvent::Ignore,
    }
}

fn inbound(key: String, from: &User, chat_id: i64, input: UserInput, at: DateTime<Utc>) -> Inbound {
    Inbound {
        channel: Channel::Telegram,
        key: Some(key),
        sender: Sender {
            external_id: from.id.0.to_string(),
            chat_id: chat_id.to_string(),
            display_name: display_name(from),
            locale: from.language_code.clone(),
        },
        input,
        at,
        source: None,
    }
}

pub fn display_name(user: &User) -> String {
    match &user.last_name {
        Some(last) if !last.is_empty() => format!("{} {last}", user.first_name),
        _ => user.first_name.clone(),
    }
}

/// How escala names a Telegram message for relaying its edits.
pub fn source_of(message: &Message) -> String {
    format!("telegram:{}", super::thread_ref(message.chat.id.0, message.id.0))
}

fn staff_event(message: &Message, edited: bool) -> TelegramEvent {
    let (Some(thread), Some(from)) = (message.thread_id, message.from.as_ref()) else {
        return TelegramEvent::Ignore;
    };
    if from.is_bot || !message.is_topic_message {
        return TelegramEvent::Ignore;
    }
    // An edit changes the caption only: the file was relayed already.
    let attachment = if edited { None } else { file_of(message) };
    let text = message.text().or(message.caption());
    if text.is_none() && attachment.is_none() {
        return TelegramEvent::Ignore;
    }
    TelegramEvent::Staff {
        chat_id: message.chat.id.0,
        thread_id: thread.0 .0,
        from_user_id: from.id.0,
        from_name: display_name(from),
        text: text.unwrap_or_default().to_string(),
        source: source_of(message),
        edited,
        attachment,
    }
}

/// The reference of a user's file: the message itself, which the sender
/// copies into the staff topic with `copyMessage` (caption included).
fn copy_ref(message: &Message) -> String {
    super::thread_ref(message.chat.id.0, message.id.0)
}

fn message_input(message: &Message) -> Option<UserInput> {
    if let Some(text) = message.text() {
        return Some(UserInput::typed(text));
    }
    match file_of(message) {
        Some(file) => Some(UserInput::Attachment(file)),
        None => message.caption().map(|c| UserInput::Text(c.to_string())),
    }
}

/// The file a message carries (the largest size of a photo), with its
/// caption: the message itself is the reference a Telegram sender copies,
/// and the `file_id` is what another platform's sender downloads.
fn file_of(message: &Message) -> Option<Attachment> {
    let (kind, file, name) = if let Some(photo) =
        message.photo().and_then(|sizes| sizes.iter().max_by_key(|p| u64::from(p.width) * u64::from(p.height)))
    {
        ("photo".to_string(), &photo.file, None)
    } else if let Some(doc) = message.document() {
        let kind = doc.mime_type.as_ref().map_or_else(|| "document".to_string(), |m| m.to_string());
        (kind, &doc.file, doc.file_name.clone())
    } else if let Some(voice) = message.voice() {
        ("voice".to_string(), &voice.file, None)
    } else if let Some(video) = message.video() {
        let kind = video.mime_type.as_ref().map_or_else(|| "video".to_string(), |m| m.to_string());
        (kind, &video.file, video.file_name.clone())
    } else if let Some(audio) = message.audio() {
        let kind = audio.mime_type.as_ref().map_or_else(|| "audio".to_string(), |m| m.to_string());
        (kind, &audio.file, audio.file_name.clone())
    } else {
        return None;
    };
    Some(Attachment {
        kind,
        reference: copy_ref(message),
        name,
        size: Some(u64::from(file.size)),
        origin: Some(Channel::Telegram),
        file_id: Some(file.id.to_string()),
        caption: message.caption().map(str::to_string),
        content: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn update(json: serde_json::Value) -> Update {
        serde_json::from_str(&json.to_string()).unwrap()
    }

    fn private(text: &str) -> serde_json::Value {
        serde_json::json!({"update_id": 7, "message": {"message_id": 1, "date": 1_700_000_000,
            "chat": {"id": 5, "type": "private", "first_name": "Ana"},
            "from": {"id": 5, "is_bot": false, "first_name": "Ana", "language_code": "pt-BR"}, "text": text}})
    }

    #[test]
    fn private_text_and_commands_become_user_input() {
        let TelegramEvent::User(inbound) = classify(&update(private("hello")), &[], Utc::now()) else { panic!() };
        assert_eq!(inbound.input, UserInput::Text("hello".into()));
        assert_eq!(inbound.key.as_deref(), Some("7"));
        assert_eq!(inbound.sender.locale.as_deref(), Some("pt-BR"));
        let TelegramEvent::User(inbound) = classify(&update(private("/close@escala_bot it works")), &[], Utc::now())
        else {
            panic!()
        };
        assert_eq!(inbound.input, UserInput::Command { name: "close".into(), args: "it works".into() });
    }

    #[test]
    fn topic_messages_in_the_staff_group_are_staff_events() {
        let json = serde_json::json!({"update_id": 8, "message": {"message_id": 2, "date": 1_700_000_000,
            "message_thread_id": 33, "is_topic_message": true,
            "chat": {"id": -100, "type": "supergroup", "title": "Staff", "is_forum": true},
            "from": {"id": 42, "is_bot": false, "first_name": "Marta"}, "text": "/claim"}});
        let event = classify(&update(json.clone()), &[-100], Utc::now());
        assert!(matches!(event, TelegramEvent::Staff { thread_id: 33, from_user_id: 42, .. }), "{event:?}");
        assert_eq!(classify(&update(json), &[], Utc::now()), TelegramEvent::Ignore);
    }

    /// Found by the `telegram_update` fuzz target: a photo whose area does
    /// not fit in u32 made the size comparison overflow (a panic in debug
    /// builds, the wrong photo in release).
    #[test]
    fn a_photo_with_an_area_beyond_u32_picks_the_largest_size() {
        let json = serde_json::json!({"update_id": 2, "message": {"message_id": 7, "date": 0,
            "chat": {"id": 1, "type": "private"}, "from": {"id": 5, "is_bot": false, "first_name": ""},
            "photo": [{"file_id": "small", "file_unique_id": "s", "width": 90, "height": 90, "file_size": 100},
                      {"file_id": "huge", "file_unique_id": "h", "width": 65536, "height": 65536, "file_size": 5000}]}});
        let TelegramEvent::User(inbound) = classify(&update(json), &[], Utc::now()) else { panic!() };
        let UserInput::Attachment(attachment) = inbound.input else { panic!("{:?}", inbound.input) };
        assert_eq!((attachment.kind.as_str(), attachment.size), ("photo", Some(5000)));
    }

    /// An edit used to arrive as a new message: an agent fixing a typo
    /// sent the whole reply again, a user's edited question was asked twice.
    #[test]
    fn edits_name_the_message_they_change() {
        let mut json = private("I forgot my pasword");
        json["edited_message"] = json["message"].take();
        json.as_object_mut().unwrap().remove("message");
        json["edited_message"]["edit_date"] = serde_json::json!(1_700_000_100);
        let TelegramEvent::User(inbound) = classify(&update(json), &[], Utc::now()) else { panic!() };
        assert_eq!(inbound.input, UserInput::Edited("I forgot my pasword".into()));
        assert_eq!(inbound.source.as_deref(), Some("telegram:5:1"));
        let staff = serde_json::json!({"update_id": 9, "edited_message": {"message_id": 4, "date": 1_700_000_000,
            "edit_date": 1_700_000_050, "message_thread_id": 33, "is_topic_message": true,
            "chat": {"id": -100, "type": "supergroup", "title": "Staff", "is_forum": true},
            "from": {"id": 42, "is_bot": false, "first_name": "Marta"}, "text": "fixed typo"}});
        let event = classify(&update(staff), &[-100], Utc::now());
        assert!(
            matches!(&event, TelegramEvent::Staff { edited: true, source, .. } if source == "telegram:-100:4"),
            "{event:?}"
        );
    }

    #[test]
    fn callback_queries_are_choices() {
        let json = serde_json::json!({"update_id": 9, "callback_query": {"id": "q", "chat_instance": "c",
            "from": {"id": 5, "is_bot": false, "first_name": "Ana"}, "data": "not_solved"}});
        let TelegramEvent::User(inbound) = classify(&update(json), &[], Utc::now()) else { panic!() };
        assert_eq!(inbound.input, UserInput::Choice("not_solved".into()));
        assert_eq!(inbound.sender.chat_id, "5");
    }
}
