//! Pages asked for while the preview's first build renders. Each is rendered at once on a
//! thread beside the build's, instead of being answered after the whole site: at 10,000
//! documents the page a marketer opens would otherwise wait seconds for twenty thousand
//! others. The build still renders every page, and the preview then serves those.

use super::one_page::render_job;
use super::{Build, Job};
use crate::render::OutputFile;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

/// A file asked for by its output path (`stages/onboarding/index.html`), and where to send
/// it: `None` when this build makes it only later (feeds, the sitemap, drip files) or not at
/// all, or when it fails to render (the build reports why).
pub struct PageRequest {
    pub path: String,
    pub reply: Sender<Option<OutputFile>>,
}

/// Answers requests until the build's own rendering is `done`: the theme's static files and
/// the content's assets from `files`, pages by rendering them. `busy` is set while a request
/// is answered.
pub(super) fn answer(
    build: &Build,
    jobs: &[(usize, Job)],
    files: &BTreeMap<String, OutputFile>,
    requests: &Receiver<PageRequest>,
    done: &AtomicBool,
    busy: &AtomicBool,
) {
    // Made at the first request for a page, which most of the time never comes.
    let mut job_at: Option<HashMap<String, usize>> = None;
    while !done.load(Ordering::Relaxed) {
        let request = match requests.recv_timeout(Duration::from_millis(10)) {
            Ok(request) => request,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => return,
        };
        let phase = crate::util::timings::Phase::start("    early page");
        // The build's own rendering waits meanwhile: this page has a reader waiting for it.
        busy.store(true, Ordering::Relaxed);
        let file = files.get(&request.path).cloned().or_else(|| {
            let job_at = job_at.get_or_insert_with(|| paths_of(build, jobs));
            let (li, job) = &jobs[*job_at.get(&request.path)?];
            let lr = &build.langs[*li];
            render_job(
                build.site,
                build.journey,
                build.theme,
                &build.shared,
                &build.langs,
                lr,
                job,
            )
            .ok()
            .map(|bytes| OutputFile::Bytes(Arc::new(bytes)))
        });
        busy.store(false, Ordering::Relaxed);
        let _ = request.reply.send(file);
        phase.end();
    }
}

/// Each output path and its job; the first job of a path keeps it, as in the built site.
fn paths_of(build: &Build, jobs: &[(usize, Job)]) -> HashMap<String, usize> {
    let mut at = HashMap::with_capacity(jobs.len());
    for (i, (li, job)) in jobs.iter().enumerate() {
        at.entry(job.output_path(build.site, &build.langs[*li].prefix))
            .or_insert(i);
    }
    at
}
