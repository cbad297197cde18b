"""`operator seed --count N --mailbox EMAIL [--folder F] [--server S]`: many messages, fast.

IMAP APPEND runs at a few hundred messages a second; writing Maildir files directly is two
orders of magnitude faster. Files go to tmp/ then are renamed into cur/ (the Maildir way, so
a running Dovecot never sees half a file), owned by the mail user, dated with mtime
(= INTERNALDATE). One Dovecot sync at the end builds the index, so the first client SELECT
is quick. Seeding is additive: a second run appends N more (numbering continues).

Courier (`--server courier`) keeps Maildir++ too: the folder is created over IMAP, the files
written the same way, and one SELECT lets Courier give them UIDs. Cyrus (`--server cyrus`)
owns its store (its index must list every file), so messages go in over IMAP, a few hundred
per MULTIAPPEND command with non-synchronising literals (LITERAL+), on one connection.
"""
import os
import random
import socket
import time
from datetime import datetime, timedelta, timezone

from . import config, courier, cyrus, imap_servers, imapc
from .bulk_content import Generator
from .layout import Users
from .util import OperatorError, run

PARIS = timezone(timedelta(hours=1), "CET")
SPAN_DAYS = 730


def seed(layout, env, mailbox, folder, count, seed=2025, server="dovecot"):
    if count < 1:
        raise OperatorError("--count must be at least 1")
    mailbox = mailbox.lower()
    if server != "dovecot":
        passwords = dict(imap_servers.owners())
        if mailbox not in passwords:
            raise OperatorError("unknown mailbox %s on %s (one of the demo accounts)" % (mailbox, server))
        seeder = _seed_courier if server == "courier" else _seed_cyrus
        return seeder(layout, env, mailbox, passwords[mailbox], folder, count, seed)
    if mailbox not in {e for e, _ in config.mailbox_owners()}:
        raise OperatorError("unknown mailbox %s (a demo account or a directory address)" % mailbox)
    started = time.monotonic()
    users = Users.detect()
    doveadm = _Doveadm(layout)
    doveadm.create_folder(mailbox, folder)
    target = _folder_dir(layout, mailbox, folder)
    for sub in ("cur", "new", "tmp"):
        if not os.path.isdir(os.path.join(target, sub)):
            raise OperatorError("Dovecot did not create %s" % os.path.join(target, sub))
    first = _existing_count(target)
    dates = _dates(seed, mailbox, folder, first, count)
    owner_name = _display_name(env, mailbox)
    _write_parallel(users, target, Generator(seed, mailbox, folder, owner_name), first, dates)
    written = time.monotonic()
    total = doveadm.sync(mailbox, folder)
    return {"mailbox": mailbox, "folder": folder, "count": count,
            "seconds": round(time.monotonic() - started, 2),
            "write_seconds": round(written - started, 2),
            "index_seconds": round(time.monotonic() - written, 2),
            "messages_in_folder": total, "path": target}


class _Doveadm:
    """doveadm against this operator's private configuration."""

    def __init__(self, layout):
        self.base = ["doveadm", "-c", layout.dovecot_conf]

    def create_folder(self, user, folder):
        if folder.upper() == "INBOX":
            # A status call is enough to make Dovecot create the user's Maildir.
            self.sync(user, "INBOX")
            return
        p = run(self.base + ["mailbox", "create", "-s", "-u", user, folder], check=False)
        if p.returncode != 0 and b"already exists" not in p.stderr.lower():
            raise OperatorError("doveadm mailbox create failed: %s" % p.stderr.decode(errors="replace"))

    def sync(self, user, folder):
        p = run(self.base + ["-f", "flow", "mailbox", "status", "-u", user, "messages", folder])
        out = p.stdout.decode().strip()
        return int(out.split("=", 1)[1]) if "=" in out else None


def _folder_dir(layout, mailbox, folder):
    """Maildir++ on disk: INBOX is the root, 'A/B é' is '.A.B &AOk-'."""
    root = os.path.join(layout.home(mailbox), "Maildir")
    if folder.upper() == "INBOX":
        return root
    return os.path.join(root, "." + imapc.mutf7(folder).replace("/", "."))


def _existing_count(target):
    return sum(len(os.listdir(os.path.join(target, sub))) for sub in ("cur", "new"))


def _dates(seed, mailbox, folder, first, count):
    """Working-hours dates over the last two years, ascending: Dovecot gives new Maildir
    files UIDs in file-name order and names start with the date, so UID order is date order."""
    rnd = random.Random("%d:%s:%s:dates:%d" % (seed, mailbox, folder, first))
    now = datetime.now(PARIS).replace(microsecond=0)
    start = now - timedelta(days=SPAN_DAYS)
    out = []
    for _ in range(count):
        day = start + timedelta(days=rnd.randrange(SPAN_DAYS))
        when = day.replace(hour=rnd.choice([7, 8, 9, 9, 10, 10, 11, 11, 12, 14, 14, 15, 15, 16, 17, 18, 19, 21]),
                           minute=rnd.randrange(60), second=rnd.randrange(60))
        out.append(min(when, now))
    out.sort()
    return out


def _display_name(env, mailbox):
    for a in env["accounts"]:
        if a["email"] == mailbox:
            return a["display_name"]
    return mailbox.split("@")[0].replace(".", " ").title()


def _write_parallel(users, target, gen, first, dates):
    """Fork one writer per CPU, each taking every k-th message; children run as the mail user."""
    workers = max(1, min(os.cpu_count() or 1, 4, len(dates) // 500 or 1))
    pids = []
    for w in range(workers):
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                if users.privileged:
                    os.setgid(users.mail_gid)
                    os.setuid(users.mail_uid)
                _write_slice(target, gen, first, dates, w, workers)
                code = 0
            except BaseException as e:  # report, never fall back into the parent's code path
                os.write(2, ("seed worker %d: %s\n" % (w, e)).encode())
            finally:
                os._exit(code)
        pids.append(pid)
    failed = [pid for pid in pids if os.waitpid(pid, 0)[1] != 0]
    if failed:
        raise OperatorError("%d of %d seed workers failed" % (len(failed), workers))


def _write_slice(target, gen, first, dates, worker, workers):
    tmp, cur = os.path.join(target, "tmp"), os.path.join(target, "cur")
    host = socket.gethostname().replace("/", "_").replace(":", "_") or "localhost"
    pid = os.getpid()
    for i in range(worker, len(dates), workers):
        index = first + i
        when = dates[i]
        raw, flags = gen.message(index, when)
        ts = int(when.timestamp())
        # Unique, date-first name; S= and W= spare Dovecot a stat() and a size scan.
        base = "%d.M%06dP%dQ%d.%s,S=%d,W=%d" % (ts, index % 1000000, pid, index, host, len(raw),
                                               len(raw) + raw.count(b"\n"))
        tmp_path = os.path.join(tmp, base)
        fd = os.open(tmp_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, raw)
        finally:
            os.close(fd)
        os.utime(tmp_path, (ts, ts))
        os.rename(tmp_path, os.path.join(cur, base + ":2," + flags))


# --- Courier and Cyrus -----------------------------------------------------------------------

def _seed_courier(layout, env, mailbox, password, folder, count, seed):
    started = time.monotonic()
    name = courier.imap_name(folder)
    conn = imapc.connect(env, mailbox, password, port=env["imap_servers"]["courier"]["imaps"])
    try:
        imapc.ensure_folder(conn, name)
        target = courier.folder_dir(layout, mailbox, folder)
        if not os.path.isdir(os.path.join(target, "cur")):
            raise OperatorError("Courier did not create %s" % target)
        first = _existing_count(target)
        dates = _dates(seed, mailbox, folder, first, count)
        gen = Generator(seed, mailbox, folder, _display_name(env, mailbox))
        _write_parallel(Users.detect(), target, gen, first, dates)
        written = time.monotonic()
        # Courier gives new files their UIDs (in file-name order, so date order) at SELECT.
        typ, data = conn.select(imapc.quote(name))
        if typ != "OK":
            raise OperatorError("Courier SELECT %s failed: %s" % (name, data))
        total = int(data[0])
    finally:
        _logout(conn)
    return {"server": "courier", "mailbox": mailbox, "folder": folder, "imap_name": name,
            "count": count, "seconds": round(time.monotonic() - started, 2),
            "write_seconds": round(written - started, 2),
            "index_seconds": round(time.monotonic() - written, 2),
            "messages_in_folder": total, "path": target}


_MAILDIR_FLAGS = {"F": "\\Flagged", "R": "\\Answered", "S": "\\Seen", "D": "\\Draft"}
APPEND_BATCH = 1000


def _seed_cyrus(layout, env, mailbox, password, folder, count, seed):
    started = time.monotonic()
    name = cyrus.imap_name(folder)
    conn = imapc.connect(env, mailbox, password, port=env["imap_servers"]["cyrus"]["imaps"])
    try:
        imapc.ensure_folder(conn, name)
        typ, data = conn.status(imapc.quote(name), "(MESSAGES)")
        first = int(data[0].rsplit(b"MESSAGES", 1)[1].strip(b" )"))
        dates = _dates(seed, mailbox, folder, first, count)
        gen = Generator(seed, mailbox, folder, _display_name(env, mailbox))
        for start in range(0, count, APPEND_BATCH):
            batch = []
            for i in range(start, min(start + APPEND_BATCH, count)):
                raw, flags = gen.message(first + i, dates[i])
                # Maildir files end lines with LF; IMAP wants CRLF (Cyrus refuses bare LFs).
                raw = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
                batch.append((" ".join(_MAILDIR_FLAGS[f] for f in flags), dates[i], raw))
            _append_batch(conn, name, batch)
        typ, data = conn.status(imapc.quote(name), "(MESSAGES)")
        total = int(data[0].rsplit(b"MESSAGES", 1)[1].strip(b" )"))
    finally:
        _logout(conn)
    return {"server": "cyrus", "mailbox": mailbox, "folder": folder, "imap_name": name,
            "count": count, "seconds": round(time.monotonic() - started, 2),
            "messages_in_folder": total}


def _append_batch(conn, name, batch):
    """One MULTIAPPEND (RFC 3502) of the whole batch with non-synchronising literals
    (LITERAL+): Cyrus opens, locks and commits the mailbox once per batch, not per message."""
    import imaplib
    out = [("S APPEND %s" % imapc.quote(name)).encode()]
    for flags, when, raw in batch:
        out.append((" (%s) %s {%d+}\r\n" % (flags, imaplib.Time2Internaldate(when), len(raw))).encode())
        out.append(raw)
    out.append(b"\r\n")
    conn.send(b"".join(out))
    while True:
        line = conn.readline()
        if not line:
            raise OperatorError("Cyrus closed the connection during APPEND")
        if line.startswith(b"S "):
            if not line.startswith(b"S OK"):
                raise OperatorError("Cyrus APPEND failed: %s" % line.decode(errors="replace").strip())
            return


def _logout(conn):
    try:
        conn.logout()
    except Exception:  # the connection may already be gone after an error
        pass
