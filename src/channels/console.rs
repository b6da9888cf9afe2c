//! The console channel: a user typing in a terminal (or a script piping
//! lines). Buttons are shown as numbered choices; typing the number presses
//! the button.

use chrono::{DateTime, Utc};

use crate::domain::{Channel, Choice, Inbound, Outbound, Sender, UserInput};

/// One console user's side of the chat: who they are and which numbered
/// choices are on screen.
pub struct ConsoleUser {
    sender: Sender,
    choices: Vec<Choice>,
}

impl ConsoleUser {
    pub fn new(name: &str, locale: Option<String>) -> ConsoleUser {
        ConsoleUser {
            sender: Sender {
                external_id: name.to_string(),
                chat_id: name.to_string(),
                display_name: name.to_string(),
                locale,
            },
            choices: Vec::new(),
        }
    }

    pub fn chat_id(&self) -> &str {
        &self.sender.chat_id
    }

    /// Turns a typed line into an update: `/cmd args`, a choice number, or
    /// text.
    pub fn parse_line(&self, line: &str, at: DateTime<Utc>) -> Inbound {
        let pressed =
            line.trim().parse::<usize>().ok().and_then(|n| n.checked_sub(1)).and_then(|i| self.choices.get(i));
        let input = match pressed {
            Some(choice) => UserInput::Choice(choice.data.clone()),
            None => UserInput::typed(line),
        };
        Inbound { channel: Channel::Console, key: None, sender: self.sender.clone(), input, at, source: None }
    }

    /// Renders a message for the terminal and remembers its choices, so the
    /// next typed number refers to them.
    pub fn render(&mut self, message: &Outbound) -> String {
        let mut text = String::new();
        for (i, line) in message.text.lines().enumerate() {
            text.push_str(if i == 0 { "escala › " } else { "          " });
            text.push_str(line);
            text.push('\n');
        }
        // A document escala wrote (a data export) has no platform to hold
        // it here: it is printed under the message.
        if let Some(file) = message.attachment.as_ref().filter(|f| f.content.is_some()) {
            text.push_str(&format!("          ── {} ──\n", file.file_name()));
            for line in file.content.as_deref().unwrap_or_default().lines() {
                text.push_str("          ");
                text.push_str(line);
                text.push('\n');
            }
        }
        if !message.choices.is_empty() {
            let numbered: Vec<String> =
                message.choices.iter().enumerate().map(|(i, c)| format!("[{}] {}", i + 1, c.label)).collect();
            text.push_str("          ");
            text.push_str(&numbered.join("   "));
            text.push('\n');
            self.choices = message.choices.clone();
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Destination, TextFormat};

    fn now() -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH
    }

    #[test]
    fn a_number_presses_the_choice_shown_last_and_other_numbers_are_text() {
        let mut user = ConsoleUser::new("ana", None);
        let message = Outbound {
            channel: Channel::Console,
            destination: Destination::User { chat_id: "ana".into() },
            text: "pick".into(),
            format: TextFormat::Markdown,
            choices: vec![
                Choice { label: "A".into(), data: "a".into() },
                Choice { label: "B".into(), data: "b".into() },
            ],
            thread: None,
            attachment: None,
            ticket: None,
            relay: false,
            source: None,
            copies: None,
        };
        assert!(user.render(&message).contains("[2] B"));
        assert_eq!(user.parse_line("2", now()).input, UserInput::Choice("b".into()));
        assert_eq!(user.parse_line("3", now()).input, UserInput::Text("3".into()));
        assert_eq!(
            user.parse_line("/close it works", now()).input,
            UserInput::Command { name: "close".into(), args: "it works".into() }
        );
    }
}
