//! Ingest: every status and pledge form under the inputs folder becomes accepted records,
//! findings and a per-file account.
//!
//! Files are discovered in a fixed order and read in parallel. A bad row never stops a file,
//! and a bad file never stops the run: each problem becomes a finding. For every file,
//! `rows = accepted + rejected + blank`, always; nothing read is silently dropped.

//!
//! The work is laid out by job, each module depending only on those before it:
//! `discover` (which files), then [`crate::sheets`] (bytes to grids, in a bounded process;
//! the reading library, told the forms' header words by `forms::is_header`), `header` (which
//! form, which columns), `rows`
//! (records and findings, field by field with `fields`), `duplicates` (across files).

mod discover;
mod duplicates;
pub mod fields;
pub mod forms;
mod header;
mod mail;
mod received;
mod records;
mod rows;

use std::path::Path;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::findings::{Code, Finding, Location};
use crate::sheets::{worker, ReadError};
pub use discover::{discover, passed_over, relative, EXTENSIONS, FORM_FOLDERS};
use discover::{extension, unreadable_path, PathProblem};
use forms::FormKind;
pub use mail::KIND as MAIL_KIND;
pub use received::RECEIVED_FILE;
use records::FileIntake;
pub use records::{Context, FileAccount, Intake, PledgeRecord, Senders, StatusRecord};

/// Reads every form under `inputs` and checks each row.
pub fn ingest(inputs: &Path, ctx: &Context<'_>) -> Intake {
    ingest_with(inputs, ctx, &crate::progress::Silent)
}

/// Runs [`ingest`], telling `progress` as each file is read.
pub fn ingest_with(
    inputs: &Path,
    ctx: &Context<'_>,
    progress: &dyn crate::progress::Progress,
) -> Intake {
    let (paths, mut findings) = discover(inputs);
    worker::start_ahead(ctx.limits.max_reader_memory_bytes, paths.len());
    progress.begin(crate::progress::Stage::Reading, paths.len() as u64);
    let read_all = || -> Vec<FileIntake> {
        paths
            .par_iter()
            .flat_map_iter(|p| {
                let parts = ingest_file(p, &relative(p, inputs), ctx);
                progress.step();
                parts
            })
            .collect()
    };
    // An e-mail takes two trips to the reading workers (the message, then each attachment),
    // and a thread waits on the worker's pipe through both: with e-mails among the inputs,
    // twice as many reads are kept in flight, so that the workers keep the cores busy.
    let mails = paths
        .iter()
        .any(|p| crate::sheets::mail::MAIL.contains(&extension(p).as_str()));
    let pool = mails
        .then(|| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(2 * rayon::current_num_threads())
                .build()
                .ok()
        })
        .flatten();
    let parts = match pool {
        Some(pool) => pool.install(read_all),
        None => read_all(),
    };
    let mut intake = Intake::default();
    for part in parts {
        intake.status.extend(part.status);
        intake.pledges.extend(part.pledges);
        findings.extend(part.findings);
        intake.files.push(part.account);
    }
    findings.extend(received::read(inputs, &ctx.limits, &mut intake.files));
    worker::shut_down();
    progress.end();
    intake.findings = findings;
    duplicates::reject_duplicates(&mut intake);
    intake
}

/// Reads one file from disk and checks its rows: one part, or for an e-mail its own and one
/// per attachment.
fn ingest_file(path: &Path, rel: &str, ctx: &Context<'_>) -> Vec<FileIntake> {
    let mut out = FileIntake::empty(FileAccount {
        path: rel.to_string(),
        kind: "unrecognized".into(),
        ..FileAccount::default()
    });
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > ctx.limits.max_file_bytes {
        out.findings.push(unreadable(
            rel,
            &ReadError::TooLarge {
                size,
                limit: ctx.limits.max_file_bytes,
            },
        ));
        return vec![out];
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            out.findings.push(unreadable_path(rel, PathProblem::of(&e)));
            return vec![out];
        }
    };
    let ext = extension(path);
    if crate::sheets::mail::MAIL.contains(&ext.as_str()) {
        return mail::ingest_mail(&bytes, rel, &ext, ctx);
    }
    out.account.sha256 = sha256_hex(&bytes);
    ingest_bytes(&bytes, rel, &ext, ctx, &mut out);
    vec![out]
}

/// Returns the lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Returns the finding of a file that could not be read, saying why.
pub fn unreadable(rel: &str, e: &ReadError) -> Finding {
    let (key, detail) = match e {
        ReadError::Empty => ("reason.empty", String::new()),
        ReadError::Encrypted => ("reason.encrypted", String::new()),
        ReadError::NotASpreadsheet(kind) => ("reason.foreign", kind.to_string()),
        ReadError::Corrupt(d) => {
            // The reader's own words are English: they are given in the English message only.
            let d = crate::findings::excerpt(d);
            return Finding::localized(Code::UnreadableFile, Location::file(rel), move |lang| {
                let mut reason = crate::i18n::tr(lang, "reason.damaged", &[]);
                if lang == crate::i18n::Lang::En && !d.is_empty() {
                    reason.push_str(&format!(" ({d})"));
                }
                vec![("reason", reason)]
            });
        }
        ReadError::Unzipped { size, limit } => {
            let (size, limit) = crate::findings::sizes(*size, *limit);
            (
                "reason.unzipped",
                format!("{size}; limits.max_unzipped_bytes = {limit}"),
            )
        }
        ReadError::TooLarge { size, limit } => (
            "reason.too-large",
            crate::findings::over_limit(*size, *limit),
        ),
        ReadError::Limit { setting, value } => {
            let (setting, value) = (*setting, *value);
            return Finding::localized_with(
                Code::LimitExceeded,
                "finding.limit-exceeded-file",
                Location::file(rel),
                move |lang| {
                    let shown = match setting {
                        "max_reader_seconds" if value == 1 => {
                            crate::i18n::tr(lang, "limit.seconds.one", &[("value", &value)])
                        }
                        "max_reader_seconds" => {
                            crate::i18n::tr(lang, "limit.seconds", &[("value", &value)])
                        }
                        _ => crate::i18n::tr(
                            lang,
                            "limit.megabytes",
                            &[("value", &(value / 1_048_576))],
                        ),
                    };
                    vec![
                        ("limit", setting.to_string()),
                        ("value", value.to_string()),
                        ("shown", shown),
                    ]
                },
            );
        }
        ReadError::ReaderStopped { signal, status } => {
            let (signal, status) = (*signal, *status);
            return Finding::localized(Code::UnreadableFile, Location::file(rel), move |lang| {
                let how = match (signal, status) {
                    (Some(n), _) => crate::i18n::tr(lang, "reader.signal", &[("value", &n)]),
                    (None, Some(n)) => crate::i18n::tr(lang, "reader.status", &[("value", &n)]),
                    (None, None) => crate::i18n::tr(lang, "reader.unknown", &[]),
                };
                let reason = crate::i18n::tr(lang, "reason.reader-stopped", &[("detail", &how)]);
                vec![("reason", reason)]
            });
        }
    };
    Finding::localized(Code::UnreadableFile, Location::file(rel), |lang| {
        vec![("reason", crate::i18n::tr(lang, key, &[("detail", &detail)]))]
    })
    .with_reason(key)
}

fn ingest_bytes(bytes: &[u8], rel: &str, ext: &str, ctx: &Context<'_>, out: &mut FileIntake) {
    let grids = match worker::read(bytes, ext, &ctx.limits, forms::is_header) {
        Ok(g) => g,
        Err(e) => {
            out.findings.push(unreadable(rel, &e));
            return;
        }
    };
    let mut recognised = Vec::new();
    for g in &grids {
        if let Some(header) = header::find_header(g) {
            recognised.push((g, header));
        }
    }
    if recognised.is_empty() {
        out.findings.push(Finding::new(
            Code::UnrecognizedForm,
            Location::file(rel),
            &[],
        ));
        return;
    }
    let mut kinds: Vec<FormKind> = recognised.iter().map(|(_, h)| h.form).collect();
    kinds.dedup();
    out.account.kind = match kinds.as_slice() {
        [FormKind::Pledges] => "pledges".into(),
        _ => "status".into(),
    };
    for (g, header) in recognised {
        rows::read_sheet(g, &header, rel, ctx, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_cannot_be_read_carries_why() {
        let f = unreadable("status/oim.xlsx", &ReadError::Encrypted);
        assert_eq!(f.code, Code::UnreadableFile);
        assert_eq!(f.reason, Some("reason.encrypted"));
        assert_eq!(
            unreadable("status/oim.xlsx", &ReadError::Empty).reason,
            Some("reason.empty")
        );
    }
}
