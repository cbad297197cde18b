//! The server side, seen independently of the app: a second IMAP session ("another
//! client", a webmail) with blocking helpers, and doveadm on the operator's own config.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Command, Output};

use async_imap::imap_proto::NameAttribute;
use async_imap::types::Flag;
use futures::TryStreamExt;
use medimail_engine::imap::{self, ImapSession};
use medimail_engine::server::{Login, Security, ServerAddress};
use medimail_engine::tls::TlsPolicy;
use secrecy::SecretString;

use super::Operator;

/// IMAP names travel in modified UTF-7.
pub fn mutf7(name: &str) -> String {
    medimail_engine::imap::encode_name(name)
}

/// A Message-ID as the store keeps it: no angle brackets, no spaces.
pub fn bare_message_id(raw: &[u8]) -> String {
    let s = String::from_utf8_lossy(raw);
    s.trim().trim_start_matches('<').trim_end_matches('>').trim().to_owned()
}

#[derive(Debug, Clone)]
pub struct ServerFolder {
    /// Decoded name ("Résultats labo").
    pub name: String,
    /// As the server spells it ("R&AOk-sultats labo").
    pub encoded: String,
    pub attributes: Vec<String>,
}

impl ServerFolder {
    pub fn selectable(&self) -> bool {
        !self
            .attributes
            .iter()
            .any(|a| a.eq_ignore_ascii_case("\\Noselect") || a.eq_ignore_ascii_case("\\NonExistent"))
    }

    /// The special use (RFC 6154) in the words of the app's roles.
    pub fn role(&self) -> Option<&'static str> {
        if self.name.eq_ignore_ascii_case("INBOX") {
            return Some("inbox");
        }
        self.attributes.iter().find_map(|a| match a.to_ascii_lowercase().as_str() {
            "\\sent" => Some("sent"),
            "\\drafts" => Some("drafts"),
            "\\trash" => Some("trash"),
            "\\junk" => Some("junk"),
            "\\archive" => Some("archive"),
            _ => None,
        })
    }
}

#[derive(Debug, Clone)]
pub struct ServerMessage {
    pub uid: u32,
    pub message_id: Option<String>,
    pub flags: Vec<String>,
    pub size: u32,
}

impl ServerMessage {
    pub fn has(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f.eq_ignore_ascii_case(flag))
    }

    /// `$label1`…`$label5` present, in order.
    pub fn labels(&self) -> Vec<String> {
        let mut labels: Vec<String> = self
            .flags
            .iter()
            .filter(|f| f.to_ascii_lowercase().starts_with("$label"))
            .map(|f| f.to_ascii_lowercase())
            .collect();
        labels.sort();
        labels
    }
}

fn flag_name(flag: Flag<'_>) -> String {
    match flag {
        Flag::Seen => "\\Seen".into(),
        Flag::Answered => "\\Answered".into(),
        Flag::Flagged => "\\Flagged".into(),
        Flag::Deleted => "\\Deleted".into(),
        Flag::Draft => "\\Draft".into(),
        Flag::Recent => "\\Recent".into(),
        Flag::MayCreate => "\\*".into(),
        Flag::Custom(name) => name.into_owned(),
    }
}

fn attribute_name(attribute: &NameAttribute<'_>) -> String {
    match attribute {
        NameAttribute::NoInferiors => "\\Noinferiors".into(),
        NameAttribute::NoSelect => "\\Noselect".into(),
        NameAttribute::Marked => "\\Marked".into(),
        NameAttribute::Unmarked => "\\Unmarked".into(),
        NameAttribute::All => "\\All".into(),
        NameAttribute::Archive => "\\Archive".into(),
        NameAttribute::Drafts => "\\Drafts".into(),
        NameAttribute::Flagged => "\\Flagged".into(),
        NameAttribute::Junk => "\\Junk".into(),
        NameAttribute::Sent => "\\Sent".into(),
        NameAttribute::Trash => "\\Trash".into(),
        NameAttribute::Extension(ext) => ext.to_string(),
        other => format!("{other:?}"),
    }
}

/// Another client's IMAP session on one of the operator's accounts.
pub struct ImapProbe {
    rt: tokio::runtime::Runtime,
    session: Option<ImapSession>,
    selected: Option<String>,
}

pub fn operator_tls(op: &Operator) -> TlsPolicy {
    TlsPolicy::system().with_ca_file(&op.env.ca_file).expect("operator CA")
}

pub fn operator_login(op: &Operator, key: &str) -> Login {
    let account = op.account(key);
    Login::Password {
        user: account.login.clone(),
        password: SecretString::from(account.password.clone()),
    }
}

impl ImapProbe {
    pub fn connect(op: &Operator, key: &str) -> ImapProbe {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("probe runtime");
        let server = ServerAddress::new(op.env.host.clone(), op.env.ports.imaps, Security::ImplicitTls).unwrap();
        let session = rt
            .block_on(imap::connect(&server, &operator_tls(op), &operator_login(op, key)))
            .expect("probe logs in");
        ImapProbe { rt, session: Some(session), selected: None }
    }

    /// The same on another IMAP server of the operator ("dovecot", "courier", "cyrus", …,
    /// see `Operator::server`), over implicit TLS. Folder names are the server's own: on
    /// Courier a personal folder is "INBOX.Name" (`op.server("courier").folder("Name")`).
    pub fn connect_to(op: &Operator, server_name: &str, key: &str) -> ImapProbe {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("probe runtime");
        let target = op.server(server_name);
        let server = ServerAddress::new(target.host.clone(), target.imaps, Security::ImplicitTls).unwrap();
        let session = rt
            .block_on(imap::connect(&server, &operator_tls(op), &operator_login(op, key)))
            .unwrap_or_else(|e| panic!("probe logs in to {server_name}: {e}"));
        ImapProbe { rt, session: Some(session), selected: None }
    }

    fn session(&mut self) -> &mut ImapSession {
        self.session.as_mut().expect("probe session")
    }

    fn drain(&mut self) {
        let session = self.session.as_ref().unwrap();
        while session.unsolicited_responses.try_recv().is_ok() {}
    }

    /// Selects `folder` (decoded name); returns how many messages it has.
    pub fn select(&mut self, folder: &str) -> u32 {
        self.drain();
        let encoded = mutf7(folder);
        let rt = &self.rt;
        let session = self.session.as_mut().unwrap();
        let mailbox = rt
            .block_on(session.select(&encoded))
            .unwrap_or_else(|e| panic!("probe SELECT {folder:?}: {e}"));
        self.selected = Some(folder.to_owned());
        mailbox.exists
    }

    /// Every folder the server lists.
    pub fn folders(&mut self) -> Vec<ServerFolder> {
        let rt = &self.rt;
        let session = self.session.as_mut().unwrap();
        let names: Vec<_> = rt
            .block_on(async { session.list(Some(""), Some("*")).await?.try_collect::<Vec<_>>().await })
            .expect("probe LIST");
        names
            .iter()
            .map(|n| ServerFolder {
                name: medimail_engine::imap::decode_name(n.name()),
                encoded: n.name().to_owned(),
                attributes: n.attributes().iter().map(attribute_name).collect(),
            })
            .collect()
    }

    /// Decoded names of the folders that hold messages.
    pub fn selectable_folders(&mut self) -> Vec<String> {
        self.folders().into_iter().filter(ServerFolder::selectable).map(|f| f.name).collect()
    }

    /// Whether the server lists `folder` (decoded name).
    pub fn exists(&mut self, folder: &str) -> bool {
        // From the full list: a LIST pattern with a space must be quoted, which the
        // library's LIST does not do.
        self.folders().iter().any(|f| f.name == folder)
    }

    /// STATUS MESSAGES.
    pub fn count(&mut self, folder: &str) -> u32 {
        self.drain();
        let encoded = mutf7(folder);
        let rt = &self.rt;
        let session = self.session.as_mut().unwrap();
        if self.selected.as_deref() == Some(folder) {
            // Dovecot answers STATUS on the selected folder from this session's view,
            // which only moves on at the next command: bring it up to date first.
            rt.block_on(session.noop()).expect("probe NOOP");
        }
        rt.block_on(session.status(&encoded, "(MESSAGES)"))
            .unwrap_or_else(|e| panic!("probe STATUS {folder:?}: {e}"))
            .exists
    }

    pub fn uidvalidity(&mut self, folder: &str) -> u32 {
        self.drain();
        let encoded = mutf7(folder);
        let rt = &self.rt;
        let session = self.session.as_mut().unwrap();
        rt.block_on(session.status(&encoded, "(UIDVALIDITY)"))
            .unwrap_or_else(|e| panic!("probe STATUS {folder:?}: {e}"))
            .uid_validity
            .expect("UIDVALIDITY in STATUS")
    }

    /// Folder → message count, for every selectable folder.
    pub fn counts(&mut self) -> BTreeMap<String, u32> {
        let folders = self.selectable_folders();
        folders.into_iter().map(|f| {
            let n = self.count(&f);
            (f, n)
        }).collect()
    }

    /// Every message of a folder: UID, Message-ID, flags, size.
    pub fn messages(&mut self, folder: &str) -> Vec<ServerMessage> {
        if self.select(folder) == 0 {
            return Vec::new();
        }
        let rt = &self.rt;
        let session = self.session.as_mut().unwrap();
        let fetches: Vec<_> = rt
            .block_on(async {
                session
                    .uid_fetch("1:*", "(UID FLAGS RFC822.SIZE ENVELOPE)")
                    .await?
                    .try_collect::<Vec<_>>()
                    .await
            })
            .unwrap_or_else(|e| panic!("probe FETCH in {folder:?}: {e}"));
        let mut out: Vec<ServerMessage> = fetches
            .iter()
            .filter_map(|f| {
                Some(ServerMessage {
                    uid: f.uid?,
                    message_id: f
                        .envelope()
                        .and_then(|e| e.message_id.as_ref())
                        .map(|id| bare_message_id(id))
                        .filter(|id| !id.is_empty()),
                    flags: f.flags().map(flag_name).collect(),
                    size: f.size.unwrap_or(0),
                })
            })
            .collect();
        out.sort_by_key(|m| m.uid);
        out.dedup_by_key(|m| m.uid);
        out
    }

    /// The one message with this Message-ID in `folder`.
    pub fn message(&mut self, folder: &str, message_id: &str) -> ServerMessage {
        let found: Vec<ServerMessage> = self
            .messages(folder)
            .into_iter()
            .filter(|m| m.message_id.as_deref() == Some(message_id))
            .collect();
        assert_eq!(found.len(), 1, "expected one {message_id} in {folder} on the server, found {found:?}");
        found.into_iter().next().unwrap()
    }

    pub fn flags(&mut self, folder: &str, message_id: &str) -> Vec<String> {
        self.message(folder, message_id).flags
    }

    /// Where the server has messages with this Message-ID: (folder, uid).
    pub fn locate(&mut self, message_id: &str) -> Vec<(String, u32)> {
        let mut out = Vec::new();
        for folder in self.selectable_folders() {
            for m in self.messages(&folder) {
                if m.message_id.as_deref() == Some(message_id) {
                    out.push((folder.clone(), m.uid));
                }
            }
        }
        out
    }

    /// The exact bytes the server gives for one message (BODY.PEEK[]).
    pub fn raw(&mut self, folder: &str, uid: u32) -> Vec<u8> {
        if self.selected.as_deref() != Some(folder) {
            self.select(folder);
        }
        let rt = &self.rt;
        let session = self.session.as_mut().unwrap();
        let fetches: Vec<_> = rt
            .block_on(async {
                session
                    .uid_fetch(uid.to_string(), "(UID BODY.PEEK[])")
                    .await?
                    .try_collect::<Vec<_>>()
                    .await
            })
            .unwrap_or_else(|e| panic!("probe FETCH body of {folder:?} {uid}: {e}"));
        fetches
            .iter()
            .find(|f| f.uid == Some(uid))
            .and_then(|f| f.body())
            .map(<[u8]>::to_vec)
            .unwrap_or_else(|| panic!("no body for {folder:?} UID {uid}"))
    }

    /// APPEND; `Err` with the server's refusal.
    pub fn try_append(&mut self, folder: &str, flags: Option<&str>, raw: &[u8]) -> Result<(), String> {
        let encoded = mutf7(folder);
        let rt = &self.rt;
        let session = self.session.as_mut().unwrap();
        let result = rt.block_on(session.append(&encoded, flags, None, raw)).map_err(|e| e.to_string());
        self.drain();
        result
    }

    pub fn append(&mut self, folder: &str, raw: &[u8]) {
        self.try_append(folder, None, raw)
            .unwrap_or_else(|e| panic!("probe APPEND to {folder:?}: {e}"));
    }

    /// UID STORE in `folder`, e.g. `"+FLAGS (\\Flagged $label5)"`.
    pub fn store(&mut self, folder: &str, uid: u32, change: &str) {
        self.select(folder);
        let rt = &self.rt;
        let session = self.session.as_mut().unwrap();
        rt.block_on(async { session.uid_store(uid.to_string(), change).await?.try_collect::<Vec<_>>().await })
            .unwrap_or_else(|e| panic!("probe STORE {change} on {folder:?} {uid}: {e}"));
        self.drain();
    }

    /// UID MOVE, as a webmail does.
    pub fn move_uid(&mut self, folder: &str, uid: u32, target: &str) {
        self.select(folder);
        let target = mutf7(target);
        let rt = &self.rt;
        let session = self.session.as_mut().unwrap();
        rt.block_on(session.uid_mv(uid.to_string(), &target))
            .unwrap_or_else(|e| panic!("probe UID MOVE {folder:?} {uid}: {e}"));
        self.drain();
    }

    /// UID COPY, as a client without MOVE does before expunging.
    pub fn copy_uid(&mut self, folder: &str, uid: u32, target: &str) {
        self.select(folder);
        let target = mutf7(target);
        let rt = &self.rt;
        let session = self.session.as_mut().unwrap();
        rt.block_on(session.uid_copy(uid.to_string(), &target))
            .unwrap_or_else(|e| panic!("probe UID COPY {folder:?} {uid}: {e}"));
        self.drain();
    }

    /// STORE \Deleted then UID EXPUNGE.
    pub fn expunge(&mut self, folder: &str, uid: u32) {
        self.store(folder, uid, "+FLAGS.SILENT (\\Deleted)");
        let rt = &self.rt;
        let session = self.session.as_mut().unwrap();
        rt.block_on(async { session.uid_expunge(uid.to_string()).await?.try_collect::<Vec<_>>().await })
            .unwrap_or_else(|e| panic!("probe UID EXPUNGE {folder:?} {uid}: {e}"));
        self.drain();
    }

    pub fn create(&mut self, folder: &str) {
        let encoded = mutf7(folder);
        let rt = &self.rt;
        let session = self.session.as_mut().unwrap();
        rt.block_on(session.create(&encoded))
            .unwrap_or_else(|e| panic!("probe CREATE {folder:?}: {e}"));
    }

    /// A command of the server's own, as typed (`SETACL …`); `Err` with its refusal.
    pub fn command(&mut self, command: &str) -> Result<(), String> {
        self.unselect();
        let rt = &self.rt;
        let session = self.session.as_mut().unwrap();
        rt.block_on(session.run_command_and_check_ok(command)).map_err(|e| e.to_string())
    }

    pub fn rename(&mut self, from: &str, to: &str) {
        self.unselect();
        let (from_encoded, to_encoded) = (mutf7(from), mutf7(to));
        let rt = &self.rt;
        let session = self.session.as_mut().unwrap();
        rt.block_on(session.rename(&from_encoded, &to_encoded))
            .unwrap_or_else(|e| panic!("probe RENAME {from:?} {to:?}: {e}"));
    }

    pub fn delete(&mut self, folder: &str) {
        self.unselect();
        let encoded = mutf7(folder);
        let rt = &self.rt;
        let session = self.session.as_mut().unwrap();
        rt.block_on(session.delete(&encoded))
            .unwrap_or_else(|e| panic!("probe DELETE {folder:?}: {e}"));
    }

    /// A webmail's move on any server: UID MOVE where offered, else COPY, \Deleted, UID EXPUNGE.
    pub fn relocate(&mut self, folder: &str, uid: u32, target: &str, has_move: bool) {
        if has_move {
            self.move_uid(folder, uid, target);
        } else {
            self.copy_uid(folder, uid, target);
            self.expunge(folder, uid);
        }
    }

    /// Leaves the selected folder, so it can be deleted or renumbered under us.
    pub fn unselect(&mut self) {
        if self.selected.take().is_some() {
            let rt = &self.rt;
            let session = self.session.as_mut().unwrap();
            let _ = rt.block_on(session.close());
        }
        self.drain();
    }
}

impl Drop for ImapProbe {
    fn drop(&mut self) {
        if let Some(mut session) = self.session.take() {
            let _ = self.rt.block_on(session.logout());
        }
    }
}

/// doveadm against the operator's private Dovecot (works as root).
pub struct Doveadm {
    conf: PathBuf,
}

impl Doveadm {
    pub fn new(op: &Operator) -> Doveadm {
        let conf = op.env.dir.join("dovecot/dovecot.conf");
        assert!(conf.is_file(), "no Dovecot config at {}", conf.display());
        Doveadm { conf }
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new("doveadm").arg("-c").arg(&self.conf).args(args).output().expect("run doveadm")
    }

    /// Runs and requires success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "doveadm {args:?} failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Expunges one message by UID, as the operator's 90-day purge does.
    pub fn expunge_uid(&self, user: &str, folder: &str, uid: u32) {
        self.ok(&["expunge", "-u", user, "mailbox", folder, "uid", &uid.to_string()]);
    }

    pub fn uidvalidity(&self, user: &str, folder: &str) -> u32 {
        let out = self.ok(&["-f", "flow", "mailbox", "status", "-u", user, "uidvalidity", folder]);
        out.split_whitespace()
            .find_map(|kv| kv.strip_prefix("uidvalidity="))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no uidvalidity in {out:?}"))
    }
}

impl Operator {
    /// `operator seed --count N --mailbox EMAIL [--folder F]`: synthetic mail, fast.
    pub fn seed_count(&self, key: &str, folder: &str, count: u32) {
        let out = Command::new(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join("dev/operator/operator"))
            .args(["seed", "--dir"])
            .arg(&self.env.dir)
            .args(["--count", &count.to_string(), "--mailbox", &self.account(key).email, "--folder", folder])
            .output()
            .expect("run operator seed --count");
        assert!(
            out.status.success(),
            "operator seed --count failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    pub fn email(&self, key: &str) -> String {
        self.account(key).email.clone()
    }
}
