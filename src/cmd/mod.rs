//! One module per command; each returns the exit status or an error that stops the run.

pub mod check;
pub mod forms;
pub mod plan;
pub mod run;

/// Wraps `text` to `width` columns, each line after the first indented by `indent` spaces.
pub fn wrap(text: &str, width: usize, indent: usize) -> String {
    let mut out = String::new();
    let mut line_len = 0;
    for word in text.split_whitespace() {
        let w = word.chars().count();
        if line_len > 0 && line_len + 1 + w > width {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            line_len = indent;
        } else if line_len > 0 {
            out.push(' ');
            line_len += 1;
        } else {
            line_len = indent;
        }
        out.push_str(word);
        line_len += w;
    }
    out
}
