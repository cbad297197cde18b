#!/usr/bin/env python3
"""Minimal SMTP-to-LMTP relay: the operator's inbound "smtp" port when Postfix cannot run
(Postfix needs root). Dovecot's submission service relays here after authenticating users.

Like the Postfix setup it replaces: only the test domains are accepted, unknown users are
accepted at RCPT time and bounced with an RFC 3464 report to the sender, and NOTIFY=SUCCESS
yields a "delivered" report. No queue: a temporary LMTP failure is reported at once.
Standalone on purpose (run as its own process): standard library only.
"""
import argparse
import os
import signal
import smtplib
import socketserver
import sys
import time
from email.utils import format_datetime, make_msgid
from datetime import datetime, timezone

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from oplib import accounts  # noqa: E402

HOSTNAME = "mail." + accounts.DOMAIN
MAX_SIZE = 30 * 1024 * 1024
LOCAL_DOMAINS = set(accounts.all_mail_domains())


def log(msg):
    sys.stdout.write("%s relay: %s\n" % (time.strftime("%b %d %H:%M:%S"), msg))
    sys.stdout.flush()


def parse_path(arg):
    """'<a@b> X=Y' -> ('a@b', {'X': 'Y'})"""
    addr, _, rest = arg.strip().partition(">")
    params = {}
    for p in rest.split():
        k, _, v = p.partition("=")
        params[k.upper()] = v
    return addr.lstrip("<").strip(), params


class Envelope:
    def __init__(self):
        self.sender, self.mail_params, self.rcpts = None, {}, []  # rcpts: (addr, params)


class Session(socketserver.StreamRequestHandler):
    lmtp_port = 0

    def reply(self, text):
        self.wfile.write((text + "\r\n").encode())

    def handle(self):
        self.reply("220 %s ESMTP test relay" % HOSTNAME)
        env = Envelope()
        while True:
            line = self.rfile.readline(4096)
            if not line:
                return
            cmd, _, arg = line.decode("utf-8", "replace").rstrip("\r\n").partition(" ")
            verb = cmd.upper()
            if verb in ("EHLO", "HELO"):
                env = Envelope()
                if verb == "HELO":
                    self.reply("250 %s" % HOSTNAME)
                else:
                    for ext in (HOSTNAME, "SIZE %d" % MAX_SIZE, "8BITMIME", "DSN", "ENHANCEDSTATUSCODES"):
                        self.reply("250-" + ext)
                    self.reply("250 SMTPUTF8")
            elif verb == "MAIL" and arg.upper().startswith("FROM:"):
                env = Envelope()
                env.sender, env.mail_params = parse_path(arg[5:])
                self.reply("250 2.1.0 Ok")
            elif verb == "RCPT" and arg.upper().startswith("TO:"):
                addr, params = parse_path(arg[3:])
                if env.sender is None:
                    self.reply("503 5.5.1 MAIL first")
                elif addr.rpartition("@")[2].lower() not in LOCAL_DOMAINS:
                    self.reply("554 5.7.1 <%s>: the test operator does not deliver outside its test domains" % addr)
                else:
                    env.rcpts.append((addr, params))
                    self.reply("250 2.1.5 Ok")
            elif verb == "DATA":
                if not env.rcpts:
                    self.reply("554 5.5.1 No valid recipients")
                    continue
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = self.read_data()
                self.reply(self.deliver(env, data))
                env = Envelope()
            elif verb == "RSET":
                env = Envelope()
                self.reply("250 2.0.0 Ok")
            elif verb == "NOOP":
                self.reply("250 2.0.0 Ok")
            elif verb == "QUIT":
                self.reply("221 2.0.0 Bye")
                return
            else:
                self.reply("502 5.5.2 Command not implemented")

    def read_data(self):
        chunks = []
        while True:
            line = self.rfile.readline()
            if not line or line in (b".\r\n", b".\n"):
                break
            chunks.append(line[1:] if line.startswith(b"..") else line)
        return b"".join(chunks)

    def deliver(self, env, data):
        received = ("Received: from %s by %s (test relay) for <%s>; %s\r\n" % (
            self.client_address[0], HOSTNAME, env.rcpts[0][0],
            format_datetime(datetime.now(timezone.utc)))).encode()
        data = received + data
        results = [(addr, params) + lmtp_deliver(self.lmtp_port, env.sender, addr, data)
                   for addr, params in env.rcpts]
        for addr, params, code, text in results:
            log("from=<%s> to=<%s> status=%d %s" % (env.sender, addr, code, text))
        notify_dsn(self.lmtp_port, env, results, data)
        return "250 2.0.0 Ok: queued as %s" % make_msgid().strip("<>").split("@")[0]


def lmtp_deliver(port, sender, rcpt, data):
    """One LMTP transaction per recipient, so each gets its own final status."""
    try:
        with smtplib.LMTP("127.0.0.1", port, timeout=30) as lmtp:
            lmtp.sendmail(sender, [rcpt], data)
        return 250, "delivered"
    except smtplib.SMTPRecipientsRefused as e:
        code, text = e.recipients[rcpt]
        return code, text.decode(errors="replace")
    except smtplib.SMTPResponseException as e:
        return e.smtp_code, e.smtp_error.decode(errors="replace")
    except OSError as e:
        return 451, "LMTP unavailable: %s" % e


def notify_dsn(port, env, results, data):
    if not env.sender:
        return  # never report on a report
    failed = [r for r in results if r[2] >= 400 and "NEVER" not in r[1].get("NOTIFY", "FAILURE").upper()]
    delivered = [r for r in results if r[2] < 400 and "SUCCESS" in r[1].get("NOTIFY", "").upper()]
    for group, action in ((failed, "failed"), (delivered, "delivered")):
        if group:
            report = build_dsn(env, group, action, data)
            lmtp_deliver(port, "", env.sender, report)


def _dsn_status(code, failed):
    if not failed:
        return "2.0.0"
    if code == 550:
        return "5.1.1"
    return "4.0.0" if code < 500 else "5.0.0"


def build_dsn(env, group, action, data):
    boundary = "=_dsn_%d" % int(time.time() * 1000)
    now = format_datetime(datetime.now(timezone.utc))
    failed = action == "failed"
    human = ("This is the test operator's relay at %s.\r\n\r\n%s\r\n\r\n" % (
        HOSTNAME, "Your message could not be delivered to the following recipients:" if failed
        else "Your message was successfully delivered to the following recipients:")
        + "".join("<%s>: %d %s\r\n" % (a, c, t) for a, _, c, t in group))
    per_rcpt = "".join(
        "\r\nFinal-Recipient: rfc822; %s\r\n%sAction: %s\r\nStatus: %s\r\n%s" % (
            a, ("Original-Recipient: %s\r\n" % p["ORCPT"].replace("+", ";", 1)) if "ORCPT" in p else "",
            action, _dsn_status(c, failed),
            ("Diagnostic-Code: smtp; %d %s\r\n" % (c, t)) if failed else "")
        for a, p, c, t in group)
    envid = env.mail_params.get("ENVID")
    status = ("Reporting-MTA: dns; %s\r\n%sArrival-Date: %s\r\n%s" % (
        HOSTNAME, ("Original-Envelope-Id: %s\r\n" % envid) if envid else "", now, per_rcpt))
    headers_only = env.mail_params.get("RET", "FULL").upper() == "HDRS" or not failed
    original = data.split(b"\r\n\r\n", 1)[0] + b"\r\n" if headers_only else data
    ctype = "text/rfc822-headers" if headers_only else "message/rfc822"
    subject = "Undelivered Mail Returned to Sender" if failed else "Successful Mail Delivery Report"
    head = ("From: Mail Delivery System <MAILER-DAEMON@%s>\r\nTo: <%s>\r\nSubject: %s\r\n"
            "Date: %s\r\nMessage-ID: %s\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
            "Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"%s\"\r\n\r\n"
            % (accounts.DOMAIN, env.sender, subject, now, make_msgid(domain=HOSTNAME), boundary))
    body = ("--%s\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n%s\r\n"
            "--%s\r\nContent-Type: message/delivery-status\r\n\r\n%s\r\n"
            "--%s\r\nContent-Type: %s\r\n\r\n" % (boundary, human, boundary, status, boundary, ctype))
    return head.encode() + body.encode() + original + ("\r\n--%s--\r\n" % boundary).encode()


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--lmtp-port", type=int, required=True)
    ap.add_argument("--pid-file", required=True)
    args = ap.parse_args()
    Session.lmtp_port = args.lmtp_port
    server = Server(("127.0.0.1", args.port), Session)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    with open(args.pid_file, "w") as f:
        f.write("%d\n" % os.getpid())
    log("listening on 127.0.0.1:%d, delivering to LMTP 127.0.0.1:%d" % (args.port, args.lmtp_port))
    server.serve_forever()


if __name__ == "__main__":
    main()
