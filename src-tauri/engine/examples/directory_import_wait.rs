//! How long a search waits for the store while the national directory is imported in the
//! same process, as the window's daily refresh does while the practitioner types in the
//! Annuaire (dev/bench/directory).
//!
//!     directory_import_wait PROFILE_DIR EXTRACTION
//!
//! Imports EXTRACTION into the profile on one thread while this one searches "martin" every
//! 100 ms. Prints one JSON object: the import's seconds and each search's milliseconds.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use medimail_engine::directory::DirectoryQuery;
use medimail_engine::profile::Profile;
use medimail_engine::Engine;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: directory_import_wait PROFILE_DIR EXTRACTION";
    let profile = PathBuf::from(args.next().ok_or(usage)?);
    let extraction = PathBuf::from(args.next().ok_or(usage)?);
    let engine = Arc::new(Engine::open(Profile::open(Some(&profile))?)?);
    let importing = engine.clone();
    let started = Instant::now();
    let import = std::thread::spawn(move || importing.import_national_directory(&extraction, &mut |_| {}).map(|_| ()));
    let query = DirectoryQuery { who: "martin".into(), ..Default::default() };
    let mut waits = Vec::new();
    while !import.is_finished() {
        std::thread::sleep(Duration::from_millis(100));
        let asked = Instant::now();
        engine.search_directory(&query, 50)?;
        waits.push(asked.elapsed().as_secs_f64() * 1000.0);
    }
    import.join().map_err(|_| "the import panicked")??;
    println!("{}", serde_json::json!({ "import_s": started.elapsed().as_secs_f64(), "search_ms": waits }));
    Ok(())
}
