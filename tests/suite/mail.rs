//! Forms from the inbox: e-mails written as mail clients write them (`tests/mail/*.eml`, by
//! Python's email library, see tools/fixtures/make_mail.py), Outlook messages from Apache POI's
//! test data (`tests/mail/poi/`) and written here with the `cfb` crate in the MS-OXMSG layout
//! ([`Outlook`]), and hostile e-mails generated here: each attachment is an input of its own,
//! accounted as `<e-mail>#<name>`, dated by its e-mail, tied to an agency by its sender.

use std::io::{Cursor, Write};
use std::path::Path;

use crate::common;

/// An Outlook message to write: what `seguimiento` reads of one.
#[derive(Default)]
pub struct Outlook {
    pub subject: String,
    /// The SMTP address of the sender (`5D01001F`).
    pub from: String,
    /// Transport headers (`007D001F`), as a received message keeps them; empty for none.
    pub headers: String,
    /// Delivery time (`0E060040`), as a FILETIME; 0 for none.
    pub delivered: u64,
    pub attachments: Vec<(String, Vec<u8>)>,
    /// A forwarded Outlook item, embedded as an attachment (`3701000D`).
    pub embedded: Option<Box<Outlook>>,
}

/// The bytes of an Outlook `.msg` holding `m`.
pub fn msg_bytes(m: &Outlook) -> Vec<u8> {
    let mut cfb = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    write_message(&mut cfb, Path::new("/"), m, true);
    // The storages' times fixed, so the same message gives the same bytes.
    let fixed = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_718_600_000);
    let storages: Vec<_> = cfb
        .walk()
        .filter(|e| !e.is_stream())
        .map(|e| e.path().to_path_buf())
        .collect();
    for path in storages {
        cfb.set_created_time(&path, fixed).unwrap();
        cfb.set_modified_time(&path, fixed).unwrap();
    }
    cfb.flush().unwrap();
    cfb.into_inner().into_inner()
}

type Cfb = cfb::CompoundFile<Cursor<Vec<u8>>>;

fn stream(cfb: &mut Cfb, path: &Path, bytes: &[u8]) {
    cfb.create_stream(path).unwrap().write_all(bytes).unwrap();
}

fn text(cfb: &mut Cfb, at: &Path, id: u16, value: &str) {
    if value.is_empty() {
        return;
    }
    let bytes: Vec<u8> = value
        .encode_utf16()
        .chain([0])
        .flat_map(u16::to_le_bytes)
        .collect();
    stream(cfb, &at.join(format!("__substg1.0_{id:04X}001F")), &bytes);
}

/// A property stream: its header (32 bytes for the message, 24 for an embedded one, 8 for an
/// attachment), then 16-byte entries (tag, flags, value).
fn properties(header: usize, counts: (u32, u32), entries: &[(u32, u64)]) -> Vec<u8> {
    let mut out = vec![0u8; header];
    if header >= 24 {
        out[8..12].copy_from_slice(&counts.0.to_le_bytes()); // next recipient id
        out[12..16].copy_from_slice(&counts.1.to_le_bytes()); // next attachment id
        out[16..20].copy_from_slice(&counts.0.to_le_bytes()); // recipients
        out[20..24].copy_from_slice(&counts.1.to_le_bytes()); // attachments
    }
    for &(tag, value) in entries {
        out.extend(tag.to_le_bytes());
        out.extend(6u32.to_le_bytes());
        out.extend(value.to_le_bytes());
    }
    out
}

fn write_message(cfb: &mut Cfb, at: &Path, m: &Outlook, top: bool) {
    let count = (m.attachments.len() + usize::from(m.embedded.is_some())) as u32;
    let mut times = Vec::new();
    if m.delivered != 0 {
        times.push((0x0E06_0040, m.delivered));
    }
    let header = if top { 32 } else { 24 };
    stream(
        cfb,
        &at.join("__properties_version1.0"),
        &properties(header, (0, count), &times),
    );
    text(cfb, at, 0x001A, "IPM.Note");
    text(cfb, at, 0x0037, &m.subject);
    text(cfb, at, 0x5D01, &m.from);
    text(cfb, at, 0x0C1F, &m.from);
    text(cfb, at, 0x007D, &m.headers);
    text(cfb, at, 0x1000, "Adjunto el formulario.");
    for (i, (name, bytes)) in m.attachments.iter().enumerate() {
        let att = at.join(format!("__attach_version1.0_#{i:08X}"));
        cfb.create_storage(&att).unwrap();
        // Attach method 1: by value.
        stream(
            cfb,
            &att.join("__properties_version1.0"),
            &properties(8, (0, 0), &[(0x3705_0003, 1)]),
        );
        text(cfb, &att, 0x3707, name);
        text(cfb, &att, 0x3704, &short_name(name));
        stream(cfb, &att.join("__substg1.0_37010102"), bytes);
    }
    if let Some(inner) = &m.embedded {
        let att = at.join(format!("__attach_version1.0_#{:08X}", m.attachments.len()));
        cfb.create_storage(&att).unwrap();
        // Attach method 5: an embedded message.
        stream(
            cfb,
            &att.join("__properties_version1.0"),
            &properties(8, (0, 0), &[(0x3705_0003, 5)]),
        );
        let storage = att.join("__substg1.0_3701000D");
        cfb.create_storage(&storage).unwrap();
        write_message(cfb, &storage, inner, false);
    }
}

/// An 8.3 name as Outlook keeps beside the long one.
fn short_name(name: &str) -> String {
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let stem: String = stem
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(6)
        .collect();
    format!("{}~1.{}", stem.to_uppercase(), ext.to_uppercase())
}

/// A FILETIME for a UTC time.
fn filetime(y: i32, m: u32, d: u32, h: u32) -> u64 {
    let t = chrono::NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp();
    ((t + 11_644_473_600) * 10_000_000) as u64
}

/// Writes the sample's Outlook reply (`inputs/status/2024-05/oit.msg`) from the form it
/// carries (`oit.xlsx` of that month, which it replaces). Run by hand after
/// tools/fixtures/make_sample.py: `cargo test --release --test suite -- --ignored
/// write_sample_msg`.
#[test]
#[ignore]
fn write_sample_msg() {
    let month = common::root().join("inputs/status/2024-05");
    let form = month.join("oit.xlsx");
    let bytes = std::fs::read(&form).unwrap();
    let m = Outlook {
        subject: "RE: Formulario de seguimiento del plan de trabajo – mayo 2024".into(),
        from: "rquinones@example.org".into(),
        headers: "Received: from mail.example.org by mx.example.org; Mon, 17 Jun 2024 \
                  15:02:11 -0500\r\nFrom: =?utf-8?q?Renata_Qui=C3=B1ones_Vidal?= \
                  <rquinones@example.org>\r\nTo: secretaria@example.org\r\nSubject: RE: \
                  Formulario de seguimiento\r\nDate: Mon, 17 Jun 2024 15:01:40 -0500\r\n\
                  MIME-Version: 1.0\r\n\r\n"
            .into(),
        delivered: filetime(2024, 6, 17, 20),
        attachments: vec![("Formulario OIT mayo 2024.xlsx".into(), bytes)],
        embedded: None,
    };
    std::fs::write(month.join("oit.msg"), msg_bytes(&m)).unwrap();
    std::fs::remove_file(form).unwrap();
}

/// A status form as CSV, one row per (code, agency).
fn csv_form(rows: &[(&str, &str)]) -> Vec<u8> {
    let mut s = String::from("Código;Periodo;Agencia;Estado\n");
    for (code, agency) in rows {
        s.push_str(&format!("{code};2024-05;{agency};en curso\n"));
    }
    s.into_bytes()
}

fn account<'a>(
    checked: &'a seguimiento::Checked,
    path: &str,
) -> &'a seguimiento::ingest::FileAccount {
    checked
        .intake
        .files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| {
            let paths: Vec<_> = checked.intake.files.iter().map(|f| &f.path).collect();
            panic!("no account for {path}: {paths:#?}")
        })
}

fn codes_at(checked: &seguimiento::Checked, path: &str) -> Vec<&'static str> {
    checked
        .findings
        .iter()
        .filter(|f| f.location.file.as_deref() == Some(path))
        .map(|f| f.code.as_str())
        .collect()
}

fn day(s: &str) -> Option<chrono::NaiveDate> {
    Some(chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
}

/// The e-mails of real producers, each attachment accounted as an input of its own.
#[test]
fn forms_arrive_by_e_mail() {
    let inputs = common::inputs_from(&common::root().join("tests/mail"), "2024-06-30");
    let dir = inputs.path();
    let status = dir.join("status");
    std::fs::create_dir_all(&status).unwrap();
    for f in [
        "reply.eml",
        "forward.eml",
        "lying-charset.eml",
        "no-form.eml",
        "same-name.eml",
    ] {
        std::fs::copy(common::root().join("tests/mail").join(f), status.join(f)).unwrap();
    }
    for f in [
        "attachment_test_msg.msg",
        "58214_with_attachment.msg",
        "quick.msg",
    ] {
        std::fs::copy(
            common::root().join("tests/mail/poi").join(f),
            status.join(f),
        )
        .unwrap();
    }
    // An Outlook reply carrying a form, forwarding an Outlook item that carries another.
    let written = Outlook {
        subject: "RV: formularios".into(),
        from: "APenaloza@example.org".into(),
        delivered: filetime(2024, 6, 9, 23),
        attachments: vec![("acnur.csv".into(), csv_form(&[("B1.3", "ACNUR")]))],
        embedded: Some(Box::new(Outlook {
            subject: "formulario".into(),
            from: "otra@example.org".into(),
            attachments: vec![("acnur-2.csv".into(), csv_form(&[("B2.1", "ACNUR")]))],
            ..Outlook::default()
        })),
        ..Outlook::default()
    };
    std::fs::write(status.join("outlook.msg"), msg_bytes(&written)).unwrap();
    // An Outlook message forwarded as an attachment of an .eml: read by the other reader.
    let inner = Outlook {
        subject: "formulario PNUD".into(),
        from: "emora@example.org".into(),
        attachments: vec![("pnud.csv".into(), csv_form(&[("B1.4", "PNUD")]))],
        ..Outlook::default()
    };
    std::fs::write(
        status.join("msg-in-eml.eml"),
        eml(
            "From: emora@example.org\r\nDate: Tue, 11 Jun 2024 10:00:00 -0500\r\n",
            &[("reenviado.msg", &msg_bytes(&inner))],
        ),
    )
    .unwrap();
    std::fs::copy(
        common::root().join("inputs/contacts.csv"),
        dir.join("contacts.csv"),
    )
    .unwrap();
    // received.csv names the forward: the secretariat's word over the e-mail's Date.
    std::fs::write(
        dir.join("received.csv"),
        "archivo,fecha\nstatus/forward.eml,2024-06-06\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let config = common::config(dir, out.path(), "2024-06-30");
    let checked = seguimiento::check(&config).unwrap();
    for f in &checked.intake.files {
        assert_eq!(f.rows, f.accepted + f.rejected + f.blank, "{f:?}");
    }

    // The reply: its day is the one its Date writes (21:45 at -05:00, the 14th in UTC).
    let mail = account(&checked, "status/reply.eml");
    assert_eq!(
        (mail.kind.as_str(), mail.received),
        ("e-mail", day("2024-06-13"))
    );
    let form = account(
        &checked,
        "status/reply.eml#Informe de situación mayo 2024.xlsx",
    );
    assert_eq!((form.kind.as_str(), form.accepted), ("status", 2));
    assert_eq!(form.received, day("2024-06-13"));
    assert!(codes_at(&checked, "status/reply.eml").is_empty());

    // The forward: the form inside the forwarded message, dated by received.csv; its sender
    // is not in the contacts.
    let fwd = account(&checked, "status/forward.eml#formulario-cepal.xlsx");
    assert_eq!((fwd.accepted, fwd.received), (1, day("2024-06-06")));
    assert_eq!(codes_at(&checked, "status/forward.eml"), ["unknown-sender"]);

    // A CSV declared UTF-8 in Windows-1252: read as its bytes are.
    let csv = account(&checked, "status/lying-charset.eml#oit-mayo.csv");
    assert_eq!((csv.accepted, csv.rejected), (2, 0));

    // No form: a note naming its sender and subject; the PDF is ignored, the logo unsaid.
    let codes = codes_at(&checked, "status/no-form.eml");
    assert_eq!(codes, ["mail-without-form"]);
    let note = checked
        .findings
        .iter()
        .find(|f| {
            f.code.as_str() == "mail-without-form"
                && f.location.file.as_deref() == Some("status/no-form.eml")
        })
        .unwrap();
    let en = note.message.get(seguimiento::i18n::Lang::En);
    assert!(
        en.contains("emora@example.org") && en.contains("Informe anual (PDF)"),
        "{en}"
    );
    assert_eq!(
        codes_at(&checked, "status/no-form.eml#informe-anual.pdf"),
        ["ignored-file"]
    );
    assert!(codes_at(&checked, "status/no-form.eml#logo.png").is_empty());

    // Two attachments of one name; sent by UNICEF's contact with OIM's rows: a warning on
    // each, the rows accepted for OIM all the same.
    for path in [
        "status/same-name.eml#formulario.xlsx",
        "status/same-name.eml#2-formulario.xlsx",
    ] {
        let a = account(&checked, path);
        assert_eq!(a.received, day("2024-06-10"), "{path}");
        assert!(
            codes_at(&checked, path).contains(&"sender-other-agency"),
            "{path}: {:?}",
            codes_at(&checked, path)
        );
    }
    // (The same form as the reply's: its rows are read, and set aside as copies of those.)
    let other = checked
        .findings
        .iter()
        .find(|f| f.code.as_str() == "sender-other-agency")
        .unwrap();
    assert_eq!(other.agency.as_deref(), Some("iom"));
    let en = other.message.get(seguimiento::i18n::Lang::En);
    assert!(
        en.contains("currutia@example.org") && en.contains("UNICEF") && en.contains("IOM"),
        "{en}"
    );
    assert_eq!(
        account(&checked, "status/same-name.eml#formulario.xlsx").rows,
        2
    );

    // The Outlook message written here: its form and the forwarded item's, dated by its
    // delivery time in UTC, its sender matched whatever the case.
    let a = account(&checked, "status/outlook.msg#acnur.csv");
    assert_eq!((a.accepted, a.received), (1, day("2024-06-09")));
    let b = account(&checked, "status/outlook.msg#acnur-2.csv");
    assert_eq!(b.accepted, 1);
    assert!(codes_at(&checked, "status/outlook.msg").is_empty());

    let p = account(&checked, "status/msg-in-eml.eml#pnud.csv");
    assert_eq!((p.accepted, p.received), (1, day("2024-06-11")));
    assert!(codes_at(&checked, "status/msg-in-eml.eml").is_empty());

    // Apache POI's Outlook messages: read, none a form.
    for f in [
        "attachment_test_msg.msg",
        "58214_with_attachment.msg",
        "quick.msg",
    ] {
        let path = format!("status/{f}");
        let codes = codes_at(&checked, &path);
        assert!(
            codes.contains(&"mail-without-form") && !codes.contains(&"unreadable-file"),
            "{f}: {codes:?}"
        );
        assert_eq!(account(&checked, &path).kind, "e-mail");
    }
    let poi: Vec<&str> = checked
        .intake
        .files
        .iter()
        .map(|f| f.path.as_str())
        .chain(
            checked
                .findings
                .iter()
                .filter_map(|f| f.location.file.as_deref()),
        )
        .filter(|p| p.starts_with("status/attachment_test_msg.msg#"))
        .collect();
    assert!(!poi.is_empty(), "POI's attachments are listed");
}

/// Base64 in lines of 76 characters, as mail clients write it.
fn b64(data: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len() * 4 / 3 + data.len() / 57 * 2 + 4);
    for (i, chunk) in data.chunks(3).enumerate() {
        if i > 0 && i % 19 == 0 {
            out.push_str("\r\n");
        }
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(A[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// An e-mail with `head` as its headers (without the MIME ones) and each attachment base64.
fn eml(head: &str, attachments: &[(&str, &[u8])]) -> Vec<u8> {
    let mut s = format!(
        "{head}MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"sep\"\r\n\r\n\
         --sep\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nAdjunto.\r\n"
    );
    for (name, bytes) in attachments {
        s.push_str(&format!(
            "--sep\r\nContent-Type: application/octet-stream; name=\"{name}\"\r\n\
             Content-Disposition: attachment; filename=\"{name}\"\r\n\
             Content-Transfer-Encoding: base64\r\n\r\n{}\r\n",
            b64(bytes)
        ));
    }
    s.push_str("--sep--\r\n");
    s.into_bytes()
}

const HEAD: &str = "From: lferreyra@example.org\r\nTo: secretaria@example.org\r\n\
                    Subject: Formulario\r\nDate: Mon, 10 Jun 2024 09:00:00 -0500\r\n";

/// Runs `seguimiento check --format json` on `inputs`, in worker processes.
fn check_through_workers(inputs: &Path) -> serde_json::Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_seguimiento"))
        .arg("--inputs")
        .arg(inputs)
        .args(["--as-of", "2024-06-30", "check", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "the run ended: {:?}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn json_codes(doc: &serde_json::Value, file: &str) -> Vec<String> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["file"] == file)
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

fn json_account<'a>(doc: &'a serde_json::Value, file: &str) -> Option<&'a serde_json::Value> {
    doc["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["path"] == file)
}

/// Hostile e-mails through the binary: each ends as findings, every count adds up, and the
/// files after them are read.
#[test]
fn hostile_mail_ends_in_findings() {
    let inputs = common::inputs_from(&common::root().join("tests/mail"), "2024-06-30");
    let dir = inputs.path();
    let status = dir.join("status");
    std::fs::create_dir_all(&status).unwrap();
    std::fs::copy(
        common::root().join("inputs/contacts.csv"),
        dir.join("contacts.csv"),
    )
    .unwrap();
    let form = csv_form(&[("B1.3", "OIM")]);
    let w = |name: &str, bytes: &[u8]| std::fs::write(status.join(name), bytes).unwrap();

    // Malformed headers: an address that is none, a date that is none, a charset that does
    // not exist, a part whose closing boundary never comes.
    let mut malformed = b"From: <<<@@@>>> ,,, \"\r\nDate: Feb 31 1880 99:99\r\n\
          Subject: =?x-unknown?q?=FF=FE?=\r\nX-Broken\r\n\tcontinued: : :\r\n\
          Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n\
          Content-Type: text/csv; charset=x-nonsense; name=\"f.csv\"\r\n\
          Content-Transfer-Encoding: base64\r\n\r\n"
        .to_vec();
    malformed.extend(b64(&form).as_bytes());
    malformed.extend(b"\r\n--b\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 cut");
    w("malformed.eml", &malformed);
    // No date; a date a century away.
    w(
        "no-date.eml",
        &eml("From: lferreyra@example.org\r\n", &[("a.csv", &form)]),
    );
    w(
        "absurd-date.eml",
        &eml(
            "From: lferreyra@example.org\r\nDate: Sat, 01 Jan 2150 00:00:00 +0000\r\n",
            &[("a.csv", &form)],
        ),
    );
    // Three hundred attachments: the first hundred read, the rest said.
    let many: Vec<(String, Vec<u8>)> = (0..300)
        .map(|i| (format!("f{i:03}.csv"), form.clone()))
        .collect();
    let refs: Vec<(&str, &[u8])> = many
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    w("many.eml", &eml(HEAD, &refs));
    // Forty forwards nested in one another, the form at the bottom.
    let mut nested = eml(HEAD, &[("deep.csv", &form)]);
    for _ in 0..40 {
        let mut outer = format!(
            "{HEAD}MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"n{}\"\r\n\r\n\
             --n{}\r\nContent-Type: message/rfc822\r\n\r\n",
            nested.len(),
            nested.len()
        )
        .into_bytes();
        let boundary = format!("\r\n--n{}--\r\n", nested.len());
        outer.extend(&nested);
        outer.extend(boundary.as_bytes());
        nested = outer;
    }
    w("nested.eml", &nested);
    // A zip bomb, and a workbook that lies about its size (it asks for 80 GB).
    let hostile = common::root().join("tests/hostile/status");
    let bomb = std::fs::read(hostile.join("zip-bomb.xlsx")).unwrap();
    w("bomb.eml", &eml(HEAD, &[("zip-bomb.xlsx", &bomb)]));
    let lying = std::fs::read(hostile.join("huge-xls-dimension.xls")).unwrap();
    w(
        "lying.eml",
        &eml(HEAD, &[("huge-xls-dimension.xls", &lying)]),
    );
    // Not e-mails at all.
    w(
        "not-mail.eml",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
    );
    let mut noise = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let mut rng = common::Rng(99);
    noise.extend((0..5000).map(|_| rng.next() as u8));
    w("noise.msg", &noise);
    w("zz-after.csv", &form);

    let doc = check_through_workers(dir);
    for a in doc["inputs"].as_array().unwrap() {
        let n = |k: &str| a[k].as_u64().unwrap();
        assert_eq!(n("rows"), n("accepted") + n("rejected") + n("blank"), "{a}");
    }
    let codes = |f: &str| json_codes(&doc, &format!("status/{f}"));
    // Every form is the same row: the first read is accepted, the others are its copies.
    let rows = |f: &str| {
        json_account(&doc, &format!("status/{f}")).map_or(0, |a| a["rows"].as_u64().unwrap())
    };

    let m = codes("malformed.eml");

    assert!(
        m.contains(&"invalid-mail-date".to_string()) && m.contains(&"unknown-sender".to_string()),
        "{m:?}"
    );
    assert_eq!(rows("malformed.eml#f.csv"), 1);
    for f in ["no-date.eml", "absurd-date.eml"] {
        assert_eq!(codes(f), ["invalid-mail-date"], "{f}");
        let a = json_account(&doc, &format!("status/{f}#a.csv")).unwrap();
        assert_eq!(
            (a["rows"].as_u64(), &a["received"]),
            (Some(1), &serde_json::Value::Null)
        );
    }
    assert_eq!(codes("many.eml"), ["limit-exceeded"]);
    let read: Vec<_> = doc["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["path"].as_str().unwrap().starts_with("status/many.eml#"))
        .collect();
    assert_eq!(read.len(), 100);
    let limit = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"] == "status/many.eml")
        .unwrap();
    let text = limit["message"].as_str().unwrap();
    assert!(
        text.contains("max_attachments") && text.contains("200"),
        "{text}"
    );
    assert_eq!(codes("nested.eml"), ["limit-exceeded"]);
    assert_eq!(codes("bomb.eml#zip-bomb.xlsx"), ["unreadable-file"]);
    assert!(codes("bomb.eml").is_empty());
    let l = codes("lying.eml#huge-xls-dimension.xls");
    assert!(l == ["limit-exceeded"] || l == ["unreadable-file"], "{l:?}");
    assert_eq!(codes("not-mail.eml"), ["unreadable-file"]);
    assert_eq!(codes("noise.msg"), ["unreadable-file"]);
    assert_eq!(rows("zz-after.csv"), 1);
}

/// A 200 MB e-mail (a form and a film), generated here: read within the limits, the form
/// accepted, the film ignored, and no process of the run holding the e-mail more than a few
/// times over.
#[test]
fn a_200_mb_e_mail_is_read_in_bounded_memory() {
    let inputs = common::inputs_from(&common::root().join("tests/mail"), "2024-06-30");
    let status = inputs.path().join("status");
    std::fs::create_dir_all(&status).unwrap();
    let form = csv_form(&[("B1.3", "OIM")]);
    let mut film = vec![0u8; 148_000_000];
    let mut rng = common::Rng(5);
    for chunk in film.chunks_mut(8) {
        let n = rng.next().to_le_bytes();
        chunk.copy_from_slice(&n[..chunk.len()]);
    }
    let mail = eml(HEAD, &[("form.csv", &form), ("film.mp4", &film)]);
    drop(film);
    assert!(
        mail.len() > 200_000_000 && mail.len() < 209_715_200,
        "{}",
        mail.len()
    );
    std::fs::write(status.join("big.eml"), &mail).unwrap();
    drop(mail);
    let doc = check_through_workers(inputs.path());
    let form = json_account(&doc, "status/big.eml#form.csv").unwrap();
    assert_eq!(form["accepted"].as_u64(), Some(1));
    assert_eq!(
        json_codes(&doc, "status/big.eml#film.mp4"),
        ["ignored-file"]
    );
    // SAFETY: getrusage fills the struct it is given.
    let peak_mb = unsafe {
        let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr());
        usage.assume_init().ru_maxrss as f64 / 1024.0
    };
    eprintln!("200 MB e-mail: peak of the largest process {peak_mb:.0} MB");
    assert!(peak_mb < 1_500.0, "{peak_mb:.0} MB");
}
