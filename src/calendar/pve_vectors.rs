//! The test vectors of Proxmox's own calendar events, which PVE's scheduler runs by: proxmox-rs,
//! `proxmox-time/src/test.rs` (`test_compute_next_event`, `test_calendar_event_weekday`) and the
//! examples in `proxmox-time/src/calendar_event.rs`, at commit
//! f3305009a21264dea2771f5c86c818146796125f (github.com/proxmox/proxmox-rs).
//!
//! proxmox-time's test appends ` UTC` to each event and counts seconds since 1970 in UTC. Our
//! events are in the node's local time, given as seconds since 1970 in its zone, so the same
//! numbers hold for a node whose zone is UTC: each vector is ported as it is, without the suffix.
//! Forms we refuse (seconds, the `UTC` suffix) are checked to be refused with a translated message.

use super::*;

const MIN: u64 = 60;
const HOUR: u64 = 3600;
const DAY: u64 = 86_400;

/// `make_test_time(mday, hour, min)` of test.rs: epoch 0 is Thursday 1970-01-01 00:00.
const fn make_test_time(mday: u64, hour: u64, min: u64) -> u64 {
    mday * DAY + hour * HOUR + min * MIN
}

const THURSDAY_00_00: u64 = make_test_time(0, 0, 0);
const THURSDAY_15_00: u64 = make_test_time(0, 15, 0);
/// Friday, 2020-07-31 00:00:00.
const JUL_31_2020: u64 = 1_596_153_600;
/// Thursday, 2020-12-31 00:00:00.
const DEC_31_2020: u64 = 1_609_372_800;

/// `test_value` of test.rs: the next time after `last` must be `expect`; returns it for chains.
fn test_value(event: &str, last: u64, expect: u64) -> u64 {
    let parsed: CalendarEvent = event
        .parse()
        .unwrap_or_else(|e| panic!("{event:?} should parse as in proxmox-time: {e}"));
    assert_eq!(
        parsed.next_after(last),
        Some(expect),
        "next time of {event:?} after {last}"
    );
    expect
}

/// `test_never` of test.rs: the event parses but never comes.
fn test_never(event: &str, last: u64) {
    let parsed: CalendarEvent = event
        .parse()
        .unwrap_or_else(|e| panic!("{event:?} should parse as in proxmox-time: {e}"));
    assert_eq!(parsed.next_after(last), None, "{event:?} should never come");
}

/// A form proxmox-time takes and we do not: refused before anything is sent, with a message in
/// every language that says what to write instead.
fn assert_refused_with_message(event: &str) {
    let error = crate::course::PlanReplication::new("pve2", Some(event))
        .expect_err("a form we do not take must be refused");
    let message = crate::i18n::words::input_error(&error);
    assert_eq!(message.id, "err-replication-schedule", "{event:?}: {error}");
    for language in crate::i18n::Language::ALL {
        assert!(
            crate::i18n::tests::catalog_ids(language).contains(message.id),
            "{language} lacks {}",
            message.id
        );
    }
}

#[test]
fn minute_only_syntax() {
    test_value("0", THURSDAY_00_00, THURSDAY_00_00 + HOUR);
    test_value("*", THURSDAY_00_00, THURSDAY_00_00 + MIN);
    test_value("*:0", THURSDAY_00_00, THURSDAY_00_00 + HOUR);
    test_value("*:*", THURSDAY_00_00, THURSDAY_00_00 + MIN);
}

#[test]
fn seconds_are_refused() {
    // test.rs: "*:*:*" → +1 s, "*:3:5" → +3 min 5 s. Schedules here run on whole minutes.
    for event in ["*:*:*", "*:3:5"] {
        assert!(event.parse::<CalendarEvent>().is_err(), "{event:?}");
        assert_refused_with_message(event);
    }
    // Seconds of 0 are whole minutes: still taken.
    test_value("*:3:0", THURSDAY_00_00, THURSDAY_00_00 + 3 * MIN);
}

#[test]
fn weekdays_and_times() {
    test_value("mon *:*", THURSDAY_00_00, THURSDAY_00_00 + 4 * DAY);
    test_value(
        "mon 2:*",
        THURSDAY_00_00,
        THURSDAY_00_00 + 4 * DAY + 2 * HOUR,
    );
    test_value(
        "mon 2:50",
        THURSDAY_00_00,
        THURSDAY_00_00 + 4 * DAY + 2 * HOUR + 50 * MIN,
    );
    test_value("tue", THURSDAY_00_00, THURSDAY_00_00 + 5 * DAY);
    test_value("wed", THURSDAY_00_00, THURSDAY_00_00 + 6 * DAY);
    test_value("thu", THURSDAY_00_00, THURSDAY_00_00 + 7 * DAY);
    test_value("fri", THURSDAY_00_00, THURSDAY_00_00 + DAY);
    test_value("sat", THURSDAY_00_00, THURSDAY_00_00 + 2 * DAY);
    test_value("sun", THURSDAY_00_00, THURSDAY_00_00 + 3 * DAY);
}

#[test]
fn repeated_ranges_and_lists() {
    test_value("4..10/2:0", THURSDAY_00_00, THURSDAY_00_00 + 4 * HOUR);
    test_value(
        "4..10/2:0",
        THURSDAY_00_00 + 5 * HOUR,
        THURSDAY_00_00 + 6 * HOUR,
    );
    test_value(
        "4..10/2:0",
        THURSDAY_00_00 + 11 * HOUR,
        THURSDAY_00_00 + DAY + 4 * HOUR,
    );
    // Several values for one field, in any order.
    test_value(
        "5,10:4,8",
        THURSDAY_00_00,
        THURSDAY_00_00 + 5 * HOUR + 4 * MIN,
    );
    test_value(
        "10,5:8,4",
        THURSDAY_00_00,
        THURSDAY_00_00 + 5 * HOUR + 4 * MIN,
    );
    test_value(
        "6,4..10:23,5/5",
        THURSDAY_00_00,
        THURSDAY_00_00 + 4 * HOUR + 5 * MIN,
    );
    test_value(
        "4..10,6:5/5,23",
        THURSDAY_00_00,
        THURSDAY_00_00 + 4 * HOUR + 5 * MIN,
    );
}

#[test]
fn weekdays_wrap_over_months_and_years() {
    for (i, day) in ["sat", "sun", "mon", "tue", "wed", "thu", "fri"]
        .into_iter()
        .enumerate()
    {
        let days = i as u64 + 1;
        test_value(day, JUL_31_2020, JUL_31_2020 + days * DAY);
    }
    for (i, day) in ["fri", "sat", "sun", "mon", "tue", "wed", "thu"]
        .into_iter()
        .enumerate()
    {
        let days = i as u64 + 1;
        test_value(day, DEC_31_2020, DEC_31_2020 + days * DAY);
    }
}

#[test]
fn chains_of_next_times() {
    test_value("daily", THURSDAY_00_00, THURSDAY_00_00 + DAY);
    test_value("daily", THURSDAY_00_00 + 1, THURSDAY_00_00 + DAY);

    let n = test_value("5/2:0", THURSDAY_00_00, THURSDAY_00_00 + 5 * HOUR);
    let n = test_value("5/2:0", n, THURSDAY_00_00 + 7 * HOUR);
    let n = test_value("5/2:0", n, THURSDAY_00_00 + 9 * HOUR);
    test_value("5/2:0", n, THURSDAY_00_00 + 11 * HOUR);

    let mut n = test_value("*:*", THURSDAY_00_00, THURSDAY_00_00 + MIN);
    for i in 2..100 {
        n = test_value("*:*", n, THURSDAY_00_00 + i * MIN);
    }
    let mut n = test_value("*:0", THURSDAY_00_00, THURSDAY_00_00 + HOUR);
    for i in 2..100 {
        n = test_value("*:0", n, THURSDAY_00_00 + i * HOUR);
    }
    let mut n = test_value("1:0", THURSDAY_15_00, THURSDAY_00_00 + DAY + HOUR);
    for i in 2..100 {
        n = test_value("1:0", n, THURSDAY_00_00 + i * DAY + HOUR);
    }
}

#[test]
fn dates() {
    test_value("2020-07-31", 0, JUL_31_2020);
    test_value("02-28", 0, (31 + 27) * DAY);
    test_value("02-29", 0, 2 * 365 * DAY + (31 + 28) * DAY); // 1972-02-29
    test_value("2020-7..9-2/2", JUL_31_2020, JUL_31_2020 + 2 * DAY);
    test_value("2020,2021-12-31", JUL_31_2020, DEC_31_2020);
    test_never("2021-02-29", 0);
    test_never("02-30", 0);
}

#[test]
fn years_before_1970_repeat_into_our_range() {
    // test.rs: "1965/5-01-01" after -1 is 0 (1970-01-01). Our clock starts at 0, so the
    // same event is asked after 0: its next year is 1975 (1965 + 2 × 5).
    let event: CalendarEvent = "1965/5-01-01".parse().unwrap();
    let jan_1_1975 = (5 * 365 + 1) * DAY;
    assert_eq!(event.next_after(0), Some(jan_1_1975));
    // And it does take 1970 itself, as PVE's vector says, for any time before it.
    assert_eq!(
        "1965/5-01-01 0:1"
            .parse::<CalendarEvent>()
            .unwrap()
            .next_after(0),
        Some(MIN),
        "1970-01-01 00:01 is in 1965/5"
    );
}

#[test]
fn keyword_shortcuts() {
    test_value("minutely", THURSDAY_00_00, THURSDAY_00_00 + MIN);
    test_value("hourly", THURSDAY_00_00, THURSDAY_00_00 + HOUR);
    test_value("weekly", THURSDAY_00_00, THURSDAY_00_00 + 4 * DAY); // next Monday
    test_value("monthly", 0, 31 * DAY);
    test_value("quarterly", 0, (31 + 28 + 31) * DAY);
    test_value("semiannually", 0, (31 + 28 + 31 + 30 + 31 + 30) * DAY);
    test_value("semi-annually", 0, (31 + 28 + 31 + 30 + 31 + 30) * DAY);
    test_value("yearly", 0, 365 * DAY);
    test_value("annually", 0, 365 * DAY);
}

#[test]
fn weekday_names_and_ranges_parse() {
    // test_calendar_event_weekday: every one parses; the days each stands for are proxmox-time's
    // (week_days.rs: a range that starts after its end wraps over Sunday).
    let days = |event: &str| {
        event
            .parse::<CalendarEvent>()
            .unwrap_or_else(|e| panic!("{event:?}: {e}"))
            .weekdays
            .unwrap()
    };
    assert_eq!(days("mon,wed..fri"), [1, 3, 4, 5]);
    assert_eq!(days("fri..mon"), [0, 1, 5, 6]);
    for (names, day) in [
        (["mon", "MON", "monDay"].as_slice(), 1),
        (&["tue", "Tuesday"], 2),
        (&["wed", "wednesday"], 3),
        (&["thu", "thursday"], 4),
        (&["fri", "friday"], 5),
        (&["sat", "saturday"], 6),
        (&["sun", "sunday"], 0),
    ] {
        for name in names {
            assert_eq!(days(name), [day], "{name}");
        }
    }
    assert_eq!(days("mon..fri"), [1, 2, 3, 4, 5]);
    assert_eq!(days("mon,tue,fri"), [1, 2, 5]);
    assert_eq!(days("mon,tue..wednesday,fri..sat"), [1, 2, 3, 5, 6]);
}

#[test]
fn documented_examples() {
    // calendar_event.rs's doc examples, without their ` UTC` (see the module's comment).
    test_value("daily", 0, DAY);
    test_value("mon..fri *:00", 0, HOUR);
    assert!(
        "2020-07-31 12:00"
            .parse::<CalendarEvent>()
            .unwrap()
            .next_after(0)
            .is_some()
    );
    // verify_calendar_event's examples.
    assert!("daily".parse::<CalendarEvent>().is_ok());
    assert!("mon..fri *:00".parse::<CalendarEvent>().is_ok());
    assert!("not valid!".parse::<CalendarEvent>().is_err());
}

#[test]
fn the_utc_suffix_is_refused() {
    // Every vector of test.rs is written with ` UTC`; our events are in the node's own zone.
    for event in [
        "daily UTC",
        "mon..fri *:00 UTC",
        "2020-07-31 12:00 UTC",
        "0 UTC",
    ] {
        assert_refused_with_message(event);
    }
}
