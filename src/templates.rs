//! The templates: the embedded defaults, each replaced by a file of the same name in the
//! templates folder when there is one (`--templates`, else `templates/` in the inputs folder).
//!
//! One loader serves the Typst documents (`*.typ`, at the top of the folder) and the
//! handlebars messages (`messages/*.hbs`): a user overrides one file and keeps the rest.

use std::path::Path;

use crate::error::{Error, Result};

/// Every template embedded in the binary, by path within the templates folder.
pub const EMBEDDED: &[(&str, &str)] = &[
    ("common.typ", include_str!("../templates/common.typ")),
    (
        "progress-report.typ",
        include_str!("../templates/progress-report.typ"),
    ),
    (
        "pledge-summary.typ",
        include_str!("../templates/pledge-summary.typ"),
    ),
    (
        "regional-review.typ",
        include_str!("../templates/regional-review.typ"),
    ),
    (
        "messages/message.txt.hbs",
        include_str!("../templates/messages/message.txt.hbs"),
    ),
    (
        "messages/message.html.hbs",
        include_str!("../templates/messages/message.html.hbs"),
    ),
];

/// Returns the templates in force whose path ends in `extension` (`.typ`, `.hbs`), by path
/// within the templates folder: each embedded one, replaced by the file of the same path under
/// `overrides` when there is one.
pub fn load(overrides: Option<&Path>, extension: &str) -> Result<Vec<(String, String)>> {
    EMBEDDED
        .iter()
        .filter(|(name, _)| name.ends_with(extension))
        .map(|(name, text)| {
            let custom = overrides.map(|d| d.join(name)).filter(|p| p.is_file());
            let text = match custom {
                Some(p) => std::fs::read_to_string(&p).map_err(|e| {
                    Error::new("error.template-unreadable", &[("path", &p.display())]).cause(e)
                })?,
                None => text.to_string(),
            };
            Ok((name.to_string(), text))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_in_the_folder_replaces_its_namesake_only() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("messages")).unwrap();
        std::fs::write(dir.path().join("messages/message.txt.hbs"), "custom").unwrap();
        std::fs::write(dir.path().join("common.typ"), "// custom").unwrap();
        let hbs = load(Some(dir.path()), ".hbs").unwrap();
        assert_eq!(hbs.len(), 2);
        assert_eq!(hbs[0], ("messages/message.txt.hbs".into(), "custom".into()));
        assert!(hbs[1].1.contains("<html"), "{}", hbs[1].0);
        let typ = load(Some(dir.path()), ".typ").unwrap();
        assert_eq!(typ.len(), 4);
        assert_eq!(typ[0].1, "// custom");
        assert_eq!(typ[1].1, EMBEDDED[1].1);
    }
}
