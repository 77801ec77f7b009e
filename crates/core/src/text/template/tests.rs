//! Placeholders found where they are, and templates told from YAML that
//! only carries another tool's templates in its values.

use super::{find, templated, Kind};

#[test]
fn helm_and_envsubst_placeholders() {
    let text = "metadata:\n  name: {{ .Release.Name }}-web\nspec:\n  replicas: ${REPLICAS:-1}\n  image: \"{{ .Values.repo }}:{{ .Values.tag }}\"\n";
    let found: Vec<(Kind, u32, u32, String, bool)> = find(text)
        .into_iter()
        .map(|p| (p.kind, p.line, p.column, p.text, p.raw))
        .collect();
    let want = [
        (Kind::Go, 2, 9, "{{ .Release.Name }}", true),
        (Kind::Env, 4, 13, "${REPLICAS:-1}", true),
        (Kind::Go, 5, 11, "{{ .Values.repo }}", false),
        (Kind::Go, 5, 30, "{{ .Values.tag }}", false),
    ]
    .map(|(k, l, c, t, r)| (k, l, c, t.to_owned(), r));
    assert_eq!(found, want);
    let docs = templated(text);
    assert_eq!(docs.len(), 1);
    assert!(docs[0].holds(1) && docs[0].holds(5) && docs[0].on_line(4) && !docs[0].on_line(3));
}

#[test]
fn documents_are_told_apart() {
    let text = "a: 1\n---\nb: {{ .Values.b }}\n---\nc: 3\n";
    let docs = templated(text);
    assert_eq!(docs.len(), 1);
    assert_eq!((docs[0].first, docs[0].last), (3, 3));
}

#[test]
fn other_tools_templates_in_values_and_comments_are_not_helm() {
    for text in [
        // Prometheus' own templates, quoted or in a block scalar.
        "kind: PrometheusRule\nspec:\n  groups:\n  - rules:\n    - annotations:\n        description: \"{{ $labels.instance }} is down\"\n",
        "kind: ConfigMap\ndata:\n  alert.tmpl: |\n    {{ define \"x\" }}{{ .Status }}{{ end }}\n",
        // A comment.
        "# render with {{ helm }} or ${ENV}\nkind: Pod\n",
        // Not a variable, or a script's.
        "command: [\"sh\", \"-c\", \"echo $HOME ${1}\"]\n",
        "args:\n- |\n  exec app ${FLAGS[*]} ${HOME}\n",
        "image: \"${REGISTRY}/app:v1\"\n",
    ] {
        assert!(templated(text).is_empty(), "{text}");
    }
}

#[test]
fn an_action_over_several_lines() {
    let text = "spec:\n{{- include \"labels\"\n    . | nindent 4 }}\n  x: 1\n";
    let found = find(text);
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].line, found[0].end_line), (2, 3));
}

#[test]
fn dollar_variables_where_kubernetes_does_not_expand_them() {
    // Kubernetes expands `$(VAR)` in env values, command and args.
    for text in [
        "env:\n- name: URL\n  value: http://$(HOST):$(PORT)\n",
        "command: [\"/app\", \"--addr=$(POD_IP)\"]\n",
        "args:\n- --addr=$(POD_IP)\n- \"$(PORT)\"\n",
        "containers:\n- name: app\n  args:\n    - --id=$(POD_NAME)\n",
        "data:\n  run.sh: |\n    echo $(date)\n    echo $(HOME)\n",
        "command: [\"sh\", \"-c\", \"echo $(hostname)\"]\n",
    ] {
        assert!(templated(text).is_empty(), "{text}");
    }
    // Elsewhere it is Kustomize's `vars` or a script's.
    let text = "spec:\n  replicas: $(REPLICAS)\n  tls:\n  - hosts:\n    - $(HOST)\n";
    let found: Vec<(Kind, u32, u32, String)> = find(text)
        .into_iter()
        .map(|p| (p.kind, p.line, p.column, p.text))
        .collect();
    assert_eq!(
        found,
        [
            (Kind::Dollar, 2, 13, "$(REPLICAS)".to_owned()),
            (Kind::Dollar, 5, 7, "$(HOST)".to_owned()),
        ]
    );
    assert_eq!(templated(text).len(), 1);
}
