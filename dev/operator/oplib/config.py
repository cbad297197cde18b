"""Private configuration files for Dovecot, Postfix and slapd, rendered from templates/."""
import base64
import hashlib
import os
import re
import secrets

from . import accounts, ldapdata
from .layout import TEMPLATES
from .util import OperatorError, run, write_file

MESSAGE_SIZE_LIMIT = 30 * 1024 * 1024
DIRECTORY_PASSWORD = "Annuaire!Medimail2025"
LDAP_BIND_PASSWORD = "ldap-admin-test"
MEMBER_RIGHTS = "lrwstipekx"
SPECIAL_FOLDERS = ["Drafts", "Sent", "Trash", "Junk", "Archive"]
# Services whose master-user file stays empty: members open the org box over IMAP only.
NON_IMAP_SERVICES = ["smtp", "submission", "sieve", "managesieve", "pop3", "lmtp", "doveadm"]


def render(name, values):
    with open(os.path.join(TEMPLATES, name), encoding="utf-8") as f:
        text = f.read()
    for key, value in values.items():
        text = text.replace("@@%s@@" % key, str(value))
    left = re.findall(r"@@[A-Z_]+@@", text)
    if left:
        raise OperatorError("template %s: no value for %s" % (name, ", ".join(sorted(set(left)))))
    return text


def ssha512(password):
    salt = secrets.token_bytes(8)
    digest = hashlib.sha512(password.encode() + salt).digest()
    return "{SSHA512}" + base64.b64encode(digest + salt).decode()


def mailbox_owners():
    """(email, password) of every mailbox: demo accounts plus the whole test directory."""
    out = [(a.email, a.password) for a in accounts.demo_accounts()]
    for e in accounts.directory_everyone():
        out.append((e.email, DIRECTORY_PASSWORD))
    return out


def orgbox_members():
    """{orgbox email: [member emails]} from the demo accounts' `shared_with`."""
    by_key = {a.key: a for a in accounts.demo_accounts()}
    return {a.email: [by_key[k].email for k in a.shared_with]
            for a in accounts.demo_accounts() if a.shared_with}


# --- Dovecot ---------------------------------------------------------------------------------

def write_dovecot(layout, users, ports, msa, oauth2_conf=None):
    """`oauth2_conf`: the oauth2 passdb settings when PSC runs (`start --with psc`), else None:
    no XOAUTH2/OAUTHBEARER and no passdb that would wait for a provider that is not there."""
    os.makedirs(layout.dovecot_etc, exist_ok=True)
    _write_passdbs(layout, users)
    # Dovecot's submission always runs: it is the only SMTP service here that can do SASL
    # EXTERNAL (CPS certificate), on its own ports. Without root it is also the MSA.
    protocols = "imap lmtp sieve submission"
    listeners = [("submission_cert", False), ("submissions_cert", True)]
    if msa == "dovecot-submission":
        listeners = [("submission", False), ("submissions", True)] + listeners
    submission_proto = _DOVECOT_SUBMISSION_PROTOCOL % ports["smtp"]
    listener_text = "".join(
        _DOVECOT_SUBMISSION_LISTENER % (name, ports[name], "    ssl = yes\n" if tls else "")
        for name, tls in listeners)
    if msa != "dovecot-submission":
        # Dovecot's own default listeners would take ports 587 and 465: off.
        listener_text += _DOVECOT_NO_DEFAULT_LISTENERS
    submission_service = _DOVECOT_SUBMISSION_SERVICE % listener_text
    mechanisms = "plain login external"
    oauth2_passdb = ""
    if oauth2_conf is not None:
        mechanisms += " xoauth2 oauthbearer"
        oauth2_file = os.path.join(layout.dovecot_etc, "oauth2.conf.ext")
        _write_private(users, oauth2_file, oauth2_conf)
        oauth2_passdb = _DOVECOT_OAUTH2_PASSDB % oauth2_file
    values = {
        "DIR": layout.dir, "RUN_DIR": layout.run, "STATE_DIR": layout.dovecot_state,
        "SHARED_DIR": layout.dovecot_shared, "LOG_DIR": layout.logs, "PKI_DIR": layout.pki,
        "ETC_DIR": layout.dovecot_etc, "PROTOCOLS": protocols,
        "INTERNAL_USER": users.internal_user, "INTERNAL_GROUP": users.internal_group,
        "LOGIN_USER": users.login_user, "MAIL_USER": users.mail_user,
        "MAIL_GROUP": users.mail_group, "MAIL_UID": users.mail_uid, "MAIL_GID": users.mail_gid,
        "DOMAIN": accounts.DOMAIN, "POSTMASTER": "postmaster@" + accounts.DOMAIN,
        "SUBMISSION_HOST": "127.0.0.1:%d" % ports["smtp"],
        "AUTH_SOCKET_USER": "postfix" if users.privileged else users.internal_user,
        "AUTH_SOCKET_GROUP": "postfix" if users.privileged else users.internal_group,
        "PORT_IMAP": ports["imap"], "PORT_IMAPS": ports["imaps"], "PORT_LMTP": ports["lmtp"],
        "PORT_MANAGESIEVE": ports["managesieve"],
        "SUBMISSION_PROTOCOL": submission_proto, "SUBMISSION_SERVICE": submission_service,
        "AUTH_MECHANISMS": mechanisms, "OAUTH2_PASSDB": oauth2_passdb,
        "UNPRIVILEGED_SERVICES": "" if users.privileged else _NO_CHROOT,
    }
    write_file(layout.dovecot_conf, render("dovecot.conf", values))


_DOVECOT_SUBMISSION_PROTOCOL = """
# Dovecot's submission relays to the operator's inbound SMTP port: Postfix's smtpd as root,
# the small SMTP-to-LMTP relay (dev/operator/oplib/relay.py) without root.
submission_relay_host = 127.0.0.1
submission_relay_port = %d
submission_relay_trusted = yes
submission_max_mail_size = 30M
protocol submission {
  mail_max_userip_connections = 200
}
"""

_DOVECOT_SUBMISSION_SERVICE = """service submission-login {
%s}
"""

_DOVECOT_SUBMISSION_LISTENER = """  inet_listener %s {
    address = 127.0.0.1
    port = %d
%s  }
"""

_DOVECOT_NO_DEFAULT_LISTENERS = """  inet_listener submission {
    port = 0
  }
  inet_listener submissions {
    port = 0
  }
"""

# First, and for the token mechanisms only: a token never reaches the password files.
_DOVECOT_OAUTH2_PASSDB = """# Pro Santé Connect access tokens (SASL XOAUTH2/OAUTHBEARER), checked by introspection
# at the local PSC provider; the answer's `email` must be the login (no other mailbox).
passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = %s
  result_failure = return-fail
}
"""


# Without root nothing can chroot: these are the services Dovecot chroots by default.
_NO_CHROOT = "\n# Running without root: no chroot (see Dovecot's HowTo.Rootless).\n" + "".join(
    "service %s {\n  chroot =\n}\n" % name
    for name in ("anvil", "ipc", "old-stats", "aggregator", "director", "imap-login",
                 "imap-urlauth-login", "managesieve-login", "pop3-login", "submission-login"))


def _write_passdbs(layout, users):
    etc = layout.dovecot_etc
    lines = []
    # uid/gid in the userdb reply: imap processes (not root) may then look up other users,
    # which the shared namespace needs to find an organisational mailbox's home.
    for email, password in mailbox_owners():
        lines.append("%s:%s:%d:%d::%s::" % (email, ssha512(password), users.mail_uid,
                                             users.mail_gid, layout.home(email)))
    _write_private(users, os.path.join(etc, "users"), "\n".join(lines) + "\n")

    demo = accounts.demo_accounts()
    holders = [a for a in demo if a.client_cert]
    certs = ["%s:::::::nopassword user=%s" % (a.cert_cn, a.email) for a in holders]
    _write_private(users, os.path.join(etc, "certs"), "\n".join(certs) + "\n")
    cert_users = ["%s:%s::::::user=%s" % (a.cert_cn, ssha512(a.password), a.email) for a in holders]
    _write_private(users, os.path.join(etc, "cert-users"), "\n".join(cert_users) + "\n")

    # Master logins are per target and service: master.imap/<orgbox> lists who may open
    # that box, master.sieve/<orgbox> who may set its auto-reply and forwarding (seed part
    # 3 §4); other services (submission) have none.
    by_email = {a.email: a for a in demo}
    for service in ["imap"] + NON_IMAP_SERVICES:
        for kind in ("master", "master-cert"):
            os.makedirs(os.path.join(etc, "%s.%s" % (kind, service)), exist_ok=True)
    for orgbox, members in orgbox_members().items():
        # With a client certificate the master name is the certificate CN, so list both.
        pw_lines = ["%s:%s" % (m, ssha512(by_email[m].password)) for m in members]
        pw_lines += ["%s:%s" % (by_email[m].cert_cn, ssha512(by_email[m].password))
                     for m in members if by_email[m].client_cert]
        cert_lines = ["%s:::::::nopassword" % by_email[m].cert_cn
                      for m in members if by_email[m].client_cert]
        for service in ("imap", "sieve"):
            _write_private(users, os.path.join(etc, "master.%s" % service, orgbox), "\n".join(pw_lines) + "\n")
            _write_private(users, os.path.join(etc, "master-cert.%s" % service, orgbox),
                           "\n".join(cert_lines) + "\n")


def _write_private(users, path, text):
    """Password files: readable by Dovecot's auth process (the `dovecot` user as root)."""
    write_file(path, text, mode=0o640)
    if users.privileged:
        os.chown(path, 0, _gid(users.internal_group))


def _uid(user):
    import pwd
    return pwd.getpwnam(user).pw_uid


def _gid(group):
    import grp
    return grp.getgrnam(group).gr_gid


def prepare_orgboxes(layout, users):
    """Create each organisational mailbox with its ACLs before anyone logs in, so members
    see it at once under Shared/<orgbox>/ and can open it with a master login."""
    shared_lines = []
    for orgbox, members in orgbox_members().items():
        maildir = os.path.join(layout.home(orgbox), "Maildir")
        acl = "owner lrwstipekxa\n" + "".join(
            "user=%s %s\n" % (ident, MEMBER_RIGHTS) for ident in _acl_identities(members))
        for folder in [""] + ["." + f for f in SPECIAL_FOLDERS]:
            path = os.path.join(maildir, folder)
            for sub in ("cur", "new", "tmp"):
                _makedirs_owned(os.path.join(path, sub), users)
            acl_file = os.path.join(path, "dovecot-acl")
            if not os.path.exists(acl_file):
                _write_owned(acl_file, acl, users)
        subs = os.path.join(maildir, "subscriptions")
        if not os.path.exists(subs):
            _write_owned(subs, "V\t2\n\n" + "".join(f + "\n" for f in SPECIAL_FOLDERS), users)
        for m in members:
            shared_lines.append("shared/shared-boxes/user/%s/%s\n1\n" % (m, orgbox))
    os.makedirs(layout.dovecot_shared, exist_ok=True)
    _chown_mail(layout.dovecot_shared, users)
    dict_file = os.path.join(layout.dovecot_shared, "shared-mailboxes.db")
    if not os.path.exists(dict_file):
        _write_owned(dict_file, "".join(shared_lines), users)


def _acl_identities(members):
    """A member logged in with a CPS certificate is known to ACLs by the certificate CN."""
    by_email = {a.email: a for a in accounts.demo_accounts()}
    idents = list(members)
    idents += [by_email[m].cert_cn for m in members if by_email[m].client_cert]
    return idents


def _makedirs_owned(path, users):
    if os.path.isdir(path):
        return
    parent = os.path.dirname(path)
    _makedirs_owned(parent, users)
    os.mkdir(path, 0o700)
    _chown_mail(path, users)


def _write_owned(path, text, users):
    write_file(path, text, mode=0o600)
    _chown_mail(path, users)


def _chown_mail(path, users):
    if users.privileged:
        os.chown(path, users.mail_uid, users.mail_gid)


# --- Postfix ---------------------------------------------------------------------------------

def write_postfix(layout, ports):
    # postfix-script creates the queue's subdirectories with their owners (postfix, postdrop).
    os.makedirs(layout.postfix_etc, exist_ok=True)
    os.makedirs(layout.postfix_queue, exist_ok=True)
    os.makedirs(layout.postfix_data, exist_ok=True)
    os.chown(layout.postfix_data, _uid("postfix"), _gid("postfix"))
    values = {
        "QUEUE_DIR": layout.postfix_queue, "DATA_DIR": layout.postfix_data,
        "LOG_DIR": layout.logs, "CONFIG_DIR": layout.postfix_etc, "PKI_DIR": layout.pki,
        "DOMAIN": accounts.DOMAIN, "MESSAGE_SIZE_LIMIT": MESSAGE_SIZE_LIMIT,
        "VIRTUAL_DOMAINS": ", ".join(accounts.all_mail_domains()),
        "PORT_LMTP": ports["lmtp"], "PORT_SMTP": ports["smtp"],
        "PORT_SUBMISSION": ports["submission"], "PORT_SUBMISSIONS": ports["submissions"],
        "SASL_SOCKET": os.path.join(layout.run, "auth-postfix"),
    }
    # Postfix re-reads config files younger than a few seconds: back-date them.
    write_file(os.path.join(layout.postfix_etc, "main.cf"), render("postfix-main.cf", values),
               mtime_back=60)
    write_file(os.path.join(layout.postfix_etc, "master.cf"), render("postfix-master.cf", values),
               mtime_back=60)
    write_file(os.path.join(layout.postfix_etc, "sender_login"), sender_login_map(), mtime_back=60)
    write_file(os.path.join(layout.postfix_etc, "virtual"), virtual_aliases(), mtime_back=60)


def sender_login_map():
    """Envelope sender -> SASL logins allowed to use it."""
    owners = {email: [email] for email, _ in mailbox_owners()}
    for orgbox, members in orgbox_members().items():
        owners[orgbox] = [orgbox] + members
    return "".join("%s %s\n" % (s, ",".join(logins)) for s, logins in sorted(owners.items()))


def virtual_aliases():
    orgbox = next(iter(orgbox_members()))
    return ("postmaster@%s %s\nabuse@%s %s\n" % (accounts.DOMAIN, orgbox, accounts.DOMAIN, orgbox))


# --- slapd -----------------------------------------------------------------------------------

def write_slapd(layout):
    os.makedirs(layout.ldap_db, exist_ok=True)
    values = {"LDAP_DIR": layout.ldap, "BASE_DN": ldapdata.BASE_DN, "BIND_DN": ldapdata.BIND_DN,
              "BIND_PASSWORD": LDAP_BIND_PASSWORD, "PKI_DIR": layout.pki,
              "PEOPLE_DN": ldapdata.PEOPLE, "ORGS_DN": ldapdata.ORGS}
    conf = os.path.join(layout.ldap, "slapd.conf")
    write_file(os.path.join(layout.ldap, "medimail.schema"), render("medimail.schema", {}))
    write_file(conf, render("slapd.conf", values))
    if not os.path.exists(os.path.join(layout.ldap_db, "data.mdb")):
        ldif = os.path.join(layout.ldap, "directory.ldif")
        write_file(ldif, ldapdata.ldif())
        run(["slapadd", "-q", "-f", conf, "-l", ldif])
    return conf
