//! `make bench`: generates realistic inputs at three sizes and times each stage.
//!
//! Sizes: S (the sample's scale), M (100,000 status rows over 1,000 files and 20,000 pledge
//! rows), L (one workbook of 1,000,000 status rows, ingestion only). Each size runs in a child
//! process so its peak memory is its own. Floors are measured on the same files: a bare
//! calamine read (for ingestion) and typesetting alone (for rendering). Inputs are generated
//! once into `target/bench-inputs/` with a fixed seed, so every run measures the same bytes.
//! Each size also times ingestion with every file read in a worker process (the cost of
//! isolation), and a last case measures a workbook of huge cells (peak memory, findings size).
//! Where documents are typeset, the trackers are timed against their floor: rust_xlsxwriter
//! writing the trackers' own cells with no formatting, in constant-memory sheets
//! (`seguimiento-bench trackers [S|M]` times that alone; `seguimiento-bench isolation
//! [S|M|L]` times ingestion in process and in workers alone). `seguimiento-bench mail [S|M]`
//! times the same size's status forms arriving as e-mails (each workbook attached to an `.eml`
//! from the agency) against the same workbooks as files. `seguimiento-bench overview [S|M]`
//! times the overview pages alone against the whole run; `seguimiento-bench inputs S|M|L
//! [DIR]` generates a size's inputs and copies them into DIR (the browser check reads M's).
//! This is a benchmark, not a test: it asserts nothing.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use seguimiento::config::RunConfig;
use seguimiento::i18n::Lang;
use seguimiento::outputs::documents::{self, DOCUMENTS};

/// A small deterministic generator (xorshift), so the inputs never change between runs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The plan the inputs are generated for (the shipped one): its codes and its months.
struct PlanShape {
    codes: Vec<String>,
    start: seguimiento::calendar::YearMonth,
}

impl PlanShape {
    fn shipped() -> PlanShape {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("inputs");
        let plan = seguimiento::plan::Plan::load(&path).expect("the shipped plan");
        PlanShape {
            codes: plan.activities.iter().map(|a| a.code.clone()).collect(),
            start: plan.meta.start,
        }
    }

    /// The plan's month `n` months after its first.
    fn month(&self, n: usize) -> seguimiento::calendar::YearMonth {
        (0..n).fold(self.start, |m, _| m.next())
    }

    /// The as-of date: the last day of the plan's fourteenth month.
    fn as_of(&self) -> chrono::NaiveDate {
        self.month(13).last_day()
    }
}
const AGENCIES: [&str; 8] = [
    "OIM",
    "CEPAL",
    "OIT",
    "PNUD",
    "ACNUR",
    "UNICEF",
    "UNFPA",
    "ONU-Hábitat",
];
const NARRATIVES: [&str; 4] = [
    "Se realizaron reuniones de coordinación con las redes nacionales y se acordó una hoja de ruta.",
    "Se elaboró el borrador de la nota técnica y se compartió con las agencias para comentarios.",
    "Se celebró el encuentro regional con participación de gobiernos y sociedad civil.",
    "Se publicaron piezas de comunicación en las redes sociales de los miembros de la Red.",
];

struct Size {
    name: &'static str,
    status_files: usize,
    rows_per_file: usize,
    pledges: usize,
    updates_per_pledge: usize,
    render: bool,
}

const SIZES: [Size; 3] = [
    Size {
        name: "S",
        status_files: 100,
        rows_per_file: 6,
        pledges: 100,
        updates_per_pledge: 4,
        render: true,
    },
    Size {
        name: "M",
        status_files: 1_000,
        rows_per_file: 100,
        pledges: 5_000,
        updates_per_pledge: 4,
        render: true,
    },
    Size {
        name: "L",
        status_files: 1,
        rows_per_file: 1_000_000,
        pledges: 0,
        updates_per_pledge: 0,
        render: false,
    },
];

fn status_workbook(path: &Path, rng: &mut Rng, index: usize, rows: usize, plan: &PlanShape) {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let ws = wb.add_worksheet_with_constant_memory().expect("worksheet");
    ws.set_name("Estado").expect("name");
    let headers = [
        "Código",
        "Periodo",
        "Agencia",
        "Estado",
        "Avance (%)",
        "Fecha de realización",
        "Descripción",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("write");
    }
    // One agency's monthly returns: each row a different activity or month, as agencies send.
    // Progress grows month by month from each activity's start, the status follows it, the
    // completion date is there once an activity is done, and every narrative is its own.
    let agency = AGENCIES[index % AGENCIES.len()];
    for r in 1..=rows as u32 {
        let k = r as usize - 1;
        let n = plan.codes.len();
        let step = (index / AGENCIES.len() + k / n) % 14; // months since the plan's start
        let m = plan.month(step);
        let (year, month) = (m.year as u16, m.month as u8);
        let code = (index + k) % n;
        let start = code % 6;
        let pace = 10 + (code * 7) % 25;
        let progress = (step.saturating_sub(start) * pace).min(100);
        let status = match progress {
            0 => "no iniciada",
            100 => "completada",
            _ if code % 11 == 4 && progress > 40 => "pospuesta",
            _ => "en curso",
        };
        ws.write_string(r, 0, &plan.codes[code]).expect("write");
        ws.write_string(r, 1, format!("{year}-{month:02}"))
            .expect("write");
        ws.write_string(r, 2, agency).expect("write");
        ws.write_string(r, 3, status).expect("write");
        ws.write_number(r, 4, progress as f64).expect("write");
        if progress == 100 {
            let day = ExcelDateTime::from_ymd(year, month, 1 + rng.below(28) as u8).expect("date");
            ws.write_datetime_with_format(r, 5, &day, &date)
                .expect("write");
        }
        let narrative = format!(
            "{} Participaron {} personas de {} países (informe {index}-{k}).",
            NARRATIVES[rng.below(4) as usize],
            12 + rng.below(180),
            2 + rng.below(15),
        );
        ws.write_string(r, 6, narrative).expect("write");
    }
    wb.save(path).expect("save");
}

fn pledge_workbook(path: &Path, rng: &mut Rng, pledges: usize, updates: usize, plan: &PlanShape) {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let ws = wb.add_worksheet_with_constant_memory().expect("worksheet");
    ws.set_name("Compromisos").expect("name");
    let headers = [
        "ID compromiso",
        "Título",
        "Entidad",
        "Tipo de entidad",
        "Países",
        "Objetivos",
        "Estado",
        "Fecha de actualización",
        "Avance",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("write");
    }
    let countries = [
        "México",
        "Guatemala",
        "Colombia",
        "Chile; Perú",
        "Brasil",
        "Ecuador",
        "Costa Rica",
    ];
    let types = [
        "Estado Miembro",
        "Sociedad civil",
        "Gobierno local",
        "Sistema ONU",
        "Academia",
    ];
    let statuses = ["en planificación", "en curso", "cumplido", "en curso"];
    let mut r = 1u32;
    for p in 0..pledges {
        let objectives = format!("{}, {}", 1 + rng.below(23), 1 + rng.below(23));
        for u in 0..updates {
            ws.write_string(r, 0, format!("LAC-2022-{p:05}"))
                .expect("write");
            ws.write_string(r, 1, "Ampliar las vías regulares de migración laboral")
                .expect("write");
            ws.write_string(r, 2, format!("Entidad {p}"))
                .expect("write");
            ws.write_string(r, 3, types[p % types.len()])
                .expect("write");
            ws.write_string(r, 4, countries[p % countries.len()])
                .expect("write");
            ws.write_string(r, 5, &objectives).expect("write");
            ws.write_string(r, 6, statuses[rng.below(4) as usize])
                .expect("write");
            // Quarterly updates in the year before the as-of date.
            let m = plan.month([4, 7, 10, 13][u % 4]);
            let day = ExcelDateTime::from_ymd(m.year as u16, m.month as u8, 15).expect("date");
            ws.write_datetime_with_format(r, 7, &day, &date)
                .expect("write");
            ws.write_string(r, 8, NARRATIVES[rng.below(4) as usize])
                .expect("write");
            r += 1;
        }
    }
    wb.save(path).expect("save");
}

/// Generates (once) the inputs of a size and returns their folder.
fn generate(size: &Size) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-inputs/v5")
        .join(size.name);
    let done = dir.join(".complete");
    if done.exists() {
        return dir;
    }
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("status")).expect("mkdir");
    std::fs::create_dir_all(dir.join("pledges")).expect("mkdir");
    std::fs::create_dir_all(dir.join("plan")).expect("mkdir");
    let plan = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("inputs/plan/plan.toml");
    std::fs::copy(plan, dir.join("plan/plan.toml")).expect("copy plan");
    let shape = PlanShape::shipped();
    std::fs::write(
        dir.join("seguimiento.toml"),
        format!("as_of = {}\n", shape.as_of()),
    )
    .expect("settings");
    (0..size.status_files).into_par_iter().for_each(|i| {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (i as u64 + 1));
        let sub = dir.join("status").join(format!("{:03}", i / 100));
        std::fs::create_dir_all(&sub).expect("mkdir");
        status_workbook(
            &sub.join(format!("agencia-{i:04}.xlsx")),
            &mut rng,
            i,
            size.rows_per_file,
            &shape,
        );
    });
    if size.pledges > 0 {
        let mut rng = Rng(42);
        pledge_workbook(
            &dir.join("pledges/compromisos.xlsx"),
            &mut rng,
            size.pledges,
            size.updates_per_pledge,
            &shape,
        );
    }
    std::fs::write(&done, b"").expect("mark");
    dir
}

/// Peak resident memory of this process, in MB (Linux).
fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Runs `f` and returns its value with the processor time (user and system) this process
/// spent meanwhile, in seconds: for work done on one thread, a steadier measure than the clock
/// on a shared machine.
fn cpu_time<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let used = || {
        // SAFETY: getrusage fills the struct it is given.
        let u = unsafe {
            let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
            libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr());
            usage.assume_init()
        };
        let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 * 1e-6;
        secs(u.ru_utime) + secs(u.ru_stime)
    };
    let start = used();
    let v = f();
    (v, used() - start)
}

fn time<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let t = Instant::now();
    let v = f();
    (v, t.elapsed().as_secs_f64())
}

/// Reads every workbook with calamine and nothing else: the floor for ingestion.
fn bare_calamine(dir: &Path) -> usize {
    use calamine::Reader;
    let (files, _) = seguimiento::ingest::discover(dir);
    files
        .par_iter()
        .map(|p| {
            let mut wb = calamine::open_workbook_auto(p).expect("open");
            let names = wb.sheet_names();
            names
                .iter()
                .map(|n| wb.worksheet_range(n).map(|r| r.height()).unwrap_or(0))
                .sum::<usize>()
        })
        .sum()
}

fn run_size(size: &Size) {
    let (dir, gen_s) = time(|| generate(size));
    let out = tempfile_dir(size.name);
    let config = RunConfig::new(dir.clone(), out.clone(), None, None).expect("config");
    let plan = seguimiento::plan::Plan::load(&dir).expect("plan");
    let ((files, _), discover_s) = time(|| seguimiento::ingest::discover(&dir));
    let ctx = seguimiento::ingest::Context {
        plan: &plan,
        as_of: config.as_of,
        limits: config.settings.limits,
        checks: config.settings.checks,
        senders: Default::default(),
    };
    // Ingestion and its floor are timed in turns, best of three each, so that a moment of
    // noise on the machine does not land on one side of the ratio only. The peak is that of
    // the first ingestion alone.
    reset_peak();
    let (intake, mut ingest_s) = time(|| seguimiento::ingest::ingest(&dir, &ctx));
    let ingest_peak = peak_mb();
    let (floor_rows, mut floor_s) = time(|| bare_calamine(&dir));
    for _ in 1..3 {
        ingest_s = ingest_s.min(time(|| seguimiento::ingest::ingest(&dir, &ctx)).1);
        floor_s = floor_s.min(time(|| bare_calamine(&dir)).1);
    }
    // The cost of isolation: the same ingestion with every file read in a worker process of
    // the `seguimiento` binary beside this one, best of three.
    let isolated_s = worker_program().map(|program| {
        seguimiento::sheets::worker::use_program(Some(program));
        let mut best = f64::MAX;
        for _ in 0..3 {
            best = best.min(time(|| seguimiento::ingest::ingest(&dir, &ctx)).1);
        }
        seguimiento::sheets::worker::use_program(None);
        best
    });
    let readers = compare_xlsx_readers(&dir, &ctx.limits);
    let rows: u32 = intake.files.iter().map(|f| f.rows).sum::<u32>();
    let (reconciled, reconcile_s) =
        time(|| seguimiento::reconcile::reconcile(&plan, &intake, config.as_of, &config.settings));
    drop((intake, reconciled));
    println!(
        "{:<2} files {:>5}  rows {:>9}  generate {:>6.1}s | discover {:>6.3}s  ingest {:>7.3}s  reconcile {:>6.3}s",
        size.name, files.len(), rows, gen_s, discover_s, ingest_s, reconcile_s
    );
    println!(
        "   calamine floor {:>7.3}s ({} rows)  ingest/floor {:>5.2}x  ingest per row {:>6.2} µs  ingestion peak {:>5.0} MB",
        floor_s,
        floor_rows,
        ingest_s / floor_s.max(1e-9),
        ingest_s * 1e6 / f64::from(rows.max(1)),
        ingest_peak
    );
    println!(
        "   xlsx readers: one-pass {:>7.3}s  calamine (values and styles in one pass) {:>7.3}s  calamine/one-pass {:>5.2}x",
        readers.0,
        readers.1,
        readers.1 / readers.0.max(1e-9)
    );
    match isolated_s {
        Some(t) => println!(
            "   isolation: ingest in worker processes {:>7.3}s, in process {:>7.3}s: {:+.1} %",
            t,
            ingest_s,
            (t / ingest_s.max(1e-9) - 1.0) * 100.0
        ),
        None => println!("   isolation: no seguimiento binary beside the bench; not measured"),
    }
    if size.render {
        // The whole run first, with Typst's caches empty, as a user meets it; its peak memory
        // is its own (nothing of the bench's is held meanwhile).
        // Typst's library and font book are built once per process, before either side is
        // timed; their cost is printed on its own.
        let (_, engine_s) = time(documents::Engine::get);
        typst::comemo::evict(0);
        reset_peak();
        let (_, mut run_s) = time(|| seguimiento::cmd::run::run(&config).expect("run"));
        let run_peak = peak_mb();
        // Then the floor: typesetting alone of the same documents, caches emptied again.
        let checked = seguimiento::check(&config).expect("check");
        trackers_against_their_floor(&checked);
        let report = checked.report;
        typst::comemo::evict(0);
        let templates = documents::templates(None).expect("templates");
        let jobs: Vec<_> = DOCUMENTS
            .iter()
            .flat_map(|&k| Lang::RUN_DEFAULT.map(|l| (k, l)))
            .collect();
        let typeset_all = || {
            jobs.par_iter()
                .map(|&(k, l)| {
                    (
                        k,
                        l,
                        documents::typeset(&templates, k, l, &report).expect("typeset"),
                    )
                })
                .collect::<Vec<_>>()
        };
        let (docs, mut typeset_s) = time(typeset_all);
        let export_all = |docs: &[(_, _, _)]| {
            docs.par_iter()
                .map(|(k, l, d)| documents::export(d, *k, *l, &report).expect("export"))
                .collect::<Vec<_>>()
        };
        let (pdfs, mut export_s) = time(|| export_all(&docs));
        // The run and its floor, best of three each in turns, every time from empty caches.
        for _ in 1..3 {
            typst::comemo::evict(0);
            run_s = run_s.min(time(|| seguimiento::cmd::run::run(&config).expect("run")).1);
            typst::comemo::evict(0);
            let (docs, t) = time(typeset_all);
            typeset_s = typeset_s.min(t);
            export_s = export_s.min(time(|| export_all(&docs)).1);
        }
        let pages: usize = docs.iter().map(|(_, _, d)| d.pages().len()).sum();
        let bytes: usize = pdfs.iter().map(Vec::len).sum();
        let floor = typeset_s + export_s;
        println!(
            "   typesetting floor {:>6.3}s + PDF export {:>6.3}s ({} pages, {} KB)  whole run {:>6.3}s  run/floor {:>4.2}x  not typesetting {:>3.0}%",
            typeset_s,
            export_s,
            pages,
            bytes / 1024,
            run_s,
            run_s / floor.max(1e-9),
            100.0 * (run_s - floor).max(0.0) / run_s
        );
        println!(
            "   whole run peak memory {run_peak:>7.0} MB  (library and font book, once per process: {engine_s:.3}s)"
        );
        word_versions(&templates, &jobs, &report, run_s);
        word_added(&config);
    }
    let _ = std::fs::remove_dir_all(&out);
}

/// Times the run's outputs with and without the Word versions (the inputs checked, then every
/// output staged as `run` stages them), best of three each in turns, every time from empty
/// caches: what writing the six `.docx` adds to `run` (issue 22 allows 10 % at S and M).
fn word_added(config: &RunConfig) {
    use seguimiento::outputs::{write_each, Output, Run};
    let with_outputs: Vec<&dyn Output> = seguimiento::run::REGISTRY.to_vec();
    let without: Vec<&dyn Output> = with_outputs
        .iter()
        .copied()
        .filter(|o| !o.kinds().iter().any(|k| k.ends_with("-docx")))
        .collect();
    assert_eq!(with_outputs.len(), without.len() + DOCUMENTS.len());
    let once = |outputs: &[&dyn Output]| {
        typst::comemo::evict(0);
        cpu_time_with_children(|| {
            time(|| {
                let checked = seguimiento::check(config).expect("check");
                let run = Run {
                    config,
                    checked: &checked,
                    reopen: None,
                };
                let mut set = seguimiento::outputs::staging::OutputSet::new(
                    &config.outputs,
                    &config.period(),
                )
                .expect("staging");
                write_each(outputs, &run, &mut set, &seguimiento::progress::Silent).expect("write");
            })
        })
    };
    // Processor time too: on a machine others share, the clock moves with their load, while
    // the processor time a run takes hardly does (both cores are busy through the writing).
    let best = |(a, b): (f64, f64), ((_, wall), cpu): ((_, f64), f64)| (a.min(wall), b.min(cpu));
    let (mut with, mut without_) = (
        (f64::INFINITY, f64::INFINITY),
        (f64::INFINITY, f64::INFINITY),
    );
    for _ in 0..3 {
        with = best(with, once(&with_outputs));
        without_ = best(without_, once(&without));
    }
    let more = |a: f64, b: f64| (b / a.max(1e-9) - 1.0) * 100.0;
    println!(
        "   check and write: without the Word versions {:>6.3}s, with them {:>6.3}s: they add {:+.1} %",
        without_.0,
        with.0,
        more(without_.0, with.0)
    );
    println!(
        "   processor time: without the Word versions {:>6.3}s, with them {:>6.3}s: they add {:+.1} %",
        without_.1,
        with.1,
        more(without_.1, with.1)
    );
}

/// The Word versions' cost alone at a size: against the whole run, and what they add to it.
fn word_only(size: &Size) {
    let dir = generate(size);
    let out = tempfile_dir(size.name);
    let config = RunConfig::new(dir, out.clone(), None, None).expect("config");
    documents::Engine::get();
    typst::comemo::evict(0);
    let mut run_s = f64::INFINITY;
    for _ in 0..3 {
        typst::comemo::evict(0);
        run_s = run_s.min(time(|| seguimiento::cmd::run::run(&config).expect("run")).1);
    }
    let report = seguimiento::check(&config).expect("check").report;
    let templates = documents::templates(None).expect("templates");
    let jobs: Vec<_> = DOCUMENTS
        .iter()
        .flat_map(|&k| Lang::RUN_DEFAULT.map(|l| (k, l)))
        .collect();
    println!("{:<2} whole run {:>6.3}s", size.name, run_s);
    word_versions(&templates, &jobs, &report, run_s);
    word_added(&config);
    let _ = std::fs::remove_dir_all(&out);
}

/// Times `seguimiento run` in the four languages the program writes against the same run in
/// the default two: whole processes of the binary beside the bench, as a secretariat runs it,
/// best of three each, in turns. The goal is at most 2.1 times.
fn languages_only(size: &Size) {
    let Some(program) = worker_program() else {
        println!("languages: no seguimiento binary beside the bench; not measured");
        return;
    };
    let two = generate(size);
    // The same inputs, with the four languages in their settings.
    let four = tempfile_dir(&format!("{}-four-inputs", size.name));
    copy_tree(&two, &four);
    let settings = std::fs::read_to_string(two.join("seguimiento.toml")).expect("settings");
    let codes: Vec<String> = Lang::ALL
        .iter()
        .map(|l| format!("\"{}\"", l.code()))
        .collect();
    std::fs::write(
        four.join("seguimiento.toml"),
        format!("languages = [{}]\n{settings}", codes.join(", ")),
    )
    .expect("settings");
    let run = |inputs: &Path, out: &Path| {
        let start = Instant::now();
        let status = std::process::Command::new(&program)
            .arg("--inputs")
            .arg(inputs)
            .arg("--outputs")
            .arg(out)
            .args(["-q", "run"])
            .status()
            .expect("seguimiento");
        assert!(status.code().is_some_and(|c| c <= 1), "run failed");
        start.elapsed().as_secs_f64()
    };
    let (out_two, out_four) = (
        tempfile_dir(&format!("{}-two", size.name)),
        tempfile_dir(&format!("{}-four", size.name)),
    );
    let (mut two_s, mut four_s) = (f64::INFINITY, f64::INFINITY);
    for _ in 0..3 {
        two_s = two_s.min(run(&two, &out_two));
        four_s = four_s.min(run(&four, &out_four));
    }
    println!(
        "{:<2} run in {} languages {:>6.3}s, in {} {:>6.3}s: {:.2}x (goal at most 2.1x)",
        size.name,
        Lang::RUN_DEFAULT.len(),
        two_s,
        Lang::ALL.len(),
        four_s,
        four_s / two_s.max(1e-9)
    );
    for dir in [&four, &out_two, &out_four] {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// Times the six Word versions alone (compiled for HTML, charts drawn, packaged), side by
/// side as the run makes them, best of three from empty caches, against the whole run.
fn word_versions(
    templates: &[(String, String)],
    jobs: &[(documents::DocKind, Lang)],
    report: &seguimiento::report::ReportData,
    run_s: f64,
) {
    let reference = documents::word::reference(None).expect("reference document");
    let write_all = || {
        jobs.par_iter()
            .map(|&(k, l)| {
                documents::word::render(templates, &reference, k, l, report)
                    .expect("word")
                    .bytes
                    .len()
            })
            .sum::<usize>()
    };
    let mut best = f64::INFINITY;
    let mut bytes = 0;
    for _ in 0..3 {
        typst::comemo::evict(0);
        let (b, t) = time(write_all);
        (bytes, best) = (b, best.min(t));
    }
    println!(
        "   Word versions alone {:>6.3}s ({} KB): {:>4.1} % of the whole run",
        best,
        bytes / 1024,
        100.0 * best / run_s.max(1e-9)
    );
}

/// Times the overview pages alone (both languages, staged as the run stages them), best of
/// five, against the whole run, best of three from empty caches; prints their sizes.
fn overview_only(size: &Size) {
    use seguimiento::outputs::overview::Overview;
    use seguimiento::outputs::staging::OutputSet;
    use seguimiento::outputs::{write_each, Run};
    let dir = generate(size);
    let out = tempfile_dir(size.name);
    let config = RunConfig::new(dir, out.clone(), None, None).expect("config");
    documents::Engine::get();
    let mut run_s = f64::INFINITY;
    for _ in 0..3 {
        typst::comemo::evict(0);
        run_s = run_s.min(time(|| seguimiento::cmd::run::run(&config).expect("run")).1);
    }
    let checked = seguimiento::check(&config).expect("check");
    let run = Run {
        config: &config,
        checked: &checked,
        reopen: None,
    };
    let mut best = f64::INFINITY;
    let mut sizes = Vec::new();
    for _ in 0..5 {
        let mut set = OutputSet::new(&out, "overview-bench").expect("staging");
        let (written, t) = time(|| {
            write_each(&[&Overview], &run, &mut set, &seguimiento::progress::Silent)
                .expect("overview");
            set.commit().expect("commit")
        });
        best = best.min(t);
        sizes = written
            .iter()
            .map(|w| std::fs::metadata(out.join(&w.path)).map_or(0, |m| m.len()))
            .collect();
    }
    println!(
        "{:<2} whole run {:>6.3}s; overview pages {:>6.3}s ({:?} bytes): {:>4.1} % of the whole run",
        size.name,
        run_s,
        best,
        sizes,
        100.0 * best / run_s.max(1e-9)
    );
    let _ = std::fs::remove_dir_all(&out);
}

/// Times ingestion of a size in process and in worker processes, best of three each in turns,
/// and nothing else.
fn isolation_only(size: &Size) {
    let Some(program) = worker_program() else {
        println!("isolation: no seguimiento binary beside the bench; not measured");
        return;
    };
    let dir = generate(size);
    let config = RunConfig::new(dir.clone(), tempfile_dir(size.name), None, None).expect("config");
    let plan = seguimiento::plan::Plan::load(&dir).expect("plan");
    let ctx = seguimiento::ingest::Context {
        plan: &plan,
        as_of: config.as_of,
        limits: config.settings.limits,
        checks: config.settings.checks,
        senders: Default::default(),
    };
    // The processor time of the workers counts too: they are waited for when ingest ends.
    let ingest = || cpu_time_with_children(|| time(|| seguimiento::ingest::ingest(&dir, &ctx)));
    let (mut here, mut there) = ((f64::MAX, f64::MAX), (f64::MAX, f64::MAX));
    let best = |(a, b): (f64, f64), ((_, c), d): ((_, f64), f64)| (a.min(c), b.min(d));
    for _ in 0..3 {
        seguimiento::sheets::worker::use_program(None);
        here = best(here, ingest());
        seguimiento::sheets::worker::use_program(Some(program.clone()));
        there = best(there, ingest());
    }
    seguimiento::sheets::worker::use_program(None);
    let more = |a: f64, b: f64| (b / a.max(1e-9) - 1.0) * 100.0;
    println!(
        "{:<2} isolation: ingest in worker processes {:>7.3}s, in process {:>7.3}s: {:+.1} %",
        size.name,
        there.0,
        here.0,
        more(here.0, there.0)
    );
    println!(
        "   processor time (workers included): in worker processes {:>7.3}s, in process {:>7.3}s: {:+.1} %",
        there.1,
        here.1,
        more(here.1, there.1)
    );
}

/// Writes (once) the e-mail variant of a size: each status workbook attached to an `.eml` as
/// a mail client sends it (base64, a text body), the pledges and the plan as files. Returns its
/// folder.
fn generate_mail(size: &Size) -> PathBuf {
    let files = generate(size);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-inputs/v5")
        .join(format!("{}-mail", size.name));
    let done = dir.join(".complete");
    if done.exists() {
        return dir;
    }
    let _ = std::fs::remove_dir_all(&dir);
    for sub in ["plan", "pledges"] {
        std::fs::create_dir_all(dir.join(sub)).expect("mkdir");
        for entry in std::fs::read_dir(files.join(sub)).expect("list") {
            let entry = entry.expect("entry");
            std::fs::copy(entry.path(), dir.join(sub).join(entry.file_name())).expect("copy");
        }
    }
    std::fs::copy(files.join("seguimiento.toml"), dir.join("seguimiento.toml")).expect("copy");
    let (forms, _) = seguimiento::ingest::discover(&files);
    let status = files.join("status");
    let forms: Vec<PathBuf> = forms
        .into_iter()
        .filter(|p| p.starts_with(&status))
        .collect();
    forms.par_iter().enumerate().for_each(|(i, p)| {
        let rel = p.strip_prefix(&files).expect("inside");
        let target = dir.join(rel).with_extension("eml");
        std::fs::create_dir_all(target.parent().expect("folder")).expect("mkdir");
        let bytes = std::fs::read(p).expect("read");
        let name = p.file_name().expect("name").to_string_lossy().into_owned();
        let agency = AGENCIES[i % AGENCIES.len()].to_lowercase();
        let eml = mail_builder::MessageBuilder::new()
            .from((agency.as_str(), format!("{agency}@example.org").as_str()))
            .to("secretaria@example.org")
            .subject("Formulario de seguimiento")
            .date(1_718_000_000i64 + i as i64 * 60)
            .text_body("Adjunto el formulario de situación del mes.\n")
            .attachment(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                name,
                bytes,
            )
            .write_to_vec()
            .expect("e-mail");
        std::fs::write(target, eml).expect("write");
    });
    std::fs::write(&done, b"").expect("mark");
    dir
}

/// Times ingestion of a size's status forms as e-mails against the same forms as files, best
/// of three each in turns, in worker processes (as the binary reads) and in process.
fn mail_only(size: &Size) {
    let files = generate(size);
    let mails = generate_mail(size);
    let config =
        RunConfig::new(files.clone(), tempfile_dir(size.name), None, None).expect("config");
    let plan = seguimiento::plan::Plan::load(&files).expect("plan");
    let ctx = seguimiento::ingest::Context {
        plan: &plan,
        as_of: config.as_of,
        limits: config.settings.limits,
        checks: config.settings.checks,
        // Each agency's address, as contacts.csv would give it: every e-mail's sender known.
        senders: AGENCIES
            .iter()
            .filter_map(|a| {
                let id = plan.registry().agency(a)?.id.clone();
                Some((format!("{}@example.org", a.to_lowercase()), id))
            })
            .collect(),
    };
    let rows = |dir: &Path| {
        let intake = seguimiento::ingest::ingest(dir, &ctx);
        intake.files.iter().map(|f| f.accepted).sum::<u32>()
    };
    let program = worker_program();
    for (label, program) in [
        ("in worker processes", program.clone()),
        ("in process", None),
    ] {
        if label.starts_with("in worker") && program.is_none() {
            println!("mail: no seguimiento binary beside the bench; workers not measured");
            continue;
        }
        seguimiento::sheets::worker::use_program(program);
        // Clock and processor time (the workers' included: they are waited for when ingest
        // ends), best of three each, in turns.
        let (mut as_files, mut as_mail) = ((f64::MAX, f64::MAX), (f64::MAX, f64::MAX));
        let (mut n_files, mut n_mail) = (0, 0);
        let best = |(a, b): (f64, f64), (c, d): (f64, f64)| (a.min(c), b.min(d));
        for _ in 0..3 {
            let ((n, t), cpu) = cpu_time_with_children(|| time(|| rows(&files)));
            (n_files, as_files) = (n, best(as_files, (t, cpu)));
            let ((n, t), cpu) = cpu_time_with_children(|| time(|| rows(&mails)));
            (n_mail, as_mail) = (n, best(as_mail, (t, cpu)));
        }
        println!(
            "{:<2} e-mail: ingest {label}: {:>7.3}s as e-mails, {:>7.3}s as files: {:.2}x; processor time {:>7.3}s and {:>7.3}s: {:.2}x  (rows accepted {} and {})",
            size.name,
            as_mail.0,
            as_files.0,
            as_mail.0 / as_files.0.max(1e-9),
            as_mail.1,
            as_files.1,
            as_mail.1 / as_files.1.max(1e-9),
            n_mail,
            n_files
        );
    }
    seguimiento::sheets::worker::use_program(None);
}

/// Runs `f` and returns its value with the processor time this process and its children
/// that ended meanwhile spent, in seconds.
fn cpu_time_with_children<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let used = || {
        let of = |who| {
            // SAFETY: getrusage fills the struct it is given.
            let u = unsafe {
                let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
                libc::getrusage(who, usage.as_mut_ptr());
                usage.assume_init()
            };
            let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 * 1e-6;
            secs(u.ru_utime) + secs(u.ru_stime)
        };
        of(libc::RUSAGE_SELF) + of(libc::RUSAGE_CHILDREN)
    };
    let start = used();
    let v = f();
    (v, used() - start)
}

/// Times the trackers of a size against their floor, and nothing else.
fn trackers_only(size: &Size) {
    let dir = generate(size);
    let config = RunConfig::new(dir, tempfile_dir(size.name), None, None).expect("config");
    let checked = seguimiento::check(&config).expect("check");
    println!("{:<2} trackers only", size.name);
    trackers_against_their_floor(&checked);
}

/// Times the two trackers (one language after the other, then side by side) against their
/// floor: rust_xlsxwriter writing the same cells with no formatting, in constant-memory
/// sheets, one book per language. The floor's cells are read back (untimed) from the trackers
/// themselves, every sheet of them: the same count, kinds and text per row, as strings where
/// they hold text and numbers where they hold numbers or dates (a hyperlink is its text; a
/// blank that only carries a format is no cell). No formats, table, conditional formats or row
/// heights. Best of three each, in turns.
fn trackers_against_their_floor(checked: &seguimiento::Checked) {
    let tracker = |lang: Lang| {
        seguimiento::outputs::tracker::write(checked, lang, std::io::sink()).expect("tracker");
    };
    let one_after_the_other = || Lang::RUN_DEFAULT.iter().for_each(|&l| tracker(l));
    let side_by_side = || {
        rayon::join(|| tracker(Lang::Es), || tracker(Lang::En));
    };
    let cells = |lang| {
        tracker_cells(&seguimiento::outputs::tracker::build(checked, lang).expect("tracker"))
    };
    let (es, en) = (cells(Lang::Es), cells(Lang::En));
    let rows: usize = es.iter().map(|sheet| sheet.len()).sum();
    let count: usize = es
        .iter()
        .flatten()
        .map(|row| {
            row.iter()
                .filter(|c| !matches!(c, PlainCell::Blank))
                .count()
        })
        .sum();
    let floor_one = |sheets: &[Vec<Vec<PlainCell>>]| {
        let mut wb = Workbook::new();
        for sheet in sheets {
            let ws = wb
                .add_worksheet_with_constant_memory()
                .expect("floor sheet");
            for (r, row) in sheet.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    let (r, c) = (r as u32, c as u16);
                    match cell {
                        PlainCell::Text(s) => ws.write_string(r, c, s.as_str()).map(|_| ()),
                        PlainCell::Number(n) => ws.write_number(r, c, *n).map(|_| ()),
                        PlainCell::Blank => Ok(()),
                    }
                    .expect("floor cell");
                }
            }
        }
        wb.save_to_writer(std::io::sink()).expect("floor book");
    };
    let floor_both = || [&es, &en].iter().for_each(|s| floor_one(s));
    let floor_side_by_side = || {
        rayon::join(|| floor_one(&es), || floor_one(&en));
    };
    let (mut seq, mut par, mut floor_seq, mut floor_par) = (f64::MAX, f64::MAX, f64::MAX, f64::MAX);
    let (mut seq_cpu, mut floor_cpu) = (f64::MAX, f64::MAX);
    for _ in 0..3 {
        let ((_, t), cpu) = cpu_time(|| time(one_after_the_other));
        (seq, seq_cpu) = (seq.min(t), seq_cpu.min(cpu));
        let ((_, t), cpu) = cpu_time(|| time(floor_both));
        (floor_seq, floor_cpu) = (floor_seq.min(t), floor_cpu.min(cpu));
        par = par.min(time(side_by_side).1);
        floor_par = floor_par.min(time(floor_side_by_side).1);
    }
    println!(
        "   trackers: one after the other {seq:>6.3}s, floor {floor_seq:>6.3}s ({rows} rows, {count} cells, twice)  trackers/floor {:>4.2}x",
        seq / floor_seq.max(1e-9)
    );
    println!(
        "             side by side        {par:>6.3}s, floor {floor_par:>6.3}s  trackers/floor {:>4.2}x",
        par / floor_par.max(1e-9)
    );
    // One after the other is work on one thread: its processor time is steadier than the
    // clock when other work shares the machine.
    println!(
        "             processor time, one after the other {seq_cpu:>6.3}s, floor {floor_cpu:>6.3}s  trackers/floor {:>4.2}x",
        seq_cpu / floor_cpu.max(1e-9)
    );
}

/// A cell of the trackers' floor: what the cell holds, without its format.
enum PlainCell {
    Text(String),
    Number(f64),
    Blank,
}

/// Reads every sheet of a tracker back as plain cells, row by row (from row 0, column A).
fn tracker_cells(bytes: &[u8]) -> Vec<Vec<Vec<PlainCell>>> {
    use calamine::{Data, Reader};
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).expect("tracker book");
    let names = book.sheet_names();
    names
        .iter()
        .map(|name| {
            let range = book.worksheet_range(name).expect("tracker sheet");
            let (r0, c0) = range.start().unwrap_or((0, 0));
            let mut rows: Vec<Vec<PlainCell>> = (0..r0).map(|_| Vec::new()).collect();
            rows.extend(range.rows().map(|row| {
                let mut cells: Vec<PlainCell> = (0..c0).map(|_| PlainCell::Blank).collect();
                cells.extend(row.iter().map(|cell| match cell {
                    Data::String(s) => PlainCell::Text(s.clone()),
                    Data::Float(n) => PlainCell::Number(*n),
                    Data::Int(n) => PlainCell::Number(*n as f64),
                    Data::DateTime(d) => PlainCell::Number(d.as_f64()),
                    Data::Bool(b) => PlainCell::Number(f64::from(u8::from(*b))),
                    Data::DateTimeIso(s) | Data::DurationIso(s) => PlainCell::Text(s.clone()),
                    Data::Error(_) | Data::Empty => PlainCell::Blank,
                }));
                cells
            }));
            rows
        })
        .collect()
}

/// Times the two xlsx readers over every workbook of a size, bytes already in memory, side by
/// side as ingestion reads them, best of three each in turns: (one-pass, calamine).
fn compare_xlsx_readers(dir: &Path, limits: &seguimiento::config::Limits) -> (f64, f64) {
    use seguimiento::sheets::read::{read_xlsx_with, XlsxReader};
    let (files, _) = seguimiento::ingest::discover(dir);
    let books: Vec<Vec<u8>> = files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .map(|p| std::fs::read(p).expect("read"))
        .collect();
    let read_all = |reader| {
        books
            .par_iter()
            .map(|b| read_xlsx_with(reader, b, limits).map_or(0, |g| g.len()))
            .sum::<usize>()
    };
    let (mut one, mut cal) = (f64::MAX, f64::MAX);
    for _ in 0..3 {
        one = one.min(time(|| read_all(XlsxReader::OnePass)).1);
        cal = cal.min(time(|| read_all(XlsxReader::Calamine)).1);
    }
    (one, cal)
}

/// The `seguimiento` binary built beside this one, whose hidden subcommand reads files.
fn worker_program() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let program = exe.parent()?.join("seguimiento");
    program.is_file().then_some(program)
}

/// The large-text case: one workbook of 120,000 rows whose status cells hold 3,000 characters
/// (about 400 MB of cell text unpacked), each row rejected with a finding. Runs `check` in
/// the binary (readers in workers) and prints the peak memory of its largest process and the
/// size of its findings document.
fn large_text() {
    let Some(program) = worker_program() else {
        println!("large text: no seguimiento binary beside the bench; not measured");
        return;
    };
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-inputs/v4/text");
    let done = dir.join(".complete");
    if !done.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("status")).expect("mkdir");
        std::fs::create_dir_all(dir.join("plan")).expect("mkdir");
        let plan = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("inputs/plan/plan.toml");
        std::fs::copy(plan, dir.join("plan/plan.toml")).expect("copy plan");
        std::fs::write(dir.join("seguimiento.toml"), "as_of = 2024-06-30\n").expect("settings");
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet_with_constant_memory().expect("worksheet");
        ws.set_name("Estado").expect("name");
        for (c, h) in ["Código", "Periodo", "Agencia", "Estado"]
            .iter()
            .enumerate()
        {
            ws.write_string(0, c as u16, *h).expect("write");
        }
        let mut rng = Rng(7);
        for r in 1..=120_000u32 {
            let mut text = format!("Fila {r}: ");
            while text.len() < 3_000 {
                text.push_str(NARRATIVES[rng.below(4) as usize]);
                text.push(' ');
            }
            let cut = (0..=3_000)
                .rev()
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(0);
            text.truncate(cut);
            ws.write_string(r, 0, "B1.3").expect("write");
            ws.write_string(r, 1, "2024-03").expect("write");
            ws.write_string(r, 2, "OIM").expect("write");
            ws.write_string(r, 3, &text).expect("write");
        }
        wb.save(dir.join("status/huge-cells.xlsx")).expect("save");
        std::fs::write(&done, b"").expect("mark");
    }
    let findings = tempfile_dir("text-findings.json");
    let t = Instant::now();
    let status = std::process::Command::new(program)
        .arg("--inputs")
        .arg(&dir)
        .args(["check", "--format", "json"])
        .stdout(std::fs::File::create(&findings).expect("findings"))
        .status()
        .expect("check");
    let secs = t.elapsed().as_secs_f64();
    let size = std::fs::metadata(&findings).map_or(0, |m| m.len());
    let _ = std::fs::remove_file(&findings);
    // SAFETY: getrusage fills the struct it is given.
    let usage = unsafe {
        let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr());
        usage.assume_init()
    };
    println!(
        "large text: 120,000 rows x 3,000 characters  check {secs:>6.1}s (exit {:?})  peak of its largest process {:>5.0} MB  findings {:>5.1} MB",
        status.code(),
        usage.ru_maxrss as f64 / 1024.0,
        size as f64 / 1e6
    );
}

/// Resets the peak resident memory of this process (Linux), so the next reading is a phase's own.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The size named `name` (S, M or L).
fn size_named(name: &str) -> &'static Size {
    SIZES
        .iter()
        .find(|s| s.name == name)
        .expect("size S, M or L")
}

/// The sizes named after a command's name (`S` and `M` when none), each one the documents are
/// made at.
fn rendered_sizes(args: &[String]) -> Vec<&'static Size> {
    let names: Vec<&str> = match args.get(2..) {
        Some(names) if !names.is_empty() => names.iter().map(String::as_str).collect(),
        _ => vec!["S", "M"],
    };
    names.into_iter().map(rendered_size_named).collect()
}

/// The size named `name` among those the documents are made at (S or M).
fn rendered_size_named(name: &str) -> &'static Size {
    SIZES
        .iter()
        .find(|s| s.name == name && s.render)
        .expect("size S or M")
}

/// Copies a folder tree but the generator's mark of a finished folder.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else if entry.file_name() != ".complete" {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn tempfile_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("seguimiento-bench-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("text") {
        large_text();
        return;
    }
    if args.get(1).map(String::as_str) == Some("trackers") {
        // `seguimiento-bench trackers [S|M]`: the trackers against their floor alone (M by
        // default), for work on the trackers; the inputs are generated once, as for the sizes.
        let name = args.get(2).map_or("M", String::as_str);
        let size = rendered_size_named(name);
        trackers_only(size);
        return;
    }
    if args.get(1).map(String::as_str) == Some("isolation") {
        // `seguimiento-bench isolation [S|M|L]`: the cost of reading in workers alone (M by
        // default), for work on the workers; the inputs are generated once, as for the sizes.
        let name = args.get(2).map_or("M", String::as_str);
        let size = size_named(name);
        isolation_only(size);
        return;
    }
    if args.get(1).map(String::as_str) == Some("mail") {
        // `seguimiento-bench mail [S|M]`: the status forms as e-mails against the same forms
        // as files (M by default).
        let name = args.get(2).map_or("M", String::as_str);
        let size = rendered_size_named(name);
        mail_only(size);
        return;
    }
    if args.get(1).map(String::as_str) == Some("inputs") {
        // `seguimiento-bench inputs S|M|L [DIR]`: generates a size's inputs (kept under
        // target/bench-inputs), copies them into DIR when given, and prints where they are.
        let name = args.get(2).map_or("M", String::as_str);
        let size = size_named(name);
        let dir = generate(size);
        match args.get(3) {
            Some(to) => {
                copy_tree(&dir, Path::new(to));
                println!("{to}");
            }
            None => println!("{}", dir.display()),
        }
        return;
    }
    if args.get(1).map(String::as_str) == Some("overview") {
        // `seguimiento-bench overview [S|M]...`: the overview pages alone against the whole
        // run (S and M by default).
        for size in rendered_sizes(&args) {
            overview_only(size);
        }
        return;
    }
    if args.get(1).map(String::as_str) == Some("languages") {
        // `seguimiento-bench languages [S|M]...`: the run in the four languages against the
        // run in the default two (S and M by default).
        for size in rendered_sizes(&args) {
            languages_only(size);
        }
        return;
    }
    if args.get(1).map(String::as_str) == Some("word") {
        // `seguimiento-bench word [S|M]...`: the Word versions alone and what they add to the
        // run (S and M by default), for work on the Word versions.
        for size in rendered_sizes(&args) {
            word_only(size);
        }
        return;
    }
    if let Some(name) = args.get(1) {
        let size = size_named(name);
        run_size(size);
        return;
    }
    println!(
        "seguimiento bench: {} cores",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    for size in &SIZES {
        let status = std::process::Command::new(&args[0])
            .arg(size.name)
            .status()
            .expect("child");
        if !status.success() {
            eprintln!("size {} failed", size.name);
        }
    }
    // Four languages against two, at S and M, in a child of its own.
    let status = std::process::Command::new(&args[0])
        .arg("languages")
        .status()
        .expect("child");
    if !status.success() {
        eprintln!("the languages case failed");
    }
    // The M size's forms as e-mails, in a child of its own.
    let status = std::process::Command::new(&args[0])
        .args(["mail", "M"])
        .status()
        .expect("child");
    if !status.success() {
        eprintln!("the e-mail case failed");
    }
    // In a child of its own, so that its peak is not mixed with the sizes' processes.
    let status = std::process::Command::new(&args[0])
        .arg("text")
        .status()
        .expect("child");
    if !status.success() {
        eprintln!("the large-text case failed");
    }
}
