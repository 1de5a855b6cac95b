//! The runner used when this build has no Python kernel to start: every job
//! fails with the reason, in words, and the rest of the workbook still works
//! (reading, browsing, editing, saving).

use std::collections::VecDeque;

use super::{Job, JobId, JobResult, Namespace, Runner};

pub struct UnavailableRunner {
    reason: String,
    next: u64,
    done: VecDeque<(JobId, JobResult)>,
}

impl UnavailableRunner {
    pub fn new(reason: impl Into<String>) -> UnavailableRunner {
        UnavailableRunner {
            reason: reason.into(),
            next: 0,
            done: VecDeque::new(),
        }
    }
}

impl Runner for UnavailableRunner {
    fn submit(&mut self, _job: Job) -> JobId {
        self.next += 1;
        let id = JobId(self.next);
        self.done
            .push_back((id, JobResult::Failed(self.reason.clone())));
        id
    }
    fn poll(&mut self) -> Option<(JobId, JobResult)> {
        self.done.pop_front()
    }
    fn interrupt(&mut self) {}
    fn reset(&mut self, _namespace: Namespace) {}
}
