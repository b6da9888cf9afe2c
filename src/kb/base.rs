//! `KnowledgeBase`: the loaded articles, their rules and their index, built
//! once and then only read, so it can be swapped whole on reload.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::analysis::lang_slot;
use super::article::{parse_article, Article};
use super::calibration::Calibration;
use super::error::KbError;
use super::files::{read_text, DEFAULT_MAX_FILE_BYTES};
use super::incident::Incidents;
use super::index::{KbIndex, LangIndex};
use super::index_cache::{lang_key, open_or_build, IndexOrigin};
use super::lint::{load_checked, load_checked_cached, load_incidents, Checked};
use super::report::{Report, Severity};
use super::rules::Rules;
use super::settings::{KbSettings, Thresholds, Tuning};
use crate::domain::Lang;

pub struct KnowledgeBase {
    pub(crate) articles: Vec<Article>,
    pub(crate) rules: Rules,
    pub(crate) incidents: Incidents,
    pub(crate) index: KbIndex,
    /// Per language, whether its index was built, opened or kept.
    index_origins: [Option<IndexOrigin>; 4],
    pub(crate) tuning: Tuning,
    /// Files left out because they are broken (see `load_lenient`).
    broken: BTreeSet<PathBuf>,
    /// Articles marked `draft: true`: checked, never indexed or served.
    drafts: Vec<Article>,
    /// `kb/calibration.toml`, when the KB has one.
    calibration: Option<Calibration>,
    pub(crate) by_key: HashMap<(Lang, String), usize>,
}

/// A served article: without the plain text, which only the index needed,
/// and without the markdown, which the index stores (see
/// [`KnowledgeBase::body`]); each text moved into an allocation of its own
/// size. The reading threads interleaved these strings with the files'
/// text and bodies freed since, and pages that mix live and freed blocks
/// stay resident: copied out, those pages are wholly free and go back to
/// the system.
fn served(article: Article) -> Article {
    let copy = |text: &str| text.to_string();
    let copies = |list: &[String]| list.iter().map(|t| copy(t)).collect();
    Article {
        id: copy(&article.id),
        lang: article.lang,
        title: copy(&article.title),
        tags: copies(&article.tags),
        questions: copies(&article.questions),
        related: copies(&article.related),
        body_markdown: String::new(),
        body_text: String::new(),
        path: article.path.as_path().to_path_buf(),
        draft: article.draft,
        updated: article.updated,
        level: article.level,
        priority: article.priority,
    }
}

/// When an article is missing in the asked language, translations are tried
/// in this order: English first as the most widely read, then the others.
const TRANSLATION_FALLBACK: [Lang; 4] = [Lang::En, Lang::Pt, Lang::Es, Lang::Ca];

impl KnowledgeBase {
    /// Lints and loads `dir`; any lint error refuses the whole KB so a broken
    /// edit never replaces a good one. Blocking: use `spawn_blocking`.
    pub fn load(dir: &Path) -> Result<KnowledgeBase, KbError> {
        let checked = load_checked(dir, DEFAULT_MAX_FILE_BYTES);
        if checked.report.has_errors() {
            return Err(KbError::Invalid(checked.report));
        }
        let kb = KnowledgeBase::indexed(checked.articles, checked.rules, None, None)?
            .with_incidents(checked.incidents)
            .with_calibration(checked.calibration);
        crate::memory::release_freed();
        Ok(kb)
    }

    /// Loads what is valid in `dir` and leaves out the files with errors,
    /// which the returned report lists: one broken article must not stop
    /// the bot or the CLI. No file over `max_file_bytes` is read. The index
    /// is opened from `index_dir` where it is unchanged, and saved there
    /// where it is built (`None`: built in RAM). Blocking.
    pub fn load_lenient(
        dir: &Path,
        max_file_bytes: u64,
        index_dir: Option<&Path>,
    ) -> Result<(KnowledgeBase, Report), KbError> {
        KnowledgeBase::load_lenient_after(dir, max_file_bytes, index_dir, None)
    }

    fn load_lenient_after(
        dir: &Path,
        max_file_bytes: u64,
        index_dir: Option<&Path>,
        previous: Option<&KnowledgeBase>,
    ) -> Result<(KnowledgeBase, Report), KbError> {
        let started = std::time::Instant::now();
        let Checked { report, articles, rules, incidents, calibration, files_read, .. } =
            load_checked_cached(dir, max_file_bytes, index_dir);
        let checked_ms = started.elapsed().as_secs_f64() * 1e3;
        let broken: BTreeSet<PathBuf> =
            report.problems.iter().filter(|p| p.severity == Severity::Error).map(|p| p.path.clone()).collect();
        let articles = articles.into_iter().filter(|a| !broken.contains(&a.path)).collect();
        let mut kb = KnowledgeBase::indexed(articles, rules, index_dir, previous)?
            .with_incidents(incidents)
            .with_calibration(calibration);
        let total_ms = started.elapsed().as_secs_f64() * 1e3;
        tracing::debug!(articles = kb.len(), files_read, checked_ms, total_ms, "knowledge base loaded");
        kb.broken = broken;
        crate::memory::release_freed();
        Ok((kb, report))
    }

    /// The KB after an edit of `dir`, unless the edit broke a file that was
    /// fine in `self`: then the report, and `self` keeps serving. Files that
    /// were already broken stay left out without blocking other edits.
    /// Languages whose articles did not change keep `self`'s index.
    pub fn reload(
        &self,
        dir: &Path,
        max_file_bytes: u64,
        index_dir: Option<&Path>,
    ) -> Result<(KnowledgeBase, Report), KbError> {
        let (fresh, report) = KnowledgeBase::load_lenient_after(dir, max_file_bytes, index_dir, Some(self))?;
        let newly: HashSet<&PathBuf> = fresh.broken.difference(&self.broken).collect();
        if !newly.is_empty() {
            let problems = report.problems.into_iter().filter(|p| newly.contains(&p.path)).collect();
            return Err(KbError::Invalid(Report { problems }));
        }
        Ok((fresh, report))
    }

    /// Whether `lang`'s index was built, opened from `kb.index_dir` or kept
    /// from the KB before a reload; `None` when `lang` has no article.
    pub fn index_origin(&self, lang: Lang) -> Option<IndexOrigin> {
        self.index_origins[lang_slot(lang)]
    }

    /// The draft articles, which are not served.
    pub fn drafts(&self) -> &[Article] {
        &self.drafts
    }

    /// The files left out of this KB because they are broken.
    pub fn broken_files(&self) -> impl Iterator<Item = &Path> {
        self.broken.iter().map(PathBuf::as_path)
    }

    /// A KB holding only the incidents of `dir`, for the commands that
    /// manage them: no article is read or indexed. Blocking.
    pub fn incidents_only(dir: &Path, max_file_bytes: u64) -> Result<(KnowledgeBase, Report), KbError> {
        let (incidents, report) = load_incidents(dir, max_file_bytes);
        Ok((KnowledgeBase::empty()?.with_incidents(incidents), report))
    }

    /// A KB with nothing in it, for the commands that never search.
    pub fn empty() -> Result<KnowledgeBase, KbError> {
        KnowledgeBase::from_articles(Vec::new(), Rules::default())
    }

    /// Builds the index over already parsed articles, drafts set aside, in
    /// RAM. Blocking.
    pub fn from_articles(articles: Vec<Article>, rules: Rules) -> Result<KnowledgeBase, KbError> {
        KnowledgeBase::indexed(articles, rules, None, None)
    }

    /// The KB of `articles`, each language's index kept from `previous`,
    /// opened from `index_dir` or built, in that order of preference.
    fn indexed(
        articles: Vec<Article>,
        rules: Rules,
        index_dir: Option<&Path>,
        previous: Option<&KnowledgeBase>,
    ) -> Result<KnowledgeBase, KbError> {
        let (drafts, articles): (Vec<Article>, Vec<Article>) = articles.into_iter().partition(|a| a.draft);
        let mut by_key = HashMap::with_capacity(articles.len());
        let mut members: [Vec<usize>; 4] = Default::default();
        for (i, a) in articles.iter().enumerate() {
            members[lang_slot(a.lang)].push(i);
            by_key.insert((a.lang, a.id.clone()), i);
        }
        let mut langs: [Option<Arc<LangIndex>>; 4] = Default::default();
        let mut index_origins = [None; 4];
        for lang in Lang::ALL {
            let slot = lang_slot(lang);
            if members[slot].is_empty() {
                continue;
            }
            let of_lang: Vec<&Article> = members[slot].iter().map(|&i| &articles[i]).collect();
            let key = lang_key(lang, &of_lang);
            let kept = previous.and_then(|p| p.index.shared(slot)).filter(|kept| kept.key == key);
            let (index, origin) = match kept {
                Some(kept) => (kept, IndexOrigin::Kept),
                None => {
                    let (index, origin) = open_or_build(index_dir, lang, &of_lang, key)?;
                    (Arc::new(index), origin)
                }
            };
            tracing::debug!(%lang, ?origin, articles = of_lang.len(), "search index ready");
            if origin == IndexOrigin::Built {
                // Each language's writers may have used another allocator
                // arena; freed now, they do not add up to the peak.
                crate::memory::release_freed();
            }
            langs[slot] = Some(index);
            index_origins[slot] = Some(origin);
        }
        // Collected in place, the list would keep the capacity it grew to.
        let mut articles: Vec<Article> = articles.into_iter().map(served).collect();
        articles.shrink_to_fit();
        Ok(KnowledgeBase {
            articles,
            rules,
            incidents: Incidents::default(),
            index: KbIndex::new(langs, members),
            index_origins,
            tuning: Tuning::default(),
            broken: BTreeSet::new(),
            drafts,
            calibration: None,
            by_key,
        })
    }

    /// Replaces the known incidents.
    pub fn with_incidents(mut self, incidents: Incidents) -> KnowledgeBase {
        self.incidents = incidents;
        self
    }

    pub fn incidents(&self) -> &Incidents {
        &self.incidents
    }

    /// Sets the calibrated thresholds (`kb/calibration.toml`).
    pub fn with_calibration(mut self, calibration: Option<Calibration>) -> KnowledgeBase {
        self.calibration = calibration;
        self
    }

    pub fn calibration(&self) -> Option<&Calibration> {
        self.calibration.as_ref()
    }

    /// The thresholds for a question in `lang`: the configuration's when it
    /// sets them, else the calibration's, else [`Thresholds::UNCALIBRATED`].
    pub fn thresholds(&self, lang: Lang, settings: &KbSettings) -> Thresholds {
        let calibrated = self.calibration.as_ref().and_then(|c| c.thresholds(lang)).unwrap_or(Thresholds::UNCALIBRATED);
        Thresholds {
            answer: settings.answer_threshold.unwrap_or(calibrated.answer),
            suggest: settings.suggest_threshold.unwrap_or(calibrated.suggest),
        }
    }

    /// Replaces the scoring weights (for evaluation experiments).
    pub fn with_tuning(mut self, tuning: Tuning) -> KnowledgeBase {
        self.tuning = tuning;
        self
    }

    /// The markdown body of `article`, one of this KB's: read from the
    /// index's document store, where the served articles keep it (see
    /// [`served`]), or else from the article's file when that still holds
    /// the same article.
    pub fn body(&self, article: &Article) -> Result<String, KbError> {
        if !article.body_markdown.is_empty() {
            return Ok(article.body_markdown.clone());
        }
        let slot = lang_slot(article.lang);
        let stored = self
            .by_key
            .get(&(article.lang, article.id.clone()))
            .and_then(|&i| self.index.local(slot, i))
            .and_then(|local| Some((local, self.index.lang(slot)?)))
            .map(|(local, index)| index.markdown(local));
        match stored {
            Some(Ok(body)) => Ok(body),
            failed => {
                if let Some(Err(error)) = &failed {
                    tracing::warn!(article = %article.id, %error, "stored body unreadable; reading the article's file");
                }
                let reread = read_text(&article.path, DEFAULT_MAX_FILE_BYTES)
                    .ok()
                    .and_then(|text| parse_article(&article.path, &text).ok())
                    .filter(|a| a.id == article.id && a.lang == article.lang);
                reread.map(|a| a.body_markdown).ok_or_else(|| {
                    KbError::IndexDamaged(format!("no body for article {} ({})", article.id, article.lang))
                })
            }
        }
    }

    /// The article `id` in `lang`, or else its first translation in the order
    /// English, Portuguese, Spanish, Catalan.
    pub fn article(&self, id: &str, lang: Lang) -> Option<&Article> {
        std::iter::once(lang)
            .chain(TRANSLATION_FALLBACK)
            .find_map(|l| self.by_key.get(&(l, id.to_string())))
            .map(|&i| &self.articles[i])
    }

    pub fn articles(&self) -> impl Iterator<Item = &Article> {
        self.articles.iter()
    }

    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// Number of articles, counting each translation.
    pub fn len(&self) -> usize {
        self.articles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }
}
