//! The templates that corpus tests and benchmarks read: the real-template corpus beside the
//! repository (`../shared/corpus`) when it is there, otherwise the small committed fixture set
//! (`tests/fixtures/templates`), so no test skips. One place decides which, and says so.
//!
//! `CYCLECLOUD_CORPUS` overrides the choice: `fixtures` (or `none`) takes the committed
//! fixtures even when the shared corpus exists; any other value is the folder of a real corpus.

use std::path::{Path, PathBuf};

/// The environment variable that picks the template set (see the module documentation).
pub const CORPUS_VARIABLE: &str = "CYCLECLOUD_CORPUS";

/// Which set a [`Corpus`] is, so tests keep assertions about one set to that set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// Real templates (`../shared/corpus`, or the folder `CYCLECLOUD_CORPUS` names).
    Shared,
    /// The committed fixtures under `tests/fixtures/templates`.
    Fixtures,
}

/// A set of templates to run a corpus test over.
#[derive(Clone, Debug)]
pub struct Corpus {
    /// Which set this is.
    pub source: Source,
    /// Its folder; file names in messages are shown relative to it.
    pub dir: PathBuf,
    /// Every template in it, sorted so selections are deterministic.
    pub files: Vec<PathBuf>,
}

impl Corpus {
    /// Whether these are the real templates, for assertions that hold only for them (counts,
    /// expected findings in named files).
    pub fn is_shared(&self) -> bool {
        self.source == Source::Shared
    }

    /// `path` relative to the corpus folder, as messages and expectation files name it.
    pub fn relative(&self, path: &Path) -> String {
        path.strip_prefix(&self.dir)
            .unwrap_or(path)
            .to_string_lossy()
            .into_owned()
    }

    /// Whether a fixture is the one meant to hold mistakes (syntax errors, error findings);
    /// real templates are never deliberately wrong.
    pub fn is_deliberately_wrong(&self, path: &Path) -> bool {
        self.source == Source::Fixtures
            && path
                .file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with("deliberate-errors"))
    }
}

/// The shared corpus when present (or as `CYCLECLOUD_CORPUS` says), else the committed
/// fixtures; prints which set it chose and checks the set is whole.
pub fn corpus() -> Corpus {
    let shared = crate::repo_root().join("../shared/corpus");
    let (source, dir, why) = match std::env::var(CORPUS_VARIABLE) {
        Ok(value) if value == "fixtures" || value == "none" => (
            Source::Fixtures,
            fixtures_dir(),
            format!("{CORPUS_VARIABLE}={value}"),
        ),
        Ok(value) if !value.is_empty() => {
            let dir = PathBuf::from(&value);
            assert!(dir.is_dir(), "{CORPUS_VARIABLE}={value} is not a folder");
            (Source::Shared, dir, format!("{CORPUS_VARIABLE}={value}"))
        }
        _ if shared.is_dir() => (Source::Shared, shared, "found".to_owned()),
        _ => (
            Source::Fixtures,
            fixtures_dir(),
            "../shared/corpus not found".to_owned(),
        ),
    };
    let files = corpus_files(&dir);
    let set = match source {
        Source::Shared => "real templates",
        Source::Fixtures => "committed fixtures",
    };
    println!("corpus: {} {set} in {} ({why})", files.len(), dir.display());
    // A set that lost files would make every corpus test weaker without failing it.
    let least = match source {
        Source::Shared if dir.ends_with("shared/corpus") => 200,
        Source::Shared => 1,
        Source::Fixtures => 10,
    };
    assert!(
        files.len() >= least,
        "expected at least {least} templates in {}, found {}",
        dir.display(),
        files.len()
    );
    Corpus { source, dir, files }
}

/// For benchmarks, whose figures are quoted for real templates: the corpus when it is the real
/// one, else `None` after saying so.
pub fn real_corpus() -> Option<Corpus> {
    let corpus = corpus();
    if corpus.is_shared() {
        Some(corpus)
    } else {
        println!("skipped: benchmarks measure the real corpus only");
        None
    }
}

/// The committed fixture templates' folder.
pub fn fixtures_dir() -> PathBuf {
    crate::repo_root().join("tests/fixtures/templates")
}

/// Every template under `dir` (one folder per source repository in the shared corpus), sorted,
/// without `MANIFEST.tsv`.
pub fn corpus_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let entries = std::fs::read_dir(&current)
            .unwrap_or_else(|error| panic!("cannot list {}: {error}", current.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.file_name().is_some_and(|name| name != "MANIFEST.tsv") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}
