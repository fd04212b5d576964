//! The progress bar on stderr: what the library reports through `progress::Progress`, drawn
//! by indicatif, only on a terminal and only for a stage that has lasted a second.

use std::sync::Mutex;
use std::time::Duration;

use seguimiento::i18n::{tr, Lang};
use seguimiento::progress::{Progress, Stage};

/// A progress bar on stderr, shown only on a terminal and only for a stage that has lasted a
/// second.
pub(crate) struct Bar {
    pub(crate) lang: Lang,
    pub(crate) enabled: bool,
    pub(crate) current: Mutex<Option<indicatif::ProgressBar>>,
}

impl Bar {
    pub(crate) fn new(lang: Lang, enabled: bool) -> Bar {
        Bar {
            lang,
            enabled,
            current: Mutex::new(None),
        }
    }
}

impl Progress for Bar {
    fn begin(&self, stage: Stage, steps: u64) {
        if !self.enabled {
            return;
        }
        self.end();
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(steps),
            indicatif::ProgressDrawTarget::hidden(),
        );
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{msg:.bold} [{bar:30}] {pos}/{len} {elapsed}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(tr(
            self.lang,
            match stage {
                Stage::Reading => "progress.reading",
                Stage::Writing => "progress.writing",
            },
            &[],
        ));
        let later = bar.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(1));
            if !later.is_finished() {
                later.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                later.enable_steady_tick(Duration::from_millis(150));
            }
        });
        if let Ok(mut current) = self.current.lock() {
            *current = Some(bar);
        }
    }

    fn step(&self) {
        if let Ok(current) = self.current.lock() {
            if let Some(bar) = current.as_ref() {
                bar.inc(1);
            }
        }
    }

    fn end(&self) {
        if let Ok(mut current) = self.current.lock() {
            if let Some(bar) = current.take() {
                bar.finish_and_clear();
            }
        }
    }
}
