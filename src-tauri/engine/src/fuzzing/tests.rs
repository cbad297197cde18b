//! Every committed fuzz input, replayed without the fuzzer: the seed corpus and each input
//! that once crashed a target (`fuzz/regressions/<target>/`), through the target's own body.

use std::path::{Path, PathBuf};

use super::TARGETS;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

/// The files of `fuzz/<kind>/<target>/`, none when the folder is absent.
fn inputs(kind: &str, target: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(fuzz_dir().join(kind).join(target)) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.is_file()).collect();
    files.sort();
    files
}

fn replay(kind: &str) -> usize {
    let mut count = 0;
    for (target, run) in TARGETS {
        for path in inputs(kind, target) {
            let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            // A failure names the file, for `cargo fuzz run <target> <file>`.
            eprintln!("{kind}/{target}/{}", path.file_name().unwrap_or_default().to_string_lossy());
            run(&data);
            count += 1;
        }
    }
    count
}

#[test]
fn every_regression_input_passes() {
    replay("regressions");
}

#[test]
fn every_corpus_input_passes() {
    replay("corpus");
    for (target, _) in TARGETS {
        assert!(!inputs("corpus", target).is_empty(), "fuzz/corpus/{target} has no seed");
    }
}

/// A folder named after no target would be replayed by nothing.
#[test]
fn every_fuzz_folder_names_a_target() {
    for kind in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(fuzz_dir().join(kind)) else { continue };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            assert!(TARGETS.iter().any(|(t, _)| *t == name), "fuzz/{kind}/{name} is no target's");
        }
    }
    let targets = std::fs::read_dir(fuzz_dir().join("fuzz_targets")).expect("fuzz/fuzz_targets");
    let mut names: Vec<String> =
        targets.flatten().filter_map(|e| e.file_name().to_string_lossy().strip_suffix(".rs").map(str::to_owned)).collect();
    names.sort();
    let mut expected: Vec<String> = TARGETS.iter().map(|(t, _)| (*t).to_owned()).collect();
    expected.sort();
    assert_eq!(names, expected, "fuzz/fuzz_targets and fuzzing::TARGETS differ");
}
