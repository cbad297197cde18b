//! `medimail directory` over a generated national extraction in the exact format of the
//! Annuaire Santé (31 columns, `|`, French names with accents, PER and ORG mailboxes,
//! repeated addresses, a few malformed rows), as a bare file and in a ZIP: import, search by
//! each field, the whole entry, what is loaded; and a damaged file that leaves the previous
//! directory searchable.

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;
use support::cli::Cli;

const HEADER: &str = "Type de BAL|Adresse BAL|Type Identifiant PP|Identifiant PP|Identification nationale PP|\
Type identifiant structure|Identification Structure|Service de rattachement|Civilité d'exercice|Nom d'exercice|\
Prénom d'exercice|Catégorie profession|Libellé de catégorie profession|Code Profession|Libellé Profession|\
Code savoir-faire|Libellé savoir-faire|Dématérialisation|Raison Sociale structure BAL|\
Enseigne commerciale structure BAL|L2COMPLEMENTLOCALISATION structure BAL|L3COMPLEMENTDISTRIBUTION structure BAL|\
L4NUMEROVOIE structure BAL|L4COMPLEMENTNUMEROVOIE structure BAL|NL4TYPEVOIE structure BAL|\
L4LIBELLEVOIE structure BAL|L5LIEUDITMENTION structure BAL|L6LIGNEACHEMINEMENT structure BAL|\
Code postal structure BAL|Département structure BAL|Pays structure BAL";

const SURNAMES: [&str; 12] =
    ["MARTIN", "BERNARD", "LEFÈVRE", "FRANÇOIS", "MÉNARD", "LE GOFF", "GIRAUD", "CHÂTEL", "NOËL", "DUPONT", "MARTINEZ", "ROUSSEAU"];
const FIRST_NAMES: [&str; 8] = ["Élodie", "Jérôme", "Hélène", "François", "Anaïs", "Noémie", "Gaëlle", "Benoît"];
const PROFESSIONS: [(&str, &str); 4] =
    [("10", "Médecin"), ("60", "Infirmier"), ("40", "Chirurgien-Dentiste"), ("70", "Masseur-Kinésithérapeute")];
const SKILLS: [&str; 5] = ["Cardiologie et maladies vasculaires", "Pédiatrie", "Médecine générale", "Gériatrie", ""];
const PLACES: [(&str, &str, &str); 6] = [
    ("75013", "75", "PARIS"),
    ("35000", "35", "RENNES"),
    ("13008", "13", "MARSEILLE"),
    ("29200", "29", "BREST"),
    ("97400", "974", "SAINT-DENIS"),
    ("69003", "69", "LYON"),
];

fn per(n: usize) -> String {
    let surname = SURNAMES[n % SURNAMES.len()];
    let first = FIRST_NAMES[(n / SURNAMES.len()) % FIRST_NAMES.len()];
    let (code, profession) = PROFESSIONS[n % PROFESSIONS.len()];
    let skill = SKILLS[n % SKILLS.len()];
    let (postal, department, city) = PLACES[(n / 7) % PLACES.len()];
    let rpps = format!("10{n:09}");
    let local: String = surname.to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect();
    format!(
        "PER|{}.{local}.{n}@medecin.mssante.fr|8|{rpps}|8{rpps}|||| DR|{surname}|{first}|C|Civil|{code}|{profession}|S|{skill}|O|Cabinet {surname}||||{}||R|de la République||{postal} {city}|{postal}|{department}|France",
        first.to_lowercase(),
        n % 90 + 1
    )
}

fn org(n: usize) -> String {
    let (postal, department, city) = PLACES[n % PLACES.len()];
    format!(
        "ORG|secretariat.{n}@chu.mssante.fr||||1|{n:09}|Service de cardiologie||||||||||O|Centre Hospitalier Universitaire de {city}|Hôpital Sainte-Anne||BP 12|2||R|de l'Hôpital||{postal} {city} CEDEX|{postal}|{department}|France"
    )
}

fn row(n: usize) -> String {
    if n % 10 == 9 { org(n) } else { per(n) }
}

/// A few thousand rows: PER and ORG, 40 repeated addresses, 4 malformed rows at known lines.
fn extraction() -> (String, Vec<u64>) {
    let mut lines = vec![HEADER.to_owned()];
    let mut bad = Vec::new();
    for n in 0..3000 {
        lines.push(row(n));
        if n % 75 == 0 && n > 0 {
            // The same mailbox again: merged.
            lines.push(row(n - 1));
        }
        match n {
            500 => lines.push("PER|trop|peu|de|colonnes".to_owned()),
            1000 => lines.push(per(1000).replacen("PER|", "APP|", 1)),
            1500 => lines.push(per(1500).replace('@', "-at-")),
            2000 => lines.push("PER|invalid".to_owned() + &"|x".repeat(29) + "\u{FFFD}"),
            _ => continue,
        }
        bad.push(lines.len() as u64);
    }
    (lines.join("\r\n") + "\r\n", bad)
}

fn write_zip(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join("Extraction_Correspondance_MSSante.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
    zip.write_all(text.as_bytes()).unwrap();
    zip.finish().unwrap();
    path
}

fn addresses(found: &Value) -> Vec<String> {
    found.as_array().unwrap().iter().map(|e| e["address"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn the_national_directory_is_imported_searched_and_kept_through_a_failed_import() {
    let cli = Cli::new();
    let dir = tempfile::tempdir().unwrap();
    let (text, bad_lines) = extraction();
    let bare = dir.path().join("Extraction_Correspondance_MSSante_202512060215.txt");
    std::fs::write(&bare, &text).unwrap();

    assert_eq!(cli.json(&["directory", "info"]), Value::Null);
    let summary = cli.json(&["directory", "import", bare.to_str().unwrap()]);
    let rows_read = text.lines().count() as u64 - 1;
    assert_eq!(summary["rows_read"], rows_read);
    assert_eq!(summary["rows_skipped"], 4);
    assert_eq!(summary["entries"], 3000);
    assert_eq!(summary["duplicates_merged"], rows_read - 4 - 3000);
    let skipped: Vec<u64> = summary["skipped"].as_array().unwrap().iter().map(|s| s["line"].as_u64().unwrap()).collect();
    assert_eq!(skipped, bad_lines);
    assert_eq!(summary["skipped"][0]["problem"], "column_count");
    assert_eq!(summary["skipped"][1]["problem"], "mailbox_kind");
    assert_eq!(summary["skipped"][2]["problem"], "address");
    assert_eq!(summary["extraction_date"], "2025-12-06T02:15");

    // Qui ?: accents and case do not count, words are prefixes, exact surnames first.
    let found = cli.json(&["directory", "search", "--who", "lefevre elod", "--limit", "500"]);
    assert!(!addresses(&found).is_empty());
    assert!(found.as_array().unwrap().iter().all(|e| e["surname"] == "LEFÈVRE" && e["first_name"] == "Élodie"));
    let martin = cli.json(&["directory", "search", "--who", "martin", "--limit", "1000"]);
    let surnames: Vec<&str> = martin.as_array().unwrap().iter().map(|e| e["surname"].as_str().unwrap()).collect();
    let first_martinez = surnames.iter().position(|s| *s == "MARTINEZ").unwrap();
    assert!(first_martinez > 0 && surnames[..first_martinez].iter().all(|s| *s == "MARTIN"), "{surnames:?}");
    assert!(surnames[first_martinez..].iter().all(|s| *s == "MARTINEZ"));
    let by_rpps = cli.json(&["directory", "search", "--who", "10000000042"]);
    assert_eq!(addresses(&by_rpps), ["françois.giraud.42@medecin.mssante.fr"]);
    assert!(!addresses(&cli.json(&["directory", "search", "--who", "le goff"])).is_empty());

    // Activité ?, Où ? (city, postal code, département, region) and structure.
    let pediatrics = cli.json(&["directory", "search", "--activity", "pediatrie", "--where", "bretagne", "--limit", "5"]);
    assert_eq!(pediatrics.as_array().unwrap().len(), 5);
    for e in pediatrics.as_array().unwrap() {
        assert_eq!(e["skill_label"], "Pédiatrie");
        assert!(["35", "29"].contains(&e["department_code"].as_str().unwrap()), "{e}");
        assert_eq!(e["region"], "Bretagne");
    }
    let reunion = cli.json(&["directory", "search", "--where", "974", "--activity", "kine", "--limit", "3"]);
    assert!(reunion.as_array().unwrap().iter().all(|e| e["city"] == "SAINT-DENIS" && e["profession_label"] == "Masseur-Kinésithérapeute"));
    assert_eq!(reunion.as_array().unwrap().len(), 3);
    let chu = cli.json(&["directory", "search", "--structure", "hopital sainte", "--where", "lyon"]);
    assert!(!addresses(&chu).is_empty());
    assert!(chu.as_array().unwrap().iter().all(|e| e["kind"] == "ORG" && e["city"] == "LYON CEDEX"));
    let in_13008 = (0..3000).filter(|&n| row(n).contains("|13008|")).count();
    assert_eq!(cli.json(&["directory", "search", "--where", "13008", "--limit", "2000"]).as_array().unwrap().len(), in_13008);

    // The whole entry; human output in French.
    let entry = cli.json(&["directory", "show", "Secretariat.19@CHU.mssante.fr"]);
    assert_eq!(entry["company_name"], "Centre Hospitalier Universitaire de RENNES");
    assert_eq!(entry["service"], "Service de cardiologie");
    assert_eq!(entry["region"], "Bretagne");
    let lines = cli.human("fr", &["directory", "show", "secretariat.19@chu.mssante.fr"]);
    assert!(lines.contains(&"Raison sociale : Centre Hospitalier Universitaire de RENNES".to_owned()), "{lines:?}");
    assert!(lines.contains(&"Type de boîte : Organisationnelle".to_owned()), "{lines:?}");
    let results = cli.human("fr", &["directory", "search", "--who", "noel", "--limit", "1"]);
    assert!(results[0].starts_with("[Personnelle] DR "), "{results:?}");
    assert_eq!(cli.fail(&["directory", "show", "nobody@nowhere.fr"]).code.as_deref(), Some("not_found"));

    // A ZIP with a newer extraction replaces it.
    let zip = write_zip(dir.path(), "Extraction_Correspondance_MSSante_202512070215.txt", &text.replace("ROUSSEAU", "ROUSSEL"));
    let summary = cli.json(&["directory", "import", zip.to_str().unwrap()]);
    assert_eq!(summary["entries"], 3000);
    // The address still says "rousseau"; the surname is the new file's.
    let renamed = cli.json(&["directory", "search", "--who", "rousseau", "--limit", "1000"]);
    assert!(!addresses(&renamed).is_empty());
    assert!(renamed.as_array().unwrap().iter().all(|e| e["surname"] == "ROUSSEL"));
    let roussel = addresses(&cli.json(&["directory", "search", "--who", "roussel"]));
    assert!(!roussel.is_empty());

    // A damaged ZIP, and a file that is not an extraction: refused, the directory stays.
    let bytes = std::fs::read(&zip).unwrap();
    let damaged = dir.path().join("damaged.zip");
    std::fs::write(&damaged, &bytes[..bytes.len() * 2 / 3]).unwrap();
    assert_eq!(cli.fail(&["directory", "import", damaged.to_str().unwrap()]).code.as_deref(), Some("directory_file"));
    let other = dir.path().join("other.txt");
    std::fs::write(&other, "a|b|c\n1|2|3\n").unwrap();
    assert_eq!(cli.fail(&["directory", "import", other.to_str().unwrap()]).code.as_deref(), Some("directory_file"));
    assert_eq!(addresses(&cli.json(&["directory", "search", "--who", "roussel"])), roussel);
    let info = cli.json(&["directory", "info"]);
    assert_eq!(info["extraction_date"], "2025-12-07T02:15");
    assert_eq!(info["entries"], 3000);
    let info_fr = cli.human("fr", &["directory", "info"]);
    assert!(info_fr[0].starts_with("Extraction du 2025-12-07T02:15 : 3000 adresses"), "{info_fr:?}");
}

/// An import killed with SIGKILL while it writes the new directory: the previous one still
/// answers, `directory info` has not moved, and the next import goes through (it drops what
/// the killed one staged).
#[cfg(unix)]
#[test]
fn an_import_killed_mid_way_leaves_the_previous_directory_answering() {
    use std::io::{BufRead, BufReader};

    let cli = Cli::new();
    let dir = tempfile::tempdir().unwrap();
    let (text, _) = extraction();
    let small = dir.path().join("Extraction_Correspondance_MSSante_202512060215.txt");
    std::fs::write(&small, &text).unwrap();
    cli.json(&["directory", "import", small.to_str().unwrap()]);
    let before = cli.json(&["directory", "info"]);
    let noel = addresses(&cli.json(&["directory", "search", "--who", "noel", "--where", "rennes", "--limit", "200"]));
    assert!(!noel.is_empty());

    // 150,000 rows whose surnames the small file does not have: any row of it that showed
    // would be seen.
    let mut big = String::with_capacity(40 << 20);
    big.push_str(HEADER);
    big.push_str("\r\n");
    for n in 0..150_000 {
        big.push_str(&row(n).replace("NOËL", "KILLED").replace("noël", "killed").replace("@", &format!(".big{n}@")));
        big.push_str("\r\n");
    }
    let big_path = dir.path().join("Extraction_Correspondance_MSSante_202512080215.txt");
    std::fs::write(&big_path, &big).unwrap();

    let mut import = cli.command(&["directory", "import", big_path.to_str().unwrap()]);
    // The engine says (in its log, counts only) each batch of rows it has written.
    import.env("MEDIMAIL_LOG", "medimail_engine::directory=debug").stdout(std::process::Stdio::null());
    let mut child = import.stderr(std::process::Stdio::piped()).spawn().unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let mut seen = Vec::new();
    for line in stderr.lines() {
        let line = line.unwrap();
        let writing = line.contains("rows written");
        seen.push(line);
        if writing {
            break;
        }
    }
    assert!(seen.last().is_some_and(|l| l.contains("rows written")), "the import never wrote: {seen:?}");
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    assert!(!status.success(), "the import ended before it was killed");

    assert_eq!(cli.json(&["directory", "info"]), before);
    assert_eq!(addresses(&cli.json(&["directory", "search", "--who", "noel", "--where", "rennes", "--limit", "200"])), noel);
    assert!(addresses(&cli.json(&["directory", "search", "--who", "killed"])).is_empty());

    let summary = cli.json(&["directory", "import", big_path.to_str().unwrap()]);
    assert_eq!(summary["entries"], 150_000);
    assert_eq!(cli.json(&["directory", "info"])["extraction_date"], "2025-12-08T02:15");
    assert!(!addresses(&cli.json(&["directory", "search", "--who", "killed"])).is_empty());
    assert!(addresses(&cli.json(&["directory", "search", "--who", "noel"])).is_empty());
}

#[test]
fn favourites_are_starred_listed_and_kept_through_a_reimport_that_drops_them() {
    let cli = Cli::new();
    let dir = tempfile::tempdir().unwrap();
    let first: Vec<String> = (0..40).map(row).collect();
    let write = |name: &str, rows: &[String]| {
        let path = dir.path().join(name);
        std::fs::write(&path, format!("{HEADER}\n{}\n", rows.join("\n"))).unwrap();
        path
    };
    let file = write("Extraction_Correspondance_MSSante_202512060215.txt", &first);
    cli.json(&["directory", "import", file.to_str().unwrap()]);

    let noel = cli.json(&["directory", "search", "--who", "noël", "--limit", "1"])[0].clone();
    let noel_address = noel["address"].as_str().unwrap().to_owned();
    let org_address = "secretariat.19@chu.mssante.fr";
    let added = cli.json(&["directory", "favorite", "add", &noel_address.to_uppercase()]);
    assert_eq!(added["entry"]["address"], noel_address.as_str());
    assert_eq!(added["listed"], true);
    cli.json(&["directory", "favorite", "add", org_address]);
    assert_eq!(cli.fail(&["directory", "favorite", "add", "personne@nulle.part"]).code.as_deref(), Some("not_found"));

    let listed = cli.json(&["directory", "favorite", "list"]);
    assert_eq!(listed.as_array().unwrap().len(), 2);
    let human = cli.human("fr", &["directory", "favorite", "list"]);
    assert_eq!(human.len(), 2, "{human:?}");
    assert!(human.iter().any(|l| l.contains("NOËL")), "{human:?}");

    // The next extraction no longer has Noël's mailbox: the favourite stays, with its name.
    let second: Vec<String> = first.iter().filter(|r| !r.contains(&noel_address)).cloned().collect();
    let file = write("Extraction_Correspondance_MSSante_202512070215.txt", &second);
    cli.json(&["directory", "import", file.to_str().unwrap()]);
    assert!(addresses(&cli.json(&["directory", "search", "--who", "noël", "--limit", "100"])).iter().all(|a| a != &noel_address));
    let listed = cli.json(&["directory", "favorite", "list"]);
    let kept = listed.as_array().unwrap().iter().find(|f| f["entry"]["address"] == noel_address.as_str()).unwrap();
    assert_eq!(kept["listed"], false);
    assert_eq!(kept["entry"]["surname"], noel["surname"]);
    assert_eq!(kept["entry"]["profession_label"], noel["profession_label"]);
    let human = cli.human("fr", &["directory", "favorite", "list"]);
    assert!(human.iter().any(|l| l.contains("NOËL") && l.contains("absent de l'annuaire chargé")), "{human:?}");
    assert_eq!(cli.json(&["directory", "show", &noel_address])["surname"], noel["surname"]);

    assert_eq!(cli.json(&["directory", "favorite", "remove", &noel_address])["removed"], true);
    assert_eq!(cli.json(&["directory", "favorite", "remove", &noel_address])["removed"], false);
    let listed = cli.json(&["directory", "favorite", "list"]);
    assert_eq!(addresses(&Value::Array(listed.as_array().unwrap().iter().map(|f| f["entry"].clone()).collect())), [org_address]);
    assert_eq!(cli.human("en", &["directory", "favorite", "remove", &noel_address]), [format!("{noel_address} was not a favourite.")]);
}
