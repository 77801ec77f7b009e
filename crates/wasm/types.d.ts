
/** A rule id such as "latest-tag", or a category name, or "all". */
export type RuleSelector = string;
export type Severity = "error" | "warning" | "info";
export type Category =
  | "input" | "resources" | "images" | "probes" | "references"
  | "networking" | "security" | "availability" | "autoscaling";
export type Qos = "Guaranteed" | "Burstable" | "BestEffort";

/** Options of `lint`: the fields of `kubeshape.yaml` plus `lang` and `fileName`. */
export interface LintOptions {
  /** Language of messages and help: "en" (default) or "zh". */
  lang?: "en" | "zh" | "zh-CN";
  /** The name findings carry in `file`; default "input.yaml". */
  fileName?: string;
  /**
   * Whether findings carry their fixes (`fix`); default true. `false` skips
   * computing the edits: a lint as the reader types can show its findings
   * first and ask for the fixes after.
   */
  fixes?: boolean;
  preset?: "recommended" | "strict" | "go";
  include?: RuleSelector[];
  exclude?: RuleSelector[];
  /** Severity overrides by rule id. */
  severity?: Record<string, Severity>;
  /** Target Kubernetes version, "1.NN". */
  kubernetes_version?: string;
  /** Findings at or above this severity set `failed`; default "error". */
  fail_on?: Severity;
  thresholds?: {
    memory_request_ratio?: number;
    liveness_min_initial_delay_seconds?: number;
    max_cpu_cores?: number;
  };
  limits?: { max_input_bytes?: number; max_depth?: number; max_nodes?: number };
  assume_complete_input?: boolean;
}

export interface ObjectRef {
  kind: string | null;
  name: string | null;
  namespace: string | null;
}

export interface Finding {
  rule: string;
  category: Category;
  severity: Severity;
  message: string;
  help: string;
  file: string;
  /** 0-based index of the YAML document in the file. */
  document: number;
  /** 1-based line. */
  line: number;
  /** 1-based column, in Unicode code points (not UTF-16 units). */
  column: number;
  end_line: number;
  end_column: number;
  /** Dotted path to the node, e.g. "spec.template.spec.containers[0].image". */
  path: string;
  object: ObjectRef | null;
  suppressed: boolean;
  /** The rule's proposed correction, or null. */
  fix: Fix | null;
  /** Only on `yaml-syntax` findings: the YAML parser's own words, for
   *  tools (the message says it in plain words). */
  detail?: string;
  /** Only where there are some: other places the finding is about (the
   *  ConfigMap a key is missing from). */
  related?: RelatedPlace[];
  /** Only for a finding in a chart, moved to the template line that wrote
   *  it: where it was in the rendered template (Helm's name for it). */
  rendered?: { file: string; line: number; column: number };
  /** With `rendered`: the values files' lines that wrote what it points at. */
  values?: { file: string; line: number; column: number; message: string }[];
}

/** Another place a finding is about. */
export interface RelatedPlace {
  file: string;
  line: number;
  column: number;
  end_line: number;
  end_column: number;
  message: string;
}

/** Text edits that correct a finding; `title` is the finding's help. */
export interface Fix {
  /** True when it keeps the meaning and needs no decision. */
  safe: boolean;
  title: string;
  /** In text order, not overlapping. */
  edits: Edit[];
}

/** Replace `start..end` (UTF-8 byte offsets) with `text`. The same range as
 *  1-based lines and columns (columns in Unicode code points), which is what
 *  JavaScript strings can use. */
export interface Edit {
  start: number;
  end: number;
  line: number;
  column: number;
  end_line: number;
  end_column: number;
  text: string;
}

/** Options of `fix`: those of `lint`, plus which fixes to apply. */
export interface FixOptions extends LintOptions {
  /** Also the fixes to review (templates with `# TODO` values, changes of
   *  behaviour); by default only fixes that need no decision are applied. */
  review?: boolean;
  /** Only fixes that need no decision (the default; `false` is `review`). */
  safeOnly?: boolean;
  /** Only these rules' fixes. */
  rules?: string[];
}

/** What `fix` returns: the corrected text and what was applied. */
export interface FixResult {
  text: string;
  applied: { rule: string; line: number; safe: boolean; title: string }[];
  /** Fixes left out: those to review (without `review`), other rules'. */
  remaining: number;
}

export interface ObjectFact {
  file: string;
  document: number;
  kind: string | null;
  name: string | null;
  namespace: string | null;
  line: number;
  qos: Qos | null;
}

/** The JSON report, version 1 — the same as `kubeshape check --format json`. */
export interface Report {
  version: 1;
  tool: { name: "kubeshape"; version: string };
  summary: {
    documents: number;
    objects: number;
    error: number;
    warning: number;
    info: number;
    suppressed: number;
    /** Files checked (not skipped). */
    files: number;
    /** Files skipped as not Kubernetes manifests (see `skipped`). */
    skipped: number;
  };
  objects: ObjectFact[];
  findings: Finding[];
  /** Files found in a folder that are not Kubernetes manifests (the
   *  command line's; a page checks what it is given, so this is empty). */
  skipped: { file: string; kind: string }[];
  /** Whether any unsuppressed finding is at or above `fail_on`. */
  failed: boolean;
}

/** What the functions return instead of throwing. */
export interface LintError {
  error: string;
}

export interface RuleInfo {
  id: string;
  category: Category;
  severity: Severity;
  default: "on" | "opt-in";
  /** The article (by number) and section the rule comes from, e.g. "000 §2.2". */
  seed: string;
  /** The same as a reader reads it: the article's title and section, e.g. "“Deploying Go apps to Kubernetes” §2.2". */
  source: string;
  title: string;
  what: string;
  why: string;
  fix: string;
  /** Whether `fix()` corrects its findings: "safe" (no decision needed),
   *  "review" (a template or a change to agree to), or null. */
  fixable: "safe" | "review" | null;
  /** "object": judges each object alone; "objects": needs the others. */
  scope: "object" | "objects";
  /** YAML that triggers the rule. */
  example: string;
  /** The corrected YAML. */
  use_instead: string;
}

export interface RuleExplanation extends RuleInfo {
  /** The whole documentation as plain text (what `kubeshape explain` prints). */
  text: string;
}

/** A Helm chart's files: `{ "Chart.yaml": "...", "templates/x.yaml": "..." }`. */
export type ChartFiles = Record<string, string>;

/** How a chart is rendered, as `helm template` takes it. */
export interface ChartOptions {
  /** `.Release.Name`; default "release-name". */
  releaseName?: string;
  /** `.Release.Namespace`; default "default". */
  namespace?: string;
  /** Values files (YAML texts or objects), later ones win, as `-f`. */
  values?: string | object | (string | object)[];
  /** `--set` assignments, `"a.b=1"`. */
  set?: string | string[];
  /** `--set-string` assignments. */
  setString?: string | string[];
  /** `.Capabilities.KubeVersion`, e.g. "1.30". */
  kubeVersion?: string;
  /** Check (or, for `renderChart`, return) the test hooks too. */
  includeTests?: boolean;
  /** `renderChart`'s stream starts with the `crds/` files. */
  includeCrds?: boolean;
}

/** What `renderChart` returns. */
export interface RenderedChart {
  chart: string;
  rendered: { name: string; path: string; text: string; notes: boolean }[];
  /** Templates that could not be rendered, with Helm's words. */
  errors: { path: string; line: number; column: number; message: string }[];
  /** The render as `helm template` prints it. */
  stream: string;
}
