//! A scripted runner for tests and screenshots: answers from rules the test
//! sets, and can hold jobs "running" until the test releases them, so the
//! spinner, interrupts and queues can be seen frame by frame.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use super::{CellOutput, CheckReport, Job, JobId, JobResult, Namespace, Runner};

/// A rule: jobs whose code contains `needle` get `result`.
type Rule = (String, Box<dyn Fn(&Job) -> JobResult + Send>);

#[derive(Default)]
struct State {
    rules: Vec<Rule>,
    pending: VecDeque<(JobId, Job)>,
    done: VecDeque<(JobId, JobResult)>,
    hold: bool,
    next_id: u64,
    interrupts: usize,
    submitted: Vec<Job>,
    resets: Vec<Namespace>,
}

/// Cloning gives another handle on the same runner: the test keeps one while
/// the app owns the other.
#[derive(Clone, Default)]
pub struct FakeRunner {
    state: Arc<Mutex<State>>,
}

impl FakeRunner {
    pub fn new() -> FakeRunner {
        FakeRunner::default()
    }

    /// Jobs whose code contains `needle` display `display` (first match wins;
    /// anything else displays nothing).
    pub fn on_output(&self, needle: &str, display: &str) {
        let display = display.to_string();
        self.on(needle, move |_| {
            JobResult::Executed(CellOutput {
                display: display.clone(),
                error: None,
                ..Default::default()
            })
        });
    }

    /// Jobs whose code contains `needle` get whatever `f` returns.
    pub fn on(&self, needle: &str, f: impl Fn(&Job) -> JobResult + Send + 'static) {
        self.state
            .lock()
            .unwrap()
            .rules
            .push((needle.to_string(), Box::new(f)));
    }

    /// Check jobs whose code contains `needle` get `report`.
    pub fn on_check(&self, needle: &str, report: CheckReport) {
        self.on(needle, move |job| match job {
            Job::Check { .. } => JobResult::Checked(report.clone()),
            Job::Execute { .. } => JobResult::Executed(report.output.clone()),
        });
    }

    /// While held, jobs stay running until [`FakeRunner::release`].
    pub fn hold(&self, hold: bool) {
        self.state.lock().unwrap().hold = hold;
    }

    /// Finish the oldest running job.
    pub fn release(&self) {
        let mut s = self.state.lock().unwrap();
        if let Some((id, job)) = s.pending.pop_front() {
            let r = answer(&s.rules, &job);
            s.done.push_back((id, r));
        }
    }

    pub fn interrupts(&self) -> usize {
        self.state.lock().unwrap().interrupts
    }

    pub fn submitted(&self) -> Vec<Job> {
        self.state.lock().unwrap().submitted.clone()
    }

    pub fn resets(&self) -> Vec<Namespace> {
        self.state.lock().unwrap().resets.clone()
    }
}

fn code_of(job: &Job) -> &str {
    match job {
        Job::Execute { code, .. } | Job::Check { code, .. } => code,
    }
}

fn answer(rules: &[Rule], job: &Job) -> JobResult {
    let code = code_of(job);
    match rules
        .iter()
        .find(|(needle, _)| code.contains(needle.as_str()))
    {
        Some((_, f)) => f(job),
        None => match job {
            Job::Execute { .. } => JobResult::Executed(CellOutput::default()),
            Job::Check { .. } => JobResult::Failed("no fake answer for this check".into()),
        },
    }
}

impl Runner for FakeRunner {
    fn submit(&mut self, job: Job) -> JobId {
        let mut s = self.state.lock().unwrap();
        s.next_id += 1;
        let id = JobId(s.next_id);
        s.submitted.push(job.clone());
        if s.hold {
            s.pending.push_back((id, job));
        } else {
            let r = answer(&s.rules, &job);
            s.done.push_back((id, r));
        }
        id
    }

    fn poll(&mut self) -> Option<(JobId, JobResult)> {
        self.state.lock().unwrap().done.pop_front()
    }

    fn interrupt(&mut self) {
        let mut s = self.state.lock().unwrap();
        s.interrupts += 1;
        if let Some((id, _)) = s.pending.pop_front() {
            s.done.push_back((id, JobResult::Interrupted));
        }
    }

    fn reset(&mut self, namespace: Namespace) {
        self.state.lock().unwrap().resets.push(namespace);
    }
}
