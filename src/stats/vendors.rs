//! Level 4 per vendor: the tickets that waited on each vendor in the
//! window, how long the waits that ended took (wall time: the customer's
//! wait), how many still go on, and the vendor's contracted clocks kept.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::domain::sla::ClockKind;
use crate::domain::{Ticket, TicketEvent, TicketId};
use crate::store::SlaClockStatRow;

use super::figures::{Durations, Ratio};
use super::history::Histories;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VendorFigures {
    pub vendor: String,
    /// Tickets that began to wait on the vendor in the window.
    pub tickets: u64,
    /// Waits that began and ended in the window, in wall seconds.
    pub waits: Durations,
    /// Waits begun in the window that still go on.
    pub waiting: u64,
    /// The vendor's contracted response and resolution clocks (of the
    /// cohort's tickets) kept / finished.
    pub response: Ratio,
    pub resolution: Ratio,
}

#[derive(Default)]
struct Tally {
    tickets: Vec<TicketId>,
    waits: Vec<i64>,
    waiting: u64,
}

/// Whether `event` takes a ticket out of waiting on its vendor.
fn ends_wait(event: &TicketEvent) -> bool {
    matches!(
        event,
        TicketEvent::Resumed
            | TicketEvent::Resolved { .. }
            | TicketEvent::Closed { .. }
            | TicketEvent::Deescalated { .. }
            | TicketEvent::WaitingOnUser
            | TicketEvent::WaitingOnVendor { .. }
    )
}

pub(super) fn vendors(tickets: &[Ticket], histories: &Histories, clocks: &[SlaClockStatRow]) -> Vec<VendorFigures> {
    let mut by_vendor: BTreeMap<String, Tally> = BTreeMap::new();
    // The vendor each ticket waited on last, for its clocks.
    let mut vendor_of: HashMap<TicketId, String> =
        tickets.iter().filter_map(|t| Some((t.id, t.vendor.clone()?))).collect();
    let mut ids: Vec<TicketId> = histories.all().map(|(id, _)| id).collect();
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        let mut open: Option<(String, chrono::DateTime<chrono::Utc>)> = None;
        for entry in histories.of(id) {
            if open.is_some() && ends_wait(&entry.event) {
                if let Some((vendor, since)) = open.take() {
                    by_vendor.entry(vendor).or_default().waits.push((entry.at - since).num_seconds().max(0));
                }
            }
            if let TicketEvent::WaitingOnVendor { vendor, .. } = &entry.event {
                let tally = by_vendor.entry(vendor.clone()).or_default();
                if !tally.tickets.contains(&id) {
                    tally.tickets.push(id);
                }
                vendor_of.insert(id, vendor.clone());
                open = Some((vendor.clone(), entry.at));
            }
        }
        if let Some((vendor, _)) = open {
            by_vendor.entry(vendor).or_default().waiting += 1;
        }
    }
    let kept = |vendor: &str, kind: ClockKind| {
        let finished: Vec<&SlaClockStatRow> = clocks
            .iter()
            .filter(|c| c.clock == kind && vendor_of.get(&c.ticket).is_some_and(|v| v == vendor))
            .filter(|c| c.met_at.is_some() || c.breached_at.is_some())
            .collect();
        Ratio::new(finished.iter().filter(|c| c.breached_at.is_none()).count() as u64, finished.len() as u64)
    };
    by_vendor
        .into_iter()
        .map(|(vendor, tally)| VendorFigures {
            tickets: tally.tickets.len() as u64,
            waits: Durations::of(&tally.waits),
            waiting: tally.waiting,
            response: kept(&vendor, ClockKind::VendorResponse),
            resolution: kept(&vendor, ClockKind::VendorResolution),
            vendor,
        })
        .collect()
}
