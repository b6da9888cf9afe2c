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

/// A console chat left running, as a user keeps it open while agents work
/// from another terminal: lines go in, and what it prints is read as it
/// comes.
pub struct LiveChat {
    child: std::process::Child,
    stdin: Option<std::process::ChildStdin>,
    lines: std::sync::mpsc::Receiver<String>,
}

impl LiveChat {
    pub fn start(dir: &Path, user: &str) -> LiveChat {
        use std::io::BufRead;
        let mut child = escala(dir)
            .args(["chat", "--user", user])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take();
        let (lines_tx, lines) = std::sync::mpsc::channel();
        let reader = std::io::BufReader::new(child.stdout.take().unwrap());
        std::thread::spawn(move || {
            for line in reader.lines().map_while(Result::ok) {
                let _ = lines_tx.send(line);
            }
        });
        LiveChat { child, stdin, lines }
    }

    pub fn type_line(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("the chat is still open");
        stdin.write_all(format!("{line}\n").as_bytes()).unwrap();
    }

    /// Whether a printed line containing `needle` arrives within 20 s.
    pub fn wait_for(&self, needle: &str) -> bool {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while std::time::Instant::now() < deadline {
            if let Ok(line) = self.lines.recv_timeout(std::time::Duration::from_millis(200)) {
                if line.contains(needle) {
                    return true;
                }
            }
        }
        false
    }

    /// Ends the input, as Ctrl-D does; whether the chat exited cleanly.
    pub fn finish(mut self) -> bool {
        drop(self.stdin.take());
        self.child.wait().unwrap().success()
    }
}
