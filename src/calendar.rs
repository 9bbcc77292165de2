//! Calendar events as Proxmox VE's schedules take them (`pve-calendar-event`, a subset of
//! systemd's): `*/30`, `22:30`, `mon..fri 8:00`, `sat *-*-01..07 2:00`, `hourly`, `daily`.
//!
//! Shared by the plan (a schedule is checked before any call) and the lab (which validates it
//! as PVE does and runs replication jobs by it). Times are local wall-clock times, given here as
//! seconds since 1970 in the node's time zone. The forms taken and refused, against proxmox-time
//! (which PVE's scheduler uses), are listed in `docs/FIDELITY.md` ("Calendar events"); its test
//! vectors are in `calendar/pve_vectors.rs`.

use std::str::FromStr;

/// Why a text is not a calendar event (pve-common's and proxmox-time's wording).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CalendarError(String);

/// Which values of one field match: `None` for every value.
type Field = Option<Vec<u32>>;

/// A parsed calendar event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarEvent {
    /// Days of the week, 0 = Sunday.
    weekdays: Field,
    years: Field,
    months: Field,
    days: Field,
    hours: Field,
    minutes: Field,
}

const WEEKDAYS: [(&str, &str); 7] = [
    ("sun", "sunday"),
    ("mon", "monday"),
    ("tue", "tuesday"),
    ("wed", "wednesday"),
    ("thu", "thursday"),
    ("fri", "friday"),
    ("sat", "saturday"),
];

fn weekday(name: &str) -> Option<u32> {
    let name = name.to_ascii_lowercase();
    WEEKDAYS
        .iter()
        .position(|(short, long)| name == *short || name == *long)
        .and_then(|i| u32::try_from(i).ok())
}

fn unparsable(rest: &str) -> CalendarError {
    CalendarError(format!("unable to parse calendar event at '{rest}'"))
}

/// `mon`, `mon..fri`, `sat,sun`.
fn parse_weekdays(spec: &str) -> Result<Vec<u32>, CalendarError> {
    let mut days = Vec::new();
    for part in spec.split(',') {
        match part.split_once("..") {
            Some((from, to)) => {
                let (Some(from), Some(to)) = (weekday(from), weekday(to)) else {
                    return Err(unparsable(part));
                };
                // `fri..mon` wraps over the weekend, as in systemd.
                let mut day = from;
                loop {
                    days.push(day);
                    if day == to {
                        break;
                    }
                    day = (day + 1) % 7;
                }
            }
            None => days.push(weekday(part).ok_or_else(|| unparsable(part))?),
        }
    }
    days.sort_unstable();
    days.dedup();
    Ok(days)
}

/// A number as proxmox-time reads one: decimal digits only (no sign), up to `max`.
fn parse_number(text: &str, max: u32) -> Result<u32, CalendarError> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(unparsable(text));
    }
    let value: u32 = text.parse().map_err(|_| unparsable(text))?;
    if value > max {
        return Err(CalendarError(format!("value '{value}' out of range")));
    }
    Ok(value)
}

/// One component: `*`, `*/15`, or a comma list of `5`, `1..5`, `0/20`, `8..18/2`.
///
/// As in proxmox-time, `*` stands alone (`*,5` is refused), a repetition is at most the field's
/// largest value, and `5/0` or `1..5/0` is the first value only (`*/0` is refused).
fn parse_component(spec: &str, min: u32, max: u32) -> Result<Field, CalendarError> {
    if spec == "*" {
        return Ok(None);
    }
    if let Some(repeat) = spec.strip_prefix("*/") {
        let repeat = parse_number(repeat, max).map_err(|_| unparsable(spec))?;
        if repeat == 0 {
            return Err(unparsable(spec));
        }
        return Ok(Some((min..=max).step_by(repeat as usize).collect()));
    }
    let mut values = Vec::new();
    for part in spec.split(',') {
        let (range, repeat) = match part.split_once('/') {
            Some((range, repeat)) => (range, Some(parse_number(repeat, max)?)),
            None => (part, None),
        };
        let (from, to) = match range.split_once("..") {
            Some((from, to)) => (parse_number(from, max)?, parse_number(to, max)?),
            None if repeat.is_some() => (parse_number(range, max)?, max),
            None => {
                let value = parse_number(range, max)?;
                (value, value)
            }
        };
        if from < min {
            return Err(CalendarError(format!("value '{from}' out of range")));
        }
        if to < from {
            return Err(CalendarError("range start is bigger than end".to_owned()));
        }
        match repeat {
            Some(0) => values.push(from),
            step => values.extend((from..=to).step_by(step.unwrap_or(1) as usize)),
        }
    }
    values.sort_unstable();
    values.dedup();
    Ok(Some(values))
}

impl FromStr for CalendarEvent {
    type Err = CalendarError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        if text.is_empty() {
            return Err(CalendarError(
                "unable to parse calendar event - event is empty".to_owned(),
            ));
        }
        let every = |minutes: Field, hours: Field, days: Field, months: Field| Self {
            weekdays: None,
            years: None,
            months,
            days,
            hours,
            minutes,
        };
        let zero = || Some(vec![0]);
        let first = || Some(vec![1]);
        match text {
            "minutely" => return Ok(every(None, None, None, None)),
            "hourly" => return Ok(every(zero(), None, None, None)),
            "daily" => return Ok(every(zero(), zero(), None, None)),
            "weekly" => {
                return Ok(Self {
                    weekdays: Some(vec![1]),
                    ..every(zero(), zero(), None, None)
                });
            }
            "monthly" => return Ok(every(zero(), zero(), first(), None)),
            "yearly" | "annually" => return Ok(every(zero(), zero(), first(), first())),
            "quarterly" => return Ok(every(zero(), zero(), first(), Some(vec![1, 4, 7, 10]))),
            "semiannually" | "semi-annually" => {
                return Ok(every(zero(), zero(), first(), Some(vec![1, 7])));
            }
            _ => {}
        }
        let mut event = every(zero(), zero(), None, None);
        let mut parts = text.split_whitespace().peekable();
        if let Some(spec) = parts.next_if(|p| p.starts_with(|c: char| c.is_ascii_alphabetic())) {
            event.weekdays = Some(parse_weekdays(spec)?);
        }
        if let Some(spec) = parts.next_if(|p| p.contains('-')) {
            let components: Vec<&str> = spec.split('-').collect();
            let (year, month, day) = match components.as_slice() {
                [year, month, day] => (Some(*year), *month, *day),
                [month, day] => (None, *month, *day),
                _ => return Err(unparsable(spec)),
            };
            event.years = match year {
                // proxmox-time's years end at 2199, systemd's limit.
                Some(year) => parse_component(year, 0, 2199)?,
                None => None,
            };
            event.months = parse_component(month, 1, 12)?;
            event.days = parse_component(day, 1, 31)?;
        }
        if let Some(spec) = parts.next() {
            let components: Vec<&str> = spec.split(':').collect();
            let (hour, minute) = match components.as_slice() {
                // A single component is the minutes, every hour (`*/15`).
                [minute] => ("*", *minute),
                [hour, minute] => (*hour, *minute),
                // Schedules run on whole minutes here: seconds, if given, must be 0.
                [hour, minute, second] if parse_component(second, 0, 59)? == Some(vec![0]) => {
                    (*hour, *minute)
                }
                _ => return Err(unparsable(spec)),
            };
            event.hours = parse_component(hour, 0, 23)?;
            event.minutes = parse_component(minute, 0, 59)?;
        }
        if let Some(rest) = parts.next() {
            return Err(unparsable(rest));
        }
        Ok(event)
    }
}

fn matches(field: &Field, value: u32) -> bool {
    // Every list is sorted and without repeats.
    field
        .as_ref()
        .is_none_or(|values| values.binary_search(&value).is_ok())
}

/// The Gregorian calendar repeats every 400 years: what matches no day in 400 years never does.
const YEARS_AHEAD: i32 = 400;

impl CalendarEvent {
    /// The first time strictly after `last` (local seconds since 1970, whole minutes) that the
    /// event matches, as proxmox-time's `compute_next_event` finds it; `None` if it never comes.
    pub fn next_after(&self, last: u64) -> Option<u64> {
        let start = (last / 60).checked_add(1)?.checked_mul(60)?;
        let start = time::OffsetDateTime::from_unix_timestamp(i64::try_from(start).ok()?).ok()?;
        let first_year = start.year();
        for year in first_year..first_year.saturating_add(YEARS_AHEAD) {
            if !matches(&self.years, u32::try_from(year).ok()?) {
                continue;
            }
            for month_number in 1..=12u8 {
                let Ok(month) = time::Month::try_from(month_number) else {
                    continue;
                };
                if !matches(&self.months, u32::from(month_number)) {
                    continue;
                }
                for day in 1..=month.length(year) {
                    // Past the dates `time` can write: nothing later can be found either.
                    let date = time::Date::from_calendar_date(year, month, day).ok()?;
                    if date < start.date() || !self.day_matches(date) {
                        continue;
                    }
                    let first_minute = if date == start.date() {
                        u32::from(start.hour()) * 60 + u32::from(start.minute())
                    } else {
                        0
                    };
                    let Some(minute) = (first_minute..1440).find(|minute| {
                        matches(&self.hours, minute / 60) && matches(&self.minutes, minute % 60)
                    }) else {
                        continue;
                    };
                    let midnight =
                        u64::try_from(date.midnight().assume_utc().unix_timestamp()).ok()?;
                    return midnight.checked_add(u64::from(minute) * 60);
                }
            }
        }
        None
    }

    fn day_matches(&self, date: time::Date) -> bool {
        matches(&self.days, u32::from(date.day()))
            && matches(
                &self.weekdays,
                u32::from(date.weekday().number_days_from_sunday()),
            )
    }
}

#[cfg(test)]
mod pve_vectors;

#[cfg(test)]
mod tests {
    use super::*;

    fn next(event: &str, last: u64) -> u64 {
        event
            .parse::<CalendarEvent>()
            .unwrap()
            .next_after(last)
            .unwrap()
    }

    #[test]
    fn schedules_run_when_pve_runs_them() {
        // 2026-11-25 10:07:00 is a Wednesday.
        let wednesday = 1_795_601_220;
        assert_eq!(next("*/30", wednesday), wednesday + 23 * 60, "10:30");
        assert_eq!(next("*/15", wednesday), wednesday + 8 * 60, "10:15");
        assert_eq!(next("22:30", wednesday), wednesday + (12 * 60 + 23) * 60);
        assert_eq!(next("hourly", wednesday), wednesday + 53 * 60, "11:00");
        assert_eq!(next("daily", wednesday), wednesday + (13 * 60 + 53) * 60);
        assert_eq!(
            next("sat 2:00", wednesday),
            wednesday + ((2 * 24 + 15) * 60 + 53) * 60,
            "Saturday 02:00"
        );
        assert_eq!(
            next("mon..fri 8..17:0/20", wednesday),
            wednesday + 13 * 60,
            "10:20"
        );
        assert_eq!(
            next("*-12-01", wednesday),
            wednesday + ((5 * 24 + 13) * 60 + 53) * 60
        );
    }

    #[test]
    fn bad_events_are_refused_with_pve_wording() {
        for bad in ["", "*/x", "25:00", "*/0", "someday", "10:00 extra", "1..0"] {
            assert!(
                bad.parse::<CalendarEvent>().is_err(),
                "{bad:?} should be refused"
            );
        }
        assert_eq!(
            "61".parse::<CalendarEvent>().unwrap_err().to_string(),
            "value '61' out of range"
        );
        assert_eq!(
            "".parse::<CalendarEvent>().unwrap_err().to_string(),
            "unable to parse calendar event - event is empty"
        );
    }
}
