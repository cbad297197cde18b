//! Times directory searches inside the engine, in one process: what the window pays per
//! keystroke, without a process start or the store's opening (dev/bench/directory).
//!
//!     directory_search PROFILE_DIR ROUNDS < queries.json
//!
//! The queries are a JSON list of `{"kind": …, "who": …, "activity": …, "place": …,
//! "structure": …}`; each is run ROUNDS times (after one untimed run that warms the page
//! cache, as the window's first keystroke does). Prints one JSON object: for each kind, the
//! milliseconds of every run, and the results of the last run of each query.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::PathBuf;
use std::time::Instant;

use medimail_engine::directory::DirectoryQuery;
use medimail_engine::profile::Profile;
use medimail_engine::Engine;
use serde::Deserialize;

#[derive(Deserialize)]
struct Timed {
    kind: String,
    #[serde(flatten)]
    query: DirectoryQuery,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let profile = PathBuf::from(args.next().ok_or("usage: directory_search PROFILE_DIR ROUNDS < queries.json")?);
    let rounds: usize = args.next().map(|r| r.parse()).transpose()?.unwrap_or(20);
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input)?;
    let queries: Vec<Timed> = serde_json::from_str(&input)?;
    let engine = Engine::open(Profile::open(Some(&profile))?)?;
    let mut times: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut found: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for timed in &queries {
        engine.search_directory(&timed.query, 50)?;
    }
    for _ in 0..rounds {
        for timed in &queries {
            let started = Instant::now();
            let results = engine.search_directory(&timed.query, 50)?;
            times.entry(timed.kind.clone()).or_default().push(started.elapsed().as_secs_f64() * 1000.0);
            found.entry(timed.kind.clone()).or_default().push(results.len());
        }
    }
    println!("{}", serde_json::json!({ "ms": times, "results": found }));
    Ok(())
}
