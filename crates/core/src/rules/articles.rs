//! The articles the rules come from: five Chinese articles on shipping Go
//! services to Kubernetes (the project's "seeds", numbered 000 to 004). A
//! rule's metadata names them by number and section (`000 §2.2`,
//! `002 ch5`); what a reader sees is the article's title.

use crate::diagnostic::Lang;

/// One article: its number, and its title in English and as published.
pub struct Article {
    pub number: &'static str,
    pub en: &'static str,
    pub zh: &'static str,
}

/// The five articles, by number.
pub const ARTICLES: [Article; 5] = [
    Article {
        number: "000",
        en: "Deploying Go apps to Kubernetes",
        zh: "Go应用Kubernetes部署",
    },
    Article {
        number: "001",
        en: "Gin on Kubernetes",
        zh: "Gin框架与Kubernetes部署",
    },
    Article {
        number: "002",
        en: "Go microservices on K8s",
        zh: "Go微服务部署K8s实战",
    },
    Article {
        number: "003",
        en: "Go on Kubernetes in production",
        zh: "Go + Kubernetes运维实践",
    },
    Article {
        number: "004",
        en: "Go + K8s development guide",
        zh: "Go语言+K8s开发指南",
    },
];

/// `refs` as a reader reads them: `000 §2.2, 003 §2.4` becomes
/// “Deploying Go apps to Kubernetes” §2.2; “Go on Kubernetes in
/// production” §2.4 (《…》 in Chinese), `ch5` chapter 5 (第5章). A
/// section after a comma belongs to the article before it; anything that
/// names no article (a peer tool, such as `kubeconform`) stays as it is.
/// `every article` is a rule drawn from all of them.
pub fn cite(refs: &str, lang: Lang) -> String {
    // (Written with pushes, not `format!`: the playground has a size
    // budget, and this is all the formatting it would need here.)
    let mut out = String::new();
    for part in refs
        .split([',', '/'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        if !out.is_empty() {
            out.push_str(lang.pick("; ", "；"));
        }
        let (head, rest) = part.split_once(' ').unwrap_or((part, ""));
        let place = match ARTICLES.iter().find(|a| a.number == head) {
            Some(a) => {
                let (open, close) = lang.pick(("“", "” "), ("《", "》"));
                out.push_str(open);
                out.push_str(lang.pick(a.en, a.zh));
                out.push_str(close);
                rest.trim()
            }
            None if part.starts_with('§') || part.starts_with("ch") => part,
            None if part == "every article" => lang.pick(part, "每篇文章"),
            None => part,
        };
        match place
            .strip_prefix("ch.")
            .or_else(|| place.strip_prefix("ch"))
        {
            Some(n) => {
                let (before, after) = lang.pick(("chapter ", ""), ("第", "章"));
                out.push_str(before);
                out.push_str(n.trim());
                out.push_str(after);
            }
            None => out.push_str(place),
        }
    }
    let end = out.trim_end().len();
    out.truncate(end);
    out
}

#[cfg(test)]
mod tests {
    use super::cite;
    use crate::diagnostic::Lang;

    #[test]
    fn references_read_as_titles() {
        assert_eq!(
            cite("000 §2.2, 003 §2.4", Lang::En),
            "“Deploying Go apps to Kubernetes” §2.2; “Go on Kubernetes in production” §2.4"
        );
        assert_eq!(
            cite("002 ch5, 004 §4.3", Lang::Zh),
            "《Go微服务部署K8s实战》第5章；《Go语言+K8s开发指南》§4.3"
        );
        assert_eq!(
            cite("004 §4.1, §4.3", Lang::En),
            "“Go + K8s development guide” §4.1; §4.3"
        );
        assert_eq!(
            cite("000 ch. 5 / 002 ch. 5", Lang::En),
            "“Deploying Go apps to Kubernetes” chapter 5; “Go microservices on K8s” chapter 5"
        );
        assert_eq!(cite("kubeconform", Lang::Zh), "kubeconform");
        assert_eq!(cite("every article", Lang::Zh), "每篇文章");
        assert_eq!(cite("004", Lang::En), "“Go + K8s development guide”");
    }
}
