//! The templates: the embedded defaults, each replaced by a file of the same name in the
//! templates folder when there is one (`--templates`, else `templates/` in the inputs folder).
//!
//! One loader serves every output that has templates, by folder: the Typst documents (the top
//! of the folder, `""`) and the handlebars messages (`messages`). A template is bytes, so a
//! binary one (a Word reference document) is served like a text one; [`load_text`] reads them
//! as UTF-8. A user overrides one file and keeps the rest. A new output's templates go in a
//! folder of their own, so no other output's registry picks them up.

use std::path::Path;

use crate::error::{Error, Result};

/// Every template embedded in the binary, by path within the templates folder.
pub const EMBEDDED: &[(&str, &[u8])] = &[
    ("common.typ", include_bytes!("../../templates/common.typ")),
    (
        "progress-report.typ",
        include_bytes!("../../templates/progress-report.typ"),
    ),
    (
        "pledge-summary.typ",
        include_bytes!("../../templates/pledge-summary.typ"),
    ),
    (
        "regional-review.typ",
        include_bytes!("../../templates/regional-review.typ"),
    ),
    (
        "reference.docx",
        include_bytes!("../../templates/reference.docx"),
    ),
    (
        "messages/message.txt.hbs",
        include_bytes!("../../templates/messages/message.txt.hbs"),
    ),
    (
        "messages/message.html.hbs",
        include_bytes!("../../templates/messages/message.html.hbs"),
    ),
    (
        "overview/overview.css",
        include_bytes!("../../templates/overview/overview.css"),
    ),
    (
        "overview/overview.js",
        include_bytes!("../../templates/overview/overview.js"),
    ),
];

/// Returns the folder of a template's path (`""` at the top).
fn folder_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(folder, _)| folder)
}

/// Returns the templates in force in `folder` (`""` for the top of the templates folder, not
/// its subfolders), by path within the templates folder: each embedded one, replaced by the
/// file of the same path under `overrides` when there is one.
pub fn load(overrides: Option<&Path>, folder: &str) -> Result<Vec<(String, Vec<u8>)>> {
    EMBEDDED
        .iter()
        .filter(|(name, _)| folder_of(name) == folder)
        .map(|(name, bytes)| {
            let custom = overrides.map(|d| d.join(name)).filter(|p| p.is_file());
            let bytes = match custom {
                Some(p) => std::fs::read(&p).map_err(|e| unreadable(&p).cause(e))?,
                None => bytes.to_vec(),
            };
            Ok((name.to_string(), bytes))
        })
        .collect()
}

/// Returns the text templates in force in `folder`, as [`load`] finds them; one that is not
/// UTF-8 is an error naming its file.
pub fn load_text(overrides: Option<&Path>, folder: &str) -> Result<Vec<(String, String)>> {
    load_text_where(overrides, folder, |_| true)
}

/// Returns the text templates in force in `folder` whose names `keep` accepts, as
/// [`load_text`] does (the Typst templates leave the Word reference document beside them).
pub fn load_text_where(
    overrides: Option<&Path>,
    folder: &str,
    keep: impl Fn(&str) -> bool,
) -> Result<Vec<(String, String)>> {
    load(overrides, folder)?
        .into_iter()
        .filter(|(name, _)| keep(name))
        .map(|(name, bytes)| match String::from_utf8(bytes) {
            Ok(text) => Ok((name, text)),
            Err(e) => {
                let path = overrides.map_or_else(|| Path::new(&name).into(), |d| d.join(&name));
                Err(unreadable(&path).cause(e))
            }
        })
        .collect()
}

fn unreadable(path: &Path) -> Error {
    Error::new("error.template-unreadable", &[("path", &path.display())])
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
        let hbs = load_text(Some(dir.path()), "messages").unwrap();
        assert_eq!(hbs.len(), 2);
        assert_eq!(hbs[0], ("messages/message.txt.hbs".into(), "custom".into()));
        assert!(hbs[1].1.contains("<html"), "{}", hbs[1].0);
        let typ = load(Some(dir.path()), "").unwrap();
        assert_eq!(
            typ.len(),
            5,
            "four Typst templates and the Word reference document"
        );
        assert_eq!(typ[0].1, b"// custom");
        assert_eq!(typ[1].1, EMBEDDED[1].1);
    }

    #[test]
    fn a_template_that_is_not_text_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("common.typ"), b"\xff\xfe").unwrap();
        let e = load_text(Some(dir.path()), "").unwrap_err();
        assert!(format!("{e:?}").contains("common.typ"), "{e:?}");
        assert!(
            load(Some(dir.path()), "").is_ok(),
            "bytes are served as they are"
        );
    }
}
