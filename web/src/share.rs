//! What leaves the editor on the learner's request: a share link (the
//! text and settings, compressed, in the URL fragment), a report to
//! download (JSON or SARIF), a snippet copied.

use kubeshape_core::report::sarif;
use yew::Context;

use crate::{js, page, App, Msg};

impl App {
    /// Puts the state in the address bar's fragment and copies the link
    /// (asking first when the text holds a Secret).
    pub(crate) fn share(&self, ctx: &Context<Self>) {
        if self.shared.has_secret() {
            let question = self.t(
                "This YAML contains a Secret. A share link carries the whole text: anyone with the link can read it. Share anyway?",
                "这段 YAML 包含 Secret。分享链接会携带全部文本：任何拿到链接的人都能读到它。仍要分享吗？",
            );
            if !gloo::dialogs::confirm(question) {
                return;
            }
        }
        let mut state = self.shared.clone();
        state.lang = Some(self.lang);
        let json = state.to_json();
        ctx.link().send_future(async move {
            let packed = js::pack(&json)
                .await
                .map_err(|e| format!("{e:?}"))
                .and_then(|v| v.as_string().ok_or_else(|| "no text".to_owned()));
            let Ok(payload) = packed else {
                return Msg::Shared(Err("compression failed".into()));
            };
            let hash = format!("#s={payload}");
            page::set_hash(&hash, false);
            let url = gloo::utils::window().location().href().unwrap_or_default();
            match js::copy_text(&url).await {
                Ok(_) => Msg::Shared(Ok(url)),
                Err(_) => Msg::Shared(Err(url)),
            }
        });
    }

    /// Says what became of the link (`Err`: the link, to copy by hand).
    pub(crate) fn shared_link(&mut self, ctx: &Context<Self>, result: Result<String, String>) {
        let text = match result {
            Ok(_) => self.t(
                "Link copied. It holds the YAML and settings in the part after #, which browsers never send to a server.",
                "链接已复制。YAML 和设置保存在 # 之后的部分，浏览器不会把它发送给服务器。",
            ).to_owned(),
            Err(url) => format!(
                "{} {url}",
                self.t("Copy this link:", "请复制此链接：")
            ),
        };
        self.toast(ctx, text);
    }

    /// Downloads the report as `format` (`sarif`, or JSON).
    pub(crate) fn download(&self, format: &str) {
        let (name, mime, text) = if format == "sarif" {
            let text = sarif::to_sarif_string(&self.report, self.lang);
            ("kubeshape.sarif", "application/sarif+json", text)
        } else {
            (
                "kubeshape-report.json",
                "application/json",
                self.report.to_json_string(self.lang, None, true),
            )
        };
        js::download(name, mime, &text);
    }

    /// Copies `text`, and says whether the browser let it.
    pub(crate) fn copy(&self, ctx: &Context<Self>, text: String) {
        let done = self.t("Copied.", "已复制。");
        let failed = self.t("The browser refused to copy.", "浏览器拒绝了复制。");
        ctx.link().send_future(async move {
            let ok = js::copy_text(&text).await.is_ok();
            Msg::Toast(Some(if ok { done } else { failed }.to_owned()))
        });
    }
}
