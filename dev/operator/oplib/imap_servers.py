"""The optional IMAP servers beside Dovecot (`start --with courier,cyrus`) and env.json's
`imap_servers`: where each IMAP server listens, its namespace and capabilities."""
import imaplib
import re
import ssl
import threading

from . import accounts, config, courier, cyrus
from .ports import HOST
from .util import OperatorError

MODULES = {"courier": courier, "cyrus": cyrus}
NAMES = tuple(MODULES)


def parse_with(text):
    """'courier,cyrus' -> ['courier', 'cyrus'] (sorted, unique), refusing unknown names."""
    names = sorted({n.strip().lower() for n in (text or "").split(",") if n.strip()})
    unknown = [n for n in names if n not in MODULES]
    if unknown:
        raise OperatorError("unknown server(s) for --with: %s (known: %s)"
                            % (", ".join(unknown), ", ".join(NAMES)))
    return names


def port_keys(names):
    return [k for n in names for k in MODULES[n].PORT_KEYS]


def owners():
    """(email, password) of the mailboxes Courier and Cyrus serve: the demo accounts and
    the probe mailbox (all of them Dovecot mailboxes too, with the same passwords)."""
    return [(a.email, a.password) for a in accounts.demo_accounts()] + [probe_owner()]


def probe_owner():
    """A directory mailbox no test uses: reading capabilities at start must not log in to
    (and so create, on Cyrus) a demo account's mailbox."""
    return accounts.directory_practitioners()[0].email, config.DIRECTORY_PASSWORD


def write_configs(layout, users, ports, names):
    for n in names:
        if n == "courier":
            courier.write_config(layout, users, owners())
        else:
            cyrus.write_config(layout, users, ports, owners())


def daemons(layout, ports, names):
    return [d for n in names for d in MODULES[n].daemons(layout, ports)]


def all_daemons(layout, ports):
    """Every optional daemon, whether or not this start asked for it (stop, status)."""
    found = daemons(layout, ports, NAMES)
    if not courier.has_starttls():  # a root operator's may still run: stop finds it too
        found.insert(0, courier.Imapd(layout, ports, "courier-imap", "courier_imap", False,
                                      courier.CAPABILITY))
    return found


def env_section(ports, names, ca_file):
    """env.json `imap_servers`: dovecot always; courier, courier_plain, cyrus, cyrus_plain
    when started. Capabilities and namespace come from one login to each, in parallel."""
    servers = {"dovecot": {"host": HOST, "imaps": ports["imaps"], "imap": ports["imap"]}}
    for n in names:
        servers.update(MODULES[n].env_entries(ports))
    login, password = probe_owner()
    results, errors = {}, {}

    def probe(key, port):
        try:
            results[key] = _probe(port, ca_file, login, password)
        except (OSError, imaplib.IMAP4.error, ssl.SSLError) as e:
            errors[key] = e
    threads = [threading.Thread(target=probe, args=(k, s["imaps"])) for k, s in servers.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise OperatorError("IMAP login to read capabilities failed: %s" % "; ".join(
            "%s: %s" % kv for kv in sorted(errors.items())))
    for key, server in servers.items():
        caps, prefix, delimiter = results[key]
        server.setdefault("personal_prefix", prefix)
        server.setdefault("delimiter", delimiter)
        if (server["personal_prefix"], server["delimiter"]) != (prefix, delimiter):
            raise OperatorError("%s announces namespace (%r, %r), expected (%r, %r)" % (
                key, prefix, delimiter, server["personal_prefix"], server["delimiter"]))
        server["capabilities"] = caps
    return {k: {f: servers[k][f] for f in ("host", "imaps", "imap", "personal_prefix",
                                           "delimiter", "capabilities")} for k in servers}


_NAMESPACE = re.compile(rb'^\(\("([^"]*)" (?:"([^"]*)"|NIL)\)')


def _probe(port, ca_file, login, password):
    ctx = ssl.create_default_context(cafile=ca_file)
    conn = imaplib.IMAP4_SSL(HOST, port, ssl_context=ctx, timeout=10)
    try:
        conn.login(login, password)
        typ, data = conn.capability()  # imaplib caches the pre-login list: ask again
        caps = data[0].decode().split()
        typ, data = conn.namespace()
        m = _NAMESPACE.match(data[0] or b"")
        if not m:
            raise OperatorError("unexpected NAMESPACE answer on port %d: %r" % (port, data))
        return caps, m.group(1).decode(), (m.group(2) or b"").decode()
    finally:
        try:
            conn.logout()
        except (OSError, imaplib.IMAP4.error):
            pass
