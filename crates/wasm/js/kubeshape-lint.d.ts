import type { Report } from "./web/kubeshape.js";

/**
 * `<kubeshape-lint>`: shows Kubernetes YAML with its findings.
 * Attributes: lang, preset, include, exclude, editable, src, playground.
 */
export declare class KubeshapeLint extends HTMLElement {
  static readonly observedAttributes: string[];
  /** The YAML shown (and, when editable, as edited). Setting it re-checks. */
  value: string;
  /** The last report, or null before the first check or after an error. */
  readonly report: Report | null;
}

declare global {
  interface HTMLElementTagNameMap {
    "kubeshape-lint": KubeshapeLint;
  }
  interface HTMLElementEventMap {
    /** Fired after each check, with the report as `detail`. */
    "kubeshape-report": CustomEvent<Report | null>;
  }
}
