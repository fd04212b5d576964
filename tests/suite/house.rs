//! The shape of the house, kept by a test: no import circle between the library's modules,
//! whether counted file by file or wing by wing (`plan`, `ingest`, `outputs`, …), and the
//! reading library (`sheets`) below everything that reads.
//!
//! Imports are read from the source as text: every `crate::…` path and every `super::…` path,
//! in `use` lines and in code alike, resolved to the longest module it names. The crate root
//! (`lib.rs`, which runs the stages in order) is the crate itself, not a room of it, and is
//! left out; so are tests inside a file (`#[cfg(test)] mod tests`), which may reach anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The library's files by module path (`outputs::tracker::kit`), with their text less tests.
fn modules() -> BTreeMap<String, String> {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    walk(&src, &src, &mut out);
    out
}

fn walk(src: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let rel = path.strip_prefix(src).unwrap();
        if rel.starts_with("bin") {
            continue;
        }
        if path.is_dir() {
            walk(src, &path, out);
            continue;
        }
        if path.extension().and_then(|e| e.to_str()) != Some("rs") {
            continue;
        }
        let mut parts: Vec<String> = rel
            .with_extension("")
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        if parts.last().is_some_and(|p| p == "mod") {
            parts.pop();
        }
        if parts == ["lib"] {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let text = match text.find("#[cfg(test)]\nmod tests") {
            Some(at) => text[..at].to_string(),
            None => text,
        };
        // Comments name modules without importing them.
        let text: String = text
            .lines()
            .map(|l| match l.find("// ").or_else(|| l.find("//!")) {
                Some(at) if !l[..at].contains('"') => &l[..at],
                _ => l,
            })
            .collect::<Vec<_>>()
            .join("\n");
        // A file of tests declared by its parent (`#[cfg(test)] mod tests;`) is left out too.
        if parts.last().is_some_and(|p| p == "tests") {
            continue;
        }
        out.insert(parts.join("::"), text);
    }
}

/// The paths a text names after `prefix` (`crate::`, `super::`), as lists of segments; a
/// brace group (`crate::{a, b::c}`) gives one path per member.
fn paths_after(text: &str, prefix: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(prefix) {
        let before = rest[..at].chars().last();
        rest = &rest[at + prefix.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let mut chain: Vec<String> = Vec::new();
        let mut s = rest;
        loop {
            let seg: String = s
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if seg.is_empty() {
                if let Some(group) = s.strip_prefix('{') {
                    let end = group.find('}').unwrap_or(group.len());
                    for member in group[..end].split(',') {
                        let member: Vec<String> = member
                            .trim()
                            .split("::")
                            .map(|m| m.trim().to_string())
                            .filter(|m| !m.is_empty() && m != "self" && m != "*")
                            .collect();
                        let mut path = chain.clone();
                        path.extend(member);
                        out.push(path);
                    }
                    chain.clear();
                }
                break;
            }
            s = &s[seg.len()..];
            chain.push(seg);
            match s.strip_prefix("::") {
                Some(next) => s = next,
                None => break,
            }
        }
        if !chain.is_empty() {
            out.push(chain);
        }
    }
    out
}

/// The longest module among `known` that `path` names, if any.
fn resolve(path: &[String], known: &BTreeMap<String, String>) -> Option<String> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].join("::"))
        .find(|m| known.contains_key(m))
}

/// Every module's imports, as module paths.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, text) in &modules {
        let segments: Vec<String> = module.split("::").map(str::to_string).collect();
        let mut targets = BTreeSet::new();
        for path in paths_after(text, "crate::") {
            targets.extend(resolve(&path, &modules));
        }
        // `super` is the parent of this module (a `mod.rs` is its folder's module).
        let parent = &segments[..segments.len() - 1];
        for path in paths_after(text, "super::") {
            let mut full: Vec<String> = parent.to_vec();
            let mut path = path.as_slice();
            while path.first().is_some_and(|p| p == "super") {
                full.pop();
                path = &path[1..];
            }
            full.extend(path.iter().cloned());
            targets.extend(resolve(&full, &modules));
        }
        targets.remove(module);
        edges.insert(module.clone(), targets);
    }
    edges
}

/// The circles of a graph (its strongly connected parts of more than one node).
fn circles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    // Which nodes each node reaches; a circle is a set of nodes that reach one another.
    let reach = |from: &str| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_string()];
        while let Some(n) = stack.pop() {
            for m in edges.get(&n).into_iter().flatten() {
                if seen.insert(m.clone()) {
                    stack.push(m.clone());
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<&String, BTreeSet<String>> =
        edges.keys().map(|k| (k, reach(k))).collect();
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut placed = BTreeSet::new();
    for (node, reached) in &reaches {
        if placed.contains(*node) || !reached.contains(*node) {
            continue;
        }
        let circle: Vec<String> = reached
            .iter()
            .filter(|m| reaches.get(m).is_some_and(|r| r.contains(*node)))
            .cloned()
            .collect();
        placed.extend(circle.iter().cloned());
        out.push(circle);
    }
    out
}

/// The wing of a module: its first segment.
fn wing(module: &str) -> String {
    module.split("::").next().unwrap_or(module).to_string()
}

#[test]
fn no_file_imports_one_that_imports_it_back() {
    let edges = imports();
    let found = circles(&edges);
    for circle in &found {
        for m in circle {
            let inside: Vec<&String> = edges[m].iter().filter(|t| circle.contains(t)).collect();
            eprintln!("{m} -> {inside:?}");
        }
    }
    assert!(found.is_empty(), "import circles between files: {found:#?}");
}

#[test]
fn no_wing_imports_one_that_imports_it_back() {
    let mut wings: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, targets) in imports() {
        let entry = wings.entry(wing(&module)).or_default();
        entry.extend(
            targets
                .iter()
                .map(|t| wing(t))
                .filter(|t| *t != wing(&module)),
        );
    }
    let found = circles(&wings);
    assert!(found.is_empty(), "import circles between wings: {found:#?}");
}

#[test]
fn the_reading_library_imports_nothing_above_it() {
    // `sheets` may use the crate's foundations (errors, text), never a stage.
    const STAGES: [&str; 10] = [
        "plan",
        "ingest",
        "reconcile",
        "report",
        "outputs",
        "record",
        "run",
        "cmd",
        "config",
        "starter",
    ];
    let wrong: Vec<(String, String)> = imports()
        .into_iter()
        .filter(|(m, _)| wing(m) == "sheets")
        .flat_map(|(m, targets)| targets.into_iter().map(move |t| (m.clone(), t)))
        .filter(|(_, t)| STAGES.contains(&wing(t).as_str()))
        .collect();
    assert!(wrong.is_empty(), "sheets imports a stage: {wrong:?}");
}

#[test]
fn plan_and_ingest_do_not_import_each_other() {
    let edges = imports();
    let crossing: Vec<(String, String)> = edges
        .iter()
        .flat_map(|(m, targets)| targets.iter().map(move |t| (m.clone(), t.clone())))
        .filter(|(m, t)| {
            let (a, b) = (wing(m), wing(t));
            (a == "plan" && b == "ingest") || (a == "ingest" && b == "plan")
        })
        .collect();
    // Ingest reads forms against the plan (plan → nothing of ingest; ingest → plan is the
    // pipeline's direction), so only plan → ingest is a crossing.
    let back: Vec<_> = crossing.iter().filter(|(m, _)| wing(m) == "plan").collect();
    assert!(back.is_empty(), "plan imports ingest: {back:?}");
}

#[test]
fn the_reader_sees_circles_when_there_are_some() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    edges.insert("a".into(), ["b".into()].into());
    edges.insert("b".into(), ["c".into()].into());
    edges.insert("c".into(), ["a".into()].into());
    edges.insert("d".into(), ["a".into()].into());
    assert_eq!(circles(&edges), vec![vec!["a", "b", "c"]]);
    let paths = paths_after(
        "use crate::{a::b, c};\nlet x = super::super::d::E;",
        "crate::",
    );
    assert_eq!(paths, vec![vec!["a", "b"], vec!["c"]]);
}
