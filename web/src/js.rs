//! The few browser calls that are shorter in JavaScript than through
//! web-sys: compression streams for the share link, the clipboard, and a
//! file download. The share-link format is shared with `<kubeshape-lint>`
//! (crates/wasm/js/kubeshape-lint.js): `#s=` + base64url(deflate-raw(JSON)).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
const b64url = (bytes) => {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
};
const unb64url = (text) => {
  const s = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
};
const pipe = async (bytes, stream) =>
  new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer());
export async function pack(text) {
  return b64url(await pipe(new TextEncoder().encode(text), new CompressionStream("deflate-raw")));
}
export async function unpack(text) {
  return new TextDecoder().decode(await pipe(unb64url(text), new DecompressionStream("deflate-raw")));
}
export async function copyText(text) {
  await navigator.clipboard.writeText(text);
}
export function download(name, mime, text) {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement("a");
  a.href = url; a.download = name; document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
export async function fetchText(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}
export async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}
export function scrollIntoView(id) {
  const el = document.getElementById(id);
  if (el) el.scrollIntoView({ block: "nearest" });
}
"#)]
extern "C" {
    /// Compresses text into the share link's payload.
    #[wasm_bindgen(catch)]
    pub async fn pack(text: &str) -> Result<JsValue, JsValue>;
    /// Reverses `pack`; rejects on a damaged payload.
    #[wasm_bindgen(catch)]
    pub async fn unpack(text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = copyText)]
    pub async fn copy_text(text: &str) -> Result<JsValue, JsValue>;
    pub fn download(name: &str, mime: &str, text: &str);
    /// Fetches a same-origin text file (the rule documentation).
    #[wasm_bindgen(catch, js_name = fetchText)]
    pub async fn fetch_text(url: &str) -> Result<JsValue, JsValue>;
    /// Fetches a same-origin binary file (the schema table) as a Uint8Array.
    #[wasm_bindgen(catch, js_name = fetchBytes)]
    pub async fn fetch_bytes(url: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = scrollIntoView)]
    pub fn scroll_into_view(id: &str);
}
