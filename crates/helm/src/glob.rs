//! `.Files.Glob`'s patterns (gobwas/glob with `/` as separator): `*`
//! within a path segment, `**` across them, `?`, `[abc]`, `{a,b}`.

pub fn matches(pattern: &str, path: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let s: Vec<char> = path.chars().collect();
    go(&p, &s, 0)
}

fn go(p: &[char], s: &[char], depth: usize) -> bool {
    if depth > 64 {
        return false;
    }
    match p.first() {
        None => s.is_empty(),
        Some('*') if p.get(1) == Some(&'*') => {
            (0..=s.len()).any(|i| go(&p[2..], &s[i..], depth + 1))
        }
        Some('*') => {
            for i in 0..=s.len() {
                if go(&p[1..], &s[i..], depth + 1) {
                    return true;
                }
                if i < s.len() && s[i] == '/' {
                    break;
                }
            }
            false
        }
        Some('?') => !s.is_empty() && s[0] != '/' && go(&p[1..], &s[1..], depth + 1),
        Some('[') => {
            let Some(end) = p.iter().position(|&c| c == ']') else {
                return false;
            };
            let class = &p[1..end];
            let (negate, class) = match class.first() {
                Some('!' | '^') => (true, &class[1..]),
                _ => (false, class),
            };
            let Some(&c) = s.first() else { return false };
            let mut hit = false;
            let mut i = 0;
            while i < class.len() {
                if i + 2 < class.len() && class[i + 1] == '-' {
                    hit |= class[i] <= c && c <= class[i + 2];
                    i += 3;
                } else {
                    hit |= class[i] == c;
                    i += 1;
                }
            }
            hit != negate && go(&p[end + 1..], &s[1..], depth + 1)
        }
        Some('{') => {
            let Some(end) = p.iter().position(|&c| c == '}') else {
                return false;
            };
            let rest = &p[end + 1..];
            p[1..end].split(|&c| c == ',').any(|alt| {
                let mut q = alt.to_vec();
                q.extend_from_slice(rest);
                go(&q, s, depth + 1)
            })
        }
        Some(&c) => !s.is_empty() && s[0] == c && go(&p[1..], &s[1..], depth + 1),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn globs() {
        assert!(super::matches("files/*.conf", "files/a.conf"));
        assert!(!super::matches("files/*.conf", "files/x/a.conf"));
        assert!(super::matches("files/**.conf", "files/x/a.conf"));
        assert!(super::matches("{a,b}.txt", "b.txt"));
    }
}
