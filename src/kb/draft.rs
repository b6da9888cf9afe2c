//! `escala kb draft TICKET`: a new article written from a resolved ticket
//! (knowledge-centred support). The user's question becomes a `questions:`
//! entry, the resolution summary and the agents' replies the body; the file
//! is marked `draft: true`, so it is checked but not served until an admin
//! has edited it and removed the flag.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::article::MAX_ID_BYTES;
use crate::domain::text::{fold_accent, normalize};
use crate::domain::{Lang, TicketId};

/// What a draft is made from: the parts of a ticket's history it uses.
#[derive(Debug, Clone)]
pub struct DraftSource {
    pub ticket: TicketId,
    pub lang: Lang,
    pub subject: String,
    /// The user's first message, as they asked it.
    pub question: Option<String>,
    /// The latest resolution summary.
    pub summary: String,
    /// What agents wrote to the user, oldest first.
    pub replies: Vec<String>,
    pub at: DateTime<Utc>,
}

/// A draft article: its id, where it goes below the KB folder, its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub id: String,
    /// `<lang>/drafts/<id>.md`, relative to the KB folder.
    pub relative_path: PathBuf,
    pub text: String,
}

#[derive(Serialize)]
struct FrontMatter<'a> {
    id: &'a str,
    lang: &'a str,
    title: &'a str,
    questions: Vec<String>,
    draft: bool,
    updated: String,
}

/// The longest question or title carried over; an admin shortens it anyway.
const MAX_LINE_CHARS: usize = 300;
/// Replies carried into the body, the latest ones when there are more.
const MAX_REPLIES: usize = 10;

fn one_line(text: &str) -> String {
    let flat = normalize(text).split_whitespace().collect::<Vec<_>>().join(" ");
    flat.chars().take(MAX_LINE_CHARS).collect()
}

/// `ticket-12-cannot-export-invoices`: a slug of the subject behind the
/// ticket number, within the id limit.
fn draft_id(ticket: TicketId, subject: &str) -> String {
    let mut id = format!("ticket-{}", ticket.0);
    let mut dash = true;
    let mut slug = String::new();
    for c in subject.to_lowercase().chars() {
        let c = fold_accent(c);
        if c.is_ascii_alphanumeric() {
            slug.push(c);
            dash = false;
        } else if !dash {
            slug.push('-');
            dash = true;
        }
    }
    let slug = slug.trim_end_matches('-');
    if !slug.is_empty() {
        id.push('-');
        id.push_str(slug);
    }
    if id.len() > MAX_ID_BYTES {
        // Cut at the last word that fits whole (the slug is ASCII), never
        // into the ticket number.
        let prefix = format!("ticket-{}", ticket.0).len();
        let cut = if id.as_bytes()[MAX_ID_BYTES] == b'-' {
            MAX_ID_BYTES
        } else {
            id[..MAX_ID_BYTES].rfind('-').filter(|&at| at >= prefix).unwrap_or(MAX_ID_BYTES)
        };
        id.truncate(cut);
        while id.ends_with('-') {
            id.pop();
        }
    }
    id
}

/// Writes the draft's text; pure, the caller picks the folder and refuses
/// to overwrite.
pub fn draft_article(source: &DraftSource) -> Result<Draft, serde_yaml::Error> {
    let id = draft_id(source.ticket, &source.subject);
    let title = one_line(&source.subject);
    let questions = source.question.as_deref().map(one_line).filter(|q| !q.is_empty()).into_iter().collect();
    let front = FrontMatter {
        id: &id,
        lang: source.lang.code(),
        title: if title.is_empty() { "Draft" } else { &title },
        questions,
        draft: true,
        updated: source.at.format("%Y-%m-%d").to_string(),
    };
    let yaml = serde_yaml::to_string(&front)?;
    let mut body = normalize(source.summary.trim()).trim().to_string();
    let skipped = source.replies.len().saturating_sub(MAX_REPLIES);
    let replies: Vec<String> = source.replies[skipped..]
        .iter()
        .map(|r| normalize(r.trim()).trim().to_string())
        .filter(|r| !r.is_empty())
        .collect();
    if !replies.is_empty() {
        body.push_str("\n\n**What the agent told the user**\n");
        for reply in replies {
            body.push_str("\n> ");
            body.push_str(&reply.replace('\n', "\n> "));
            body.push('\n');
        }
    }
    let text = format!(
        "---\n# Drafted from ticket {ticket} on {date}. Rewrite it for every user (take out names, \
         accounts and anything personal), add questions and tags, then delete `draft: true` and run \
         `escala kb check`.\n{yaml}---\n{body}\n",
        ticket = source.ticket,
        date = source.at.format("%Y-%m-%d"),
    );
    let relative_path = PathBuf::from(source.lang.code()).join("drafts").join(format!("{id}.md"));
    Ok(Draft { id, relative_path, text })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::parse_article;
    use chrono::TimeZone;

    fn source() -> DraftSource {
        DraftSource {
            ticket: TicketId(12),
            lang: Lang::Pt,
            subject: "Não consigo exportar as faturas: erro 500!".into(),
            question: Some("como exporto as faturas?\n---\nid: hijack".into()),
            summary: "Exportar em Faturas → Exportar CSV.".into(),
            replies: vec!["Olá! Vá a Faturas.".into(), "Depois carregue em\nExportar.".into()],
            at: Utc.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).unwrap(),
        }
    }

    #[test]
    fn a_draft_parses_as_an_article_marked_draft_with_the_question_and_replies() {
        let draft = draft_article(&source()).unwrap();
        // 50 bytes whole: cut at the last word that fits in 48.
        assert_eq!(draft.id, "ticket-12-nao-consigo-exportar-as-faturas-erro");
        assert_eq!(draft.relative_path, PathBuf::from(format!("pt/drafts/{}.md", draft.id)));
        let article = parse_article(&draft.relative_path, &draft.text).unwrap();
        assert!(article.draft);
        assert_eq!(article.lang, Lang::Pt);
        // The question's line break and `---` stay inside the YAML string.
        assert_eq!(article.questions, ["como exporto as faturas? --- id: hijack"]);
        assert_eq!(article.id, draft.id);
        assert!(article.body_markdown.starts_with("Exportar em Faturas"), "{}", article.body_markdown);
        assert!(article.body_markdown.contains("> Depois carregue em\n> Exportar."), "{}", article.body_markdown);
    }

    #[test]
    fn long_or_symbol_only_subjects_still_give_a_valid_id() {
        let long = DraftSource { subject: "a".repeat(200), ..source() };
        assert!(draft_article(&long).unwrap().id.len() <= MAX_ID_BYTES);
        let symbols = DraftSource { subject: "???".into(), ..source() };
        let draft = draft_article(&symbols).unwrap();
        assert_eq!(draft.id, "ticket-12");
        parse_article(&draft.relative_path, &draft.text).unwrap();
    }
}
