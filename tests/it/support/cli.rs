//! Running the real `escala` binary the way people do: a directory of its
//! own (its `escala.db`), the shipped KB, and helpers to feed a chat and
//! read what it printed.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub fn shipped_kb() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("kb")
}

pub fn escala(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_escala"));
    command
        .current_dir(dir)
        .env_remove("ESCALA_CONFIG")
        .env("ESCALA_DATABASE__URL", format!("sqlite://{}", dir.join("escala.db").display()))
        .env("ESCALA_KB__DIR", shipped_kb())
        .env("ESCALA_KB__WATCH", "false");
    command
}

pub fn chat_with_input(dir: &Path, user: &str, input: &[u8]) -> Output {
    let mut child = escala(dir)
        .args(["chat", "--user", user])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `escala ARGS` in `dir`; its output.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    escala(dir).args(args).output().unwrap()
}
