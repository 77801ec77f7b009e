//! Go's time layouts (`2006-01-02T15:04:05Z07:00`) for Sprig's `date`
//! family, on UTC times given as Unix seconds.

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
];

/// (year, month 1-12, day, hour, minute, second, weekday index from Thursday)
fn civil(t: i64) -> (i64, u32, u32, u32, u32, u32, usize) {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (
        y,
        m,
        d,
        (secs / 3600) as u32,
        (secs / 60 % 60) as u32,
        (secs % 60) as u32,
        days.rem_euclid(7) as usize,
    )
}

pub fn format(layout: &str, t: i64) -> String {
    let (y, mo, d, h, mi, s, wd) = civil(t);
    let tokens: [(&str, String); 22] = [
        ("January", MONTHS[mo as usize - 1].to_string()),
        ("Monday", DAYS[wd].to_string()),
        ("2006", format!("{y:04}")),
        ("Z07:00", "Z".into()),
        ("-07:00", "+00:00".into()),
        ("-0700", "+0000".into()),
        ("Jan", MONTHS[mo as usize - 1][..3].to_string()),
        ("Mon", DAYS[wd][..3].to_string()),
        ("MST", "UTC".into()),
        ("01", format!("{mo:02}")),
        ("02", format!("{d:02}")),
        ("15", format!("{h:02}")),
        (
            "03",
            format!("{:02}", if h % 12 == 0 { 12 } else { h % 12 }),
        ),
        ("04", format!("{mi:02}")),
        ("05", format!("{s:02}")),
        ("06", format!("{:02}", y % 100)),
        ("PM", if h >= 12 { "PM" } else { "AM" }.into()),
        ("_2", format!("{d:>2}")),
        ("1", mo.to_string()),
        ("2", d.to_string()),
        ("3", (if h % 12 == 0 { 12 } else { h % 12 }).to_string()),
        ("4", mi.to_string()),
    ];
    let mut out = String::new();
    let mut rest = layout;
    'outer: while !rest.is_empty() {
        for (tok, val) in &tokens {
            if let Some(r) = rest.strip_prefix(tok) {
                out.push_str(val);
                rest = r;
                continue 'outer;
            }
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// `toDate "2006-01-02" "2024-05-01"`: the layouts charts use.
pub fn parse(layout: &str, value: &str) -> Option<i64> {
    if layout.starts_with("2006-01-02") && value.len() >= 10 {
        let y: i64 = value.get(0..4)?.parse().ok()?;
        let m: i64 = value.get(5..7)?.parse().ok()?;
        let d: i64 = value.get(8..10)?.parse().ok()?;
        let (y2, m2) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
        let era = y2.div_euclid(400);
        let yoe = y2 - era * 400;
        let doy = (153 * m2 + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return Some((era * 146_097 + doe - 719_468) * 86_400);
    }
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn layouts() {
        assert_eq!(
            super::format("2006-01-02T15:04:05Z07:00", 0),
            "1970-01-01T00:00:00Z"
        );
        assert_eq!(
            super::format(
                "2006-01-02",
                super::parse("2006-01-02", "2024-05-01").unwrap()
            ),
            "2024-05-01"
        );
    }
}
