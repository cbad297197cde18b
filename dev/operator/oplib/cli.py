"""Command line: operator start [--with courier,cyrus]|stop|env|status|seed [--dir DIR]."""
import argparse
import json
import os
import sys

from . import core
from .layout import Layout, default_dir
from .util import OperatorError


def _print_json(obj):
    print(json.dumps(obj, indent=2, ensure_ascii=False))


def cmd_start(args):
    from .imap_servers import parse_with
    from .psc import Settings
    names = [n.strip().lower() for n in (args.with_servers or "").split(",") if n.strip()]
    with_psc = "psc" in names
    if (args.psc_access_ttl or args.psc_refresh_ttl) and not with_psc:
        raise OperatorError("--psc-access-ttl/--psc-refresh-ttl go with --with psc")
    settings = Settings(args.psc_access_ttl, args.psc_refresh_ttl) if with_psc else None
    servers = parse_with(",".join(n for n in names if n != "psc"))
    _print_json(core.start(args.dir, servers, settings))


def cmd_stop(args):
    stopped = core.stop(args.dir)
    print("stopped: %s" % (", ".join(stopped) if stopped else "nothing was running"),
          file=sys.stderr)


def cmd_env(args):
    _print_json(core.load_env(Layout(args.dir)))


def cmd_status(args):
    st = core.status(args.dir)
    _print_json(st)
    return 0 if st["running"] else 3


def cmd_seed(args):
    from . import seed_bulk, seed_demo
    layout = Layout(args.dir)
    env = core.load_env(layout)
    if not core.is_up(layout):
        raise OperatorError("the operator in %s is not running (run `operator start`)" % layout.dir)
    if args.count is None:
        if args.mailbox or args.folder or args.server != "dovecot":
            raise OperatorError("--mailbox/--folder/--server go with --count")
        _print_json(seed_demo.seed(layout, env))
        return 0
    if not args.mailbox:
        raise OperatorError("seed --count needs --mailbox EMAIL")
    if args.server != "dovecot" and args.server not in env.get("imap_servers", {}):
        raise OperatorError("%s is not running here (start with --with %s)" % (args.server, args.server))
    _print_json(seed_bulk.seed(layout, env, args.mailbox, args.folder or "INBOX", args.count,
                               seed=args.seed, server=args.server))
    return 0


def build_parser():
    p = argparse.ArgumentParser(prog="operator", description=(
        "Local MSSanté test operator (Dovecot IMAP/LMTP/ManageSieve, Postfix submission, "
        "OpenLDAP directory, test IGC-Santé PKI) running from a private directory."))
    sub = p.add_subparsers(dest="command", required=True)

    def add(name, func, help_text):
        sp = sub.add_parser(name, help=help_text)
        sp.add_argument("--dir", default=None,
                        help="operator directory (default: $MEDIMAIL_OPERATOR_DIR or <repo>/.operator)")
        sp.set_defaults(func=func)
        return sp

    start = add("start", cmd_start, "start the daemons (or just print env.json if already running)")
    start.add_argument("--with", dest="with_servers", metavar="SERVERS", default="",
                       help="also run these beside Dovecot, comma-separated: the IMAP servers "
                            "courier and cyrus (each on its own ports, same accounts), and psc "
                            "(an OpenID Connect provider shaped like Pro Santé Connect)")
    start.add_argument("--psc-access-ttl", type=int, metavar="SECONDS",
                       help="PSC access and ID token lifetime (default 120)")
    start.add_argument("--psc-refresh-ttl", type=int, metavar="SECONDS",
                       help="PSC refresh token lifetime (default 3600)")
    add("stop", cmd_stop, "stop every daemon started from DIR and wait for them to exit")
    add("env", cmd_env, "print DIR/env.json")
    add("status", cmd_status, "show pids and ports; exit 3 when not running")
    seed = add("seed", cmd_seed, "load demo mail, or --count N synthetic messages")
    seed.add_argument("--count", type=int, help="number of synthetic messages to write")
    seed.add_argument("--mailbox", help="target mailbox address for --count")
    seed.add_argument("--folder", help="target folder for --count (default INBOX; '/' separates levels)")
    seed.add_argument("--seed", type=int, default=2025, help="pseudo-random seed for --count")
    seed.add_argument("--server", choices=["dovecot", "courier", "cyrus"], default="dovecot",
                      help="IMAP server whose store --count fills (default dovecot)")
    return p


def main(argv):
    args = build_parser().parse_args(argv)
    args.dir = args.dir or default_dir()
    try:
        rc = args.func(args)
    except OperatorError as e:
        print("operator: error: %s" % e, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `operator env | head`: not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return rc or 0
