//! Calendar events (`src/calendar.rs`), as a plan's replication schedule gives them. Events are
//! built from proxmox-time's grammar together with the values each part stands for; the next
//! time is then checked against a plain scan, minute by minute, of the days in between.

use proptest::prelude::*;
use pve_ha_wizard::calendar::CalendarEvent;
use pve_ha_wizard::course::{InputError, PlanReplication};

use super::{assert_translated, config};

/// A part of an event as text, and the values it stands for (`None`: every value).
type Part = (String, Option<Vec<u32>>);

fn number(value: u32) -> impl Strategy<Value = String> {
    prop_oneof![Just(value.to_string()), Just(format!("{value:02}"))]
}

/// One item of a comma list: `5`, `1..5`, `1..5/2`, `5/2`, `5/0`. Values are drawn from
/// `lo..=hi` and repetitions from `1..=step_max`; `max` is the field's largest value, where a
/// `5/2` ends.
fn item(max: u32, lo: u32, hi: u32, step_max: u32) -> impl Strategy<Value = Part> {
    (lo..=hi, lo..=hi, 1..=step_max, 0..5u8).prop_flat_map(move |(a, b, step, form)| {
        let (from, to) = (a.min(b), a.max(b));
        let texts = (number(from), number(to), number(step));
        texts.prop_map(move |(from_text, to_text, step_text)| match form {
            0 => (from_text, Some(vec![from])),
            1 => (
                format!("{from_text}..{to_text}"),
                Some((from..=to).collect()),
            ),
            2 => (
                format!("{from_text}..{to_text}/{step_text}"),
                Some((from..=to).step_by(step as usize).collect()),
            ),
            3 => (
                format!("{from_text}/{step_text}"),
                Some((from..=max).step_by(step as usize).collect()),
            ),
            // A repetition of 0 is the first value alone, in proxmox-time.
            _ => (format!("{from_text}/0"), Some(vec![from])),
        })
    })
}

/// A component of a field of `min..=max`: `*`, `*/N` (from `min`), or a list of items.
fn component(min: u32, max: u32, lo: u32, hi: u32, step_max: u32) -> impl Strategy<Value = Part> {
    prop_oneof![
        1 => Just(("*".to_owned(), None)),
        1 => (1..=step_max).prop_map(move |step| {
            (format!("*/{step}"), Some((min..=max).step_by(step as usize).collect()))
        }),
        3 => prop::collection::vec(item(max, lo, hi, step_max), 1..4).prop_map(|items| {
            let text = items.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>().join(",");
            let mut values: Vec<u32> = items.into_iter().flat_map(|(_, v)| v.unwrap_or_default()).collect();
            values.sort_unstable();
            values.dedup();
            (text, Some(values))
        }),
    ]
}

/// A whole field: every value may be drawn, every repetition up to the largest value.
fn field(min: u32, max: u32) -> impl Strategy<Value = Part> {
    component(min, max, min, max, max)
}

const DAYS: [(&str, &str); 7] = [
    ("sun", "sunday"),
    ("mon", "monday"),
    ("tue", "tuesday"),
    ("wed", "wednesday"),
    ("thu", "thursday"),
    ("fri", "friday"),
    ("sat", "saturday"),
];

fn day_name(day: u32) -> impl Strategy<Value = String> {
    let (short, long) = DAYS[day as usize];
    (prop_oneof![Just(short), Just(long)], any::<bool>()).prop_map(|(name, upper)| {
        if upper {
            name.to_ascii_uppercase()
        } else {
            name.to_owned()
        }
    })
}

/// `mon`, `fri..mon` (wrapping over the weekend), or a list of those.
fn weekdays() -> impl Strategy<Value = Part> {
    let range = (0..7u32, 0..7u32, any::<bool>()).prop_flat_map(|(from, to, single)| {
        (day_name(from), day_name(to)).prop_map(move |(a, b)| {
            if single {
                (a, Some(vec![from]))
            } else {
                let days = (0..7)
                    .map(|i| (from + i) % 7)
                    .take(((to + 7 - from) % 7 + 1) as usize);
                (format!("{a}..{b}"), Some(days.collect()))
            }
        })
    });
    prop::collection::vec(range, 1..3).prop_map(|items| {
        let text = items
            .iter()
            .map(|(t, _)| t.as_str())
            .collect::<Vec<_>>()
            .join(",");
        let mut days: Vec<u32> = items
            .into_iter()
            .flat_map(|(_, v)| v.unwrap_or_default())
            .collect();
        days.sort_unstable();
        days.dedup();
        (text, Some(days))
    })
}

/// What an event stands for.
#[derive(Clone, Debug, Default)]
struct Expected {
    weekdays: Option<Vec<u32>>,
    years: Option<Vec<u32>>,
    months: Option<Vec<u32>>,
    days: Option<Vec<u32>>,
    hours: Option<Vec<u32>>,
    minutes: Option<Vec<u32>>,
}

fn has(values: &Option<Vec<u32>>, value: u32) -> bool {
    values.as_ref().is_none_or(|v| v.contains(&value))
}

impl Expected {
    fn day(&self, date: time::Date) -> bool {
        has(
            &self.weekdays,
            u32::from(date.weekday().number_days_from_sunday()),
        ) && has(&self.years, date.year() as u32)
            && has(&self.months, u32::from(u8::from(date.month())))
            && has(&self.days, u32::from(date.day()))
    }

    fn minute(&self, minute_of_day: u32) -> bool {
        has(&self.hours, minute_of_day / 60) && has(&self.minutes, minute_of_day % 60)
    }

    /// The first matching minute after `last`, by a plain scan of the days up to 2199 (the last
    /// year an event can name), skipping years and months that do not match.
    fn scan(&self, last: u64) -> Option<u64> {
        let start = (last / 60 + 1) * 60;
        let first = time::OffsetDateTime::from_unix_timestamp(start as i64)
            .unwrap()
            .date();
        let mut date = first;
        while date.year() < 2200 {
            if !has(&self.years, date.year() as u32) {
                date = time::Date::from_calendar_date(date.year() + 1, time::Month::January, 1)
                    .unwrap();
                continue;
            }
            if !has(&self.months, u32::from(u8::from(date.month()))) {
                let (year, month) = match date.month() {
                    time::Month::December => (date.year() + 1, time::Month::January),
                    month => (date.year(), month.next()),
                };
                date = time::Date::from_calendar_date(year, month, 1).unwrap();
                continue;
            }
            if self.day(date) {
                let from = if date == first {
                    (start % 86_400 / 60) as u32
                } else {
                    0
                };
                if let Some(minute) = (from..1440).find(|m| self.minute(*m)) {
                    let midnight = date.midnight().assume_utc().unix_timestamp() as u64;
                    return Some(midnight + u64::from(minute) * 60);
                }
            }
            date = date.next_day().unwrap();
        }
        None
    }
}

/// An event of weekdays, a date and a time, each optional (one at least), with what it means.
/// Days of the month are drawn from 1..28 (`month_day_events_come_when_the_date_exists` covers
/// the others), and years are drawn from 2020..2045 with short repetitions, so the scan stays short.
fn event() -> impl Strategy<Value = (String, Expected)> {
    let date = (
        prop::option::of(component(0, 2199, 2020, 2045, 6)),
        field(1, 12),
        // Every set of days then has one that every month has.
        component(1, 31, 1, 28, 28),
    );
    let time = (
        prop::option::of(field(0, 23)),
        field(0, 59),
        prop_oneof![Just(""), Just(":0"), Just(":00"), Just(":0..0")],
    );
    (
        prop::option::of(weekdays()),
        prop::option::of(date),
        prop::option::of(time),
    )
        .prop_filter("an event has a part", |(w, d, t)| {
            w.is_some() || d.is_some() || t.is_some()
        })
        .prop_map(|(weekdays, date, time)| {
            let mut parts = Vec::new();
            let mut expected = Expected {
                hours: Some(vec![0]),
                minutes: Some(vec![0]),
                ..Expected::default()
            };
            if let Some((text, days)) = weekdays {
                parts.push(text);
                expected.weekdays = days;
            }
            if let Some((year, (month_text, months), (day_text, days))) = date {
                match year {
                    Some((year_text, years)) => {
                        parts.push(format!("{year_text}-{month_text}-{day_text}"));
                        expected.years = years;
                    }
                    None => parts.push(format!("{month_text}-{day_text}")),
                }
                expected.months = months;
                expected.days = days;
            }
            if let Some((hour, (minute_text, minutes), seconds)) = time {
                match hour {
                    Some((hour_text, hours)) => {
                        parts.push(format!("{hour_text}:{minute_text}{seconds}"));
                        expected.hours = hours;
                    }
                    // A lone component is the minutes of every hour (no seconds then).
                    None => {
                        parts.push(minute_text);
                        expected.hours = None;
                    }
                }
                expected.minutes = minutes;
            }
            (parts.join(" "), expected)
        })
}

/// 2020-01-01 to 2030-01-01.
fn moment() -> impl Strategy<Value = u64> {
    1_577_836_800..1_893_456_000u64
}

fn refusal_is_translated(text: &str) -> Result<(), TestCaseError> {
    match PlanReplication::new("pve2", Some(text)) {
        Err(error @ InputError::ReplicationSchedule { .. }) => {
            assert_translated(&pve_ha_wizard::i18n::words::input_error(&error), text)
        }
        other => Err(TestCaseError::fail(format!("{text:?}: {other:?}"))),
    }
}

fn check_any(text: &str, last: u64) -> Result<(), TestCaseError> {
    match text.parse::<CalendarEvent>() {
        Ok(event) => {
            if let Some(next) = event.next_after(last) {
                prop_assert!(
                    next > last && next % 60 == 0,
                    "{text:?} after {last}: {next}"
                );
            }
            if text.trim().len() <= 128 {
                prop_assert!(PlanReplication::new("pve2", Some(text)).is_ok(), "{text:?}");
            }
        }
        Err(_) => refusal_is_translated(text)?,
    }
    Ok(())
}

/// One way to spoil an event, each refused by proxmox-time too.
fn spoil() -> impl Strategy<Value = String> {
    prop_oneof![
        (60..100u32).prop_map(|m| format!("12:{m}")),
        (24..100u32).prop_map(|h| format!("{h}:00")),
        (13..100u32).prop_map(|m| format!("{m}-01")),
        (32..100u32).prop_map(|d| format!("*-*-{d}")),
        (2200..5000u32).prop_map(|y| format!("{y}-01-01")),
        (1..60u32).prop_map(|s| format!("12:00:{s}")),
        (60..200u32).prop_map(|s| format!("*/{s}")),
        Just("*/0".to_owned()),
        Just("*,5".to_owned()),
        Just("+5".to_owned()),
        (1..59u32).prop_map(|a| format!("{}..{a}", a + 1)),
        "[a-z]{4,9}".prop_filter("not a day or keyword", |w| {
            !DAYS.iter().any(|(s, l)| w == s || w == l)
                && ![
                    "minutely",
                    "hourly",
                    "daily",
                    "weekly",
                    "monthly",
                    "yearly",
                    "annually",
                    "quarterly",
                    "semiannually",
                ]
                .contains(&w.as_str())
        }),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn junk_is_never_a_panic(text in any::<String>(), last in any::<u64>()) {
        check_any(&text, last)?;
    }

    #[test]
    fn near_events_are_never_a_panic(text in "[0-9a-z*/., :\\-]{0,24}", last in any::<u64>()) {
        check_any(&text, last)?;
    }

    #[test]
    fn events_come_at_the_first_minute_they_match((text, expected) in event(), last in moment()) {
        let event: CalendarEvent = text.parse().map_err(|e| TestCaseError::fail(format!("{text:?}: {e}")))?;
        let scanned = expected.scan(last);
        prop_assert_eq!(event.next_after(last), scanned, "{:?} after {}", text, last);
        // A replication's schedule is a `pve-calendar-event` of at most 128 characters.
        prop_assert_eq!(PlanReplication::new("pve2", Some(&text)).is_ok(), text.len() <= 128, "{:?}", text);
    }

    #[test]
    fn month_day_events_come_when_the_date_exists(month in 1..=12u32, day in 1..=31u32, last in moment()) {
        let text = format!("{month}-{day}");
        let event: CalendarEvent = text.parse().map_err(|e| TestCaseError::fail(format!("{text:?}: {e}")))?;
        let longest = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month as usize - 1];
        let expected = Expected { months: Some(vec![month]), days: Some(vec![day]), hours: Some(vec![0]), minutes: Some(vec![0]), ..Expected::default() };
        let scanned = expected.scan(last);
        prop_assert_eq!(scanned.is_some(), day <= longest, "{}", text);
        prop_assert_eq!(event.next_after(last), scanned, "{} after {}", text, last);
    }

    #[test]
    fn spoilt_events_are_refused((text, _) in event(), bad in spoil(), at_end in any::<bool>()) {
        // The spoilt part alone, or after a good event (where it is one part too many).
        let spoilt = if at_end { format!("{text} {bad}") } else { bad };
        prop_assert!(spoilt.parse::<CalendarEvent>().is_err(), "{:?} should be refused", spoilt);
        refusal_is_translated(&spoilt)?;
    }

    #[test]
    fn the_utc_suffix_is_refused((text, _) in event()) {
        let with_zone = format!("{text} UTC");
        prop_assert!(with_zone.parse::<CalendarEvent>().is_err());
        refusal_is_translated(&with_zone)?;
    }
}
