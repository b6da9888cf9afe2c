//! The PNG of `escala stats --png`, drawn from a two-week synthetic history:
//! it must decode as a PNG of the advertised size with more than a blank
//! canvas. `ESCALA_WRITE_SAMPLE=1 cargo test --test metrics_chart` also
//! refreshes the README's sample, docs/stats-sample.png.

use std::path::PathBuf;

use chrono::{Duration, TimeZone, Utc};
use escala::domain::sla::{Calendar, ClockKind};
use escala::domain::{Channel, ContactId, ConversationEnd, ConversationId, Lang, Level, Priority, Ticket, TicketId};
use escala::stats::{self, CHART_SIZE};
use escala::store::{ConversationStatRow, SlaClockStatRow, StatsInput, TicketEventStatRow};

/// Fourteen days of a plausible help desk, varied by a fixed pattern.
fn two_weeks() -> (StatsInput, chrono::DateTime<Utc>, chrono::DateTime<Utc>) {
    let start = Utc.with_ymd_and_hms(2026, 11, 10, 0, 0, 0).unwrap();
    let mut input = StatsInput::default();
    let mut ticket_id = 0;
    for day in 0..14i64 {
        let weekday_load = [1.0, 1.2, 1.1, 1.0, 0.9, 0.4, 0.3][(day % 7) as usize];
        let conversations = (30.0 * weekday_load) as i64 + day % 3;
        for n in 0..conversations {
            input.conversations.push(ConversationStatRow {
                id: ConversationId(day * 100 + n),
                channel: Channel::Telegram,
                lang: Lang::En,
                started_at: start + Duration::days(day) + Duration::minutes(9 * 60 + n * 13),
                outcome: Some(if n % 3 == 0 { ConversationEnd::Ticket } else { ConversationEnd::Deflected }),
            });
        }
        for n in 0..conversations / 3 {
            ticket_id += 1;
            let opened = start + Duration::days(day) + Duration::minutes(9 * 60 + n * 39);
            let id = TicketId(ticket_id);
            let mut ticket = Ticket::opened(
                id,
                ContactId(ticket_id),
                Channel::Telegram,
                Lang::En,
                Level::L1,
                Priority::Normal,
                "subject".into(),
                opened,
            );
            let response = [4, 9, 22, 35, 50, 75, 130, 300, 700, 1600][(ticket_id % 10) as usize];
            ticket.first_response_at = Some(opened + Duration::minutes(response));
            let level = [Level::L1, Level::L1, Level::L2, Level::L1, Level::L3][(ticket_id % 5) as usize];
            // First answers over an hour break the L1 promise now and then.
            input.sla_clocks.push(SlaClockStatRow {
                ticket: id,
                clock: ClockKind::FirstResponse,
                level,
                priority: Priority::Normal,
                target_secs: 3600,
                breached_at: (response > 60 + (ticket_id % 3) * 100).then(|| opened + Duration::hours(1)),
                met_at: Some(opened + Duration::minutes(response)),
                handed_over_at: None,
            });
            let event = |at, kind: &str, payload| TicketEventStatRow {
                ticket: id,
                at,
                actor: "console:rui".into(),
                ticket_level: level,
                ticket_assignee: Some("rui".into()),
                kind: kind.into(),
                payload,
            };
            if ticket_id % 5 != 0 {
                let resolved = opened + Duration::minutes(response * 3 + 60);
                ticket.resolved_at = Some(resolved);
                let target = Duration::hours(8);
                input.sla_clocks.push(SlaClockStatRow {
                    clock: ClockKind::Resolution,
                    target_secs: target.num_seconds(),
                    breached_at: (resolved - opened > target).then(|| opened + target),
                    met_at: Some(resolved),
                    ..input.sla_clocks.last().unwrap().clone()
                });
                let score = [5, 4, 5, 3, 5, 4, 2, 5, 4, 1][(ticket_id % 10) as usize] - (day % 4 == 3) as u8;
                input.events.push(event(
                    resolved,
                    "resolved",
                    serde_json::json!({"kind": "resolved", "summary": "done"}),
                ));
                let rated = serde_json::json!({"kind": "rated", "score": score.max(1), "comment": null});
                input.events.push(event(resolved + Duration::minutes(5), "rated", rated));
            }
            input.tickets.push(ticket);
        }
    }
    (input, start, start + Duration::days(13) + Duration::hours(23))
}

#[test]
fn the_png_decodes_at_the_chart_size_and_is_not_blank() {
    let (input, since, until) = two_weeks();
    let report = stats::compute(&input, since, until, &Calendar::Always);
    assert_eq!(report.daily.len(), 14);
    assert!(report.csat.trend.iter().filter(|d| d.average.is_some()).count() >= 13, "a CSAT point most days");
    assert_eq!(report.sla.by_level.len(), 3, "L1, L2 and L3 compliance bars");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stats.png");
    stats::draw_png(&report, &path).unwrap();

    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut pixels).unwrap();
    assert_eq!((frame.width, frame.height), CHART_SIZE);
    let pixels = &pixels[..frame.buffer_size()];
    // Axes, bars, lines and text: many pixels are not the white background.
    let inked = pixels.chunks(3).filter(|p| p.iter().any(|c| *c < 200)).count();
    assert!(inked > 20_000, "only {inked} non-white pixels");

    if std::env::var_os("ESCALA_WRITE_SAMPLE").is_some() {
        let sample = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/stats-sample.png");
        std::fs::copy(&path, sample).unwrap();
    }
}
