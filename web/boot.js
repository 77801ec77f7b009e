// Starts the playground (a file, not an inline script, so the page's
// Content-Security-Policy can forbid inline scripts).
import init from "./pkg/kubeshape_web.js";
init().then(() => document.getElementById("loading")?.remove());
