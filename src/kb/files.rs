//! Reading the files of a KB without trusting them: only regular files
//! (after following links) are read, and never more than a cap, so a link
//! to `/dev/zero` or a FIFO named `*.md` is reported instead of read — it
//! would fill the memory, or block the loader (and hot reload, and the
//! process's exit) forever.

use std::io::Read;
use std::path::Path;

/// The largest KB file read unless `kb.max_file_mb` says otherwise: an
/// article is a few kilobytes; a file this big is a mistake.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 2_000_000;

/// Why a KB file was not read.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("not a regular file but {0}: only regular files are read")]
    NotRegular(&'static str),
    #[error("{size} bytes, over the limit of {max} (kb.max_file_mb)")]
    TooLarge { size: u64, max: u64 },
    #[error("not UTF-8 text")]
    NotText,
    #[error("cannot read: {0}")]
    Io(std::io::Error),
}

impl From<std::io::Error> for FileError {
    fn from(error: std::io::Error) -> FileError {
        FileError::Io(error)
    }
}

impl FileError {
    pub fn is_missing(&self) -> bool {
        matches!(self, FileError::Io(e) if e.kind() == std::io::ErrorKind::NotFound)
    }
}

/// What a file that is not a regular file is, for the message.
fn kind(file_type: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_dir() {
        "a directory"
    } else if file_type.is_fifo() {
        "a FIFO"
    } else if file_type.is_char_device() || file_type.is_block_device() {
        "a device"
    } else if file_type.is_socket() {
        "a socket"
    } else {
        "something else"
    }
}

/// The text of `path` if it is a regular file of at most `max` bytes.
pub fn read_text(path: &Path, max: u64) -> Result<String, FileError> {
    read_stamped(path, max).map(|(text, _)| text)
}

/// As [`read_text`], with the file's metadata as it was opened, before
/// the read: a change after it shows in the next stat.
pub(crate) fn read_stamped(path: &Path, max: u64) -> Result<(String, std::fs::Metadata), FileError> {
    use std::os::unix::fs::OpenOptionsExt;
    // Opened without blocking (a FIFO would otherwise wait for a writer) and
    // without becoming a terminal's controlling process, then judged by
    // what the handle is: one system call fewer per file than a stat of the
    // path first, and no window for a swap between the two.
    let file = std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY).open(path)?;
    let opened = file.metadata()?;
    if !opened.is_file() {
        return Err(FileError::NotRegular(kind(opened.file_type())));
    }
    if opened.len() > max {
        return Err(FileError::TooLarge { size: opened.len(), max });
    }
    // No more than the cap is read: the file may grow meanwhile.
    let mut bytes = Vec::with_capacity(opened.len().min(max) as usize);
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(FileError::TooLarge { size: bytes.len() as u64, max });
    }
    let text = String::from_utf8(bytes).map_err(|_| FileError::NotText)?;
    Ok((text, opened))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_fifos_and_oversized_files_are_refused_without_reading() {
        let dir = tempfile::tempdir().unwrap();
        let zero = dir.path().join("zero.md");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        assert!(matches!(read_text(&zero, 1000), Err(FileError::NotRegular("a device"))));
        let fifo = dir.path().join("fifo.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        assert!(matches!(read_text(&fifo, 1000), Err(FileError::NotRegular("a FIFO"))));
        let big = dir.path().join("big.md");
        std::fs::write(&big, "x".repeat(2000)).unwrap();
        assert!(matches!(read_text(&big, 1000), Err(FileError::TooLarge { size: 2000, max: 1000 })));
        assert_eq!(read_text(&big, 2000).unwrap().len(), 2000);
        assert!(read_text(&dir.path().join("missing.md"), 10).unwrap_err().is_missing());
    }
}
