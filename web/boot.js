// See index.html's note on boot.js.
import init from "./pkg/kubeshape_web.js";
init().then(() => document.getElementById("loading")?.remove());
for (const e of ["popstate", "hashchange"]) addEventListener(e, () => location.reload());
