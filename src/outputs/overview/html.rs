//! A small HTML writer: elements with escaped attributes and escaped text, so that text from
//! the inputs reaches the page only as data, and the Content-Security-Policy hashes of the
//! page's one style and one script.

use sha2::{Digest, Sha256};

/// An HTML document being written, element by element.
#[derive(Default)]
pub(super) struct Html {
    out: String,
}

impl Html {
    /// Opens `tag` with `attrs` (names are the writer's own; values are escaped).
    pub(super) fn open(&mut self, tag: &str, attrs: &[(&str, &str)]) -> &mut Self {
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attrs {
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            escape_into(value, &mut self.out);
            self.out.push('"');
        }
        self.out.push('>');
        self
    }

    /// Closes `tag`.
    pub(super) fn close(&mut self, tag: &str) -> &mut Self {
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
        self
    }

    /// Writes text, escaped.
    pub(super) fn text(&mut self, s: &str) -> &mut Self {
        escape_into(s, &mut self.out);
        self
    }

    /// Writes text from the inputs (a file name, a message quoting a cell), escaped and isolated
    /// in a `<bdi>`, so that right-to-left or override marks in it cannot reorder what follows.
    pub(super) fn quoted(&mut self, s: &str) -> &mut Self {
        self.open("bdi", &[]).text(s).close("bdi")
    }

    /// Writes `<tag attrs>text</tag>`.
    pub(super) fn el(&mut self, tag: &str, attrs: &[(&str, &str)], text: &str) -> &mut Self {
        self.open(tag, attrs).text(text).close(tag)
    }

    /// Writes markup the writer made itself (a chart drawn by [`super::chart`], the page's own
    /// style and script), as it is. Never text from the inputs.
    pub(super) fn trusted(&mut self, markup: &str) -> &mut Self {
        self.out.push_str(markup);
        self
    }

    /// Returns the document written.
    pub(super) fn finish(self) -> String {
        self.out
    }
}

/// Appends `s` to `out` escaped for HTML text and attribute values alike. Control characters
/// that HTML does not allow (all but tab, line feed and carriage return) become U+FFFD.
pub(super) fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// Returns `s` escaped (see [`escape_into`]).
pub(super) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(s, &mut out);
    out
}

/// Returns the CSP source that allows exactly the inline element whose content is `content`
/// (`'sha256-…'`, the SHA-256 of its UTF-8 bytes in base64).
pub(super) fn csp_hash(content: &str) -> String {
    format!("'sha256-{}'", base64(&Sha256::digest(content.as_bytes())))
}

/// Standard base64, with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_and_attributes_prints_as_written() {
        let mut h = Html::default();
        h.open("td", &[("title", "\"><script>alert(1)</script>")])
            .text("<img src=x onerror=alert(1)> & 'x'")
            .close("td");
        let out = h.finish();
        assert_eq!(
            out,
            "<td title=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">\
             &lt;img src=x onerror=alert(1)&gt; &amp; &#39;x&#39;</td>"
        );
    }

    #[test]
    fn control_characters_become_replacement_marks_and_bidi_marks_are_isolated() {
        assert_eq!(escape("a\u{0}b\u{7}c\td"), "a\u{FFFD}b\u{FFFD}c\td");
        let mut h = Html::default();
        h.quoted("\u{202E}abc");
        assert_eq!(h.finish(), "<bdi>\u{202E}abc</bdi>");
    }

    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        // The hash browsers compute for an empty inline script.
        assert_eq!(
            csp_hash(""),
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
        );
    }
}
