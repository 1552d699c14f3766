//! The command line, shared by the native binary and the npm package's
//! `bin`: its flags ([`flags`]) and its run ([`run`]), which leave the
//! hosts nothing to do but move bytes.

pub mod flags;
pub mod parts;
pub mod run;

pub use flags::{parse_arguments, usage, version, Arguments, Command, Subcommand, FLAGS};
pub use run::{file_chunks, FileChunk, Folder, IoError, Run, Step, HEAD_BYTES};
