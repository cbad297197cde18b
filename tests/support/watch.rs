//! The engine's watch (sync, then IDLE) running in the test's process, as the window runs
//! it: progress events and reported errors are collected for the test to read.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use medimail_engine::api::Engine;
use medimail_engine::sync::{SyncPhase, SyncProgress};
use medimail_engine::{EngineError, ErrorCode, Profile};

use super::cli::Cli;

pub struct Watching {
    pub engine: Arc<Engine>,
    pub events: Arc<Mutex<Vec<SyncProgress>>>,
    /// What `on_error` received: code and detail.
    pub errors: Arc<Mutex<Vec<(ErrorCode, String)>>>,
    keep_going: Arc<AtomicBool>,
    rt: tokio::runtime::Runtime,
    task: tokio::task::JoinHandle<Result<(), EngineError>>,
}

impl Watching {
    /// Starts watching `email`'s account of the profile `cli` uses.
    pub fn start(cli: &Cli, email: &str) -> Watching {
        let engine = Arc::new(Engine::open(Profile::open(Some(&cli.profile)).unwrap()).unwrap());
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let keep_going = Arc::new(AtomicBool::new(true));
        let events: Arc<Mutex<Vec<SyncProgress>>> = Arc::default();
        let errors: Arc<Mutex<Vec<(ErrorCode, String)>>> = Arc::default();
        let task = {
            let (engine, keep_going, events, errors) = (engine.clone(), keep_going.clone(), events.clone(), errors.clone());
            let email = email.to_owned();
            rt.spawn(async move {
                let progress = move |p: SyncProgress| events.lock().unwrap().push(p);
                let on_error = move |e: &EngineError| errors.lock().unwrap().push((e.code(), e.to_string()));
                let keep = move || keep_going.load(Ordering::SeqCst);
                engine.watch(&email, &progress, &on_error, &|_| {}, &keep).await
            })
        };
        Watching { engine, events, errors, keep_going, rt, task }
    }

    /// Passes that reached their end so far.
    pub fn passes_done(&self) -> usize {
        self.events.lock().unwrap().iter().filter(|p| p.phase == SyncPhase::Done).count()
    }

    pub fn error_codes(&self) -> Vec<ErrorCode> {
        self.errors.lock().unwrap().iter().map(|(code, _)| *code).collect()
    }

    pub fn is_running(&self) -> bool {
        !self.task.is_finished()
    }

    pub fn block_on<T>(&self, future: impl std::future::Future<Output = T>) -> T {
        self.rt.block_on(future)
    }

    /// Asks the watch to stop; it does at its next wake-up (`wake` must cause one, new mail
    /// for instance), within a minute. Returns how it ended.
    pub fn stop(self, wake: impl FnOnce()) -> Result<(), EngineError> {
        self.keep_going.store(false, Ordering::SeqCst);
        wake();
        let ended = self
            .rt
            .block_on(async { tokio::time::timeout(Duration::from_secs(60), self.task).await })
            .expect("the watch stops once keep_going is false")
            .expect("the watch task did not panic");
        self.rt.shutdown_timeout(Duration::from_secs(5));
        ended
    }
}
