//! CycleCloud projects: `project.ini` read with positions ([`ProjectIni`]), what template checks
//! need to know of a project ([`ProjectFacts`]), the checks of the project's own files
//! (`project.ini`, cluster-init scripts) as [`ProjectRule`]s, and hover on `project.ini` keys.
//!
//! Pure functions over text the caller read: the CLI and the server find the project (the
//! nearest `project.ini` above a template), list `specs/*/` without following links out of it,
//! and pass the facts in through [`Settings::project`](crate::Settings::project).

mod facts;
mod ini;
mod ini_checks;
mod ini_hover;
mod open_script;
mod rule;
mod scripts;
#[cfg(test)]
mod testing;

pub use facts::{ProjectFacts, SpecFacts};
pub use ini::{IniEntry, IniSection, ProjectIni};
pub use ini_checks::check_project_ini;
pub use ini_hover::project_ini_hover;
pub use open_script::check_open_script;
pub(crate) use rule::settle;
pub use rule::{project_rule_by_code, project_rules, ProjectFile, ProjectRule};
pub use scripts::{check_scripts, ScriptFile};
