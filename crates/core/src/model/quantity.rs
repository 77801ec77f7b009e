//! Kubernetes resource quantities (`500m`, `128Mi`, `1.5G`, `1e3`), parsed
//! the way `k8s.io/apimachinery/pkg/api/resource.ParseQuantity` does.

use std::cmp::Ordering;
use std::fmt;

/// How a quantity's unit was written: it matters for spotting unit slips
/// (`1G` next to `Mi`) and for suggestions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `Ki`, `Mi`, `Gi`, `Ti`, `Pi`, `Ei`
    BinarySi,
    /// `n`, `u`, `m`, none, `k`, `M`, `G`, `T`, `P`, `E`
    DecimalSi,
    /// `1e3`, `2E-2`
    Exponent,
}

/// A parsed quantity, kept exactly as an integer number of nano-units
/// (Kubernetes rounds anything finer up to the next nano-unit).
#[derive(Debug, Clone)]
pub struct Quantity {
    nanos: i128,
    pub format: Format,
    /// The unit as written (`Mi`, `m`, `G`; empty for none), for messages
    /// that name it. Empty for the exponent forms (`1e3`), which have none.
    pub suffix: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuantityError {
    Empty,
    /// No digits where the number should be (`Mi`, `-`).
    NoDigits,
    /// A suffix Kubernetes does not know (`MB`, `mi`, `.0`).
    BadSuffix(String),
}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QuantityError::Empty => f.write_str("the quantity is empty"),
            QuantityError::NoDigits => f.write_str("the quantity has no number"),
            QuantityError::BadSuffix(s) => write!(f, "`{s}` is not a unit Kubernetes knows"),
        }
    }
}

const NANOS_PER_UNIT: i128 = 1_000_000_000;

/// A decimal suffix's power of ten, with the suffix itself (kept without
/// allocating: a pod's quantities are parsed a few times per lint).
fn decimal_exponent(suffix: &str) -> Option<(i32, &'static str)> {
    Some(match suffix {
        "n" => (-9, "n"),
        "u" => (-6, "u"),
        "m" => (-3, "m"),
        "" => (0, ""),
        "k" => (3, "k"),
        "M" => (6, "M"),
        "G" => (9, "G"),
        "T" => (12, "T"),
        "P" => (15, "P"),
        "E" => (18, "E"),
        _ => return None,
    })
}

/// A binary suffix's power of two, with the suffix itself.
fn binary_exponent(suffix: &str) -> Option<(u32, &'static str)> {
    Some(match suffix {
        "Ki" => (10, "Ki"),
        "Mi" => (20, "Mi"),
        "Gi" => (30, "Gi"),
        "Ti" => (40, "Ti"),
        "Pi" => (50, "Pi"),
        "Ei" => (60, "Ei"),
        _ => return None,
    })
}

impl Quantity {
    pub fn parse(text: &str) -> Result<Quantity, QuantityError> {
        if text.is_empty() {
            return Err(QuantityError::Empty);
        }
        let bytes = text.as_bytes();
        let mut pos = 0;
        let negative = match bytes[0] {
            b'-' => {
                pos = 1;
                true
            }
            b'+' => {
                pos = 1;
                false
            }
            _ => false,
        };
        let int_start = pos;
        while pos < bytes.len() && bytes[pos].is_ascii_digit() {
            pos += 1;
        }
        let int_digits = &text[int_start..pos];
        let mut frac_digits = "";
        if pos < bytes.len() && bytes[pos] == b'.' {
            pos += 1;
            let frac_start = pos;
            while pos < bytes.len() && bytes[pos].is_ascii_digit() {
                pos += 1;
            }
            frac_digits = &text[frac_start..pos];
        }
        if int_digits.is_empty() && frac_digits.is_empty() {
            return Err(QuantityError::NoDigits);
        }
        let suffix = &text[pos..];
        let (format, exp10, exp2, unit) = if let Some((e, unit)) = decimal_exponent(suffix) {
            (Format::DecimalSi, e, 0, unit)
        } else if let Some((b, unit)) = binary_exponent(suffix) {
            (Format::BinarySi, 0, b, unit)
        } else if let Some(exp) = suffix.strip_prefix(['e', 'E']).filter(|rest| {
            let digits = rest.strip_prefix(['+', '-']).unwrap_or(rest);
            !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
        }) {
            let e = exp
                .parse::<i64>()
                .unwrap_or(if exp.starts_with('-') { -1000 } else { 1000 });
            (Format::Exponent, e.clamp(-1000, 1000) as i32, 0, "")
        } else {
            return Err(QuantityError::BadSuffix(suffix.to_owned()));
        };
        let nanos = to_nanos(int_digits, frac_digits, exp10, exp2);
        Ok(Quantity {
            nanos: if negative { -nanos } else { nanos },
            format,
            suffix: unit,
        })
    }

    /// The value in whole units, as a float (bytes for memory, cores for cpu).
    pub fn as_f64(&self) -> f64 {
        self.nanos as f64 / NANOS_PER_UNIT as f64
    }

    /// The value in milli-units, rounded up (how Kubernetes reports cpu).
    pub fn millis(&self) -> i128 {
        let per_milli = NANOS_PER_UNIT / 1000;
        self.nanos.div_euclid(per_milli) + i128::from(self.nanos.rem_euclid(per_milli) != 0)
    }

    pub fn is_zero(&self) -> bool {
        self.nanos == 0
    }
}

/// Equal values are equal whatever their unit (`1000m == 1`).
impl PartialEq for Quantity {
    fn eq(&self, other: &Self) -> bool {
        self.nanos == other.nanos
    }
}

impl Eq for Quantity {}

impl PartialOrd for Quantity {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.nanos.cmp(&other.nanos))
    }
}

/// `digits` × 2^exp2 × 10^(exp10 + 9), rounded up, saturating on overflow.
fn to_nanos(int_digits: &str, frac_digits: &str, exp10: i32, exp2: u32) -> i128 {
    // What manifests hold (`512Mi`, `250m`, `1.5`): the digits fit a u64
    // and one multiplication or division by a power of ten scales them,
    // where the digit-by-digit form below takes a checked 128-bit step per
    // digit and per power. (Not in the size-budgeted element's build,
    // which checks a page's few manifests.)
    if crate::LARGE_INPUTS && int_digits.len() + frac_digits.len() <= 18 && exp2 <= 64 {
        let mantissa = int_digits
            .bytes()
            .chain(frac_digits.bytes())
            .fold(0u64, |m, d| m * 10 + u64::from(d - b'0'));
        // Below 10^18 · 2^64 < 2^124: no overflow.
        let value = i128::from(mantissa) << exp2;
        let scale = exp10 + 9 - frac_digits.len() as i32;
        // (10^38 is the largest power of ten an i128 holds.)
        let power = 10i128.checked_pow(scale.unsigned_abs());
        return if scale >= 0 {
            power
                .and_then(|p| value.checked_mul(p))
                .unwrap_or(if value == 0 { 0 } else { i128::MAX })
        } else {
            match power {
                Some(p) => value / p + i128::from(value % p != 0),
                // More than all of its digits dropped: 0 stays 0, anything
                // else rounds up to one nano-unit.
                None => i128::from(value != 0),
            }
        };
    }
    to_nanos_by_digits(int_digits, frac_digits, exp10, exp2)
}

/// [`to_nanos`] for any number of digits and any exponent, a digit and a
/// power of ten at a time.
fn to_nanos_by_digits(int_digits: &str, frac_digits: &str, exp10: i32, exp2: u32) -> i128 {
    let mut mantissa: i128 = 0;
    let mut scale = exp10 + 9 - frac_digits.len() as i32;
    for digit in int_digits.bytes().chain(frac_digits.bytes()) {
        match mantissa
            .checked_mul(10)
            .and_then(|m| m.checked_add(i128::from(digit - b'0')))
        {
            Some(m) => mantissa = m,
            // Too many digits to keep: drop the rest, keeping the magnitude.
            None => scale += 1,
        }
    }
    let Some(mut value) = mantissa.checked_mul(1i128 << exp2.min(100)) else {
        return i128::MAX;
    };
    if scale >= 0 {
        for _ in 0..scale {
            match value.checked_mul(10) {
                Some(v) => value = v,
                None => return i128::MAX,
            }
        }
        value
    } else {
        let mut rounded_up = false;
        for _ in 0..(-scale) {
            if value == 0 {
                break;
            }
            rounded_up |= value % 10 != 0;
            value /= 10;
        }
        value + i128::from(rounded_up)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(text: &str) -> f64 {
        Quantity::parse(text).unwrap().as_f64()
    }

    #[test]
    fn documented_forms_parse() {
        // Forms from the Kubernetes "Resource Management for Pods and Containers" page.
        assert_eq!(units("128974848"), 128_974_848.0);
        assert_eq!(units("129e6"), 129_000_000.0);
        assert_eq!(units("129M"), 129_000_000.0);
        assert_eq!(units("128974848000m"), 128_974_848.0);
        assert_eq!(units("123Mi"), 123.0 * 1024.0 * 1024.0);
        assert_eq!(units("0.1"), 0.1);
        assert_eq!(units("100m"), 0.1);
        assert_eq!(units("1.5Gi"), 1.5 * 1024.0 * 1024.0 * 1024.0);
        assert_eq!(units("1E"), 1e18);
        assert_eq!(units("2e-3"), 0.002);
        assert_eq!(units("+5k"), 5000.0);
        assert_eq!(units(".5"), 0.5);
        assert_eq!(units("1."), 1.0);
        assert_eq!(Quantity::parse("1E").unwrap().format, Format::DecimalSi);
        assert_eq!(Quantity::parse("1e3").unwrap().format, Format::Exponent);
        for (text, unit) in [
            ("128Mi", "Mi"),
            ("500m", "m"),
            ("1G", "G"),
            ("42", ""),
            ("1e3", ""),
        ] {
            assert_eq!(Quantity::parse(text).unwrap().suffix, unit, "{text}");
        }
    }

    #[test]
    fn rejects_what_kubernetes_rejects() {
        for bad in [
            "128MB", "100mi", "1.5.0", "", "Mi", "1 Gi", "1Gib", "0x10", "1e", "abc", "1KI", "-",
        ] {
            assert!(Quantity::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn compares_across_units() {
        let q = |t| Quantity::parse(t).unwrap();
        assert!(q("1Gi") > q("1G"));
        assert!(q("1000m") == q("1"));
        assert!(q("500m") < q("0.6"));
        assert!(q("1n") > q("0"));
        // finer than a nano-unit rounds up, as in Kubernetes
        assert_eq!(q("0.1n"), q("1n"));
        assert_eq!(q("1.0001m").millis(), 2);
    }

    #[test]
    fn the_short_form_agrees_with_the_digit_by_digit_one() {
        let digits = [
            "",
            "0",
            "1",
            "5",
            "25",
            "999",
            "1000",
            "123456789",
            "999999999999999999",
        ];
        for int in digits {
            for frac in digits {
                for exp10 in [
                    -1000, -60, -40, -39, -38, -30, -27, -18, -12, -9, -6, -3, 0, 3, 6, 9, 12, 18,
                    19, 28, 29, 40, 1000,
                ] {
                    for exp2 in [0, 10, 20, 30, 60, 64] {
                        assert_eq!(
                            to_nanos(int, frac, exp10, exp2),
                            to_nanos_by_digits(int, frac, exp10, exp2),
                            "{int}.{frac} e{exp10} 2^{exp2}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn huge_values_saturate_instead_of_overflowing() {
        assert!(Quantity::parse("99999999999999999999999999999999999999999999Ei").is_ok());
        assert!(Quantity::parse("1e400").is_ok());
        assert_eq!(Quantity::parse("1e-400").unwrap().millis(), 1);
    }
}
