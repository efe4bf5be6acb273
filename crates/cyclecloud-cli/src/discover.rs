//! Which files `check` and `fmt` read: the files named on the command line, and under each
//! folder named, every `.txt` file inside a `templates/` folder (the CycleCloud project layout)
//! plus the files the nearest config file's `include` globs name, minus its `exclude` globs;
//! `.gitignore` (and `.ignore`) files are honoured, inside a git checkout or not.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use cyclecloud_analysis::Settings;
use globset::{Glob, GlobSet, GlobSetBuilder};

/// Whether a path looks like a template inside a CycleCloud project.
fn is_project_template(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("txt"))
        && path
            .parent()
            .and_then(Path::file_name)
            .is_some_and(|dir| dir == "templates")
}

/// A config file's `include` and `exclude` globs, matched against paths relative to `root`
/// (the config file's folder).
struct ConfigGlobs {
    root: PathBuf,
    include: GlobSet,
    exclude: GlobSet,
}

impl ConfigGlobs {
    /// Whether a walked file is a template: in a `templates/` folder or included, and not
    /// excluded (exclusion wins).
    fn selects(globs: Option<&ConfigGlobs>, path: &Path) -> bool {
        let Some(globs) = globs else {
            return is_project_template(path);
        };
        let relative = path.strip_prefix(&globs.root).unwrap_or(path);
        (is_project_template(path) || globs.include.is_match(relative))
            && !globs.exclude.is_match(relative)
    }
}

/// Compiles globs; a bad glob is reported once and skipped.
fn glob_set(patterns: &[String], config: &Path, problems: &mut Vec<String>) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        match Glob::new(pattern) {
            Ok(glob) => {
                builder.add(glob);
            }
            Err(error) => problems.push(format!("{}: {error}", config.display())),
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

/// The globs that apply in each folder, looked up once per folder rather than once per file.
#[derive(Default)]
struct GlobCache {
    by_folder: HashMap<PathBuf, Option<Rc<ConfigGlobs>>>,
}

impl GlobCache {
    fn for_folder(&mut self, folder: &Path, problems: &mut Vec<String>) -> Option<Rc<ConfigGlobs>> {
        if let Some(cached) = self.by_folder.get(folder) {
            return cached.clone();
        }
        let globs = match Settings::discover(folder) {
            Ok((settings, Some(config))) => config.parent().map(|root| {
                Rc::new(ConfigGlobs {
                    root: root.to_path_buf(),
                    include: glob_set(&settings.include, &config, problems),
                    exclude: glob_set(&settings.exclude, &config, problems),
                })
            }),
            Ok((_, None)) => None,
            Err(error) => {
                problems.push(error);
                None
            }
        };
        self.by_folder.insert(folder.to_path_buf(), globs.clone());
        globs
    }
}

/// The templates to read, sorted and without duplicates. Every path that is missing, or a
/// folder where nothing is found, adds a message to `problems` (the run goes on).
pub(crate) fn find_templates(paths: &[PathBuf], problems: &mut Vec<String>) -> Vec<PathBuf> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut cache = GlobCache::default();
    let mut found = Vec::new();
    for path in paths {
        if path.is_file() {
            found.push(path.clone());
        } else if path.is_dir() {
            let before = found.len();
            let walker = ignore::WalkBuilder::new(path)
                // A project unpacked from an archive or a CI cache has no `.git` folder but the
                // same `.gitignore`: honour it either way.
                .require_git(false)
                .build();
            for entry in walker {
                match entry {
                    Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => {
                        let absolute = cwd.join(entry.path());
                        let folder = absolute.parent().unwrap_or(&absolute);
                        let globs = cache.for_folder(folder, problems);
                        if ConfigGlobs::selects(globs.as_deref(), &absolute) {
                            found.push(entry.into_path());
                        }
                    }
                    Ok(_) => {}
                    Err(error) => problems.push(format!("{error}")),
                }
            }
            // A folder holding only a CycleCloud project (project.ini, scripts) is checked as
            // that project, so it is not a folder where nothing was found.
            if found.len() == before
                && crate::project::project_roots_under(std::slice::from_ref(path)).is_empty()
            {
                problems.push(format!(
                    "{}: no templates found (looked for templates/*.txt, the config file's \
                     include globs and project.ini files)",
                    path.display()
                ));
            }
        } else {
            problems.push(format!("{}: no such file or folder", path.display()));
        }
    }
    found.sort();
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn globs(include: &[&str], exclude: &[&str]) -> ConfigGlobs {
        let strings = |patterns: &[&str]| -> Vec<String> {
            patterns.iter().map(|p| (*p).to_owned()).collect()
        };
        let mut problems = Vec::new();
        let config = Path::new("/p/.cyclecloud-lsp.toml");
        ConfigGlobs {
            root: PathBuf::from("/p"),
            include: glob_set(&strings(include), config, &mut problems),
            exclude: glob_set(&strings(exclude), config, &mut problems),
        }
    }

    #[test]
    fn templates_folders_and_included_files_are_selected_unless_excluded() {
        let globs = globs(
            &["clusters/*.txt"],
            &["templates/old/*", "clusters/draft.txt"],
        );
        let selects = |path: &str| ConfigGlobs::selects(Some(&globs), Path::new(path));
        assert!(selects("/p/templates/a.txt"));
        assert!(selects("/p/clusters/b.txt"));
        assert!(!selects("/p/clusters/draft.txt"), "exclusion wins");
        assert!(!selects("/p/templates/old/c.txt"));
        assert!(!selects("/p/notes/d.txt"));
        assert!(!selects("/p/templates/e.md"));
        assert!(ConfigGlobs::selects(None, Path::new("/q/templates/f.TXT")));
    }

    #[test]
    fn a_bad_glob_is_reported_and_skipped() {
        let mut problems = Vec::new();
        let set = glob_set(
            &["[".to_owned(), "*.txt".to_owned()],
            Path::new("c.toml"),
            &mut problems,
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("c.toml: "), "{problems:?}");
        assert!(set.is_match("a.txt"));
    }
}
