"""Courier-IMAP 5.0 beside Dovecot (`operator start --with courier`).

Binaries come from the unpacked Debian packages (see install-imap-servers.sh), run with
LD_LIBRARY_PATH. Courier is configured through environment variables (Debian's
/etc/courier/imapd is a shell file of them), so nothing under /etc is read. Processes:

* authdaemond (courier-authlib) with the userdb module: DIR/courier/userdb.dat and
  userdbshadow.dat (SHA-512 crypt), its socket DIR/courier/courier-authd.socket. The
  unpacked authlib looks for all three relative to its working directory, DIR/courier.
* one couriertcpd per listener, started in DIR/courier too: implicit TLS (couriertls in
  front of imaplogin), STARTTLS, and the "plain" implicit-TLS listener whose
  IMAP_CAPABILITY lacks UIDPLUS. All three serve the same mail store.

Mail: Maildir++ in DIR/courier/mail/<domain>/<local>/Maildir, folders as `.Name`
directories, personal namespace "INBOX." with "." as delimiter.
"""
import hashlib
import os
import pwd

from .daemons import Daemon, _spawn
from .layout import unpacked_env, unpacked_root
from .ports import HOST
from .util import OperatorError, processes, run, terminate, write_file

NAME = "courier"
PLAIN = "courier_plain"
PORT_KEYS = ("courier_imaps", "courier_imap", "courier_plain_imaps")
# Debian's default IMAP_CAPABILITY (/etc/courier/imapd). Courier adds ACL, ACL2=UNION,
# ENABLE and UTF8=ACCEPT itself; AUTH=PLAIN comes from IMAP_CAPABILITY_TLS.
CAPABILITY = ("IMAP4rev1 UIDPLUS CHILDREN NAMESPACE THREAD=ORDEREDSUBJECT THREAD=REFERENCES "
              "SORT QUOTA IDLE")
PLAIN_CAPABILITY = " ".join(c for c in CAPABILITY.split() if c != "UIDPLUS")
PERSONAL_PREFIX = "INBOX."
DELIMITER = "."
SOCKET = "courier-authd.socket"
TLS_USER = "courier"
# Should FAM fail, IDLE re-reads the Maildir every IMAP_IDLE_TIMEOUT seconds (Debian: 60).
IDLE_POLL_SECONDS = 5


def home(layout, email):
    local, domain = email.split("@", 1)
    return os.path.join(layout.courier, "mail", domain, local)


def maildir(layout, email):
    return os.path.join(home(layout, email), "Maildir")


def folder_dir(layout, email, folder):
    """Maildir++ on disk: INBOX is the root, 'A/B é' (INBOX.A.B é) is '.A.B é'. Courier 5
    keeps folder names in UTF-8 on disk (no modified UTF-7)."""
    root = maildir(layout, email)
    if folder.upper() == "INBOX":
        return root
    return os.path.join(root, "." + folder.replace("/", "."))


def imap_name(folder):
    """The IMAP name of a folder given with '/' between levels: 'A/B' -> 'INBOX.A.B'."""
    if folder.upper() == "INBOX":
        return "INBOX"
    if "." in folder:
        raise OperatorError("Courier folders cannot contain '.' (its hierarchy delimiter): %r" % folder)
    return PERSONAL_PREFIX + folder.replace("/", DELIMITER)


# --- configuration ---------------------------------------------------------------------------

def write_config(layout, users, owners):
    """authdaemonrc, userdb, the TLS key+chain file and an empty INBOX per mailbox.
    `owners`: [(email, password)] of the mailboxes Courier serves."""
    d = layout.courier
    os.makedirs(os.path.join(d, "mail"), exist_ok=True)
    os.chmod(os.path.join(d, "mail"), 0o750)
    if users.privileged:
        os.chown(os.path.join(d, "mail"), users.mail_uid, users.mail_gid)
    write_file(os.path.join(d, "authdaemonrc"),
               'authmodulelist="authuserdb"\ndaemons=3\nDEBUG_LOGIN=0\nDEFAULTOPTIONS=""\n')
    _write_userdb(layout, users, owners)
    pem = os.path.join(d, "imapd.pem")
    with open(os.path.join(layout.pki, "server.key.pem")) as k, \
            open(os.path.join(layout.pki, "server.chain.pem")) as c:
        write_file(pem, k.read() + c.read(), mode=0o600)
    if users.privileged:
        # For STARTTLS, imaplogin runs couriertls as the compiled-in user `courier`.
        try:
            os.chown(pem, pwd.getpwnam(TLS_USER).pw_uid, 0)
        except KeyError:
            raise OperatorError("no `%s` user for Courier's STARTTLS: run dev/install-deps.sh" % TLS_USER)
    for email, _ in owners:
        _make_maildir(maildir(layout, email), users)
    try:
        os.unlink(os.path.join(d, SOCKET))
    except FileNotFoundError:
        pass


def _write_userdb(layout, users, owners):
    root = unpacked_root()
    # One openssl call hashes every password (SHA-512 crypt, what userdbpw -hmac-sha512 makes).
    p = run(["openssl", "passwd", "-6", "-salt", "medimailcourier", "-stdin"],
            input="".join(pw + "\n" for _, pw in owners).encode())
    hashes = p.stdout.decode().split()
    if len(hashes) != len(owners):
        raise OperatorError("openssl passwd gave %d hashes for %d passwords" % (len(hashes), len(owners)))
    info, shadow = [], []
    for (email, _), crypted in zip(owners, hashes):
        h = home(layout, email)
        info.append("%s\tuid=%d|gid=%d|home=%s|mail=%s/Maildir|_=\n"
                    % (email, users.mail_uid, users.mail_gid, h, h))
        shadow.append("%s\tsystempw=%s\n" % (email, crypted))
    makedat = os.path.join(root, "usr/lib/courier/courier-authlib/makedatprog")
    env = _lib_env(root)
    for name, lines in (("userdb", info), ("userdbshadow", shadow)):
        dat = os.path.join(layout.courier, name + ".dat")
        run([makedat, "-", dat + ".tmp", dat], env=env, input=("".join(lines) + ".\n").encode())
        os.chmod(dat, 0o600)


def _make_maildir(path, users):
    if os.path.isdir(os.path.join(path, "cur")):
        return
    for part in (os.path.dirname(os.path.dirname(path)), os.path.dirname(path), path):
        if not os.path.isdir(part):
            os.mkdir(part, 0o700)
            _chown(part, users)
    for sub in ("cur", "new", "tmp"):
        os.mkdir(os.path.join(path, sub), 0o700)
        _chown(os.path.join(path, sub), users)


def _chown(path, users):
    if users.privileged:
        os.chown(path, users.mail_uid, users.mail_gid)


def _lib_env(root):
    # courier-authlib: authdaemond finds its modules (libauthuserdb) through the library path.
    return unpacked_env(root, ["usr/lib", "usr/lib/courier-authlib"])


# --- daemons ---------------------------------------------------------------------------------

class _CourierDaemon(Daemon):
    """Courier's programs stay in the foreground: the launched process is the daemon, and
    its pid file is ours to write."""
    foreground = True

    def pid_file(self):
        return os.path.join(self.layout.courier, self.name + ".pid")

    def log_file(self):
        return os.path.join(self.layout.logs, self.name + ".log")

    def _launch(self, cmd, env):
        self.launcher = _spawn(cmd, self.log_file(), env=env, cwd=self.layout.courier)
        write_file(self.pid_file(), "%d\n" % self.launcher.pid)

    def ports_open(self):
        if any(k not in self.ports for k in self.port_keys):
            return False
        return super().ports_open()


class AuthDaemon(_CourierDaemon):
    name = "courier-authdaemond"
    process_name = "authdaemond"

    def launch(self):
        root = unpacked_root()
        self._launch([os.path.join(root, "usr/lib/courier/courier-authlib/authdaemond")],
                     _lib_env(root))

    def ports_open(self):
        return os.path.exists(os.path.join(self.layout.courier, SOCKET))


class Imapd(_CourierDaemon):
    process_name = "couriertcpd"

    def __init__(self, layout, ports, name, port_key, tls, capability):
        super().__init__(layout, ports)
        self.name = name
        self.port_keys = (port_key,)
        self.tls = tls
        self.capability = capability
        if not tls:
            self.greeting = (port_key, b"* OK")

    def launch(self):
        root = unpacked_root()
        env = _lib_env(root)
        env.update(imapd_env(self.layout, root, self.capability, self.tls))
        login = [os.path.join(root, "usr/lib/courier/courier/imaplogin"),
                 os.path.join(root, "usr/bin/imapd"), "Maildir"]
        if self.tls:
            login = [os.path.join(root, "usr/bin/couriertls"), "-server", "-tcpd"] + login
        self._launch([os.path.join(root, "usr/sbin/couriertcpd"), "-address=" + HOST,
                      "-maxprocs=200", "-maxperip=200", "-nodnslookup", "-noidentlookup",
                      str(self.ports[self.port_keys[0]])] + login, env)


def imapd_env(layout, root, capability, tls):
    d = layout.courier
    return {
        "IMAP_CAPABILITY": capability,
        "IMAP_CAPABILITY_TLS": capability + " AUTH=PLAIN",
        "IMAP_TLS": "1" if tls else "0",
        "IMAP_STARTTLS": "NO" if tls else "YES",
        # Like Dovecot's disable_plaintext_auth: no LOGIN before STARTTLS (LOGINDISABLED).
        "IMAP_TLS_REQUIRED": "1",
        "COURIERTLS": os.path.join(root, "usr/bin/couriertls"),
        "TLS_CERTFILE": os.path.join(d, "imapd.pem"),
        "TLS_TRUSTCERTS": os.path.join(layout.pki, "ca.pem"),
        "TLS_VERIFYPEER": "NONE",
        # GnuTLS priority string: TLS 1.2 and 1.3 only, like the other servers.
        "TLS_PRIORITY": "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2",
        "IMAP_KEYWORDS": "1",
        "IMAP_ACL": "1",
        "IMAP_IDLE_TIMEOUT": str(IDLE_POLL_SECONDS),
        # IDLE is told of new mail at once through FAM (gamin, inotify).
        "IMAP_ENHANCEDIDLE": "1",
        "IMAP_USELOCKS": "1",
        "IMAP_MAILBOX_SANITY_CHECK": "1",
        "IMAP_DISABLETHREADSORT": "0",
        "IMAP_CHECK_ALL_FOLDERS": "0",
        "IMAP_OBSOLETE_CLIENT": "0",
        "IMAP_PROXY": "0",
        "IMAP_TRASHFOLDERNAME": "Trash",
        # Debian empties Trash of messages older than 7 days at logout: old seeded mail moved
        # there would vanish behind a test's back.
        "IMAP_EMPTYTRASH": "",
        "IMAP_MOVE_EXPUNGE_TO_TRASH": "0",
        # Not /etc/courier/shared/index: no shared folders.
        "IMAP_SHAREDINDEXFILE": os.path.join(d, "shared-index"),
        "HEADERFROM": "X-IMAP-Sender",
        "GAM_CLIENT_ID": gam_client_id(layout),
    }


def has_starttls():
    """STARTTLS needs root: imaplogin starts couriertls as the user `courier`."""
    return os.geteuid() == 0


def daemons(layout, ports):
    """Order matters for stop: the listeners first, then the authentication daemon."""
    listeners = [Imapd(layout, ports, "courier-imaps", "courier_imaps", True, CAPABILITY)]
    if has_starttls():
        listeners.append(Imapd(layout, ports, "courier-imap", "courier_imap", False, CAPABILITY))
    listeners.append(Imapd(layout, ports, "courier-plain", "courier_plain_imaps", True, PLAIN_CAPABILITY))
    return listeners + [AuthDaemon(layout, ports)]


def env_entries(ports):
    """imap_servers entries (capabilities and namespace filled in from a real login)."""
    return {
        NAME: {"host": HOST, "imaps": ports["courier_imaps"],
               "imap": ports["courier_imap"] if has_starttls() else None,
               "personal_prefix": PERSONAL_PREFIX, "delimiter": DELIMITER},
        PLAIN: {"host": HOST, "imaps": ports["courier_plain_imaps"], "imap": None,
                "personal_prefix": PERSONAL_PREFIX, "delimiter": DELIMITER},
    }


def gam_client_id(layout):
    """imapd links libgamin (FAM), which forks one gam_server per user and GAM_CLIENT_ID,
    detached: a per-directory id keeps operators apart and lets `stop` find ours."""
    return "medimail-operator-" + hashlib.sha1(layout.dir.encode()).hexdigest()[:16]


def stop_gam_servers(layout):
    """The gam_server(s) of this directory's Courier sessions (they outlive couriertcpd)."""
    wanted = ("GAM_CLIENT_ID=%s" % gam_client_id(layout)).encode()
    found = []
    for pid, argv, _ in processes():
        if argv and os.path.basename(argv[0]) == "gam_server":
            try:
                with open("/proc/%d/environ" % pid, "rb") as f:
                    if wanted in f.read().split(b"\0"):
                        found.append(pid)
            except OSError:
                continue
    terminate(found, 5.0)
    return found
