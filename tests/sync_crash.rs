//! Crash safety: `medimail sync` killed with SIGKILL at pseudo-random moments (a fixed
//! seed, so a failure can be replayed), while it downloads and while it applies planned
//! changes. The next complete sync must leave the store exactly like the server: nothing
//! lost, nothing duplicated, every byte intact.

mod support;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Duration;

use rand::rngs::StdRng;
use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};
use support::check::{archived_total, assert_mirrors};
use support::cli::{assert_no_duplicate_ids, Cli, MessageView};
use support::probe::{Doveadm, ImapProbe};
use support::Operator;

const NESTED: &str = "Patients/Suivi diabète";

/// How a sync started by `sync_killed_after` ended.
enum Pass {
    Killed,
    /// It finished on its own (or in the instant before the kill) after this long.
    Finished(Duration),
}

/// Starts a sync and kills it with SIGKILL after `delay`, unless it ends first.
fn sync_killed_after(cli: &Cli, delay: Duration) -> Pass {
    use std::os::unix::process::ExitStatusExt;
    let started = std::time::Instant::now();
    let mut child = cli.spawn(&["sync"]);
    loop {
        if child.try_wait().expect("poll medimail").is_some() {
            let elapsed = started.elapsed();
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "an uninterrupted sync failed:\n{}", String::from_utf8_lossy(&out.stderr));
            return Pass::Finished(elapsed);
        }
        if started.elapsed() >= delay {
            child.kill().expect("SIGKILL");
            let out = child.wait_with_output().unwrap();
            // The pass may have ended between the poll and the kill: then it must have
            // succeeded; otherwise it died by the signal, not by an error of its own.
            if out.status.signal() == Some(9) {
                return Pass::Killed;
            }
            assert!(out.status.success(), "a sync failed:\n{}", String::from_utf8_lossy(&out.stderr));
            return Pass::Finished(started.elapsed());
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Starts a sync and kills it with SIGKILL as soon as `progress()` says the server has seen
/// `target` changes, or after `fallback`; returns (still running when killed, killed on
/// progress).
fn sync_killed_on_progress(cli: &Cli, target: u32, fallback: Duration, mut progress: impl FnMut() -> u32) -> (bool, bool) {
    let mut child = cli.spawn(&["sync"]);
    let started = std::time::Instant::now();
    loop {
        if child.try_wait().expect("poll medimail").is_some() {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "an uninterrupted sync failed:\n{}", String::from_utf8_lossy(&out.stderr));
            return (false, false);
        }
        let reached = progress() >= target;
        if reached || started.elapsed() >= fallback {
            child.kill().expect("SIGKILL");
            let out = child.wait_with_output().unwrap();
            // As above: a pass that ended just before the kill must have succeeded.
            use std::os::unix::process::ExitStatusExt;
            if out.status.signal() == Some(9) {
                return (true, reached);
            }
            assert!(out.status.success(), "a sync failed:\n{}", String::from_utf8_lossy(&out.stderr));
            return (false, reached);
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// After any kill the store opens, holds no duplicate and never more than the server
/// (give or take the messages expunged there since the store last looked).
fn check_partial(cli: &Cli, server_counts: &BTreeMap<String, u32>, expunged: &BTreeMap<String, u32>, round: usize) {
    for folder in cli.peek_folders() {
        let on_server = folder.total - folder.archived;
        if let Some(&server) = server_counts.get(&folder.name) {
            let slack = expunged.get(&folder.name).copied().unwrap_or(0);
            assert!(
                on_server <= server + slack,
                "round {round}: {} holds {on_server} > {server} (+{slack} expunged) on the server",
                folder.name
            );
        }
        if folder.total > 0 {
            assert_no_duplicate_ids(&cli.peek_list(&folder.name), &format!("round {round}, {}", folder.name));
        }
    }
}

fn sample_raw_equal(cli: &Cli, probe: &mut ImapProbe, rng: &mut StdRng, folder: &str, n: usize) {
    let server: HashMap<String, u32> =
        probe.messages(folder).into_iter().filter_map(|m| Some((m.message_id?, m.uid))).collect();
    let mut stored: Vec<MessageView> = cli.list(folder).into_iter().filter(|m| m.on_server).collect();
    stored.shuffle(rng);
    for m in stored.iter().take(n) {
        let mid = m.message_id.as_deref().expect("synthetic messages have a Message-ID");
        let uid = server[mid];
        assert_eq!(cli.raw(m.id), probe.raw(folder, uid), "bytes of {mid} in {folder}");
    }
}

/// `medimail ACTION ID… EXTRA…`; every message must change.
fn act_on(cli: &Cli, action: &str, ids: &[i64], extra: &[&str]) {
    let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
    let mut args = vec![action];
    args.extend(ids.iter().map(String::as_str));
    args.extend_from_slice(extra);
    assert_eq!(cli.act(&args)["changed"].as_u64(), Some(ids.len() as u64), "medimail {action}");
}

// ---- 7a. killed while downloading -----------------------------------------------------------

#[test]
fn kill_9_at_random_points_of_a_sync_loses_and_duplicates_nothing() {
    let op = Operator::start();
    op.seed_count("intern", "INBOX", 2500);
    op.seed_count("intern", NESTED, 500);
    let user = op.email("intern");
    let cli = Cli::new();
    cli.add_account(&op, "intern");
    let mut probe = ImapProbe::connect(&op, "intern");
    let mut rng = StdRng::seed_from_u64(0x6d65_6469_6d61_696c);

    let mut killed = 0;
    let mut pace = 1.0_f64;
    let mut expunged: Vec<String> = Vec::new();
    let mut server_counts = probe.counts();
    for round in 0..20 {
        // Spread over what this pass has left to do: a fixed cost to start, connect and
        // check every folder, then a cost per message to download. The first guess (0.4 s
        // and 1 ms per message, a debug build) is scaled down whenever a pass ends before
        // its kill, so the kills keep landing inside the pass on a faster machine or build.
        let stored: u32 = cli.peek_folders().iter().map(|f| f.total - f.archived).sum();
        let remaining: u32 = server_counts.values().sum::<u32>().saturating_sub(stored);
        let nominal_ms = 400.0 + f64::from(remaining);
        let delay = Duration::from_millis(rng.random_range(0..=(nominal_ms * pace) as u64));
        match sync_killed_after(&cli, delay) {
            Pass::Killed => killed += 1,
            Pass::Finished(took) => pace = pace.min(took.as_secs_f64() * 1000.0 / nominal_ms),
        }
        server_counts = probe.counts();
        let expunged_by_folder = BTreeMap::from([(NESTED.to_owned(), expunged.len() as u32)]);
        check_partial(&cli, &server_counts, &expunged_by_folder, round);

        // Mail keeps arriving between the crashes…
        if round % 5 == 4 {
            op.seed_count("intern", "INBOX", 150);
        }
        // …and the operator purges some that the store already has. (Not in the INBOX:
        // `operator seed --count` numbers new messages by file count, so after an expunge
        // there it would reuse Message-IDs.)
        if round == 9 {
            let server: HashMap<String, u32> =
                probe.messages(NESTED).into_iter().filter_map(|m| Some((m.message_id?, m.uid))).collect();
            let stored: Vec<String> =
                cli.list(NESTED).into_iter().filter(|m| m.on_server).filter_map(|m| m.message_id).collect();
            assert!(stored.len() >= 5, "some messages stored after ten rounds ({})", stored.len());
            probe.unselect();
            for mid in stored.choose_multiple(&mut rng, 5) {
                Doveadm::new(&op).expunge_uid(&user, NESTED, server[mid]);
                expunged.push(mid.clone());
            }
        }
        server_counts = probe.counts();
    }
    eprintln!("{killed} of 20 syncs killed mid-way (pace {pace:.2} of the first guess)");
    assert!(killed >= 10, "the kills must land mid-sync to prove anything ({killed} of 20 did)");

    let last = cli.sync();
    let by_folder = assert_mirrors(&cli, &mut probe, "after the kill -9 rounds");
    for (folder, messages) in &by_folder {
        assert_no_duplicate_ids(messages, folder);
    }
    let server_total: u32 = probe.counts().values().sum();
    assert_eq!(server_total, 2500 + 500 + 4 * 150 - 5);
    assert_eq!(last.total as usize, server_total as usize + expunged.len(), "the expunged ones are kept, nothing else extra");
    assert_eq!(archived_total(&cli) as usize, expunged.len());
    for mid in &expunged {
        let kept = cli.find(NESTED, mid);
        assert!(!kept.on_server, "{mid} archived, not lost");
    }
    sample_raw_equal(&cli, &mut probe, &mut rng, "INBOX", 20);
    sample_raw_equal(&cli, &mut probe, &mut rng, NESTED, 5);
    let again = cli.sync();
    assert_eq!((again.fetched, again.archived, again.applied), (0, 0, 0), "a further pass finds nothing to do");
}

// ---- 7b. killed while applying planned changes ----------------------------------------------

#[test]
fn kill_9_while_planned_moves_are_applied_loses_and_duplicates_nothing() {
    let op = Operator::start();
    op.seed_count("intern", "INBOX", 1200);
    let cli = Cli::new();
    cli.add_account(&op, "intern");
    assert_eq!(cli.sync().fetched, 1200);
    cli.act(&["folder", "create", "Tri"]);
    cli.sync();
    let mut probe = ImapProbe::connect(&op, "intern");
    let mut rng = StdRng::seed_from_u64(7);

    let mut inbox = cli.list("inbox");
    inbox.shuffle(&mut rng);
    let to_sort: Vec<i64> = inbox[..500].iter().map(|m| m.id).collect();
    let to_flag: Vec<i64> = inbox[500..600].iter().map(|m| m.id).collect();
    let to_trash: Vec<i64> = inbox[600..660].iter().map(|m| m.id).collect();
    let flagged_ids: BTreeSet<String> = inbox[500..600].iter().filter_map(|m| m.message_id.clone()).collect();
    act_on(&cli, "move", &to_sort, &["--to", "Tri"]);
    act_on(&cli, "flag", &to_flag, &["--color", "blue"]);
    act_on(&cli, "delete", &to_trash, &[]);

    // Rounds of syncs killed at random moments; more changes are planned on the way (on
    // messages untouched so far: see the ignored tests below for those already moved).
    let more_to_sort: Vec<i64> = inbox[660..760].iter().map(|m| m.id).collect();
    let more_to_trash: Vec<i64> = inbox[760..800].iter().map(|m| m.id).collect();
    let mut killed = 0;
    let mut killed_mid_apply = 0;
    for round in 0..12 {
        if round == 4 {
            act_on(&cli, "move", &more_to_sort, &["--to", "Tri"]);
        }
        if round == 8 {
            act_on(&cli, "delete", &more_to_trash, &[]);
        }
        // Kill once the server has moved a random number of messages in this pass (right
        // between a MOVE and its bookkeeping, often), or at a random moment otherwise.
        let folders = ["INBOX", "Tri", "Trash"];
        let before: Vec<u32> = folders.iter().map(|f| probe.count(f)).collect();
        let target = rng.random_range(1..80);
        // Only a safety net once nothing is left to move (a pass starts well within 1 s).
        let fallback = Duration::from_millis(rng.random_range(1000..4000));
        let (was_running, on_progress) = sync_killed_on_progress(&cli, target, fallback, || {
            let moved: u32 = folders.iter().zip(&before).map(|(f, b)| probe.count(f).abs_diff(*b)).sum();
            moved / 2
        });
        killed += u32::from(was_running);
        killed_mid_apply += u32::from(on_progress);
        // Whatever the moment, the three folders together hold every message exactly once,
        // once the server has finished the MOVE the killed client sent: counted mid-MOVE,
        // one folder can be read before the copy and the other after the expunge (seen once
        // on a loaded machine: 1199), so a loss must last to count.
        let deadline = std::time::Instant::now() + Duration::from_secs(3);
        let (server_counts, total) = loop {
            let counts = probe.counts();
            let total: u32 = ["INBOX", "Tri", "Trash"].iter().map(|f| counts[*f]).sum();
            if total == 1200 || std::time::Instant::now() > deadline {
                break (counts, total);
            }
            std::thread::sleep(Duration::from_millis(100));
        };
        assert_eq!(total, 1200, "the server never loses or doubles a message: {server_counts:?}");
    }
    eprintln!("{killed} of 12 syncs killed mid-way, {killed_mid_apply} while moving messages");
    assert!(killed_mid_apply >= 4, "the kills must land while moves are applied ({killed_mid_apply} of 12 did)");

    cli.sync();
    assert_eq!(cli.sync().applied, 0, "every planned change was applied exactly once");
    assert_eq!(probe.count("Tri"), 600);
    assert_eq!(probe.count("Trash"), 100);
    assert_eq!(probe.count("INBOX"), 500);
    let by_folder = assert_mirrors(&cli, &mut probe, "after killed passes applying moves");
    for (folder, messages) in &by_folder {
        assert_no_duplicate_ids(messages, folder);
    }
    assert_eq!(archived_total(&cli), 0, "nothing mistaken for a deletion");
    let ids = |folder: &str| cli.list(folder).iter().map(|m| m.id).collect::<BTreeSet<i64>>();
    let expected_tri: BTreeSet<i64> = to_sort.iter().chain(&more_to_sort).copied().collect();
    assert_eq!(ids("Tri"), expected_tri, "the moved messages keep their local ids");
    let expected_trash: BTreeSet<i64> = to_trash.iter().chain(&more_to_trash).copied().collect();
    assert_eq!(ids("Trash"), expected_trash);
    for m in probe.messages("INBOX") {
        let mid = m.message_id.clone().unwrap();
        let blue = m.has("\\Flagged") && m.labels() == ["$label5"];
        assert_eq!(blue, flagged_ids.contains(&mid), "{mid}: {:?}", m.flags);
    }
    // A restore after all that still knows where each message came from.
    act_on(&cli, "restore", &to_trash[..10], &[]);
    act_on(&cli, "restore", &more_to_trash[..10], &[]);
    let report = cli.sync();
    assert_eq!(
        (probe.count("Trash"), probe.count("INBOX"), probe.count("Tri")),
        (80, 520, 600),
        "after restoring 20: {report:?}, server {:?}, store {:?}",
        probe.counts(),
        cli.folders().iter().map(|f| (f.name.clone(), f.total, f.archived)).collect::<Vec<_>>()
    );
    assert_mirrors(&cli, &mut probe, "after restoring from the trash");
    sample_raw_equal(&cli, &mut probe, &mut rng, "Tri", 10);
}

// ---- a sync interrupted between a MOVE and matching the moved message ------------------------
//
// A move is planned, the sync applies it on the server and is interrupted (here kill -9,
// in the app a network cut or quitting) before it downloads the target folder, where it
// would learn the message's new UID. The next change the user makes to that message must
// still reach the server, and the store must keep the message once: the engine finds the
// old UID gone, waits until sync meets the message again in the target folder, then
// applies the change there.

/// Plans `move ID --to Tri` for one INBOX message, then runs a sync and kills it as soon as
/// the server shows the message in Tri. Returns (local id, Message-ID).
fn interrupted_after_server_move(op: &Operator, cli: &Cli, probe: &mut ImapProbe) -> (i64, String) {
    op.seed_count("intern", "INBOX", 300);
    cli.sync();
    cli.act(&["folder", "create", "Tri"]);
    cli.sync();
    let m = cli.list("inbox").into_iter().next().unwrap();
    let mid = m.message_id.clone().unwrap();
    act_on(cli, "move", &[m.id], &["--to", "Tri"]);
    let (was_running, on_progress) =
        sync_killed_on_progress(cli, 1, Duration::from_secs(60), || probe.count("Tri"));
    assert!(was_running && on_progress, "killed right after the server moved the message");
    assert_eq!(probe.locate(&mid).iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(), ["Tri"]);
    (m.id, mid)
}

#[test]
fn moving_again_after_an_interrupted_move_reaches_the_server() {
    let op = Operator::start();
    let cli = Cli::new();
    cli.add_account(&op, "intern");
    let mut probe = ImapProbe::connect(&op, "intern");
    let (id, mid) = interrupted_after_server_move(&op, &cli, &mut probe);

    // The user changes their mind: back to the INBOX.
    act_on(&cli, "move", &[id], &["--to", "INBOX"]);
    cli.sync();
    cli.sync();
    let on_server: Vec<String> = probe.locate(&mid).into_iter().map(|(f, _)| f).collect();
    let stored: Vec<(String, bool)> =
        cli.all_messages().into_iter().filter(|m| m.message_id.as_deref() == Some(mid.as_str())).map(|m| (m.folder, m.on_server)).collect();
    assert_eq!(
        (on_server.as_slice(), stored.as_slice()),
        (["INBOX".to_owned()].as_slice(), [("INBOX".to_owned(), true)].as_slice()),
        "the move back must reach the server, and the store must hold the message once"
    );
    assert_eq!(archived_total(&cli), 0);
}

#[test]
fn flagging_after_an_interrupted_move_reaches_the_server() {
    let op = Operator::start();
    let cli = Cli::new();
    cli.add_account(&op, "intern");
    let mut probe = ImapProbe::connect(&op, "intern");
    let (id, mid) = interrupted_after_server_move(&op, &cli, &mut probe);

    act_on(&cli, "flag", &[id], &["--color", "red"]);
    cli.sync();
    cli.sync();
    let server = probe.message("Tri", &mid);
    let local = cli.find("Tri", &mid);
    assert_eq!(
        (server.labels(), local.flag_color.as_deref()),
        (vec!["$label1".to_owned()], Some("red")),
        "the red flag set by the user must reach the server and stay in the store (server flags {:?})",
        server.flags
    );
}
