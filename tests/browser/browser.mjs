// Shared set-up for the browser tests: Debian's chromium driven by
// playwright-core (nothing downloads a browser), a page that records console
// errors and every request that leaves the test server's origin.
import { chromium } from "playwright-core";

export const BASE = process.env.KUBESHAPE_URL ?? "http://127.0.0.1:8080";
export const SHOTS = process.env.KUBESHAPE_SCREENSHOTS ?? "/tmp";

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
}

/** A new page that collects console errors, page errors and foreign requests. */
export async function open(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, ...options });
  const page = await context.newPage();
  const problems = { errors: [], foreign: [], requests: [] };
  page.on("console", (m) => { if (m.type() === "error") problems.errors.push(m.text()); });
  page.on("pageerror", (e) => problems.errors.push(String(e)));
  page.on("request", (r) => {
    problems.requests.push(r.url());
    const url = new URL(r.url());
    if (!["data:", "blob:"].includes(url.protocol) && url.origin !== new URL(BASE).origin) problems.foreign.push(r.url());
  });
  return { context, page, problems };
}
