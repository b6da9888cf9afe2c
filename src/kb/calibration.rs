//! `kb/calibration.toml`: the answer and suggest thresholds per language that
//! `escala kb calibrate` chose from the KB's own questions, with the content
//! hash of the articles they were chosen on, so `kb check` can tell when the
//! articles changed since.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::error::KbError;
use super::settings::Thresholds;
use crate::domain::Lang;

pub const CALIBRATION_FILE: &str = "calibration.toml";

/// The thresholds of one language and what they were measured to give.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LangCalibration {
    pub answer_threshold: f64,
    pub suggest_threshold: f64,
    /// Left-out questions asked, and off-topic probes asked.
    pub questions: usize,
    pub probes: usize,
    /// Share of direct answers that were the right article, at the threshold.
    pub precision: f64,
    /// Share of the left-out questions answered directly (right or wrong).
    pub answered: f64,
    /// Share of the small-talk probes given neither answer nor suggestions.
    pub small_talk_refused: f64,
}

/// The whole file.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Calibration {
    /// When it was written (UTC, RFC 3339), for people; staleness is decided
    /// by `articles_hash`, which survives a checkout's new file times.
    pub calibrated_at: String,
    pub target_precision: f64,
    /// The [`ContentHash`] of the article files at calibration time.
    pub articles_hash: String,
    #[serde(default)]
    pub languages: BTreeMap<String, LangCalibration>,
}

impl Calibration {
    /// The calibrated thresholds of `lang`, if it was calibrated.
    pub fn thresholds(&self, lang: Lang) -> Option<Thresholds> {
        self.languages
            .get(lang.code())
            .map(|c| Thresholds { answer: c.answer_threshold as f32, suggest: c.suggest_threshold as f32 })
    }

    /// Parses the file's text; errors name the line.
    pub fn parse(path: &Path, text: &str) -> Result<Calibration, KbError> {
        let calibration: Calibration = toml::from_str(text).map_err(|e| KbError::Data {
            path: path.to_path_buf(),
            line: e.span().map_or(1, |s| text[..s.start.min(text.len())].matches('\n').count() + 1),
            message: e.message().to_string(),
        })?;
        for (code, lang) in &calibration.languages {
            if code.parse::<Lang>().is_err() {
                return Err(KbError::Data {
                    path: path.to_path_buf(),
                    line: line_of_table(text, code),
                    message: format!("`{code}` is not one of the languages pt, es, ca, en"),
                });
            }
            let unit = |v: f64| (0.0..=1.0).contains(&v);
            if !unit(lang.answer_threshold)
                || !unit(lang.suggest_threshold)
                || lang.suggest_threshold > lang.answer_threshold
            {
                return Err(KbError::Data {
                    path: path.to_path_buf(),
                    line: line_of_table(text, code),
                    message: format!("[languages.{code}]: thresholds must lie in [0, 1] with suggest ≤ answer"),
                });
            }
        }
        Ok(calibration)
    }

    /// Writes the file through a temporary one, so a crash never leaves the
    /// bot half a calibration.
    pub fn write(&self, dir: &Path) -> Result<(), KbError> {
        let path = dir.join(CALIBRATION_FILE);
        let body = toml::to_string_pretty(self).map_err(|e| KbError::Data {
            path: path.clone(),
            line: 1,
            message: e.to_string(),
        })?;
        let text = format!(
            "# Written by `escala kb calibrate`; do not edit by hand. The bot answers\n\
             # and suggests at these confidences unless the config sets\n\
             # kb.answer_threshold / kb.suggest_threshold. `escala kb check` warns\n\
             # when the articles changed since (articles_hash).\n\n{body}"
        );
        let temporary = dir.join(format!(".{CALIBRATION_FILE}.tmp"));
        fs::write(&temporary, text).map_err(|e| KbError::io(&temporary, e))?;
        fs::rename(&temporary, &path).map_err(|e| KbError::io(&path, e))
    }
}

fn line_of_table(text: &str, code: &str) -> usize {
    let header = format!("[languages.{code}]");
    text.lines().position(|l| l.trim() == header).map_or(1, |i| i + 1)
}

/// A hash of the article files' paths (relative to the KB folder) and
/// bytes, stable across machines and runs: 64 bits, eight bytes at a time
/// (rotate, xor, multiply, as FxHash does). Fed in the sorted order
/// `article_files` gives. It tells changed content from unchanged, nothing
/// more: it is no defence against someone forging a collision, and needs
/// none (whoever can edit the KB can edit its calibration too).
///
/// It replaced a byte-at-a-time FNV-1a, which at one multiplication per
/// byte was a tenth of a warm start on 10 000 articles (`perf record` of
/// `escala chat`); a calibration written before reads as stale once.
pub struct ContentHash(u64);

impl Default for ContentHash {
    fn default() -> Self {
        ContentHash(0xcbf2_9ce4_8422_2325)
    }
}

impl ContentHash {
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    pub(crate) fn feed(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut eight = [0u8; 8];
            eight.copy_from_slice(word);
            self.mix(u64::from_le_bytes(eight));
        }
        let rest = words.remainder();
        let mut tail = [0u8; 8];
        tail[..rest.len()].copy_from_slice(rest);
        self.mix(u64::from_le_bytes(tail));
        // The length keeps "a" apart from "a\0".
        self.mix(bytes.len() as u64);
    }

    /// The hash of one file's text.
    pub(crate) fn of(text: &str) -> u64 {
        let mut hash = ContentHash::default();
        hash.feed(text.as_bytes());
        hash.value()
    }

    /// Adds the file `file` of `dir` whose text hashes to `content` (see
    /// [`ContentHash::of`]): a file's hash is saved with its parse, so the
    /// KB's hash needs no file read again.
    pub fn add_file(&mut self, dir: &Path, file: &Path, content: u64) {
        let relative = file.strip_prefix(dir).unwrap_or(file);
        // Separators differ between systems; the hash must not.
        let name: Vec<String> = relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        self.feed(name.join("/").as_bytes());
        self.feed(&[0]);
        self.feed(&content.to_le_bytes());
    }

    /// Feeds one length-prefixed part, so that parts cannot run together.
    pub(crate) fn feed_part(&mut self, part: &str) {
        self.feed(&(part.len() as u64).to_le_bytes());
        self.feed(part.as_bytes());
    }

    pub(crate) fn value(&self) -> u64 {
        self.0
    }

    /// As 16 hex digits.
    pub fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}
