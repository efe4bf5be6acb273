//! Which template a parameter file belongs to, by the config file's `[[params]]` globs: one
//! place for the CLI (which walks the folder for a template's files) and the server (which asks
//! about one open JSON document). Pure: paths are relative to the config file's folder.

use std::path::Path;

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::settings::{ParamsSetting, Settings};

impl ParamsSetting {
    /// The table's `files` globs as one matcher; a bad glob is an error naming it.
    pub fn globs(&self) -> Result<GlobSet, String> {
        let mut builder = GlobSetBuilder::new();
        for pattern in &self.files {
            builder.add(Glob::new(pattern.trim()).map_err(|error| error.to_string())?);
        }
        builder.build().map_err(|error| error.to_string())
    }
}

/// The template (relative to the config file, as written) that the first `[[params]]` table
/// whose globs match `relative` maps the file to; `None` for a plain JSON file.
pub fn template_for<'s>(settings: &'s Settings, relative: &Path) -> Option<&'s str> {
    settings
        .params
        .iter()
        .find(|params| params.globs().is_ok_and(|globs| globs.is_match(relative)))
        .map(|params| params.template.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_map_to_the_template_of_the_first_matching_table() {
        let settings = Settings::from_toml(
            "[[params]]\nfiles = [\"params/*.json\"]\ntemplate = \"templates/a.txt\"\n\
             [[params]]\nfiles = [\"**/*.params.json\"]\ntemplate = \"b.txt\"\n",
        )
        .unwrap();
        let template = |path: &str| template_for(&settings, Path::new(path));
        assert_eq!(template("params/dev.json"), Some("templates/a.txt"));
        assert_eq!(template("x/y/prod.params.json"), Some("b.txt"));
        assert_eq!(template("package.json"), None);
    }

    #[test]
    fn a_bad_glob_is_an_error_and_matches_nothing() {
        let settings =
            Settings::from_toml("[[params]]\nfiles = [\"a/[.json\"]\ntemplate = \"t.txt\"\n")
                .unwrap();
        assert!(settings.params[0].globs().is_err());
        assert_eq!(template_for(&settings, Path::new("a/[.json")), None);
    }
}
