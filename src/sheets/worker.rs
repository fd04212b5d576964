//! Reads untrusted files in worker processes that the operating system bounds and kills.
//!
//! A workbook reader that trusts a lying count reserves whatever the file claims; in Rust a
//! failed allocation aborts the process, and no `catch_unwind` stops an abort, nor a hang. So
//! the `seguimiento` binary reads each file in a child process of itself (the hidden
//! subcommand [`SUBCOMMAND`]), under an address-space limit (`setrlimit(RLIMIT_AS)`) and a
//! time limit, seeing nothing but the bytes it is handed: a request on its standard input, the
//! grids back on its standard output in the compact form of [`wire`] (or, for a word-processing
//! document, the model of [`super::document`]: [`read_document`]). A worker that runs out
//! of memory, crashes or overruns its time turns its file into a finding that names the limit
//! and its setting; it is replaced, and only its file is lost. Workers are kept in a small pool
//! and reused from file to file.
//!
//! Workers run only once a program has called [`use_program`] (the binary does, with its own
//! path); a library user that has not reads in its own process, with the best-effort guards
//! of [`super::grid`].

use std::fs::File;
use std::io::{BufReader, ErrorKind, Read, Write};
use std::os::fd::{AsFd, AsRawFd, BorrowedFd};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::document::Document;
use super::grid::{Grid, ReadError};
use super::mail::{Mail, MAIL};
use super::read;
use super::{Headers, Limits};

/// The hidden subcommand that turns the binary into a reading worker.
pub const SUBCOMMAND: &str = "__read-worker";

/// The exit status of a worker whose allocation failed under its memory limit.
const OUT_OF_MEMORY: i32 = 86;

static PROGRAM: Mutex<Option<PathBuf>> = Mutex::new(None);
static IN_WORKER: AtomicBool = AtomicBool::new(false);
static POOL: Mutex<Vec<Worker>> = Mutex::new(Vec::new());

/// Makes ingest read every file in workers running `program` (the `seguimiento` binary), or,
/// given none, in this process again.
pub fn use_program(program: Option<PathBuf>) {
    *PROGRAM.lock().unwrap_or_else(|e| e.into_inner()) = program;
    shut_down();
}

fn program() -> Option<PathBuf> {
    PROGRAM.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

/// Ends the idle workers, waiting for each (a run's files are all read).
pub fn shut_down() {
    let idle: Vec<Worker> = std::mem::take(&mut *POOL.lock().unwrap_or_else(|e| e.into_inner()));
    for w in idle {
        w.close();
    }
}

/// The allocator of the binary: the system's, except that in a worker an allocation refused
/// under the memory limit ends the worker with a status its parent recognises, rather than an
/// abort that looks like any crash.
pub struct Allocator;

// SAFETY: every call is forwarded to the system allocator unchanged.
unsafe impl std::alloc::GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        let p = unsafe { std::alloc::System.alloc(layout) };
        if p.is_null() {
            out_of_memory();
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        let p = unsafe { std::alloc::System.alloc_zeroed(layout) };
        if p.is_null() {
            out_of_memory();
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        unsafe { std::alloc::System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, size: usize) -> *mut u8 {
        let p = unsafe { std::alloc::System.realloc(ptr, layout, size) };
        if p.is_null() {
            out_of_memory();
        }
        p
    }
}

fn out_of_memory() {
    if IN_WORKER.load(Ordering::Relaxed) {
        // SAFETY: `_exit` ends the process at once; nothing of it is used afterwards.
        unsafe { libc::_exit(OUT_OF_MEMORY) }
    }
}

/// Serves read requests on standard input until it closes: the body of the hidden
/// subcommand. `args` are the arguments after the subcommand (`--memory-bytes N`); `headers`
/// are the program's own header words (the worker is the program itself, so they are the ones
/// the parent would have used).
pub fn serve(args: &[String], headers: Headers) -> i32 {
    IN_WORKER.store(true, Ordering::Relaxed);
    let memory = args
        .windows(2)
        .find(|w| w[0] == "--memory-bytes")
        .and_then(|w| w[1].parse::<u64>().ok());
    if let Some(bytes) = memory {
        limit_memory(bytes);
    }
    // The pipes themselves, not the standard streams: the answer is already gathered into
    // chunks, which the line buffering of standard output would only copy and split.
    let (Some(input), Some(mut output)) = (
        pipe(std::io::stdin().as_fd()),
        pipe(std::io::stdout().as_fd()),
    ) else {
        return 3;
    };
    let mut input = BufReader::with_capacity(1 << 16, input);
    loop {
        let (kind, bytes, ext, limits) = match wire::read_request(&mut input) {
            Ok(Some(request)) => request,
            Ok(None) => return 0,
            Err(_) => return 3,
        };
        let written = match kind {
            wire::Kind::Grids => {
                let result = if MAIL.contains(&ext.as_str()) {
                    read::read_mail(&bytes, &ext, &limits).map(wire::Answer::Mail)
                } else {
                    read::read_here(&bytes, &ext, &limits, headers, false).map(wire::Answer::Grids)
                };
                drop(bytes);
                wire::write_answer(&mut output, result)
            }
            wire::Kind::Document => {
                let result = read::read_document(&bytes, &ext, &limits);
                drop(bytes);
                wire::write_document(&mut output, result)
            }
        };
        if written.is_err() {
            return 3;
        }
    }
}

/// A standard stream of the worker as the file it is, read or written without its buffer.
fn pipe(fd: BorrowedFd<'_>) -> Option<File> {
    fd.try_clone_to_owned().ok().map(File::from)
}

/// Widens a pipe to the largest size an unprivileged process may set (1 MB by default), so
/// that a large answer crosses in a few hundred writes rather than thousands of 64 KB ones.
fn widen(fd: BorrowedFd<'_>) {
    #[cfg(target_os = "linux")]
    // SAFETY: F_SETPIPE_SZ changes only the capacity of the pipe this descriptor is open on;
    // a refusal leaves it as it was.
    unsafe {
        libc::fcntl(fd.as_raw_fd(), libc::F_SETPIPE_SZ, 1 << 20);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = fd;
}

fn limit_memory(bytes: u64) {
    let limit = libc::rlimit {
        rlim_cur: bytes as libc::rlim_t,
        rlim_max: bytes as libc::rlim_t,
    };
    // SAFETY: setrlimit reads the struct it is given and changes only this process's limit.
    unsafe {
        libc::setrlimit(libc::RLIMIT_AS, &limit);
    }
}

/// Reads a file's bytes in a worker, or, when no worker program was set, here. `headers` serve
/// a read in this process; a worker uses those it serves with ([`serve`]).
pub fn read(
    bytes: &[u8],
    ext: &str,
    limits: &Limits,
    headers: Headers,
) -> Result<Vec<Grid>, ReadError> {
    let here = || read::read(bytes, ext, limits, headers);
    match in_worker(wire::Kind::Grids, bytes, ext, limits, here)? {
        wire::Answer::Grids(grids) => Ok(grids),
        wire::Answer::Mail(_) => Err(ReadError::Corrupt("an e-mail, not a spreadsheet".into())),
        wire::Answer::Document(_) => {
            Err(ReadError::Corrupt("a worker answered out of turn".into()))
        }
    }
}

/// Reads an e-mail's bytes (`ext` is `eml` or `msg`) in a worker, or, when no worker program
/// was set, here: its sender, subject, date and attachments, within the e-mail limits of
/// `limits`. The attachments are not read: each is for the caller to read as a file.
pub fn read_mail(bytes: &[u8], ext: &str, limits: &Limits) -> Result<Mail, ReadError> {
    let ext = if MAIL.contains(&ext) { ext } else { "eml" };
    let here = || read::read_mail(bytes, ext, limits);
    match in_worker(wire::Kind::Grids, bytes, ext, limits, here)? {
        wire::Answer::Mail(mail) => Ok(mail),
        _ => Err(ReadError::Corrupt("a spreadsheet, not an e-mail".into())),
    }
}

/// Reads a word-processing document's bytes (`.docx`, or Markdown's `.md`) in a worker, or, when no worker program
/// was set, here: the same wall and limits as a workbook's.
pub fn read_document(bytes: &[u8], ext: &str, limits: &Limits) -> Result<Document, ReadError> {
    let here = || read::read_document(bytes, ext, limits);
    match in_worker(wire::Kind::Document, bytes, ext, limits, here)? {
        wire::Answer::Document(doc) => Ok(doc),
        _ => Err(ReadError::Corrupt("a worker answered out of turn".into())),
    }
}

/// Sends a request of `kind` to a worker and returns its answer, or reads `here` when there is
/// no worker program or no worker could be started.
fn in_worker<T>(
    kind: wire::Kind,
    bytes: &[u8],
    ext: &str,
    limits: &Limits,
    here: impl FnOnce() -> Result<T, ReadError>,
) -> Result<wire::Answer, ReadError>
where
    wire::Answer: From<T>,
{
    let Some(program) = program() else {
        return here().map(wire::Answer::from);
    };
    let mut worker = take(&program, limits.max_reader_memory_bytes);
    let Some(w) = worker.as_mut() else {
        // No worker could be started (the system refused a process): read here.
        return here().map(wire::Answer::from);
    };
    let seconds = Duration::from_secs(limits.max_reader_seconds.max(1));
    let outcome = w.read(kind, bytes, ext, limits, seconds);
    match outcome {
        Outcome::Read(result) => {
            give_back(worker.take().expect("the worker just read"));
            result
        }
        Outcome::Died => {
            let status = worker.take().map(Worker::end);
            Err(died(status, limits))
        }
        Outcome::TimedOut => {
            if let Some(w) = worker.take() {
                w.kill();
            }
            Err(ReadError::Limit {
                setting: "max_reader_seconds",
                value: limits.max_reader_seconds,
            })
        }
    }
}

/// Says why a worker died, from its exit status.
fn died(status: Option<std::process::ExitStatus>, limits: &Limits) -> ReadError {
    use std::os::unix::process::ExitStatusExt;
    match status {
        Some(s) if s.code() == Some(OUT_OF_MEMORY) => ReadError::Limit {
            setting: "max_reader_memory_bytes",
            value: limits.max_reader_memory_bytes,
        },
        Some(s) => ReadError::ReaderStopped {
            signal: s.signal(),
            status: s.code(),
        },
        None => ReadError::ReaderStopped {
            signal: None,
            status: None,
        },
    }
}

/// One worker process and the two ends of its pipes.
struct Worker {
    child: Child,
    stdin: Timed<ChildStdin>,
    stdout: BufReader<Timed<ChildStdout>>,
    memory: u64,
}

enum Outcome {
    Read(Result<wire::Answer, ReadError>),
    Died,
    TimedOut,
}

impl Worker {
    fn start(program: &Path, memory: u64) -> Option<Worker> {
        let mut child = Command::new(program)
            .arg(SUBCOMMAND)
            .arg("--memory-bytes")
            .arg(memory.to_string())
            .env_clear()
            .current_dir("/")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let (stdin, stdout) = (child.stdin.take(), child.stdout.take());
        let (Some(stdin), Some(stdout)) = (Timed::new(stdin), Timed::new(stdout)) else {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        };
        Some(Worker {
            child,
            stdin,
            stdout: BufReader::with_capacity(1 << 18, stdout),
            memory,
        })
    }

    /// Sends a request and decodes the answer in this thread, as it arrives, within `time`.
    fn read(
        &mut self,
        kind: wire::Kind,
        bytes: &[u8],
        ext: &str,
        limits: &Limits,
        time: Duration,
    ) -> Outcome {
        let deadline = Instant::now() + time;
        self.stdin.deadline = deadline;
        self.stdout.get_mut().deadline = deadline;
        if let Err(e) = wire::write_request_of(&mut self.stdin, kind, bytes, ext, limits) {
            return Outcome::failed(&e);
        }
        let answer = match kind {
            wire::Kind::Grids => wire::read_answer(&mut self.stdout),
            wire::Kind::Document => {
                wire::read_document(&mut self.stdout).map(|r| r.map(wire::Answer::Document))
            }
        };
        match answer {
            Ok(result) => Outcome::Read(result),
            Err(e) => Outcome::failed(&e),
        }
    }

    /// Waits for a worker that died and returns how it ended.
    fn end(mut self) -> std::process::ExitStatus {
        let _ = self.child.kill();
        self.child
            .wait()
            .unwrap_or_else(|_| std::os::unix::process::ExitStatusExt::from_raw(0))
    }

    fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Closes the worker's input, on which it ends, and waits for it.
    fn close(self) {
        let Worker {
            mut child, stdin, ..
        } = self;
        drop(stdin);
        let _ = child.wait();
    }
}

impl Outcome {
    /// What a failed write or read says of the worker: out of time, or dead (or lying, which
    /// costs it the same).
    fn failed(e: &std::io::Error) -> Outcome {
        if e.kind() == ErrorKind::TimedOut {
            Outcome::TimedOut
        } else {
            Outcome::Died
        }
    }
}

/// The parent's end of a pipe to or from a worker, which waits for the worker no later than
/// its deadline: the time limit holds while the request is written as while the answer is
/// read, so a worker that stops reading its input is stopped too.
struct Timed<P> {
    pipe: P,
    deadline: Instant,
}

impl<P: AsFd> Timed<P> {
    /// Takes a pipe's end, widened and made non-blocking, so that every wait is a `poll` with
    /// a time out.
    fn new(pipe: Option<P>) -> Option<Timed<P>> {
        let pipe = pipe?;
        let fd = pipe.as_fd().as_raw_fd();
        widen(pipe.as_fd());
        // SAFETY: F_GETFL and F_SETFL read and change the flags of this descriptor only (the
        // worker's end of the pipe is its own open file, and stays blocking).
        let set = unsafe {
            let flags = libc::fcntl(fd, libc::F_GETFL);
            flags >= 0 && libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK) == 0
        };
        set.then(|| Timed {
            pipe,
            deadline: Instant::now(),
        })
    }

    /// Waits until the pipe is ready for `events`, or fails with `TimedOut` at the deadline.
    fn wait(&self, events: libc::c_short) -> std::io::Result<()> {
        loop {
            let left = self.deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(ErrorKind::TimedOut.into());
            }
            let mut fd = libc::pollfd {
                fd: self.pipe.as_fd().as_raw_fd(),
                events,
                revents: 0,
            };
            let ms = left.as_millis().clamp(1, i32::MAX as u128) as libc::c_int;
            // SAFETY: poll reads and writes the one pollfd it is given.
            match unsafe { libc::poll(&mut fd, 1, ms) } {
                // Ready, closed or failed: the next read or write says which.
                n if n > 0 => return Ok(()),
                0 => continue,
                _ => {
                    let e = std::io::Error::last_os_error();
                    if e.kind() != ErrorKind::Interrupted {
                        return Err(e);
                    }
                }
            }
        }
    }
}

impl<P: Read + AsFd> Read for Timed<P> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            match self.pipe.read(buf) {
                Err(e) if e.kind() == ErrorKind::WouldBlock => self.wait(libc::POLLIN)?,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                done => return done,
            }
        }
    }
}

impl<P: Write + AsFd> Write for Timed<P> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        loop {
            match self.pipe.write(buf) {
                Err(e) if e.kind() == ErrorKind::WouldBlock => self.wait(libc::POLLOUT)?,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                done => return done,
            }
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Starts, ahead of reading `files` files, as many workers with this memory limit as files
/// are read side by side (rayon's threads, at most `files`), less those idle: each loads the
/// binary while the caller opens and hashes its first file, rather than after. Does nothing
/// when no worker program was set.
pub fn start_ahead(memory: u64, files: usize) {
    let Some(program) = program() else {
        return;
    };
    let wanted = rayon::current_num_threads().max(1).min(files);
    let idle = POOL
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .filter(|w| w.memory == memory)
        .count();
    for _ in idle..wanted {
        match Worker::start(&program, memory) {
            Some(w) => POOL.lock().unwrap_or_else(|e| e.into_inner()).push(w),
            None => break,
        }
    }
}

/// Takes an idle worker with this memory limit from the pool, or starts one.
fn take(program: &Path, memory: u64) -> Option<Worker> {
    let idle = {
        let mut pool = POOL.lock().unwrap_or_else(|e| e.into_inner());
        let at = pool.iter().position(|w| w.memory == memory);
        at.map(|i| pool.swap_remove(i))
    };
    idle.or_else(|| Worker::start(program, memory))
}

fn give_back(worker: Worker) {
    let mut pool = POOL.lock().unwrap_or_else(|e| e.into_inner());
    // As many idle workers as files are read side by side; more would only hold memory.
    if pool.len() < rayon::current_num_threads().max(1) {
        pool.push(worker);
    } else {
        drop(pool);
        worker.kill();
    }
}

/// The compact binary form of requests and grids between the parent and a worker:
/// little-endian integers, strings as a length and UTF-8 bytes, one tag byte per cell.
///
/// Millions of cells cross it, so each side works in its buffer: the writer gathers rows into
/// one buffer and writes it when full, the reader takes each field from its buffered input,
/// copying a string once into the `String` it becomes. A count or length read from the other
/// side is never used to reserve memory before the bytes it announces have arrived.
pub mod wire {
    use std::io::{self, BufRead, Read, Write};

    use chrono::DateTime;

    use crate::sheets::document::{Block, Document, LeftOut, Paragraph, Run, Table, TableCell};
    use crate::sheets::grid::{Cell, Grid, ReadError};
    use crate::sheets::mail::{Attachment, LeftOut as MailLeftOut, Mail};
    use crate::sheets::Limits;

    /// What a request asks for: the grids of a spreadsheet, or the model of a document.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Kind {
        /// Grids of cells ([`write_result`]).
        Grids,
        /// A document's blocks ([`write_document`]).
        Document,
    }

    /// A worker's answer, of the kind asked for.
    #[derive(Debug)]
    pub enum Answer {
        /// A spreadsheet's grids.
        Grids(Vec<Grid>),
        /// A document.
        Document(Document),
        /// An e-mail's headers and attachments (a request for grids of an `.eml` or `.msg`).
        Mail(Mail),
    }

    impl From<Mail> for Answer {
        fn from(mail: Mail) -> Answer {
            Answer::Mail(mail)
        }
    }

    impl From<Vec<Grid>> for Answer {
        fn from(grids: Vec<Grid>) -> Answer {
            Answer::Grids(grids)
        }
    }

    impl From<Document> for Answer {
        fn from(doc: Document) -> Answer {
            Answer::Document(doc)
        }
    }

    /// How many bytes of an answer are gathered before they are written.
    const CHUNK: usize = 1 << 16;

    fn bad(what: &str) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, what.to_string())
    }

    /// Takes `N` bytes from the input, from its buffer when they are all there.
    #[inline]
    fn array<const N: usize>(r: &mut impl BufRead) -> io::Result<[u8; N]> {
        let mut b = [0; N];
        let buf = r.fill_buf()?;
        if let Some(head) = buf.get(..N) {
            b.copy_from_slice(head);
            r.consume(N);
        } else {
            r.read_exact(&mut b)?;
        }
        Ok(b)
    }
    #[inline]
    fn u8_(r: &mut impl BufRead) -> io::Result<u8> {
        Ok(array::<1>(r)?[0])
    }
    #[inline]
    fn u32_(r: &mut impl BufRead) -> io::Result<u32> {
        Ok(u32::from_le_bytes(array(r)?))
    }
    #[inline]
    fn u64_(r: &mut impl BufRead) -> io::Result<u64> {
        Ok(u64::from_le_bytes(array(r)?))
    }
    fn bytes_(r: &mut impl Read, len: u64) -> io::Result<Vec<u8>> {
        // Never reserved from the count alone: what arrives is what is kept.
        let mut out = Vec::with_capacity(len.min(1 << 20) as usize);
        r.take(len).read_to_end(&mut out)?;
        if out.len() as u64 != len {
            return Err(bad("short"));
        }
        Ok(out)
    }
    fn str_(r: &mut impl BufRead) -> io::Result<String> {
        let len = u32_(r)? as usize;
        let buf = r.fill_buf()?;
        if let Some(text) = buf.get(..len) {
            // The whole string is in the buffer: checked there, copied once.
            let s = std::str::from_utf8(text)
                .map_err(|_| bad("utf-8"))?
                .to_owned();
            r.consume(len);
            return Ok(s);
        }
        String::from_utf8(bytes_(r, len as u64)?).map_err(|_| bad("utf-8"))
    }
    fn put_str(w: &mut impl Write, s: &str) -> io::Result<()> {
        w.write_all(&(s.len() as u32).to_le_bytes())?;
        w.write_all(s.as_bytes())
    }

    /// An answer on its way out: fields gathered in a buffer, written a chunk at a time.
    struct Out<'w, W: Write> {
        w: &'w mut W,
        buf: Vec<u8>,
    }

    impl<W: Write> Out<'_, W> {
        #[inline]
        fn put(&mut self, bytes: &[u8]) {
            self.buf.extend_from_slice(bytes);
        }
        fn put_str(&mut self, s: &str) -> io::Result<()> {
            self.put(&(s.len() as u32).to_le_bytes());
            if s.len() >= CHUNK {
                // A long string is written from where it is, not copied into the buffer.
                self.flush()?;
                return self.w.write_all(s.as_bytes());
            }
            self.put(s.as_bytes());
            Ok(())
        }
        /// Writes the buffer once it holds a chunk.
        #[inline]
        fn spill(&mut self) -> io::Result<()> {
            if self.buf.len() >= CHUNK {
                self.flush()?;
            }
            Ok(())
        }
        fn flush(&mut self) -> io::Result<()> {
            self.w.write_all(&self.buf)?;
            self.buf.clear();
            Ok(())
        }
    }

    /// Writes a request for grids: the extension, the limits the reader applies, the bytes.
    pub fn write_request(
        w: &mut impl Write,
        bytes: &[u8],
        ext: &str,
        limits: &Limits,
    ) -> io::Result<()> {
        write_request_of(w, Kind::Grids, bytes, ext, limits)
    }

    /// Writes a request of a kind: what it asks for, the extension, the limits the reader
    /// applies, the file's bytes.
    pub fn write_request_of(
        w: &mut impl Write,
        kind: Kind,
        bytes: &[u8],
        ext: &str,
        limits: &Limits,
    ) -> io::Result<()> {
        // The head in one write, the file's bytes in the next, from where they are.
        let mut head = Vec::with_capacity(ext.len() + 45);
        head.push(match kind {
            Kind::Grids => 0,
            Kind::Document => 1,
        });
        put_str(&mut head, ext)?;
        head.extend_from_slice(&limits.max_unzipped_bytes.to_le_bytes());
        head.extend_from_slice(&limits.max_rows.to_le_bytes());
        head.extend_from_slice(&limits.max_columns.to_le_bytes());
        head.extend_from_slice(&limits.max_file_bytes.to_le_bytes());
        head.extend_from_slice(&limits.max_attachments.to_le_bytes());
        head.extend_from_slice(&limits.max_mail_depth.to_le_bytes());
        head.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        w.write_all(&head)?;
        w.write_all(bytes)
    }

    /// A request as read: what it asks for, the file's bytes, its extension, the limits.
    pub type Request = (Kind, Vec<u8>, String, Limits);

    /// Reads a request; none when the input closed before one began.
    pub fn read_request(r: &mut impl BufRead) -> io::Result<Option<Request>> {
        if r.fill_buf()?.is_empty() {
            return Ok(None);
        }
        let kind = match u8_(r)? {
            0 => Kind::Grids,
            1 => Kind::Document,
            _ => return Err(bad("kind")),
        };
        let ext = str_(r)?;
        let limits = Limits {
            max_unzipped_bytes: u64_(r)?,
            max_rows: u32_(r)?,
            max_columns: u32_(r)?,
            max_file_bytes: u64_(r)?,
            max_attachments: u32_(r)?,
            max_mail_depth: u32_(r)?,
            ..Limits::default()
        };
        let len = u64_(r)?;
        Ok(Some((kind, bytes_(r, len)?, ext, limits)))
    }

    /// Writes a document, or why there is none: its blocks in order (a tag byte each), then
    /// what was left out, then whether it was cut.
    pub fn write_document(
        w: &mut impl Write,
        result: Result<Document, ReadError>,
    ) -> io::Result<()> {
        let doc = match result {
            Ok(doc) => doc,
            Err(e) => {
                w.write_all(&[1])?;
                return write_error(w, &e);
            }
        };
        let mut out = Out {
            w,
            buf: Vec::with_capacity(CHUNK + 64),
        };
        out.put(&[0]);
        out.put(&(doc.blocks.len() as u32).to_le_bytes());
        for block in &doc.blocks {
            match block {
                Block::Paragraph(p) => {
                    out.put(&[0]);
                    put_paragraph(&mut out, p)?;
                }
                Block::Table(t) => {
                    out.put(&[1]);
                    out.put(&(t.rows.len() as u32).to_le_bytes());
                    for row in &t.rows {
                        out.put(&(row.len() as u32).to_le_bytes());
                        for cell in row {
                            out.put(&cell.span.to_le_bytes());
                            out.put(&[u8::from(cell.merged_above)]);
                            out.put(&(cell.paragraphs.len() as u32).to_le_bytes());
                            for p in &cell.paragraphs {
                                put_paragraph(&mut out, p)?;
                            }
                        }
                        out.spill()?;
                    }
                }
            }
            out.spill()?;
        }
        out.put(&(doc.left_out.len() as u32).to_le_bytes());
        for (kind, count) in &doc.left_out {
            let tag = LeftOut::ALL.iter().position(|k| k == kind).unwrap_or(0) as u8;
            out.put(&[tag]);
            out.put(&count.to_le_bytes());
        }
        out.put(&[u8::from(doc.truncated)]);
        out.put(&(doc.properties.len() as u32).to_le_bytes());
        for (name, value) in &doc.properties {
            out.put_str(name)?;
            out.put_str(value)?;
        }
        out.flush()
    }

    /// An optional small number as one byte, 255 for none.
    fn level(n: Option<u8>) -> u8 {
        n.map_or(255, |l| l.min(254))
    }

    fn put_paragraph<W: Write>(out: &mut Out<'_, W>, p: &Paragraph) -> io::Result<()> {
        out.put_str(&p.style)?;
        out.put(&[level(p.heading), level(p.list)]);
        out.put(&(p.runs.len() as u32).to_le_bytes());
        for run in &p.runs {
            out.put_str(&run.text)?;
            let flags = u8::from(run.bold) | u8::from(run.italic) << 1;
            out.put(&[flags]);
            match &run.link {
                Some(link) => {
                    out.put(&[1]);
                    out.put_str(link)?;
                }
                None => out.put(&[0]),
            }
        }
        out.spill()
    }

    fn read_paragraph(r: &mut impl BufRead) -> io::Result<Paragraph> {
        let style = str_(r)?;
        let known = |b: u8| (b != 255).then_some(b);
        let heading = known(u8_(r)?);
        let list = known(u8_(r)?);
        let n = u32_(r)?;
        let mut runs = Vec::with_capacity(n.min(1024) as usize);
        for _ in 0..n {
            let text = str_(r)?;
            let flags = u8_(r)?;
            let link = match u8_(r)? {
                0 => None,
                _ => Some(str_(r)?),
            };
            runs.push(Run {
                text,
                bold: flags & 1 != 0,
                italic: flags & 2 != 0,
                link,
            });
        }
        Ok(Paragraph {
            style,
            heading,
            list,
            runs,
        })
    }

    /// Reads a document written by [`write_document`].
    pub fn read_document(r: &mut impl BufRead) -> io::Result<Result<Document, ReadError>> {
        if u8_(r)? == 1 {
            return Ok(Err(read_error(r)?));
        }
        let mut doc = Document::default();
        let n = u32_(r)?;
        for _ in 0..n {
            match u8_(r)? {
                0 => doc.blocks.push(Block::Paragraph(read_paragraph(r)?)),
                1 => {
                    let mut table = Table::default();
                    for _ in 0..u32_(r)? {
                        let width = u32_(r)?;
                        let mut row = Vec::with_capacity(width.min(256) as usize);
                        for _ in 0..width {
                            let span = u32_(r)?;
                            let merged_above = u8_(r)? != 0;
                            let count = u32_(r)?;
                            let mut paragraphs = Vec::with_capacity(count.min(256) as usize);
                            for _ in 0..count {
                                paragraphs.push(read_paragraph(r)?);
                            }
                            row.push(TableCell {
                                paragraphs,
                                span,
                                merged_above,
                            });
                        }
                        table.rows.push(row);
                    }
                    doc.blocks.push(Block::Table(table));
                }
                _ => return Err(bad("block")),
            }
        }
        for _ in 0..u32_(r)? {
            let kind = *LeftOut::ALL
                .get(u8_(r)? as usize)
                .ok_or_else(|| bad("left out"))?;
            doc.left_out.insert(kind, u32_(r)?);
        }
        doc.truncated = u8_(r)? != 0;
        for _ in 0..u32_(r)? {
            let name = str_(r)?;
            doc.properties.insert(name, str_(r)?);
        }
        Ok(Ok(doc))
    }

    /// Writes a reading: grids, or why there are none. Each row is freed once gathered, and
    /// the answer is written a chunk at a time, so the grids leave this process as they
    /// arrive in the other.
    pub fn write_result(
        w: &mut impl Write,
        result: Result<Vec<Grid>, ReadError>,
    ) -> io::Result<()> {
        let grids = match result {
            Ok(grids) => grids,
            Err(e) => {
                w.write_all(&[1])?;
                return write_error(w, &e);
            }
        };
        let mut out = Out {
            w,
            buf: Vec::with_capacity(CHUNK + 64),
        };
        out.put(&[0]);
        out.put(&(grids.len() as u32).to_le_bytes());
        for mut g in grids {
            match &g.sheet {
                Some(name) => {
                    out.put(&[1]);
                    out.put_str(name)?;
                }
                None => out.put(&[0]),
            }
            for n in [g.first_row, g.first_col] {
                out.put(&n.to_le_bytes());
            }
            let cut = u8::from(g.truncated) | u8::from(g.columns_cut) << 1;
            out.put(&[u8::from(g.formats_known), cut]);
            out.put(&(g.percent_cells.len() as u32).to_le_bytes());
            for &(r, c) in &g.percent_cells {
                out.put(&r.to_le_bytes());
                out.put(&c.to_le_bytes());
                out.spill()?;
            }
            out.put(&(g.rows.len() as u32).to_le_bytes());
            for row in std::mem::take(&mut g.rows) {
                out.put(&(row.len() as u32).to_le_bytes());
                for cell in &row {
                    write_cell(&mut out, cell)?;
                }
                drop(row);
                out.spill()?;
            }
        }
        out.flush()
    }

    #[inline]
    fn write_cell<W: Write>(out: &mut Out<'_, W>, cell: &Cell) -> io::Result<()> {
        match cell {
            Cell::Empty => out.put(&[0]),
            Cell::Text(s) => {
                out.put(&[1]);
                out.put_str(s)?;
            }
            Cell::Number(n) => {
                out.put(&[2]);
                out.put(&n.to_le_bytes());
            }
            Cell::Bool(b) => out.put(&[3, u8::from(*b)]),
            Cell::Date(d) => {
                let d = d.and_utc();
                out.put(&[4]);
                out.put(&d.timestamp().to_le_bytes());
                out.put(&d.timestamp_subsec_nanos().to_le_bytes());
            }
            Cell::Error(e) => {
                out.put(&[5]);
                out.put_str(e)?;
            }
        }
        Ok(())
    }

    #[inline]
    fn read_cell(r: &mut impl BufRead) -> io::Result<Cell> {
        Ok(match u8_(r)? {
            0 => Cell::Empty,
            1 => Cell::Text(str_(r)?),
            2 => Cell::Number(f64::from_bits(u64_(r)?)),
            3 => Cell::Bool(u8_(r)? != 0),
            4 => {
                let secs = u64_(r)? as i64;
                let nanos = u32_(r)?;
                let d = DateTime::from_timestamp(secs, nanos).ok_or_else(|| bad("date"))?;
                Cell::Date(d.naive_utc())
            }
            5 => Cell::Error(str_(r)?),
            _ => return Err(bad("cell")),
        })
    }

    fn write_error(w: &mut impl Write, e: &ReadError) -> io::Result<()> {
        match e {
            ReadError::Empty => w.write_all(&[0]),
            ReadError::Encrypted => w.write_all(&[1]),
            ReadError::NotASpreadsheet(kind) => {
                w.write_all(&[2])?;
                put_str(w, kind)
            }
            ReadError::Corrupt(detail) => {
                w.write_all(&[3])?;
                put_str(w, detail)
            }
            ReadError::Unzipped { size, limit } | ReadError::TooLarge { size, limit } => {
                let tag = if matches!(e, ReadError::Unzipped { .. }) {
                    4
                } else {
                    5
                };
                w.write_all(&[tag])?;
                w.write_all(&size.to_le_bytes())?;
                w.write_all(&limit.to_le_bytes())
            }
            ReadError::Limit { setting, value } => {
                w.write_all(&[6])?;
                put_str(w, setting)?;
                w.write_all(&value.to_le_bytes())
            }
            ReadError::ReaderStopped { signal, status } => {
                w.write_all(&[7])?;
                w.write_all(&signal.unwrap_or(-1).to_le_bytes())?;
                w.write_all(&status.unwrap_or(-1).to_le_bytes())
            }
        }
    }

    fn read_error(r: &mut impl BufRead) -> io::Result<ReadError> {
        Ok(match u8_(r)? {
            0 => ReadError::Empty,
            1 => ReadError::Encrypted,
            2 => ReadError::NotASpreadsheet(super::read::foreign_name(&str_(r)?)),
            3 => ReadError::Corrupt(str_(r)?),
            tag @ (4 | 5) => {
                let (size, limit) = (u64_(r)?, u64_(r)?);
                if tag == 4 {
                    ReadError::Unzipped { size, limit }
                } else {
                    ReadError::TooLarge { size, limit }
                }
            }
            6 => {
                let setting = match str_(r)?.as_str() {
                    "max_reader_seconds" => "max_reader_seconds",
                    _ => "max_reader_memory_bytes",
                };
                ReadError::Limit {
                    setting,
                    value: u64_(r)?,
                }
            }
            7 => {
                let known = |n: u32| (n as i32 >= 0).then_some(n as i32);
                ReadError::ReaderStopped {
                    signal: known(u32_(r)?),
                    status: known(u32_(r)?),
                }
            }
            _ => return Err(bad("error")),
        })
    }

    /// Writes an answer: grids as [`write_result`] does, or an e-mail.
    pub fn write_answer(w: &mut impl Write, result: Result<Answer, ReadError>) -> io::Result<()> {
        match result {
            Ok(Answer::Grids(grids)) => write_result(w, Ok(grids)),
            Err(e) => write_result(w, Err(e)),
            Ok(Answer::Mail(mail)) => write_mail(w, &mail),
            // A document is asked for with a request of its own, and read back with
            // [`read_document`].
            Ok(Answer::Document(doc)) => write_document(w, Ok(doc)),
        }
    }

    fn put_opt(w: &mut impl Write, s: Option<&str>) -> io::Result<()> {
        match s {
            Some(s) => {
                w.write_all(&[1])?;
                put_str(w, s)
            }
            None => w.write_all(&[0]),
        }
    }

    fn opt_str(r: &mut impl BufRead) -> io::Result<Option<String>> {
        Ok(match u8_(r)? {
            0 => None,
            _ => Some(str_(r)?),
        })
    }

    /// An e-mail: its headers, what its limits left out, then each attachment's name, flags
    /// and bytes, written from where they are.
    fn write_mail(w: &mut impl Write, mail: &Mail) -> io::Result<()> {
        let mut head = vec![2];
        put_opt(&mut head, mail.from.as_deref())?;
        put_opt(&mut head, mail.subject.as_deref())?;
        put_opt(&mut head, mail.date_written.as_deref())?;
        let days = mail
            .date
            .map_or(i32::MIN, |d| chrono::Datelike::num_days_from_ce(&d));
        head.extend_from_slice(&days.to_le_bytes());
        let left = &mail.left_out;
        for n in [left.beyond_count, left.too_deep, left.beyond_size] {
            head.extend_from_slice(&n.to_le_bytes());
        }
        head.extend_from_slice(&(mail.attachments.len() as u32).to_le_bytes());
        w.write_all(&head)?;
        for a in &mail.attachments {
            let mut head = Vec::with_capacity(a.name.len() + 16);
            put_str(&mut head, &a.name)?;
            head.push(u8::from(a.readable) | u8::from(a.inline) << 1);
            head.extend_from_slice(&(a.bytes.len() as u64).to_le_bytes());
            w.write_all(&head)?;
            w.write_all(&a.bytes)?;
        }
        Ok(())
    }

    fn read_mail(r: &mut impl BufRead) -> io::Result<Mail> {
        let from = opt_str(r)?;
        let subject = opt_str(r)?;
        let date_written = opt_str(r)?;
        let days = u32_(r)? as i32;
        let date = (days != i32::MIN)
            .then(|| chrono::NaiveDate::from_num_days_from_ce_opt(days))
            .flatten();
        let left_out = MailLeftOut {
            beyond_count: u32_(r)?,
            too_deep: u32_(r)?,
            beyond_size: u32_(r)?,
        };
        let count = u32_(r)?;
        let mut attachments = Vec::with_capacity(count.min(1024) as usize);
        for _ in 0..count {
            let name = str_(r)?;
            let flags = u8_(r)?;
            let len = u64_(r)?;
            attachments.push(Attachment {
                name,
                bytes: bytes_(r, len)?,
                readable: flags & 1 != 0,
                inline: flags & 2 != 0,
            });
        }
        Ok(Mail {
            from,
            subject,
            date,
            date_written,
            attachments,
            left_out,
        })
    }

    /// Reads an answer written by [`write_answer`].
    pub fn read_answer(r: &mut impl BufRead) -> io::Result<Result<Answer, ReadError>> {
        match u8_(r)? {
            0 => read_grids(r).map(|g| Ok(Answer::Grids(g))),
            1 => Ok(Err(read_error(r)?)),
            2 => read_mail(r).map(|m| Ok(Answer::Mail(m))),
            _ => Err(bad("answer")),
        }
    }

    /// Reads a reading written by [`write_result`].
    pub fn read_result(r: &mut impl BufRead) -> io::Result<Result<Vec<Grid>, ReadError>> {
        match read_answer(r)? {
            Ok(Answer::Grids(g)) => Ok(Ok(g)),
            Ok(Answer::Mail(_) | Answer::Document(_)) => Err(bad("an e-mail")),
            Err(e) => Ok(Err(e)),
        }
    }

    fn read_grids(r: &mut impl BufRead) -> io::Result<Vec<Grid>> {
        let count = u32_(r)?;
        let mut grids = Vec::with_capacity(count.min(1024) as usize);
        for _ in 0..count {
            let sheet = match u8_(r)? {
                0 => None,
                _ => Some(str_(r)?),
            };
            let (first_row, first_col) = (u32_(r)?, u32_(r)?);
            let (formats_known, cut) = (u8_(r)? != 0, u8_(r)?);
            let (truncated, columns_cut) = (cut & 1 != 0, cut & 2 != 0);
            let n = u32_(r)?;
            let mut percent_cells = Vec::with_capacity(n.min(1 << 16) as usize);
            for _ in 0..n {
                percent_cells.push((u32_(r)?, u32_(r)?));
            }
            let n = u32_(r)?;
            let mut rows = Vec::with_capacity(n.min(1 << 16) as usize);
            for _ in 0..n {
                let width = u32_(r)?;
                let mut row = Vec::with_capacity(width.min(1 << 12) as usize);
                for _ in 0..width {
                    row.push(read_cell(r)?);
                }
                rows.push(row);
            }
            grids.push(Grid {
                sheet,
                rows,
                first_row,
                first_col,
                percent_cells,
                formats_known,
                truncated,
                columns_cut,
            });
        }
        Ok(grids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheets::grid::Cell;

    #[test]
    fn grids_and_errors_cross_the_wire_unchanged() {
        let date = chrono::NaiveDate::from_ymd_opt(2024, 3, 31)
            .unwrap()
            .and_hms_opt(12, 30, 0)
            .unwrap();
        let grids = vec![
            Grid {
                sheet: Some("Estado ñ".into()),
                rows: vec![
                    vec![Cell::Text("Código".into()), Cell::Empty, Cell::Number(0.45)],
                    vec![],
                    vec![
                        Cell::Bool(true),
                        Cell::Date(date),
                        Cell::Error("#N/A".into()),
                    ],
                ],
                first_row: 3,
                first_col: 2,
                percent_cells: vec![(2, 4)],
                formats_known: true,
                truncated: true,
                columns_cut: true,
            },
            Grid::default(),
        ];
        let mut buf = Vec::new();
        wire::write_result(&mut buf, Ok(grids.clone())).unwrap();
        let back = wire::read_result(&mut &buf[..]).unwrap().unwrap();
        assert_eq!(format!("{back:?}"), format!("{grids:?}"));
        for e in [
            ReadError::Empty,
            ReadError::NotASpreadsheet("PDF"),
            ReadError::Corrupt("x".into()),
            ReadError::Unzipped { size: 5, limit: 4 },
            ReadError::Limit {
                setting: "max_reader_seconds",
                value: 9,
            },
            ReadError::ReaderStopped {
                signal: Some(11),
                status: None,
            },
        ] {
            let mut buf = Vec::new();
            wire::write_result(&mut buf, Err(e.clone())).unwrap();
            assert_eq!(wire::read_result(&mut &buf[..]).unwrap().unwrap_err(), e);
        }
        // A cut answer is an error, never a grid reserved from a lying count.
        let mut buf = vec![0];
        buf.extend(u32::MAX.to_le_bytes());
        assert!(wire::read_result(&mut &buf[..]).is_err());
        let mut req = Vec::new();
        wire::write_request(&mut req, b"a;b\n", "csv", &Limits::default()).unwrap();
        let (kind, bytes, ext, _) = wire::read_request(&mut &req[..]).unwrap().unwrap();
        assert_eq!((&bytes[..], ext.as_str()), (&b"a;b\n"[..], "csv"));
        assert_eq!(kind, wire::Kind::Grids);
        assert!(wire::read_request(&mut &b""[..]).unwrap().is_none());
    }

    #[test]
    fn documents_cross_the_wire_unchanged() {
        use crate::sheets::document::{Block, LeftOut, Paragraph, Run, Table, TableCell};
        let para = |text: &str| Paragraph {
            style: "heading 2".into(),
            heading: Some(2),
            list: None,
            runs: vec![
                Run {
                    text: text.into(),
                    bold: true,
                    italic: false,
                    link: None,
                },
                Run {
                    text: "enlace".into(),
                    bold: false,
                    italic: true,
                    link: Some("https://example.org".into()),
                },
            ],
        };
        let mut doc = Document {
            blocks: vec![
                Block::Paragraph(para("Título ñ")),
                Block::Table(Table {
                    rows: vec![vec![
                        TableCell {
                            paragraphs: vec![para("a"), Paragraph::default()],
                            span: 2,
                            merged_above: false,
                        },
                        TableCell {
                            paragraphs: vec![],
                            span: 1,
                            merged_above: true,
                        },
                    ]],
                }),
            ],
            truncated: true,
            ..Document::default()
        };
        doc.left_out.insert(LeftOut::Image, 3);
        doc.left_out.insert(LeftOut::NestedTable, 1);
        doc.properties
            .insert("cifras".into(), "actividades=31; vencidas=B1.2".into());
        let mut buf = Vec::new();
        wire::write_document(&mut buf, Ok(doc.clone())).unwrap();
        assert_eq!(wire::read_document(&mut &buf[..]).unwrap().unwrap(), doc);
        let mut buf = Vec::new();
        wire::write_document(&mut buf, Err(ReadError::Encrypted)).unwrap();
        assert_eq!(
            wire::read_document(&mut &buf[..]).unwrap().unwrap_err(),
            ReadError::Encrypted
        );
        // A cut answer is an error, never a document reserved from a lying count.
        let mut buf = vec![0];
        buf.extend(u32::MAX.to_le_bytes());
        assert!(wire::read_document(&mut &buf[..]).is_err());
        let mut req = Vec::new();
        wire::write_request_of(
            &mut req,
            wire::Kind::Document,
            b"PK",
            "docx",
            &Limits::default(),
        )
        .unwrap();
        let (kind, _, ext, limits) = wire::read_request(&mut &req[..]).unwrap().unwrap();
        assert_eq!((kind, ext.as_str()), (wire::Kind::Document, "docx"));
        assert_eq!(limits.max_file_bytes, Limits::default().max_file_bytes);
    }

    #[test]
    fn an_e_mail_crosses_the_wire_unchanged() {
        use crate::sheets::mail::{Attachment, LeftOut};
        use wire::Answer;
        let mail = Mail {
            from: Some("lferreyra@example.org".into()),
            subject: Some("Formulario – mayo".into()),
            date: chrono::NaiveDate::from_ymd_opt(2024, 6, 13),
            date_written: Some("Thu, 13 Jun 2024 21:45:00 -0500".into()),
            attachments: vec![
                Attachment {
                    name: "situación.xlsx".into(),
                    bytes: vec![1, 2, 3],
                    readable: true,
                    inline: false,
                },
                Attachment {
                    name: "logo.png".into(),
                    bytes: Vec::new(),
                    readable: false,
                    inline: true,
                },
            ],
            left_out: LeftOut {
                beyond_count: 3,
                too_deep: 1,
                beyond_size: 2,
            },
        };
        for mail in [mail, Mail::default()] {
            let mut buf = Vec::new();
            wire::write_answer(&mut buf, Ok(Answer::Mail(mail.clone()))).unwrap();
            match wire::read_answer(&mut &buf[..]).unwrap() {
                Ok(Answer::Mail(back)) => assert_eq!(back, mail),
                other => panic!("{other:?}"),
            }
            // A cut answer is an error.
            buf.pop();
            assert!(wire::read_answer(&mut &buf[..]).is_err());
        }
        let limits = Limits {
            max_attachments: 7,
            max_mail_depth: 2,
            max_file_bytes: 99,
            ..Limits::default()
        };
        let mut req = Vec::new();
        wire::write_request(&mut req, b"x", "eml", &limits).unwrap();
        let (_, _, ext, back) = wire::read_request(&mut &req[..]).unwrap().unwrap();
        assert_eq!(ext, "eml");
        assert_eq!(
            (
                back.max_attachments,
                back.max_mail_depth,
                back.max_file_bytes
            ),
            (7, 2, 99)
        );
    }
}
