"""Thin imaplib helpers: TLS login trusting the test CA, folders with accents, APPEND."""
import base64
import imaplib
import ssl

from .util import OperatorError


def mutf7(name):
    """IMAP modified UTF-7 (RFC 3501 5.1.3): how 'Suivi diabète' travels on the wire."""
    out, run = [], []

    def flush():
        if run:
            b = "".join(run).encode("utf-16-be")
            out.append("&" + base64.b64encode(b).decode().rstrip("=").replace("/", ",") + "-")
            run.clear()
    for ch in name:
        if 0x20 <= ord(ch) <= 0x7E:
            flush()
            out.append("&-" if ch == "&" else ch)
        else:
            run.append(ch)
    flush()
    return "".join(out)


def quote(name):
    return '"%s"' % mutf7(name).replace("\\", "\\\\").replace('"', '\\"')


def connect(env, login, password, port=None):
    """IMAPS login; `port`: another IMAP server's (env["imap_servers"][…]["imaps"])."""
    ctx = ssl.create_default_context(cafile=env["ca_file"])
    conn = imaplib.IMAP4_SSL(env["host"], port or env["ports"]["imaps"], ssl_context=ctx, timeout=30)
    try:
        conn.login(login, password)
    except imaplib.IMAP4.error as e:
        raise OperatorError("IMAP login as %s failed: %s" % (login, e))
    return conn


def ensure_folder(conn, name):
    if name.upper() == "INBOX":
        return
    typ, data = conn.create(quote(name))
    if typ != "OK" and b"ALREADYEXISTS" not in b" ".join(d or b"" for d in data):
        # Not every server sends the RFC 5530 code (Cyrus: "Mailbox already exists").
        typ_list, listed = conn.list('""', quote(name))
        if typ_list != "OK" or not [x for x in listed if x]:
            raise OperatorError("CREATE %s failed: %s" % (name, data))
    conn.subscribe(quote(name))


def has_message_id(conn, folder, message_id):
    typ, _ = conn.select(quote(folder), readonly=True)
    if typ != "OK":
        return False
    typ, data = conn.search(None, "HEADER", "Message-ID", '"%s"' % message_id)
    return typ == "OK" and bool(data and data[0].split())


def append(conn, folder, flags, when, raw):
    flag_str = "(%s)" % " ".join(flags) if flags else None
    typ, data = conn.append(quote(folder), flag_str, imaplib.Time2Internaldate(when), raw)
    if typ != "OK":
        raise OperatorError("APPEND to %s failed: %s" % (folder, data))
