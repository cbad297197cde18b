"""Where everything lives inside an operator directory, and which system users own it."""
import glob
import grp
import os
import pwd
from dataclasses import dataclass

from .util import OperatorError

OPERATOR_HOME = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
TEMPLATES = os.path.join(OPERATOR_HOME, "templates")
REPO_ROOT = os.path.dirname(os.path.dirname(OPERATOR_HOME))

# sun_path holds 108 bytes; Dovecot's longest socket name under base_dir is ~30 characters.
MAX_RUN_DIR = 70
# Courier-IMAP and Cyrus IMAP, unpacked (not installed) by dev/operator/install-imap-servers.sh.
IMAP_SERVERS_VERSION = 1


def default_dir():
    return os.environ.get("MEDIMAIL_OPERATOR_DIR") or os.path.join(REPO_ROOT, ".operator")


def unpacked_root():
    """The private tree holding the Courier and Cyrus binaries, or an error saying how to get it."""
    base = os.environ.get("MEDIMAIL_TESTBED_ROOT") or "/opt/medimail-testbed"
    tree = os.path.join(base, "imap-servers-v%d" % IMAP_SERVERS_VERSION)
    if not os.path.exists(os.path.join(tree, "COMPLETE")):
        raise OperatorError("Courier-IMAP/Cyrus IMAP are not unpacked in %s: run dev/install-deps.sh "
                            "(or dev/operator/install-imap-servers.sh)" % tree)
    return tree


def unpacked_env(root, lib_dirs):
    """Environment of a Courier or Cyrus program: its libraries from the unpacked tree, and
    no fsync (libeatmydata), like Dovecot's `mail_fsync = never`: the store is disposable
    and Cyrus syncs several times per message (3x slower seeding without)."""
    env = {"PATH": "/usr/bin:/bin:/usr/sbin:/sbin", "LANG": "C.UTF-8",
           "LD_LIBRARY_PATH": ":".join(os.path.join(root, d) for d in lib_dirs)}
    preload = sorted(glob.glob("/usr/lib/*/libeatmydata.so.1"))
    if preload:
        env["LD_PRELOAD"] = preload[0]
    return env


@dataclass
class Users:
    """System identities the daemons use. As root: the packaged users; else: the caller."""
    privileged: bool
    mail_user: str
    mail_group: str
    mail_uid: int
    mail_gid: int
    internal_user: str
    internal_group: str
    login_user: str

    @classmethod
    def detect(cls):
        if os.geteuid() == 0:
            mail = pwd.getpwnam("mail")
            return cls(True, "mail", grp.getgrgid(mail.pw_gid).gr_name, mail.pw_uid,
                       mail.pw_gid, "dovecot", "dovecot", "dovenull")
        me = pwd.getpwuid(os.geteuid())
        group = grp.getgrgid(os.getegid()).gr_name
        return cls(False, me.pw_name, group, me.pw_uid, os.getegid(), me.pw_name, group,
                   me.pw_name)


class Layout:
    def __init__(self, directory):
        self.dir = os.path.abspath(directory)
        d = self.dir
        self.env_json = os.path.join(d, "env.json")
        self.ports_json = os.path.join(d, "ports.json")
        self.pki = os.path.join(d, "pki")
        self.logs = os.path.join(d, "logs")
        self.mail = os.path.join(d, "mail")
        self.dovecot = os.path.join(d, "dovecot")
        self.dovecot_conf = os.path.join(self.dovecot, "dovecot.conf")
        self.dovecot_etc = os.path.join(self.dovecot, "etc")
        self.dovecot_state = os.path.join(self.dovecot, "state")
        self.dovecot_shared = os.path.join(self.dovecot, "shared")
        self.run = os.path.join(d, "run")
        self.postfix = os.path.join(d, "postfix")
        # Postfix wants its config tree root-owned, so the queue cannot live inside it.
        self.postfix_etc = os.path.join(self.postfix, "etc")
        self.postfix_queue = os.path.join(self.postfix, "queue")
        self.postfix_data = os.path.join(self.postfix, "data")
        self.ldap = os.path.join(d, "ldap")
        self.ldap_db = os.path.join(self.ldap, "db")
        self.seed_marker = os.path.join(d, "seeded-demo")
        self.courier = os.path.join(d, "courier")
        self.cyrus = os.path.join(d, "cyrus")

    @property
    def dovecot_pid(self):
        return os.path.join(self.run, "master.pid")

    @property
    def postfix_pid(self):
        return os.path.join(self.postfix_queue, "pid", "master.pid")

    @property
    def slapd_pid(self):
        return os.path.join(self.ldap, "slapd.pid")

    def home(self, email):
        local, domain = email.split("@", 1)
        return os.path.join(self.mail, domain, local)
