//! `medimail directory import --download` against a local HTTPS server written here (HTTP/1.1
//! over rustls, with the test operator's IGC-Santé-shaped certificate), serving a ZIP of a
//! generated extraction as the ANS does: the download imports it, an unchanged extraction
//! (same ETag) is not fetched again, and a server the configured roots do not vouch for or
//! a transfer cut short leave the loaded directory answering. The same server answers as the
//! Annuaire Santé FHIR API (a published-format Bundle, tests/corpus/fhir/) for
//! `directory search --online`.

mod support;

use std::io::{BufRead, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::Value;
use support::cli::Cli;
use support::proxy::CuttingProxy;
use support::scripted::{serve_tls, tls_config, tls_config_from, TlsLines};
use support::Operator;

const HEADER: &str = "Type de BAL|Adresse BAL|Type Identifiant PP|Identifiant PP|Identification nationale PP|\
Type identifiant structure|Identification Structure|Service de rattachement|Civilité d'exercice|Nom d'exercice|\
Prénom d'exercice|Catégorie profession|Libellé de catégorie profession|Code Profession|Libellé Profession|\
Code savoir-faire|Libellé savoir-faire|Dématérialisation|Raison Sociale structure BAL|\
Enseigne commerciale structure BAL|L2COMPLEMENTLOCALISATION structure BAL|L3COMPLEMENTDISTRIBUTION structure BAL|\
L4NUMEROVOIE structure BAL|L4COMPLEMENTNUMEROVOIE structure BAL|NL4TYPEVOIE structure BAL|\
L4LIBELLEVOIE structure BAL|L5LIEUDITMENTION structure BAL|L6LIGNEACHEMINEMENT structure BAL|\
Code postal structure BAL|Département structure BAL|Pays structure BAL";

const SURNAMES: [&str; 5] = ["MARTIN", "LEFÈVRE", "NOËL", "LE GOFF", "CHÂTEL"];

/// A ZIP holding `Extraction_Correspondance_MSSante_<stamp>.txt` with `rows` mailboxes whose
/// surnames are `SURNAMES` with `suffix` added (so each extraction's rows are told apart).
fn extraction_zip(stamp: &str, rows: usize, suffix: &str) -> Vec<u8> {
    let mut text = format!("{HEADER}\r\n");
    for n in 0..rows {
        let surname = format!("{}{suffix}", SURNAMES[n % SURNAMES.len()]);
        let rpps = format!("10{n:09}");
        text.push_str(&format!(
            "PER|dr.{n}@medecin.mssante.fr|8|{rpps}|8{rpps}|||| DR|{surname}|Élodie|C|Civil|10|Médecin|S|Pédiatrie|O|Cabinet||||12||R|de la Paix||35000 RENNES|35000|35|France\r\n"
        ));
    }
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file(format!("Extraction_Correspondance_MSSante_{stamp}.txt"), zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(text.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

/// What the server answers with; changed by the test between downloads.
struct Served {
    body: Vec<u8>,
    etag: String,
    /// Send only this many bytes of the body (the Content-Length still says all of it).
    cut_at: Option<usize>,
}

/// The FHIR API's answer to any `/fhir/v2/PractitionerRole` search with this key.
const FHIR_KEY: &str = "test-esante-api-key";
const FHIR_BUNDLE: &str = include_str!("corpus/fhir/practitioner_role_bundle.json");

struct Server {
    url: String,
    served: Arc<Mutex<Served>>,
    /// Full answers (200) sent.
    bodies_sent: Arc<AtomicUsize>,
    /// The request lines received.
    requests: Arc<Mutex<Vec<String>>>,
}

fn start_server(config: Arc<rustls::ServerConfig>, served: Served) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("https://127.0.0.1:{}/annuaire-sante-webservices/V300/services/extraction/Extraction_Correspondance_MSSante", listener.local_addr().unwrap().port());
    let served = Arc::new(Mutex::new(served));
    let bodies_sent = Arc::new(AtomicUsize::new(0));
    let requests = Arc::new(Mutex::new(Vec::new()));
    let (state, count, seen) = (served.clone(), bodies_sent.clone(), requests.clone());
    serve_tls(listener, config, move |reader| answer(reader, &state, &count, &seen));
    Server { url, served, bodies_sent, requests }
}

/// One request, one answer, then the connection closes.
fn answer(reader: &mut TlsLines, served: &Mutex<Served>, bodies_sent: &AtomicUsize, requests: &Mutex<Vec<String>>) -> std::io::Result<()> {
    let mut if_none_match = None;
    let mut api_key = None;
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    requests.lock().unwrap().push(request_line.trim_end().to_owned());
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("if-none-match") {
                if_none_match = Some(value.trim().to_owned());
            }
            if name.eq_ignore_ascii_case("esante-api-key") {
                api_key = Some(value.trim().to_owned());
            }
        }
    }
    let (head, body) = {
        let served = served.lock().unwrap();
        if request_line.starts_with("GET /fhir/v2/PractitionerRole?") {
            if api_key.as_deref() == Some(FHIR_KEY) {
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json;charset=UTF-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    FHIR_BUNDLE.len()
                );
                (head, FHIR_BUNDLE.as_bytes().to_vec())
            } else {
                ("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_owned(), Vec::new())
            }
        } else if if_none_match.as_deref() == Some(served.etag.as_str()) {
            (format!("HTTP/1.1 304 Not Modified\r\nETag: {}\r\nConnection: close\r\n\r\n", served.etag), Vec::new())
        } else {
            bodies_sent.fetch_add(1, Ordering::SeqCst);
            let sent = &served.body[..served.cut_at.unwrap_or(served.body.len())];
            (
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nContent-Length: {}\r\nETag: {}\r\n\
                     Last-Modified: Sun, 07 Dec 2025 03:00:00 GMT\r\nConnection: close\r\n\r\n",
                    served.body.len(),
                    served.etag
                ),
                sent.to_vec(),
            )
        }
    };
    let tls = reader.get_mut();
    tls.write_all(head.as_bytes())?;
    tls.write_all(&body)?;
    tls.flush()?;
    tls.conn.send_close_notify();
    tls.flush()?;
    let mut rest = Vec::new();
    let _ = tls.read_to_end(&mut rest);
    Ok(())
}

fn download(cli: &Cli, url: &str, ca_file: &Path) -> std::process::Output {
    cli.output(&["directory", "import", "--download", "--url", url, "--ca-file", ca_file.to_str().unwrap()])
}

fn json_of(out: &std::process::Output) -> Value {
    assert!(out.status.success(), "download failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn surnames(cli: &Cli, who: &str) -> Vec<String> {
    let found = cli.json(&["directory", "search", "--who", who, "--limit", "1000"]);
    found.as_array().unwrap().iter().map(|e| e["surname"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn the_directory_is_downloaded_kept_when_unchanged_and_kept_through_a_failed_download() {
    let op = Operator::start();
    let trusted = tls_config(&op);
    let server = start_server(
        trusted,
        Served { body: extraction_zip("202512070300", 400, ""), etag: "\"v1\"".into(), cut_at: None },
    );
    let cli = Cli::new();

    // First download: fetched and imported, the extraction's date from the ZIP's file name.
    let summary = json_of(&download(&cli, &server.url, &op.env.ca_file));
    assert_eq!(summary["entries"], 400);
    assert_eq!(summary["rows_read"], 400);
    assert_eq!(summary["extraction_date"], "2025-12-07T03:00");
    let info = cli.json(&["directory", "info"]);
    assert_eq!(info["extraction_date"], "2025-12-07T03:00");
    assert_eq!(info["entries"], 400);
    assert_eq!(surnames(&cli, "noel").len(), 80);
    assert_eq!(server.bodies_sent.load(Ordering::SeqCst), 1);

    // The same ETag: the server answers 304, nothing is fetched or imported again.
    let unchanged = json_of(&download(&cli, &server.url, &op.env.ca_file));
    assert_eq!(unchanged["rows_read"], 0);
    assert_eq!(unchanged["entries"], 400);
    assert_eq!(unchanged["extraction_date"], "2025-12-07T03:00");
    assert_eq!(server.bodies_sent.load(Ordering::SeqCst), 1);
    assert_eq!(cli.json(&["directory", "info"]), info);
    let said = cli.human("fr", &["directory", "import", "--download", "--url", &server.url, "--ca-file", op.env.ca_file.to_str().unwrap()]);
    assert!(said[0].starts_with("L'annuaire national est à jour"), "{said:?}");

    // A newer extraction whose transfer stops half-way: refused, the old directory answers.
    {
        let mut served = server.served.lock().unwrap();
        served.body = extraction_zip("202512080300", 400, "NEUF");
        served.etag = "\"v2\"".into();
        served.cut_at = Some(served.body.len() / 2);
    }
    let cut = download(&cli, &server.url, &op.env.ca_file);
    assert!(!cut.status.success());
    assert_eq!(support::cli::failure_of(&cut).code.as_deref(), Some("directory_download"), "{}", String::from_utf8_lossy(&cut.stderr));
    assert_eq!(cli.json(&["directory", "info"]), info);
    assert_eq!(surnames(&cli, "noel").len(), 80);
    assert!(!cli.profile.join("directory-download.part").exists(), "the partial download is left behind");

    // A server whose certificate no configured root vouches for: refused before any byte.
    let other = tempfile::tempdir().unwrap();
    let made = std::process::Command::new("openssl")
        .args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost"])
        .args(["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
        .arg("-keyout")
        .arg(other.path().join("key.pem"))
        .arg("-out")
        .arg(other.path().join("cert.pem"))
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let untrusted = start_server(
        tls_config_from(&other.path().join("cert.pem"), &other.path().join("key.pem")),
        Served { body: extraction_zip("202512090300", 10, "AUTRE"), etag: "\"x\"".into(), cut_at: None },
    );
    let refused = download(&cli, &untrusted.url, &op.env.ca_file);
    assert!(!refused.status.success());
    assert_eq!(support::cli::failure_of(&refused).code.as_deref(), Some("certificate"), "{}", String::from_utf8_lossy(&refused.stderr));
    assert_eq!(untrusted.bodies_sent.load(Ordering::SeqCst), 0);
    assert_eq!(cli.json(&["directory", "info"]), info);

    // The whole newer extraction: imported in place of the old one.
    server.served.lock().unwrap().cut_at = None;
    let newer = json_of(&download(&cli, &server.url, &op.env.ca_file));
    assert_eq!(newer["extraction_date"], "2025-12-08T03:00");
    assert_eq!(surnames(&cli, "noelneuf").len(), 80);
    assert!(surnames(&cli, "noel").iter().all(|s| s == "NOËLNEUF"));

    // A file imported by hand replaces what was downloaded: the next download fetches the
    // whole extraction again rather than trusting the server's "unchanged".
    let by_hand = other.path().join("Extraction_Correspondance_MSSante.zip");
    std::fs::write(&by_hand, extraction_zip("202512100300", 5, "MAIN")).unwrap();
    assert_eq!(cli.json(&["directory", "import", by_hand.to_str().unwrap()])["entries"], 5);
    let sent = server.bodies_sent.load(Ordering::SeqCst);
    let again = json_of(&download(&cli, &server.url, &op.env.ca_file));
    assert_eq!(again["rows_read"], 400);
    assert_eq!(server.bodies_sent.load(Ordering::SeqCst), sent + 1);
    assert_eq!(cli.json(&["directory", "info"])["extraction_date"], "2025-12-08T03:00");
}

/// `directory source`: the practice's own download address and roots, kept in the store for
/// `import --download` (and the window's daily refresh, which calls the same engine function);
/// a wrong address or a file without certificates refused; `--default` back to the ANS.
#[test]
fn a_download_source_set_once_is_used_until_reset() {
    let op = Operator::start();
    let server = start_server(
        tls_config(&op),
        Served { body: extraction_zip("202512070300", 20, ""), etag: "\"s1\"".into(), cut_at: None },
    );
    let cli = Cli::new();
    let ca = op.env.ca_file.to_str().unwrap();

    let shown = cli.json(&["directory", "source"]);
    assert!(shown["url"].as_str().unwrap().starts_with("https://service.annuaire.sante.fr/"), "{shown}");
    assert_eq!(shown["ca_file"], Value::Null);

    assert_eq!(cli.fail(&["directory", "source", "--url", "http://miroir.cabinet.test/annuaire"]).code.as_deref(), Some("invalid_input"));
    let empty = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(empty.path(), "pas un certificat\n").unwrap();
    assert_eq!(cli.fail(&["directory", "source", "--ca-file", empty.path().to_str().unwrap()]).code.as_deref(), Some("certificate"));

    let kept = cli.json(&["directory", "source", "--url", &server.url, "--ca-file", ca]);
    assert_eq!(kept["url"], server.url.as_str());
    assert_eq!(kept["ca_file"], std::fs::canonicalize(ca).unwrap().to_str().unwrap());
    let said = cli.human("fr", &["directory", "source"]);
    assert_eq!(said[0], format!("Adresse de téléchargement de l’annuaire national : {}", server.url));

    let summary = cli.json(&["directory", "import", "--download"]);
    assert_eq!(summary["entries"], 20);
    assert_eq!(server.bodies_sent.load(Ordering::SeqCst), 1);

    let reset = cli.json(&["directory", "source", "--default"]);
    assert!(reset["url"].as_str().unwrap().starts_with("https://service.annuaire.sante.fr/"), "{reset}");
    assert_eq!(reset["kept_url"], Value::Null);
}

/// `directory search --online`: the FHIR API's mailboxes beside the offline ones, without
/// duplicates, hidden ones (listeRouge) left out, the key from the keyring in its header.
#[test]
fn the_fhir_api_adds_its_mailboxes_to_the_offline_results() {
    let op = Operator::start();
    let server = start_server(
        tls_config(&op),
        Served { body: Vec::new(), etag: "\"-\"".into(), cut_at: None },
    );
    let base = server.url.split("/annuaire-sante-webservices").next().unwrap().to_owned() + "/fhir/v2";
    let cli = Cli::new();
    let dir = tempfile::tempdir().unwrap();
    let offline = dir.path().join("Extraction_Correspondance_MSSante_202512060300.txt");
    std::fs::write(
        &offline,
        format!("{HEADER}\r\nPER|helene.menard@medecin.mssante.fr|8|10001234567|810001234567|||| DR|MÉNARD|Hélène|C|Civil|10|Médecin|S|Cardiologie et maladies vasculaires|O|Cabinet||||12||R|de la Paix||35000 RENNES|35000|35|France\r\n"),
    )
    .unwrap();
    cli.json(&["directory", "import", offline.to_str().unwrap()]);
    let online = |who: &str| {
        let mut command = cli.command(&["directory", "search", "--who", who, "--online", "--fhir-url", &base]);
        command.env("MEDIMAIL_DIRECTORY_CA_FILE", &op.env.ca_file);
        command.output().unwrap()
    };

    // No key yet: said so, nothing asked.
    let no_key = online("menard");
    assert_eq!(support::cli::failure_of(&no_key).code.as_deref(), Some("keyring"), "{}", String::from_utf8_lossy(&no_key.stderr));
    let mut save = cli.command(&["directory", "api-key"]).stdin(std::process::Stdio::piped()).spawn().unwrap();
    save.stdin.take().unwrap().write_all(format!("{FHIR_KEY}\n").as_bytes()).unwrap();
    assert!(save.wait().unwrap().success());

    // Hélène Ménard is offline and online: once. Anne Ménard hid her mailbox: not shown.
    let found = json_of(&online("menard"));
    let addresses: Vec<&str> = found.as_array().unwrap().iter().map(|e| e["address"].as_str().unwrap()).collect();
    assert_eq!(addresses, ["helene.menard@medecin.mssante.fr"]);
    assert_eq!(found[0].get("source"), None, "a national entry the API completes stays national");
    assert!(server.requests.lock().unwrap().iter().any(|r| r.contains("mailbox-mss%3Acontains=menard") && r.contains("_count=50")));
    // The organisational mailbox only the API knows.
    let found = json_of(&online("cardiologie"));
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(found[0]["address"], "cardiologie.chu-rennes@chu-rennes.mssante.fr");
    assert_eq!(found[0]["kind"], "ORG");
    assert_eq!(found[0]["company_name"], "CENTRE HOSPITALIER UNIVERSITAIRE DE RENNES");
    assert_eq!(found[0]["region"], "Bretagne");
    assert_eq!(found[0]["source"], "online", "the fiche says where the entry comes from");
    // Offline, the same search finds nothing.
    assert!(cli.json(&["directory", "search", "--who", "cardiologie"]).as_array().unwrap().is_empty());

    // A key the API refuses.
    let mut save = cli.command(&["directory", "api-key"]).stdin(std::process::Stdio::piped()).spawn().unwrap();
    save.stdin.take().unwrap().write_all(b"wrong-key\n").unwrap();
    assert!(save.wait().unwrap().success());
    assert_eq!(support::cli::failure_of(&online("menard")).code.as_deref(), Some("auth_failed"));

    // Forgotten: the online search is refused again as without a key.
    let removed = cli.command(&["directory", "api-key", "--remove"]).output().unwrap();
    assert!(removed.status.success(), "{}", String::from_utf8_lossy(&removed.stderr));
    assert_eq!(support::cli::failure_of(&online("menard")).code.as_deref(), Some("keyring"));
}

/// The download's line cut at random points (issue 16): in the handshake, in the headers, or
/// anywhere in the extraction. Each cut attempt fails with a clear code and leaves the
/// directory as it was, with no partial file; once the line is sound, the download completes
/// and the directory holds each entry once.
#[test]
fn random_cuts_of_the_download_leave_the_directory_whole() {
    let points = std::env::var("MEDIMAIL_FAULT_POINTS").ok().and_then(|v| v.parse().ok()).unwrap_or(10u64);
    let seed = std::env::var("MEDIMAIL_FAULT_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(u64::from(std::process::id()) ^ 0xD1);
    eprintln!("download fault points: {points}, seed: {seed} (MEDIMAIL_FAULT_SEED={seed} replays them)");
    let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(seed);

    let op = Operator::start();
    let server = start_server(
        tls_config(&op),
        Served { body: extraction_zip("202512070300", 400, ""), etag: "\"v1\"".into(), cut_at: None },
    );
    let port: u16 = server.url.split(':').nth(2).and_then(|rest| rest.split('/').next()).and_then(|p| p.parse().ok()).expect("the server's port");
    let proxy = CuttingProxy::start(std::net::SocketAddr::from(([127, 0, 0, 1], port)));
    let through = server.url.replace(&format!(":{port}/"), &format!(":{}/", proxy.port));
    let cli = Cli::new();
    let first = json_of(&download(&cli, &through, &op.env.ca_file));
    assert_eq!(first["entries"], 400);
    let whole = proxy.server_bytes().into_iter().max().expect("one download through the proxy");
    let info = cli.json(&["directory", "info"]);

    // A newer extraction, fetched over a line that keeps failing.
    {
        let mut served = server.served.lock().unwrap();
        served.body = extraction_zip("202512080300", 400, "NEUF");
        served.etag = "\"v2\"".into();
    }
    for point in 0..points {
        let cut = rand::RngCore::next_u64(&mut rng) % whole;
        proxy.cut_after(Some(cut));
        let out = download(&cli, &through, &op.env.ca_file);
        if out.status.success() {
            // A cut after the last byte of the body may still leave a whole extraction.
            assert_eq!(json_of(&out)["entries"], 400, "cut at {cut} of {whole}");
            continue;
        }
        let failure = support::cli::failure_of(&out);
        assert!(
            matches!(failure.code.as_deref(), Some("directory_download" | "network" | "timeout" | "tls")),
            "a clear code at download fault point {point} (cut at {cut} of {whole}): {failure:?}"
        );
        assert_eq!(cli.json(&["directory", "info"]), info, "the directory is as it was after the cut at {cut}");
        assert!(!cli.profile.join("directory-download.part").exists(), "no partial download is left behind");
    }
    eprintln!("{} cuts of {whole} bytes", proxy.cuts());

    proxy.cut_after(None);
    let newer = json_of(&download(&cli, &through, &op.env.ca_file));
    assert_eq!(newer["extraction_date"], "2025-12-08T03:00");
    assert_eq!(cli.json(&["directory", "info"])["entries"], 400);
    let found = surnames(&cli, "noelneuf");
    assert_eq!(found.len(), 80, "each entry once");
    assert!(surnames(&cli, "noel").iter().all(|s| s == "NOËLNEUF"), "nothing of the old extraction is left");
}
