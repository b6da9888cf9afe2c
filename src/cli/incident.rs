//! `escala incident …`: edits the incident files, then announces the change
//! at once (a running bot delivers what this enqueues; it would also find
//! the change itself at its next sweep).

use std::process::ExitCode;

use chrono::Utc;
use escala::config::Config;
use escala::engine::{Agent, StaffAction};
use escala::kb::incident::{create_incident_file, update_incident_files, INCIDENTS_DIR};
use escala::kb::IncidentStatus;
use escala::runtime::{App, KbUse};

use super::args::IncidentCommand;
use super::joined;

pub async fn run(config: Config, command: IncidentCommand) -> anyhow::Result<ExitCode> {
    let dir = config.kb.dir.clone();
    let (action, id) = match &command {
        IncidentCommand::Open { id, .. } => ("incident.open", id.clone()),
        IncidentCommand::Update { id, .. } => ("incident.update", id.clone()),
        IncidentCommand::Resolve { id, .. } => ("incident.resolve", id.clone()),
        IncidentCommand::Link { id, .. } => ("incident.link", id.clone()),
        IncidentCommand::List => ("incident.list", String::new()),
    };
    let changed = match command {
        IncidentCommand::List => {
            let app = App::open_with(config, KbUse::Incidents).await?;
            let kb = app.kb.load();
            if kb.incidents().is_empty() {
                super::out::line(format_args!("no incidents in {}", dir.join(INCIDENTS_DIR).display()))?;
            }
            for incident in kb.incidents().iter() {
                let tickets = app.engine.incident_tickets(&incident.id).await?;
                let tickets: Vec<String> = tickets.iter().map(ToString::to_string).collect();
                let langs: Vec<&str> = incident.notices.iter().map(|n| n.lang.code()).collect();
                super::out::line(format_args!(
                    "{:<24} {:<13} {:<11} tickets: {:<10} {}",
                    incident.id,
                    incident.status.as_str(),
                    langs.join(","),
                    if tickets.is_empty() { "-".to_string() } else { tickets.join(",") },
                    incident.notice(app.engine.settings().fallback_lang).title
                ))?;
            }
            return Ok(ExitCode::SUCCESS);
        }
        IncidentCommand::Link { id, ticket } => {
            let app = App::open_with(config, KbUse::Incidents).await?;
            let agent = Agent::operator("operator");
            app.engine.staff(&agent, ticket, StaffAction::LinkIncident { id: id.clone() }, Utc::now()).await?;
            let payload = serde_json::json!({ "incident": id, "ticket": ticket.to_string() });
            app.engine.audit(&super::audit::operator(None), action, payload, Utc::now()).await?;
            super::out::line(format_args!("ticket {ticket} linked to incident {id}"))?;
            return Ok(ExitCode::SUCCESS);
        }
        IncidentCommand::Open { id, title, keywords, lang, status, message } => {
            let keywords: Vec<String> =
                keywords.split(',').map(|k| k.trim().to_string()).filter(|k| !k.is_empty()).collect();
            vec![create_incident_file(&dir, &id, status, lang, &title, &keywords, &joined(&message))?]
        }
        IncidentCommand::Update { id, status, lang, message } => {
            update_incident_files(&dir, &id, status, lang, Some(&joined(&message)))?
        }
        IncidentCommand::Resolve { id, lang, message } => {
            let message = (!message.is_empty()).then(|| joined(&message));
            update_incident_files(&dir, &id, IncidentStatus::Resolved, lang, message.as_deref())?
        }
    };
    for path in &changed {
        super::out::line(format_args!("wrote {}", path.display()))?;
    }
    let app = App::open_with(config, KbUse::Incidents).await?;
    let files: Vec<String> = changed.iter().map(|p| p.display().to_string()).collect();
    let operator = super::audit::operator(None);
    app.engine.audit(&operator, action, serde_json::json!({ "incident": id, "files": files }), Utc::now()).await?;
    let announced = app.engine.sync_incidents(Utc::now()).await?;
    super::out::line(format_args!("{announced} incident update(s) announced to subscribers and staff"))?;
    Ok(ExitCode::SUCCESS)
}
