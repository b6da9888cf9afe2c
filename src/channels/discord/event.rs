//! Pure translation of what the gateway dispatches into what escala
//! understands: a user's `Inbound` (a DM, a slash command, a button or menu
//! press), a message in a guild channel (maybe a ticket's thread), or
//! nothing.

use chrono::{DateTime, Utc};
use serenity::all::{
    CommandDataOptionValue, CommandInteraction, ComponentInteraction, ComponentInteractionDataKind, Message,
    MessageType, MessageUpdateEvent, User,
};

use crate::domain::{Attachment, Channel, Inbound, Sender, UserInput};

use super::render::PICK_MENU;

#[derive(Debug, Clone, PartialEq)]
pub enum DiscordEvent {
    User(Inbound),
    /// A person wrote in a guild channel: a reply, note or command if the
    /// channel is a ticket's forum post.
    Guild(GuildText),
    Ignore,
}

/// What someone wrote in a guild channel, with what decides their rights.
#[derive(Debug, Clone, PartialEq)]
pub struct GuildText {
    pub channel_id: u64,
    pub author_id: u64,
    pub author_name: String,
    pub roles: Vec<u64>,
    pub text: String,
    /// `discord:<channel>:<message>`, the message written (none for a slash
    /// command, which leaves no message to edit).
    pub source: Option<String>,
    /// `text` is the new text of that earlier message.
    pub edited: bool,
    /// A file posted with it (`text` is its caption, maybe empty).
    pub attachment: Option<Attachment>,
}

/// How escala names a Discord message for relaying its edits and deletion.
pub fn source_of(channel: u64, message: u64) -> String {
    format!("discord:{channel}:{message}")
}

/// Classifies one `MESSAGE_CREATE`. Bots (escala itself included) and
/// system messages are ignored.
pub fn classify_message(message: &Message) -> DiscordEvent {
    if message.author.bot
        || message.author.system
        || !matches!(message.kind, MessageType::Regular | MessageType::InlineReply)
    {
        return DiscordEvent::Ignore;
    }
    let first = message.attachments.first().map(|file| file_of(file, &message.content));
    if message.guild_id.is_some() {
        let text = message.content.trim().to_string();
        if text.is_empty() && first.is_none() {
            return DiscordEvent::Ignore;
        }
        return DiscordEvent::Guild(guild_text(message, text, first, None));
    }
    let input = match first {
        Some(file) => UserInput::Attachment(file),
        None => UserInput::typed(&message.content),
    };
    DiscordEvent::User(user_inbound(message, message.id.get().to_string(), input))
}

/// The second and later files of a message, one event each (keyed by the
/// message and the file's place), with no caption: the first carried it.
pub fn extra_files(message: &Message) -> Vec<(String, DiscordEvent)> {
    if matches!(classify_message(message), DiscordEvent::Ignore) {
        return Vec::new();
    }
    message
        .attachments
        .iter()
        .enumerate()
        .skip(1)
        .map(|(n, file)| {
            let key = format!("{}:file:{n}", message.id.get());
            let file = file_of(file, "");
            let event = if message.guild_id.is_some() {
                DiscordEvent::Guild(guild_text(message, String::new(), Some(file), Some(n)))
            } else {
                DiscordEvent::User(user_inbound(message, key.clone(), UserInput::Attachment(file)))
            };
            (key, event)
        })
        .collect()
}

fn guild_text(message: &Message, text: String, attachment: Option<Attachment>, file: Option<usize>) -> GuildText {
    let member = message.member.as_deref();
    let source = source_of(message.channel_id.get(), message.id.get());
    GuildText {
        channel_id: message.channel_id.get(),
        author_id: message.author.id.get(),
        author_name: member.and_then(|m| m.nick.clone()).unwrap_or_else(|| display_name(&message.author)),
        roles: member.map(|m| m.roles.iter().map(|r| r.get()).collect()).unwrap_or_default(),
        text,
        // Edits and deletions follow the message, which its first file shares.
        source: if file.is_none() { Some(source) } else { None },
        edited: false,
        attachment,
    }
}

fn user_inbound(message: &Message, key: String, input: UserInput) -> Inbound {
    let at = DateTime::<Utc>::from_timestamp(message.timestamp.unix_timestamp(), 0).unwrap_or_else(Utc::now);
    // Only the message's first event answers for its edits and deletion.
    let first = key == message.id.get().to_string();
    let mut inbound = inbound(key, &message.author, None, input, at);
    inbound.source = first.then(|| source_of(message.channel_id.get(), message.id.get()));
    inbound
}

/// A Discord attachment as escala keeps it: its CDN URL (short-lived, so
/// the sender downloads it at once) and its id, with the message's text.
fn file_of(file: &serenity::all::Attachment, caption: &str) -> Attachment {
    Attachment {
        kind: file.content_type.clone().unwrap_or_else(|| "application/octet-stream".into()),
        reference: file.url.clone(),
        name: Some(file.filename.clone()),
        size: Some(u64::from(file.size)),
        origin: Some(Channel::Discord),
        file_id: Some(file.id.get().to_string()),
        caption: Some(caption.trim().to_string()).filter(|c| !c.is_empty()),
        content: None,
    }
}

/// Classifies one `MESSAGE_UPDATE`: a changed text of someone's message.
/// Embeds unfurling (no `edited_timestamp`), bots and empty texts are
/// ignored. Only its author can edit a Discord message, so the rights
/// checked when the original was handled still hold.
pub fn classify_update(update: &MessageUpdateEvent, now: DateTime<Utc>) -> DiscordEvent {
    let (Some(author), Some(content), Some(edited_at)) = (&update.author, &update.content, update.edited_timestamp)
    else {
        return DiscordEvent::Ignore;
    };
    if author.bot || author.system || content.trim().is_empty() {
        return DiscordEvent::Ignore;
    }
    let source = source_of(update.channel_id.get(), update.id.get());
    if update.guild_id.is_some() {
        return DiscordEvent::Guild(GuildText {
            channel_id: update.channel_id.get(),
            author_id: author.id.get(),
            author_name: display_name(author),
            roles: Vec::new(),
            text: content.trim().to_string(),
            source: Some(source),
            edited: true,
            attachment: None,
        });
    }
    let at = DateTime::<Utc>::from_timestamp(edited_at.unix_timestamp(), 0).unwrap_or(now);
    // The message id alone is the original's key: an edit is keyed by when.
    let key = format!("{}:edit:{}", update.id.get(), edited_at.unix_timestamp());
    let mut inbound = inbound(key, author, None, UserInput::Edited(content.clone()), at);
    inbound.source = Some(source);
    DiscordEvent::User(inbound)
}

fn inbound(key: String, user: &User, locale: Option<String>, input: UserInput, at: DateTime<Utc>) -> Inbound {
    Inbound {
        channel: Channel::Discord,
        key: Some(key),
        // Replies always go to the user's DM, whether they wrote there or
        // used a slash command in a guild; the sender opens the DM.
        sender: Sender {
            external_id: user.id.to_string(),
            chat_id: user.id.to_string(),
            display_name: display_name(user),
            locale,
        },
        input,
        at,
        source: None,
    }
}

pub fn display_name(user: &User) -> String {
    user.global_name.clone().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| user.name.clone())
}

/// A slash command as the text an agent or user would have typed:
/// `/help question` → `("help", "question")`.
pub fn command_text(command: &CommandInteraction) -> (String, String) {
    let args: Vec<String> = command
        .data
        .options
        .iter()
        .filter_map(|o| match &o.value {
            CommandDataOptionValue::String(s) => Some(s.trim().to_string()),
            CommandDataOptionValue::Integer(n) => Some(n.to_string()),
            _ => None,
        })
        .filter(|s| !s.is_empty())
        .collect();
    (command.data.name.to_ascii_lowercase(), args.join(" "))
}

/// A slash command from a user; the interaction's locale picks the language.
pub fn command_inbound(command: &CommandInteraction, now: DateTime<Utc>) -> Inbound {
    let (name, args) = command_text(command);
    let input = UserInput::Command { name, args };
    inbound(command.id.get().to_string(), &command.user, Some(command.locale.clone()), input, now)
}

/// A button or menu press; `None` for components escala did not send.
pub fn component_inbound(component: &ComponentInteraction, now: DateTime<Utc>) -> Option<Inbound> {
    let data = match &component.data.kind {
        ComponentInteractionDataKind::Button => component.data.custom_id.clone(),
        ComponentInteractionDataKind::StringSelect { values } if component.data.custom_id == PICK_MENU => {
            values.first()?.clone()
        }
        _ => return None,
    };
    let locale = Some(component.locale.clone());
    Some(inbound(component.id.get().to_string(), &component.user, locale, UserInput::Choice(data), now))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn user() -> serde_json::Value {
        json!({"id": "5001", "username": "ana", "discriminator": "0", "global_name": "Ana", "avatar": null})
    }

    fn message(extra: serde_json::Value) -> Message {
        let mut m = json!({"id": "77", "channel_id": "900", "author": user(), "content": "hello",
            "timestamp": "2026-11-23T09:00:00+00:00", "edited_timestamp": null, "tts": false,
            "mention_everyone": false, "mentions": [], "mention_roles": [], "attachments": [], "embeds": [],
            "pinned": false, "type": 0});
        for (k, v) in extra.as_object().unwrap() {
            m[k] = v.clone();
        }
        serde_json::from_value(m).unwrap()
    }

    #[test]
    fn direct_messages_are_user_input_keyed_by_message_id() {
        let DiscordEvent::User(inbound) = classify_message(&message(json!({}))) else { panic!() };
        assert_eq!(inbound.key.as_deref(), Some("77"));
        assert_eq!(inbound.sender.chat_id, "5001");
        assert_eq!(inbound.sender.display_name, "Ana");
        assert_eq!(inbound.input, UserInput::Text("hello".into()));
        let DiscordEvent::User(inbound) = classify_message(&message(json!({"content": "/close it works"}))) else {
            panic!()
        };
        assert_eq!(inbound.input, UserInput::Command { name: "close".into(), args: "it works".into() });
    }

    #[test]
    fn guild_messages_carry_roles_and_bots_are_ignored() {
        let event = classify_message(&message(json!({"guild_id": "1", "channel_id": "4242",
            "member": {"roles": ["10", "11"], "deaf": false, "mute": false, "joined_at": "2026-01-01T00:00:00+00:00"}})));
        let DiscordEvent::Guild(said) = event else { panic!("{event:?}") };
        assert_eq!((said.channel_id, said.roles), (4242, vec![10, 11]));
        let mut bot = user();
        bot["bot"] = json!(true);
        assert_eq!(classify_message(&message(json!({"author": bot}))), DiscordEvent::Ignore);
    }
}
