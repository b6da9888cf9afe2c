//! Level 2's remote sessions (TeamViewer, AnyDesk, RustDesk…): an agent
//! offers one (`/remote TOOL [CODE]`), the user gets the download links and
//! gives or refuses consent with buttons, the session code the user then
//! types reaches staff as a code block and is kept masked in the history,
//! and `/remote end [summary]` closes it. Each step is a ticket event.

use std::sync::LazyLock;

use regex::Regex;

use crate::domain::text::markdown_literal;
use crate::domain::{Choice, Lang, TextFormat, Ticket, TicketEvent, TicketId};
use crate::store::Contact;

use super::dialogue::choice;
use super::i18n::t;
use super::turn::Turn;
use super::{Agent, Engine, EngineError};

/// A remote-support tool staff may offer, with where users download it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteTool {
    /// What staff type after `/remote` (lowercase).
    pub id: String,
    /// How users read its name.
    pub name: String,
    /// `(operating system, download link)`, in the order shown.
    pub download: Vec<(String, String)>,
}

impl RemoteTool {
    fn new(id: &str, name: &str, download: &[(&str, &str)]) -> RemoteTool {
        RemoteTool {
            id: id.to_string(),
            name: name.to_string(),
            download: download.iter().map(|(os, url)| (os.to_string(), url.to_string())).collect(),
        }
    }

    /// The tools offered when none are configured, with their makers'
    /// download pages.
    pub fn defaults() -> Vec<RemoteTool> {
        vec![
            RemoteTool::new(
                "anydesk",
                "AnyDesk",
                &[("Windows, macOS, Linux, Android, iOS", "https://anydesk.com/en/downloads")],
            ),
            RemoteTool::new(
                "rustdesk",
                "RustDesk",
                &[("Windows, macOS, Linux, Android", "https://github.com/rustdesk/rustdesk/releases/latest")],
            ),
            RemoteTool::new(
                "teamviewer",
                "TeamViewer",
                &[("Windows, macOS, Linux, Android, iOS", "https://www.teamviewer.com/en/download/")],
            ),
        ]
    }
}

/// The events of a ticket's remote session, newest last.
const REMOTE_KINDS: [&str; 4] = ["remote_offered", "remote_consent", "remote_started", "remote_ended"];

/// A session code as users type them: 6 to 12 digits, grouped by spaces or
/// dashes ("123 456 789", "1-234-567-890").
static SESSION_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\d(?:[ -]?\d){5,11}\b").expect("the session code pattern compiles"));

/// The code in `text`, if any, and the text with it masked but for its
/// last three digits.
pub(super) fn find_session_code(text: &str) -> Option<(String, String)> {
    let found = SESSION_CODE.find(text)?;
    let code = found.as_str().to_string();
    let digits: Vec<char> = code.chars().filter(char::is_ascii_digit).collect();
    let shown: String = digits[digits.len() - 3..].iter().collect();
    let masked = format!("{}{}{}", &text[..found.start()], format_args!("•••{shown}"), &text[found.end()..]);
    Some((code, masked))
}

fn consent_buttons(lang: Lang, ticket: TicketId) -> Vec<Choice> {
    choice::consent_buttons(choice::REMOTE_CONSENT_PREFIX, lang, ticket, "button-remote-allow", "button-remote-refuse")
}

/// `remote:12:no` → ticket 12, consent refused.
pub(super) fn parse_consent(data: &str) -> Option<(TicketId, bool)> {
    choice::parse_consent(choice::REMOTE_CONSENT_PREFIX, data)
}

/// Where a ticket's remote session stands, read from its latest event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Session {
    None,
    Offered {
        tool: String,
        code: Option<String>,
    },
    /// Consent given; `started` once a code came or was given.
    Allowed {
        tool: String,
        started: bool,
    },
}

pub(super) async fn session(turn: &mut Turn, ticket: TicketId) -> Result<Session, EngineError> {
    let Some(row) = turn.tx.last_event(ticket, &REMOTE_KINDS).await? else { return Ok(Session::None) };
    Ok(match serde_json::from_value::<TicketEvent>(row.payload) {
        Ok(TicketEvent::RemoteOffered { tool, code }) => Session::Offered { tool, code },
        Ok(TicketEvent::RemoteConsent { tool, given: true }) => Session::Allowed { tool, started: false },
        Ok(TicketEvent::RemoteStarted { tool }) => Session::Allowed { tool, started: true },
        _ => Session::None,
    })
}

impl Engine {
    fn remote_tool(&self, id: &str) -> Result<RemoteTool, EngineError> {
        let wanted = id.to_lowercase();
        if let Some(tool) = self.settings.remote_tools.iter().find(|t| t.id == wanted) {
            return Ok(tool.clone());
        }
        let known = self.settings.remote_tools.iter().map(|t| t.id.as_str()).collect::<Vec<_>>().join(", ");
        let shown: String = id.chars().take(40).collect();
        let lang = self.settings.staff_lang;
        Err(EngineError::Invalid(t(lang, "staff-unknown-remote-tool", &[("tool", shown), ("known", known)])))
    }

    /// `/remote TOOL [CODE]`: the user gets the download links (and the
    /// code to enter, if staff gave one) and is asked for consent.
    pub(super) async fn offer_remote(
        &self,
        turn: &mut Turn,
        agent: &Agent,
        contact: &Contact,
        ticket: &Ticket,
        tool: &str,
        code: Option<String>,
    ) -> Result<(), EngineError> {
        let tool = self.remote_tool(tool)?;
        // The code is given to the user now and kept masked afterwards.
        let kept = code.as_deref().map(|code| {
            let digits: Vec<char> = code.chars().collect();
            format!("•••{}", digits[digits.len().saturating_sub(3)..].iter().collect::<String>())
        });
        let event = TicketEvent::RemoteOffered { tool: tool.name.clone(), code: kept };
        let offered = ticket.apply(&event, turn.now)?;
        turn.save_ticket(ticket, &offered, &event, &agent.id).await?;
        let lang = ticket.lang;
        let links: String = tool
            .download
            .iter()
            .map(|(os, url)| format!("\n• {}: {}", markdown_literal(os), markdown_literal(url)))
            .collect();
        let mut text = t(
            lang,
            "remote-offer",
            &[
                ("agent", markdown_literal(&self.signature(&agent.display_name, lang))),
                ("tool", markdown_literal(&tool.name)),
                ("links", links),
            ],
        );
        if let Some(code) = &code {
            text.push_str("\n\n");
            text.push_str(&t(lang, "remote-offer-code", &[("code", markdown_literal(code))]));
        }
        turn.send_user(contact, text, TextFormat::Markdown, consent_buttons(lang, ticket.id));
        let staff_lang = self.settings.staff_lang;
        let args = [("agent", agent.display_name.clone()), ("tool", tool.name)];
        turn.send_staff(&offered, t(staff_lang, "staff-remote-offered", &args), None);
        Ok(())
    }

    /// The user's answer to a remote-session offer; `false` when the
    /// button no longer matches an open offer on the user's ticket.
    pub(super) async fn remote_consent_answer(
        &self,
        turn: &mut Turn,
        contact: &Contact,
        id: TicketId,
        given: bool,
    ) -> Result<bool, EngineError> {
        let Some(ticket) = turn.users_active_ticket(contact, id).await? else { return Ok(false) };
        let Session::Offered { tool, code } = session(turn, id).await? else { return Ok(false) };
        turn.about(id);
        let lang = ticket.lang;
        let staff_lang = self.settings.staff_lang;
        let event = TicketEvent::RemoteConsent { tool: tool.clone(), given };
        let label = t(lang, if given { "button-remote-allow" } else { "button-remote-refuse" }, &[]);
        let answered = turn.record_users_answer(contact, &ticket, &event, &label).await?;
        if !given {
            turn.send_staff(&answered, t(staff_lang, "staff-remote-refused", &[("tool", tool)]), None);
            turn.say(contact, lang, "remote-refused", &[]);
            return Ok(true);
        }
        match code {
            // Staff gave the code: the session starts as the user enters it.
            Some(_) => {
                let start = TicketEvent::RemoteStarted { tool: tool.clone() };
                let started = answered.apply(&start, turn.now)?;
                turn.save_ticket(&answered, &started, &start, "user").await?;
                turn.send_staff(
                    &started,
                    t(staff_lang, "staff-remote-allowed-started", &[("tool", tool.clone())]),
                    None,
                );
                turn.say(contact, lang, "remote-allowed-with-code", &[("tool", markdown_literal(&tool))]);
            }
            None => {
                turn.send_staff(&answered, t(staff_lang, "staff-remote-allowed", &[("tool", tool.clone())]), None);
                turn.say(contact, lang, "remote-allowed", &[("tool", markdown_literal(&tool))]);
            }
        }
        Ok(true)
    }

    /// A user's message on a ticket with an allowed session: a session code
    /// in it goes to staff as a code block and into the history masked.
    /// `None` when the message carries no code (relay it as usual).
    pub(super) async fn remote_code(
        &self,
        turn: &mut Turn,
        contact: &Contact,
        ticket: &Ticket,
        text: &str,
    ) -> Result<Option<String>, EngineError> {
        let Session::Allowed { tool, started } = session(turn, ticket.id).await? else { return Ok(None) };
        let Some((code, masked)) = find_session_code(text) else { return Ok(None) };
        let mut current = ticket.clone();
        if !started {
            let start = TicketEvent::RemoteStarted { tool: tool.clone() };
            let next = current.apply(&start, turn.now)?;
            turn.save_ticket(&current, &next, &start, "user").await?;
            current = next;
        }
        let staff_lang = self.settings.staff_lang;
        // The code is digits, spaces and dashes only: safe inside a fence.
        let heading = t(staff_lang, "staff-remote-code", &[("user", contact.display_name.clone()), ("tool", tool)]);
        let block = format!("{}\n```\n{code}\n```", markdown_literal(&heading));
        turn.send_staff_formatted(&current, block, TextFormat::Markdown);
        if SESSION_CODE.replace(text, "").chars().any(char::is_alphanumeric) {
            // Words around the code still reach staff as the user wrote them.
            turn.relay_to_staff(&current, format!("{}: {masked}", contact.display_name), None);
        }
        Ok(Some(masked))
    }

    /// `/remote end [summary]`: the session is over; the user is told they
    /// can close the tool.
    pub(super) async fn end_remote(
        &self,
        turn: &mut Turn,
        agent: &Agent,
        contact: &Contact,
        ticket: &Ticket,
        summary: Option<String>,
    ) -> Result<(), EngineError> {
        let staff_lang = self.settings.staff_lang;
        let tool = match session(turn, ticket.id).await? {
            Session::Allowed { tool, .. } | Session::Offered { tool, .. } => tool,
            Session::None => return Err(EngineError::Invalid(t(staff_lang, "staff-remote-none", &[]))),
        };
        let event = TicketEvent::RemoteEnded { tool: tool.clone(), summary: summary.clone() };
        let ended = ticket.apply(&event, turn.now)?;
        turn.save_ticket(ticket, &ended, &event, &agent.id).await?;
        let args =
            [("agent", agent.display_name.clone()), ("tool", tool.clone()), ("summary", summary.unwrap_or_default())];
        turn.send_staff(
            &ended,
            t(staff_lang, "staff-remote-ended", &args).trim_end_matches([':', ' ']).to_string(),
            None,
        );
        turn.say(contact, ticket.lang, "remote-ended", &[("tool", markdown_literal(&tool))]);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_code_is_found_as_users_type_it_and_masked_but_for_its_end() {
        assert_eq!(
            find_session_code("my id is 123 456 789, pw later"),
            Some(("123 456 789".to_string(), "my id is •••789, pw later".to_string()))
        );
        assert_eq!(find_session_code("1-234-567-890"), Some(("1-234-567-890".into(), "•••890".into())));
        assert_eq!(find_session_code("call me at 12345"), None, "five digits are not a session code");
        assert_eq!(find_session_code("no digits"), None);
    }

    #[test]
    fn consent_buttons_name_their_ticket_and_nothing_else_parses() {
        assert_eq!(parse_consent("remote:12:yes"), Some((TicketId(12), true)));
        assert_eq!(parse_consent("remote:12:no"), Some((TicketId(12), false)));
        for forged in ["remote:12", "remote:x:yes", "remote:12:maybe", "vendor:12:yes"] {
            assert_eq!(parse_consent(forged), None, "{forged}");
        }
        assert!(choice::REMOTE_CONSENT_PREFIX.len() + 20 + 4 <= 64, "fits Telegram's callback data");
    }
}
