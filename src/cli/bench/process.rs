//! Memory and start-up of a whole `escala chat` process on a KB, against
//! the same binary printing its version.

use std::path::Path;
use std::time::{Duration, Instant};

use serde::Serialize;

use super::engine::QUESTIONS;
use super::tempfile_dir;

#[derive(Debug, Clone, Serialize)]
pub struct ProcessBench {
    /// "shipped" (kb/) or "generated-10000".
    pub kb: String,
    pub messages: usize,
    /// Spawn until the answer to a first question is printed, with an empty
    /// index folder: the index is built and saved.
    pub cold_startup_ms: f64,
    /// The peak of that cold run.
    pub cold_peak_rss_mb: f64,
    /// The same with the KB unchanged and its index saved: opened, not built.
    pub warm_startup_ms: f64,
    /// Peak and idle resident memory of the warm run, after the messages.
    pub peak_rss_mb: f64,
    pub steady_rss_mb: f64,
    /// What the steady figure is made of: private memory (heap, stacks,
    /// relocated tables) and pages of mapped files (the binary's code and
    /// data as far as it was touched, the saved index).
    pub steady_anon_mb: f64,
    pub steady_file_mb: f64,
    /// The same binary printing its version: the floor of both figures.
    pub baseline_startup_ms: f64,
    pub baseline_rss_mb: f64,
}

/// One `escala chat` process's figures.
struct ChatRun {
    startup_ms: f64,
    peak_rss_mb: f64,
    steady_rss_mb: f64,
    steady_anon_mb: f64,
    steady_file_mb: f64,
}

/// A field of /proc/`pid`/status given in kB, in MB.
fn status_mb(status: &str, name: &str) -> Option<f64> {
    status
        .lines()
        .find(|l| l.starts_with(name))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
}

/// /proc/`pid`/status, if the process still runs.
fn read_status(pid: u32) -> Option<String> {
    std::fs::read_to_string(format!("/proc/{pid}/status")).ok()
}

/// VmHWM (peak) and VmRSS (now), in MB, from a process's status.
fn rss_mb(status: &str) -> Option<(f64, f64)> {
    Some((status_mb(status, "VmHWM:")?, status_mb(status, "VmRSS:")?))
}

/// Below this resident size a reading was taken while the kernel was
/// replacing the forked image with the binary, not of the binary itself.
const LEAST_PLAUSIBLE_RSS_MB: f64 = 1.0;

/// The peak of (peak, resident) readings taken once the binary was running,
/// if any was.
fn settled_peak(samples: &[(f64, f64)]) -> Option<f64> {
    samples.iter().filter(|(_, rss)| *rss >= LEAST_PLAUSIBLE_RSS_MB).map(|(hwm, _)| *hwm).reduce(f64::max)
}

/// `escala --version` as a child: its wall time and peak memory, the cost
/// of the binary itself.
async fn baseline_process(exe: &Path) -> anyhow::Result<(f64, f64)> {
    // The process lives a few milliseconds and may end before /proc is read
    // (wait4's ru_maxrss is no help: it counts the parent's memory at fork),
    // so try a few times; the time is the first run's.
    let mut first_ms = None;
    for _ in 0..10 {
        let started = Instant::now();
        let mut child =
            tokio::process::Command::new(exe).arg("--version").stdout(std::process::Stdio::null()).spawn()?;
        let pid = child.id().unwrap_or_default();
        let mut samples = Vec::new();
        loop {
            samples.extend(read_status(pid).as_deref().and_then(rss_mb));
            if child.try_wait()?.is_some() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        let ms = *first_ms.get_or_insert(started.elapsed().as_secs_f64() * 1e3);
        if let Some(peak) = settled_peak(&samples) {
            return Ok((ms, peak));
        }
    }
    anyhow::bail!("`escala --version` always ended before its memory could be read")
}

/// Runs `escala chat` on `kb_dir` twice, cold (no saved index) and warm
/// (the index the first run saved), each as a child process: times the
/// first answer, feeds `messages` questions from 100 users' worth of text,
/// and reads its memory from /proc once it has gone quiet.
pub async fn process_bench(kb_dir: &Path, label: &str, messages: usize) -> anyhow::Result<ProcessBench> {
    let exe = std::env::current_exe()?;
    let dir = tempfile_dir()?;
    let config = dir.path().join("escala.toml");
    let db = dir.path().join("escala.db");
    std::fs::write(
        &config,
        format!(
            "[database]\nurl = \"sqlite://{}\"\n[kb]\ndir = \"{}\"\nwatch = false\n[support]\nflood_per_minute = 0\n[metrics]\nlisten = \"\"\n",
            db.display(),
            kb_dir.display()
        ),
    )?;
    let (baseline_startup_ms, baseline_rss_mb) = baseline_process(&exe).await?;
    flush_writes().await;
    let cold = chat_run(&exe, &config, messages).await?;
    flush_writes().await;
    let warm = chat_run(&exe, &config, messages).await?;
    Ok(ProcessBench {
        kb: label.to_string(),
        messages,
        cold_startup_ms: cold.startup_ms,
        cold_peak_rss_mb: cold.peak_rss_mb,
        warm_startup_ms: warm.startup_ms,
        peak_rss_mb: warm.peak_rss_mb,
        steady_rss_mb: warm.steady_rss_mb,
        steady_anon_mb: warm.steady_anon_mb,
        steady_file_mb: warm.steady_file_mb,
        baseline_startup_ms,
        baseline_rss_mb,
    })
}

/// Waits until the system has written out what earlier runs left in its
/// cache: the cold run's database writes, flushed by the kernel in the
/// background, otherwise land in the warm start they have nothing to do
/// with (the warm 10 000-article start was ~40 ms slower after a cold run
/// of 10 000 messages than after one of 200).
async fn flush_writes() {
    #[cfg(unix)]
    // SAFETY: sync takes no arguments and only schedules and waits for
    // writeback of the system's dirty pages.
    let _ = tokio::task::spawn_blocking(|| unsafe { libc::sync() }).await;
}

async fn chat_run(exe: &Path, config: &Path, messages: usize) -> anyhow::Result<ChatRun> {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt};
    let started = Instant::now();
    let mut child = tokio::process::Command::new(exe)
        .arg("--config")
        .arg(config)
        .args(["chat", "--user", "bench", "--lang", "en"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()?;
    let pid = child.id().unwrap_or_default();
    let mut stdin = child.stdin.take().ok_or_else(|| anyhow::anyhow!("no stdin"))?;
    let mut lines = tokio::io::BufReader::new(child.stdout.take().ok_or_else(|| anyhow::anyhow!("no stdout"))?).lines();
    stdin.write_all(b"I forgot my password\n").await?;
    lines.next_line().await?.ok_or_else(|| anyhow::anyhow!("escala chat printed nothing"))?;
    let startup_ms = started.elapsed().as_secs_f64() * 1e3;
    // Drain the answers while feeding questions, or the pipe fills up.
    let (quiet_tx, mut quiet_rx) = tokio::sync::watch::channel(Instant::now());
    let reader = tokio::spawn(async move {
        while let Ok(Some(_)) = lines.next_line().await {
            let _ = quiet_tx.send(Instant::now());
        }
    });
    for n in 1..messages {
        let question = QUESTIONS[n % QUESTIONS.len()];
        stdin.write_all(format!("{question} {n}\n").as_bytes()).await?;
    }
    stdin.flush().await?;
    loop {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let last = *quiet_rx.borrow_and_update();
        if last.elapsed() > Duration::from_secs(2) {
            break;
        }
    }
    // VmHWM is the process's high-water mark, so one reading once it has
    // gone quiet holds the peak of the whole run.
    // One reading for all four figures, so the parts add up to the total.
    let unreadable = || anyhow::anyhow!("cannot read /proc/{pid}/status");
    let status = read_status(pid).ok_or_else(unreadable)?;
    let (peak_rss_mb, steady_rss_mb) = rss_mb(&status).ok_or_else(unreadable)?;
    let parts = (status_mb(&status, "RssAnon:"), status_mb(&status, "RssFile:"));
    let (Some(steady_anon_mb), Some(steady_file_mb)) = parts else { return Err(unreadable()) };
    drop(stdin);
    let _ = tokio::time::timeout(Duration::from_secs(10), child.wait()).await;
    reader.abort();
    Ok(ChatRun { startup_ms, peak_rss_mb, steady_rss_mb, steady_anon_mb, steady_file_mb })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reading_taken_during_exec_is_not_the_baselines_memory() {
        // Seen in a run: the only reading of `escala --version` came while
        // exec was swapping images, and the baseline printed 0.0 MB.
        assert_eq!(settled_peak(&[(0.02, 0.02)]), None);
        assert_eq!(settled_peak(&[(0.02, 0.02), (6.1, 5.9), (6.3, 4.0)]), Some(6.3));
        assert_eq!(settled_peak(&[]), None);
    }
}
