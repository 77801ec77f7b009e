//! Go's `text/template`, as Helm uses it: the lexer, the parser, and the
//! executor that records where every output byte came from.

pub mod ast;
pub mod exec;
pub mod lex;
pub mod parse;
