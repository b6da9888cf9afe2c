//! Level 2's callbacks: the phone number a user gives, checked and written
//! in E.164 with the user's country as the default, the window in which the
//! team promises to call (today or tomorrow, morning or afternoon, or a
//! time the user types) in the support team's time zone, and how the
//! number is shown outside staff spaces.

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// When the team calls: the first of these from now, in the team's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayPart {
    Morning,
    Afternoon,
}

impl DayPart {
    /// Local working hours of the part of the day.
    fn hours(self) -> (u32, u32) {
        match self {
            DayPart::Morning => (9, 12),
            DayPart::Afternoon => (14, 18),
        }
    }
}

/// The promise: the call comes between `start` and `end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CallbackWindow {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl CallbackWindow {
    pub fn secs(&self) -> i64 {
        (self.end - self.start).num_seconds().max(60)
    }

    /// "2026-12-03 09:00–12:00" in `zone`.
    pub fn local(&self, zone: Tz) -> String {
        let (start, end) = (self.start.with_timezone(&zone), self.end.with_timezone(&zone));
        format!("{}–{}", start.format("%Y-%m-%d %H:%M"), end.format("%H:%M"))
    }
}

fn at_local(zone: Tz, date: chrono::NaiveDate, hour: u32, minute: u32) -> Option<DateTime<Utc>> {
    let time = NaiveTime::from_hms_opt(hour, minute, 0)?;
    // A time skipped by a clock change does not exist; an ambiguous one
    // takes its first occurrence.
    zone.from_local_datetime(&date.and_time(time)).earliest().map(|t| t.with_timezone(&Utc))
}

/// Today's or tomorrow's morning or afternoon in `zone`, from `now` on;
/// `None` if that part of the day is already over.
pub fn part_window(zone: Tz, now: DateTime<Utc>, tomorrow: bool, part: DayPart) -> Option<CallbackWindow> {
    let mut date = now.with_timezone(&zone).date_naive();
    if tomorrow {
        date = date.succ_opt()?;
    }
    let (from, to) = part.hours();
    let (start, end) = (at_local(zone, date, from, 0)?, at_local(zone, date, to, 0)?);
    (end > now + Duration::minutes(15)).then(|| CallbackWindow { start: start.max(now), end })
}

/// Words for "tomorrow" in the four languages.
const TOMORROW: [&str; 5] = ["tomorrow", "amanhã", "amanha", "mañana", "demà"];

/// A time the user typed ("15:30", "tomorrow 9:00", "amanhã 10h"): the hour
/// from it, today if still ahead (else tomorrow), within the next two days.
pub fn typed_window(text: &str, zone: Tz, now: DateTime<Utc>) -> Option<CallbackWindow> {
    let lower = text.trim().to_lowercase();
    if lower.chars().count() > 40 {
        return None;
    }
    let tomorrow = TOMORROW.iter().any(|word| lower.contains(word));
    let time = lower.split_whitespace().find_map(|word| {
        let word = word.trim_end_matches(['.', ',']);
        let (hour, minute) = match word.split_once([':', 'h']) {
            Some((h, m)) => (h.parse::<u32>().ok()?, if m.is_empty() { 0 } else { m.parse::<u32>().ok()? }),
            None => return None,
        };
        (hour < 24 && minute < 60).then_some((hour, minute))
    })?;
    let today = now.with_timezone(&zone).date_naive();
    let window = |date: chrono::NaiveDate| {
        let start = at_local(zone, date, time.0, time.1)?;
        Some(CallbackWindow { start, end: start + Duration::hours(1) })
    };
    let first = window(if tomorrow { today.succ_opt()? } else { today })?;
    if first.start > now {
        Some(first)
    } else if !tomorrow {
        window(today.succ_opt()?)
    } else {
        None
    }
}

/// What became of a requested callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CallbackState {
    /// Waiting for its window.
    Requested,
    Done,
    /// The team called and nobody answered; the user was offered a new time.
    Missed,
    /// Replaced by a new window.
    Rescheduled,
    /// The user withdrew it (and their number).
    Cancelled,
}

impl CallbackState {
    pub const ALL: [CallbackState; 5] = [
        CallbackState::Requested,
        CallbackState::Done,
        CallbackState::Missed,
        CallbackState::Rescheduled,
        CallbackState::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CallbackState::Requested => "requested",
            CallbackState::Done => "done",
            CallbackState::Missed => "missed",
            CallbackState::Rescheduled => "rescheduled",
            CallbackState::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<CallbackState> {
        CallbackState::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// One callback of a ticket, as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Callback {
    /// `None` until first saved.
    pub id: Option<i64>,
    pub ticket: super::TicketId,
    /// E.164; `None` once the user removed it or it was erased.
    pub phone: Option<String>,
    pub window: CallbackWindow,
    pub note: Option<String>,
    pub state: CallbackState,
    pub outcome: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Why a phone number was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneError {
    /// Not a number at all, or too long to be one.
    NotANumber,
    /// A number, but no real one in its country (or no country known).
    Invalid,
}

/// The number in E.164 (`+351912345678`), read with `region` (an ISO
/// country code such as `PT`) as the country of a number without `+`.
pub fn normalize_phone(text: &str, region: Option<&str>) -> Result<String, PhoneError> {
    let text = text.trim();
    if text.chars().count() > 32 || !text.chars().any(|c| c.is_ascii_digit()) {
        return Err(PhoneError::NotANumber);
    }
    if text.chars().any(|c| !(c.is_ascii_digit() || " +-().".contains(c))) {
        return Err(PhoneError::NotANumber);
    }
    let country = region.and_then(|r| r.to_ascii_uppercase().parse::<phonenumber::country::Id>().ok());
    let number = phonenumber::parse(country, text).map_err(|_| PhoneError::Invalid)?;
    if !phonenumber::is_valid(&number) {
        return Err(PhoneError::Invalid);
    }
    Ok(number.format().mode(phonenumber::Mode::E164).to_string())
}

/// The country a user's numbers default to, from their platform locale
/// (`pt-BR` → BR) or, without a region, their language's main country.
pub fn default_region(locale: Option<&str>, lang: super::Lang) -> Option<String> {
    if let Some(region) = locale.and_then(|l| l.split(['-', '_']).nth(1)).filter(|r| r.len() == 2) {
        return Some(region.to_ascii_uppercase());
    }
    match lang {
        super::Lang::Pt => Some("PT".into()),
        super::Lang::Es | super::Lang::Ca => Some("ES".into()),
        super::Lang::En => None,
    }
}

/// A number as shown outside staff spaces: the country code and the last
/// three digits (`+351•••••678`).
pub fn mask_phone(e164: &str) -> String {
    let digits: Vec<char> = e164.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 7 {
        return "•••".to_string();
    }
    let head: String = digits[..3].iter().collect();
    let tail: String = digits[digits.len() - 3..].iter().collect();
    format!("+{head}{}{tail}", "•".repeat(digits.len() - 6))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lisbon() -> Tz {
        chrono_tz::Europe::Lisbon
    }

    #[test]
    fn numbers_are_read_in_the_users_country_and_written_in_e164() {
        assert_eq!(normalize_phone("912 345 678", Some("PT")), Ok("+351912345678".into()));
        assert_eq!(normalize_phone("+34 612 34 56 78", Some("PT")), Ok("+34612345678".into()));
        assert_eq!(normalize_phone("(11) 91234-5678", Some("BR")), Ok("+5511912345678".into()));
        assert_eq!(normalize_phone("912 345 678", None), Err(PhoneError::Invalid), "no country, no +");
        assert_eq!(normalize_phone("123", Some("PT")), Err(PhoneError::Invalid));
        assert_eq!(normalize_phone("call me maybe", Some("PT")), Err(PhoneError::NotANumber));
        assert_eq!(normalize_phone("+351\u{1b}[2J912", Some("PT")), Err(PhoneError::NotANumber));
        assert_eq!(normalize_phone(&"9".repeat(500), Some("PT")), Err(PhoneError::NotANumber));
        assert_eq!(default_region(Some("pt-BR"), super::super::Lang::Pt).as_deref(), Some("BR"));
        assert_eq!(default_region(Some("ca"), super::super::Lang::Ca).as_deref(), Some("ES"));
        assert_eq!(default_region(Some("en"), super::super::Lang::En), None);
        assert_eq!(mask_phone("+351912345678"), "+351••••••678");
    }

    #[test]
    fn a_window_is_the_next_morning_or_afternoon_or_the_hour_the_user_typed() {
        // 2026-12-02 10:30 in Lisbon (UTC+0 in winter).
        let now = Utc.with_ymd_and_hms(2026, 12, 2, 10, 30, 0).unwrap();
        let morning = part_window(lisbon(), now, false, DayPart::Morning).unwrap();
        assert_eq!((morning.start, morning.end.format("%H:%M").to_string()), (now, "12:00".into()));
        let late = Utc.with_ymd_and_hms(2026, 12, 2, 11, 50, 0).unwrap();
        assert_eq!(part_window(lisbon(), late, false, DayPart::Morning), None, "this morning is over");
        let tomorrow = part_window(lisbon(), now, true, DayPart::Afternoon).unwrap();
        assert_eq!(tomorrow.local(lisbon()), "2026-12-03 14:00–18:00");
        assert_eq!(typed_window("15:30", lisbon(), now).unwrap().local(lisbon()), "2026-12-02 15:30–16:30");
        assert_eq!(typed_window("9:00", lisbon(), now).unwrap().local(lisbon()), "2026-12-03 09:00–10:00");
        assert_eq!(typed_window("amanhã 10h", lisbon(), now).unwrap().local(lisbon()), "2026-12-03 10:00–11:00");
        assert_eq!(typed_window("whenever", lisbon(), now), None);
        assert_eq!(typed_window("25:00", lisbon(), now), None);
    }
}
