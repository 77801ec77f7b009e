//! Semantic versions and constraints as Masterminds/semver v3 reads them
//! (what Sprig's `semverCompare` and Helm's `kubeVersion` use): `v`
//! prefixes, partial versions, `x` wildcards, `~`, `^`, ranges with `,`
//! and `||`, and the rule that a pre-release version satisfies only a
//! constraint that names a pre-release (`>=1.19-0` admits `1.30.0-gke.1`).

use crate::value::{Map, Value};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
    pub pre: String,
    pub original: String,
}

impl Version {
    pub fn parse(s: &str) -> Option<Version> {
        let original = s.to_string();
        let s = s.trim().trim_start_matches('v');
        let (core, _meta) = s.split_once('+').unwrap_or((s, ""));
        let (core, pre) = core.split_once('-').unwrap_or((core, ""));
        let mut parts = core.split('.');
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next().map_or(Some(0), |p| p.parse().ok())?;
        let patch = parts.next().map_or(Some(0), |p| p.parse().ok())?;
        if parts.next().is_some() {
            return None;
        }
        Some(Version {
            major,
            minor,
            patch,
            pre: pre.to_string(),
            original,
        })
    }

    pub fn to_value(&self) -> Value {
        Value::map(Map::from([
            ("Major".to_string(), Value::Int(self.major as i64)),
            ("Minor".to_string(), Value::Int(self.minor as i64)),
            ("Patch".to_string(), Value::Int(self.patch as i64)),
            ("Prerelease".to_string(), Value::str(&self.pre)),
            ("Original".to_string(), Value::str(&self.original)),
        ]))
    }

    fn cmp(&self, other: &Version) -> std::cmp::Ordering {
        (self.major, self.minor, self.patch)
            .cmp(&(other.major, other.minor, other.patch))
            .then_with(|| match (self.pre.is_empty(), other.pre.is_empty()) {
                (true, true) => std::cmp::Ordering::Equal,
                (true, false) => std::cmp::Ordering::Greater,
                (false, true) => std::cmp::Ordering::Less,
                (false, false) => cmp_pre(&self.pre, &other.pre),
            })
    }
}

fn cmp_pre(a: &str, b: &str) -> std::cmp::Ordering {
    let (mut x, mut y) = (a.split('.'), b.split('.'));
    loop {
        match (x.next(), y.next()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(p), Some(q)) => {
                let o = match (p.parse::<u64>(), q.parse::<u64>()) {
                    (Ok(m), Ok(n)) => m.cmp(&n),
                    (Ok(_), Err(_)) => std::cmp::Ordering::Less,
                    (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
                    _ => p.cmp(q),
                };
                if o != std::cmp::Ordering::Equal {
                    return o;
                }
            }
        }
    }
}

#[derive(Debug, Clone)]
struct Term {
    op: String,
    version: Version,
    /// Which parts were wildcards or missing (`1.2` = patch missing).
    wild_minor: bool,
    wild_patch: bool,
}

/// `a, b || c`: any group of which every term holds.
#[derive(Debug, Clone)]
pub struct Constraint(Vec<Vec<Term>>);

impl Constraint {
    pub fn parse(s: &str) -> Option<Constraint> {
        let mut groups = Vec::new();
        for group in s.split("||") {
            let mut terms = Vec::new();
            // Terms are separated by commas or spaces (`>= 1.2 < 2`).
            let normalized = group.replace(',', " ");
            let mut tokens: Vec<String> = Vec::new();
            for tok in normalized.split_whitespace() {
                if tok
                    .chars()
                    .all(|c| matches!(c, '<' | '>' | '=' | '!' | '~' | '^'))
                {
                    tokens.push(tok.to_string());
                } else if let Some(last) = tokens.last_mut().filter(|l| {
                    l.chars()
                        .all(|c| matches!(c, '<' | '>' | '=' | '!' | '~' | '^'))
                }) {
                    last.push_str(tok);
                } else {
                    tokens.push(tok.to_string());
                }
            }
            for tok in tokens {
                let op_len = tok
                    .chars()
                    .take_while(|c| matches!(c, '<' | '>' | '=' | '!' | '~' | '^'))
                    .count();
                let (op, ver) = tok.split_at(op_len);
                let ver = ver.trim_start_matches('v');
                let parts: Vec<&str> = ver.split(['-', '+']).next()?.split('.').collect();
                let wild = |i: usize| parts.get(i).is_none_or(|p| matches!(*p, "x" | "X" | "*"));
                let wild_major = wild(0);
                let clean: Vec<String> = (0..3)
                    .map(|i| {
                        if wild(i) {
                            "0".to_string()
                        } else {
                            parts[i].to_string()
                        }
                    })
                    .collect();
                let pre = ver
                    .split_once('-')
                    .map(|(_, p)| p.split('+').next().unwrap_or(""))
                    .unwrap_or("");
                let text = format!(
                    "{}.{}.{}{}",
                    clean[0],
                    clean[1],
                    clean[2],
                    if pre.is_empty() {
                        String::new()
                    } else {
                        format!("-{pre}")
                    }
                );
                let version = Version::parse(&text)?;
                if wild_major && op.is_empty() {
                    terms.push(Term {
                        op: ">=".into(),
                        version,
                        wild_minor: true,
                        wild_patch: true,
                    });
                    continue;
                }
                terms.push(Term {
                    op: op.to_string(),
                    version,
                    wild_minor: wild(1),
                    wild_patch: wild(2),
                });
            }
            groups.push(terms);
        }
        Some(Constraint(groups))
    }

    pub fn matches(&self, v: &Version) -> bool {
        self.0.iter().any(|group| {
            // A pre-release satisfies a group only if one of its terms has
            // a pre-release.
            if !v.pre.is_empty() && !group.iter().any(|t| !t.version.pre.is_empty()) {
                return false;
            }
            group.iter().all(|t| t.holds(v))
        })
    }
}

impl Term {
    fn holds(&self, v: &Version) -> bool {
        use std::cmp::Ordering::*;
        let c = &self.version;
        let upper = |v: &Version| -> bool {
            // below the next version the wildcard leaves open
            if self.wild_minor {
                v.major < c.major + 1
            } else {
                (v.major, v.minor) < (c.major, c.minor + 1)
            }
        };
        match self.op.as_str() {
            "" | "=" | "==" => {
                if self.wild_minor {
                    v.major == c.major
                } else if self.wild_patch {
                    v.major == c.major && v.minor == c.minor
                } else {
                    v.cmp(c) == Equal
                }
            }
            "!=" => v.cmp(c) != Equal,
            ">" => {
                if self.wild_minor {
                    v.major > c.major
                } else if self.wild_patch {
                    (v.major, v.minor) > (c.major, c.minor)
                } else {
                    v.cmp(c) == Greater
                }
            }
            ">=" | "=>" => v.cmp(c) != Less,
            "<" => v.cmp(c) == Less,
            "<=" | "=<" => {
                if self.wild_minor {
                    v.major <= c.major
                } else if self.wild_patch {
                    (v.major, v.minor) <= (c.major, c.minor)
                } else {
                    v.cmp(c) != Greater
                }
            }
            "~" | "~>" => v.cmp(c) != Less && upper(v),
            "^" => {
                v.cmp(c) != Less
                    && if c.major > 0 || self.wild_minor {
                        v.major == c.major
                    } else if c.minor > 0 || self.wild_patch {
                        v.major == 0 && v.minor == c.minor
                    } else {
                        v.major == 0 && v.minor == 0 && v.patch == c.patch
                    }
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(c: &str, v: &str) -> bool {
        Constraint::parse(c)
            .unwrap()
            .matches(&Version::parse(v).unwrap())
    }

    #[test]
    fn constraints_charts_use() {
        assert!(check(">=1.19-0", "v1.32.0"));
        assert!(check(">=1.19-0", "v1.30.0-gke.1"));
        assert!(!check(">=1.19", "v1.30.0-gke.1"));
        assert!(check("<1.19-0", "v1.18.3"));
        assert!(!check("<1.19-0", "v1.32.0"));
        assert!(check(">= 1.2, < 2.0", "1.5.0"));
        assert!(check("^1.2.3", "1.9.0"));
        assert!(!check("^1.2.3", "2.0.0"));
        assert!(check("~1.2.3", "1.2.9"));
        assert!(!check("~1.2.3", "1.3.0"));
        assert!(check("1.2.x", "1.2.7"));
        assert!(check(">=1.4.0 <1.6.0 || >=2.0", "2.1.0"));
    }
}
