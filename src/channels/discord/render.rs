//! Pure rendering of an `Outbound` for Discord: markdown with people's text
//! escaped, parts of at most 2000 characters cut at paragraph or line
//! boundaries, buttons and a select menu for the choices, and the embed
//! card that opens a ticket's forum post.

use serenity::all::{
    ButtonStyle, CreateActionRow, CreateAllowedMentions, CreateButton, CreateEmbed, CreateSelectMenu,
    CreateSelectMenuKind, CreateSelectMenuOption,
};

use crate::delivery::split::{split, Markup};
use crate::domain::{Choice, Level, Outbound, TextFormat};
use crate::engine::choice;

/// Discord's limit on a message's content.
pub const MAX_MESSAGE_CHARS: usize = 2000;
/// Discord's limit on an embed's description.
pub const MAX_EMBED_CHARS: usize = 4096;
const MAX_TITLE_CHARS: usize = 256;
/// Limits of components: custom ids and option values, labels, and counts.
const MAX_CUSTOM_ID: usize = 100;
const MAX_LABEL: usize = 80;
const MAX_OPTION_LABEL: usize = 100;
const BUTTONS_PER_ROW: usize = 5;
const MAX_ROWS: usize = 5;
/// The custom id of the select menu that offers suggested articles; the
/// picked option's value is the choice.
pub const PICK_MENU: &str = "escala:pick";

/// No mention in anything escala sends may ping anyone: not `@everyone`
/// typed by a user, not a role id pasted by an agent.
pub fn no_mentions() -> CreateAllowedMentions {
    CreateAllowedMentions::new()
}

/// Escapes text written by people so Discord shows it literally: markdown
/// markers, block markers at line starts, mentions and `<…>` tags. Links are
/// left whole so they stay clickable.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        escape_line(line, &mut out);
    }
    out
}

fn escape_line(line: &str, out: &mut String) {
    let rest = line.trim_start();
    out.push_str(&line[..line.len() - rest.len()]);
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let rest = if rest.starts_with(['#', '>', '-', '+']) {
        out.push('\\');
        out.push_str(&rest[..1]);
        &rest[1..]
    } else if digits > 0 && rest[digits..].starts_with(". ") {
        out.push_str(&rest[..digits]);
        out.push('\\');
        &rest[digits..]
    } else {
        rest
    };
    let mut word_start = true;
    let mut in_link = false;
    for (i, c) in rest.char_indices() {
        if word_start {
            in_link = rest[i..].starts_with("https://") || rest[i..].starts_with("http://");
        }
        word_start = c.is_whitespace();
        if in_link && !c.is_whitespace() {
            out.push(c);
            continue;
        }
        match c {
            '\\' | '*' | '_' | '~' | '`' | '|' | '[' | ']' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            '@' => {
                out.push('@');
                // A zero-width space keeps `@everyone` from even looking
                // like a mention; `allowed_mentions` keeps it from pinging.
                if rest[i + 1..].starts_with("everyone") || rest[i + 1..].starts_with("here") {
                    out.push('\u{200B}');
                }
            }
            c => out.push(c),
        }
    }
}

/// The message as Discord markdown parts, in order.
pub fn render(message: &Outbound) -> Vec<String> {
    let text = match message.format {
        TextFormat::Plain => escape(&message.text),
        // Our templates and KB articles are markdown Discord mostly speaks
        // already; only mass mentions are defused.
        TextFormat::Markdown => {
            message.text.replace("@everyone", "@\u{200B}everyone").replace("@here", "@\u{200B}here")
        }
    };
    split(&text, MAX_MESSAGE_CHARS, Markup::Markdown)
}

fn clip(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// The choices as message components: suggested articles in one select
/// menu, everything else as buttons, five per row.
pub fn components(choices: &[Choice]) -> Vec<CreateActionRow> {
    let (articles, buttons): (Vec<&Choice>, Vec<&Choice>) =
        choices.iter().partition(|c| c.data.starts_with(choice::ARTICLE_PREFIX));
    let mut rows = Vec::new();
    if !articles.is_empty() {
        let options = articles
            .iter()
            .take(25)
            .map(|c| CreateSelectMenuOption::new(clip(&c.label, MAX_OPTION_LABEL), clip(&c.data, MAX_CUSTOM_ID)))
            .collect();
        rows.push(CreateActionRow::SelectMenu(CreateSelectMenu::new(
            PICK_MENU,
            CreateSelectMenuKind::String { options },
        )));
    }
    for chunk in buttons.chunks(BUTTONS_PER_ROW) {
        if rows.len() == MAX_ROWS {
            tracing::warn!("more choices than Discord can show; the rest were dropped");
            break;
        }
        let row = chunk
            .iter()
            .map(|c| {
                CreateButton::new(clip(&c.data, MAX_CUSTOM_ID)).label(clip(&c.label, MAX_LABEL)).style(style(&c.data))
            })
            .collect();
        rows.push(CreateActionRow::Buttons(row));
    }
    rows
}

fn style(data: &str) -> ButtonStyle {
    match data {
        choice::SOLVED | choice::FIXED_YES => ButtonStyle::Success,
        choice::NOT_SOLVED | choice::FIXED_NO => ButtonStyle::Danger,
        choice::HUMAN | choice::TICKET_YES => ButtonStyle::Primary,
        _ => ButtonStyle::Secondary,
    }
}

/// The ticket card that opens a forum post: the thread title and the
/// handoff context, escaped, in a colour per level.
pub fn card(title: &str, context: &str, level: Level) -> CreateEmbed {
    let colour = match level {
        Level::L0 | Level::L1 => 0x3498db,
        Level::L2 => 0xf1c40f,
        Level::L3 => 0xe67e22,
        Level::L4 => 0xe74c3c,
    };
    CreateEmbed::new().title(clip(title, MAX_TITLE_CHARS)).description(context.to_string()).colour(colour)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_text_is_escaped_and_mass_mentions_are_defused() {
        assert_eq!(escape("**hi** _x_ `c` ~~s~~ ||sp||"), r"\*\*hi\*\* \_x\_ \`c\` \~\~s\~\~ \|\|sp\|\|");
        assert_eq!(escape("# title\n> quote\n- item\n12. step"), "\\# title\n\\> quote\n\\- item\n12\\. step");
        assert_eq!(escape("hi @everyone and @here"), "hi @\u{200B}everyone and @\u{200B}here");
        assert_eq!(escape("<@123> <#9> [x](y)"), r"\<@123\> \<#9\> \[x\](y)");
        assert_eq!(escape("see https://x.com/a_b*c now_"), r"see https://x.com/a_b*c now\_");
    }

    #[test]
    fn choices_become_buttons_and_suggestions_a_select_menu() {
        let choice = |label: &str, data: &str| Choice { label: label.into(), data: data.into() };
        let rows = components(&[choice("A", "article:a"), choice("B", "article:b"), choice("None", "none")]);
        let json = serde_json::to_value(&rows).unwrap();
        assert_eq!(json[0]["components"][0]["custom_id"], PICK_MENU);
        assert_eq!(json[0]["components"][0]["options"][1]["value"], "article:b");
        assert_eq!(json[1]["components"][0]["custom_id"], "none");
        let many: Vec<Choice> = (1..=7).map(|i| choice(&i.to_string(), &format!("csat:{i}"))).collect();
        assert_eq!(serde_json::to_value(components(&many)).unwrap().as_array().unwrap().len(), 2);
        assert!(serde_json::to_value(no_mentions()).unwrap()["parse"].as_array().unwrap().is_empty());
    }
}
