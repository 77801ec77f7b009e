//! kubeshape-core: Kubernetes manifest checks with exact positions.
//!
//! No I/O and no platform dependencies: the CLI, the browser faces and the
//! Kubewarden module all call [`lint`] and render its [`Report`].

pub mod parse;
