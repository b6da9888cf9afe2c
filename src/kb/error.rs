//! Errors of the knowledge-base module, each carrying the file it concerns.

use std::path::PathBuf;

use super::report::Report;

#[derive(Debug, thiserror::Error)]
pub enum KbError {
    #[error("cannot read {path}: {error}")]
    Io { path: PathBuf, error: std::io::Error },
    #[error("the knowledge base has errors:\n{0}")]
    Invalid(Report),
    #[error("invalid rules file {path}: {message}")]
    Rules { path: PathBuf, message: String },
    #[error("search index: {0}")]
    Index(tantivy::TantivyError),
    #[error("the saved search index is damaged: {0}")]
    IndexDamaged(String),
    #[error("cannot watch {path}: {error}")]
    Watch { path: PathBuf, error: notify::Error },
    #[error("{path}:{line}: {message}")]
    Data { path: PathBuf, line: usize, message: String },
}

impl KbError {
    pub(crate) fn io(path: impl Into<PathBuf>, error: std::io::Error) -> Self {
        KbError::Io { path: path.into(), error }
    }
}

impl From<tantivy::TantivyError> for KbError {
    fn from(error: tantivy::TantivyError) -> KbError {
        KbError::Index(error)
    }
}
