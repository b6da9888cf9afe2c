//! Hot reload: rebuild the KB when `kb/` changes and swap it in atomically;
//! an edit that breaks a file keeps the last good KB serving.
//!
//! The watch survives the directory being replaced (`mv kb kb.old; mv
//! kb.new kb`, as deploy tools do): besides the file events, the folder's
//! identity is checked every second, and a new folder is watched anew and
//! loaded. Nothing here reads a file that is not a regular file, so a FIFO
//! in `kb/` cannot freeze the reload.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use arc_swap::ArcSwap;
use notify::{RecommendedWatcher, RecursiveMode, Watcher};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::base::KnowledgeBase;
use super::error::KbError;

/// The KB readers use: `load()` never waits, even during a swap.
pub type SharedKb = Arc<ArcSwap<KnowledgeBase>>;

/// Editors write a file in several steps (truncate, write, rename); waiting
/// for quiet avoids rebuilding on a half-written file.
const DEBOUNCE: Duration = Duration::from_millis(300);
/// Most folders watched below `kb/` (a KB has a handful per language).
const MAX_WATCHED_FOLDERS: usize = 1000;
/// How often the folder's identity is checked for a swap.
const IDENTITY_CHECK: Duration = Duration::from_secs(1);

/// The folder `dir` names now (after links): device and inode.
fn identity(dir: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(dir).ok().map(|m| (m.dev(), m.ino()))
}

/// What one reload did, for the audit log: the files that changed (below
/// the KB folder) and whether the new KB was taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reload {
    pub files: Vec<String>,
    /// Articles served after it; `None` when the edit was refused and the
    /// last good KB kept serving.
    pub articles: Option<usize>,
}

fn watch(dir: &Path, events: &mpsc::UnboundedSender<Vec<PathBuf>>) -> Result<RecommendedWatcher, KbError> {
    let events = events.clone();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event.as_ref().map_err(drop).and_then(|e| if e.kind.is_access() { Err(()) } else { Ok(e) }) {
            // The receiver is gone only after shutdown; nothing to do then.
            let _ = events.send(event.paths.clone());
        }
    })
    .map_err(|error| KbError::Watch { path: dir.to_path_buf(), error })?;
    watcher
        .watch(dir, RecursiveMode::NonRecursive)
        .map_err(|error| KbError::Watch { path: dir.to_path_buf(), error })?;
    watch_below(&mut watcher, dir);
    Ok(watcher)
}

/// Watches the folders below `folder` one by one. notify's own recursive
/// watch looks at every file with a system call of its own to find them,
/// which on 10 000 articles held up the first answer by a tenth of the
/// warm start (`perf record` of `escala chat`); the listings' entry types
/// say which entries are folders for free. Folders created later are
/// added as their events arrive (`watch_new_folders`).
fn watch_below(watcher: &mut RecommendedWatcher, folder: &Path) {
    let folders = super::loader::folders_below(folder, MAX_WATCHED_FOLDERS);
    if folders.len() >= MAX_WATCHED_FOLDERS {
        tracing::warn!(folder = %folder.display(), max = MAX_WATCHED_FOLDERS, "too many folders in the knowledge base (a link to a big folder?); only the first are watched");
    }
    for below in folders.into_iter().filter(|f| f != folder) {
        if let Err(error) = watcher.watch(&below, RecursiveMode::NonRecursive) {
            // The system's watch limit, most likely: the rest would fail too.
            tracing::warn!(folder = %below.display(), %error, "cannot watch a knowledge base folder; edits below it wait for another reload");
            break;
        }
    }
}

/// Adds a watch for each new folder among the changed `paths` (a folder
/// made or moved into `kb/`), with the folders inside it.
fn watch_new_folders(watcher: &mut RecommendedWatcher, paths: &std::collections::BTreeSet<PathBuf>) {
    for path in paths.iter().filter(|p| p.is_dir()) {
        if watcher.watch(path, RecursiveMode::NonRecursive).is_ok() {
            watch_below(watcher, path);
        }
    }
}

/// Watches `dir` until `shutdown` and reloads `kb` after each burst of
/// changes, reading no file over `max_file_bytes` and saving rebuilt
/// indexes in `index_dir`; each reload is told to `reloads` when given.
pub fn spawn_watcher(
    dir: PathBuf,
    kb: SharedKb,
    max_file_bytes: u64,
    index_dir: Option<PathBuf>,
    shutdown: CancellationToken,
    reloads: Option<mpsc::UnboundedSender<Reload>>,
) -> Result<tokio::task::JoinHandle<()>, KbError> {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut watcher = Some(watch(&dir, &tx)?);
    let mut watched = identity(&dir);
    Ok(tokio::spawn(async move {
        let mut check = tokio::time::interval(IDENTITY_CHECK);
        check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            let mut swapped = false;
            let mut files = std::collections::BTreeSet::new();
            tokio::select! {
                _ = shutdown.cancelled() => return,
                changed = rx.recv() => match changed {
                    Some(paths) => files.extend(paths),
                    None => return,
                },
                _ = check.tick() => {
                    let now = identity(&dir);
                    if now == watched {
                        continue;
                    }
                    watched = now;
                    swapped = true;
                }
            }
            if swapped {
                // The old watcher follows the old folder; watch the new one
                // (or none while the name points nowhere).
                let fresh = match watched.map(|_| watch(&dir, &tx)) {
                    Some(Ok(fresh)) => Some(fresh),
                    Some(Err(error)) => {
                        tracing::warn!(%error, "cannot watch the replaced knowledge base folder; retrying");
                        watched = None;
                        None
                    }
                    None => None,
                };
                tracing::info!(dir = %dir.display(), watching = fresh.is_some(), "knowledge base folder replaced");
                // Dropping the old watcher stops it following the old folder.
                drop(std::mem::replace(&mut watcher, fresh));
            }
            // Debounce: wait until no event arrived for DEBOUNCE.
            loop {
                tokio::select! {
                    _ = shutdown.cancelled() => return,
                    _ = tokio::time::sleep(DEBOUNCE) => break,
                    more = rx.recv() => match more {
                        Some(paths) => files.extend(paths),
                        None => return,
                    },
                }
            }
            if let Some(watcher) = watcher.as_mut() {
                watch_new_folders(watcher, &files);
            }
            if watched.is_some() {
                let articles = reload(&dir, &kb, max_file_bytes, index_dir.clone()).await;
                if let Some(reloads) = &reloads {
                    let mut files: Vec<String> =
                        files.iter().map(|p| p.strip_prefix(&dir).unwrap_or(p).display().to_string()).collect();
                    if swapped {
                        files.insert(0, "(the folder was replaced)".into());
                    }
                    let _ = reloads.send(Reload { files, articles });
                }
            }
        }
    }))
}

/// The articles served after the reload; `None` if the old KB stays.
async fn reload(dir: &Path, kb: &SharedKb, max_file_bytes: u64, index_dir: Option<PathBuf>) -> Option<usize> {
    let path = dir.to_path_buf();
    let current = kb.load_full();
    match tokio::task::spawn_blocking(move || current.reload(&path, max_file_bytes, index_dir.as_deref())).await {
        Ok(Ok((fresh, report))) => {
            for problem in &report.problems {
                tracing::warn!(%problem, "knowledge base file left out until it is fixed");
            }
            tracing::info!(articles = fresh.len(), dir = %dir.display(), "knowledge base reloaded");
            let articles = fresh.len();
            kb.store(Arc::new(fresh));
            Some(articles)
        }
        Ok(Err(KbError::Invalid(report))) => {
            for problem in &report.problems {
                tracing::warn!(%problem, "knowledge base edit refused; keeping the last good one");
            }
            None
        }
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "knowledge base reload failed; keeping the last good one");
            None
        }
        Err(e) => {
            tracing::warn!(error = %e, "knowledge base reload task failed");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::path::Path;

    fn write_article(dir: &Path, title: &str) {
        let text = format!(
            "---\nid: wifi\nlang: en\ntitle: {title}\nquestions: [wifi does not connect]\n---\nRestart the router.\n"
        );
        fs::write(dir.join("en/wifi.md"), text).unwrap();
    }

    async fn wait_for(kb: &SharedKb, what: impl Fn(&KnowledgeBase) -> bool) -> bool {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while tokio::time::Instant::now() < deadline {
            if what(&kb.load()) {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        false
    }

    fn title(kb: &KnowledgeBase) -> String {
        kb.articles().next().map(|a| a.title.clone()).unwrap_or_default()
    }

    /// A link to a big tree inside `kb/` is not walked without end.
    #[test]
    fn the_folders_watched_are_bounded() {
        let dir = tempfile::tempdir().unwrap();
        for n in 0..30 {
            fs::create_dir_all(dir.path().join(format!("en/f{n}"))).unwrap();
        }
        std::os::unix::fs::symlink(dir.path(), dir.path().join("en/loop")).unwrap();
        let all = super::super::loader::folders_below(dir.path(), 1000);
        assert_eq!(all.len(), 32, "kb/, en/ and its 30 folders, the loop once: {all:?}");
        assert_eq!(super::super::loader::folders_below(dir.path(), 10).len(), 10);
    }

    /// Folders are watched one by one, so one made after the start must be
    /// added: an article in it, and a later edit of it, are both loaded.
    #[tokio::test]
    async fn a_folder_made_after_the_start_is_watched_too() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("en")).unwrap();
        write_article(dir.path(), "Wi-Fi v1");
        let kb: SharedKb = Arc::new(ArcSwap::from_pointee(KnowledgeBase::load(dir.path()).unwrap()));
        let shutdown = CancellationToken::new();
        let max = super::super::files::DEFAULT_MAX_FILE_BYTES;
        let task = spawn_watcher(dir.path().to_path_buf(), kb.clone(), max, None, shutdown.clone(), None).unwrap();
        let network = dir.path().join("en/network/routers");
        fs::create_dir_all(&network).unwrap();
        let router = |title: &str| {
            format!("---\nid: router\nlang: en\ntitle: {title}\nquestions: [router blinks]\n---\nUnplug it.\n")
        };
        fs::write(network.join("router.md"), router("Router v1")).unwrap();
        let router_title = |k: &KnowledgeBase| k.articles().find(|a| a.id == "router").map(|a| a.title.clone());
        assert!(wait_for(&kb, |k| router_title(k).as_deref() == Some("Router v1")).await, "new folder not loaded");
        tokio::time::sleep(DEBOUNCE * 2).await;
        fs::write(network.join("router.md"), router("Router v2")).unwrap();
        assert!(wait_for(&kb, |k| router_title(k).as_deref() == Some("Router v2")).await, "edit in it not seen");
        shutdown.cancel();
        tokio::time::timeout(Duration::from_secs(5), task).await.unwrap().unwrap();
    }

    #[tokio::test]
    async fn a_good_edit_is_swapped_in_and_a_broken_one_keeps_the_last_good_kb() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("en")).unwrap();
        write_article(dir.path(), "Wi-Fi v1");
        let kb: SharedKb = Arc::new(ArcSwap::from_pointee(KnowledgeBase::load(dir.path()).unwrap()));
        let shutdown = CancellationToken::new();
        let (reloads, mut told) = mpsc::unbounded_channel();
        let task = spawn_watcher(
            dir.path().to_path_buf(),
            kb.clone(),
            super::super::files::DEFAULT_MAX_FILE_BYTES,
            None,
            shutdown.clone(),
            Some(reloads),
        )
        .unwrap();

        write_article(dir.path(), "Wi-Fi v2");
        assert!(wait_for(&kb, |k| title(k) == "Wi-Fi v2").await, "good edit not applied");
        let taken = told.recv().await.unwrap();
        assert_eq!((taken.files.clone(), taken.articles), (vec!["en/wifi.md".to_string()], Some(1)), "{taken:?}");

        fs::write(dir.path().join("en/broken.md"), "no front matter").unwrap();
        write_article(dir.path(), "Wi-Fi v3");
        // Give the watcher time to see and refuse the broken state.
        tokio::time::sleep(DEBOUNCE * 3).await;
        assert_eq!(title(&kb.load()), "Wi-Fi v2");
        let refused = told.recv().await.unwrap();
        assert!(refused.articles.is_none() && refused.files.contains(&"en/broken.md".to_string()), "{refused:?}");

        fs::remove_file(dir.path().join("en/broken.md")).unwrap();
        assert!(wait_for(&kb, |k| title(k) == "Wi-Fi v3").await, "fixed edit not applied");

        shutdown.cancel();
        tokio::time::timeout(Duration::from_secs(5), task).await.unwrap().unwrap();
    }
}
