"""start / stop / status of one operator directory."""
import contextlib
import fcntl
import json
import os
import shutil
import stat
import subprocess
import sys

from . import accounts, config, courier, cyrus, dns, imap_servers, pki, ports as portsmod, psc
from .daemons import Dovecot, Postfix, Relay, Slapd, wait_ready
from .layout import MAX_RUN_DIR, Layout, Users
from .ldapdata import BASE_DN, BIND_DN, ORGS, PEOPLE
from .util import OperatorError, descendants, processes, terminate, write_file

START_ATTEMPTS = 3


def msa_for(users):
    return "postfix" if users.privileged else "dovecot-submission"


def daemons_for(layout, ports, msa):
    mta = Postfix(layout, ports) if msa == "postfix" else Relay(layout, ports)
    # Order matters for stop: the MTA first so nothing is delivered into a stopping Dovecot.
    # Start goes in reverse: dnsmasq (instant, needs nothing) and slapd first.
    return [mta, Dovecot(layout, ports, msa), Slapd(layout, ports), dns.Dnsmasq(layout, ports)]


def saved_msa(layout):
    try:
        with open(layout.env_json) as f:
            return json.load(f).get("msa")
    except (OSError, ValueError):
        return None


def saved_servers(layout):
    """The optional IMAP servers (courier, cyrus) the running operator was started with."""
    try:
        with open(layout.env_json) as f:
            listed = json.load(f).get("imap_servers") or {}
    except (OSError, ValueError):
        return []
    return [n for n in imap_servers.NAMES if n in listed]


def saved_psc(layout):
    """env.json `psc` of the running operator (None when started without it)."""
    try:
        with open(layout.env_json) as f:
            return json.load(f).get("psc")
    except (OSError, ValueError):
        return None


def psc_daemons(layout, ports, wanted):
    return [psc.Psc(layout, ports)] if wanted else []


def running_daemons(layout):
    """Daemons of `layout` that are alive now (from their pid files)."""
    ports = portsmod.load(layout) or {k: 0 for k in portsmod.PORT_KEYS}
    found = []
    for msa in ("postfix", "dovecot-submission"):
        for d in (psc_daemons(layout, ports, True) + daemons_for(layout, ports, msa)
                  + imap_servers.all_daemons(layout, ports)):
            if d.running() and d.name not in [x.name for x in found]:
                found.append(d)
    return found


def is_up(layout):
    ports = portsmod.load(layout)
    msa = saved_msa(layout)
    if not ports or not msa or not os.path.exists(layout.env_json):
        return False
    daemons = daemons_for(layout, ports, msa) + imap_servers.daemons(layout, ports, saved_servers(layout))
    daemons += psc_daemons(layout, ports, saved_psc(layout))
    return all(d.running() and d.ports_open() for d in daemons)


@contextlib.contextmanager
def _locked(layout):
    """One start/stop at a time per directory: tests that share a directory may race."""
    with open(os.path.join(layout.dir, ".lock"), "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        yield


def start(directory, servers=(), psc_settings=None):
    """`servers`: optional IMAP servers to run beside Dovecot ("courier", "cyrus");
    `psc_settings`: a psc.Settings to run the Pro Santé Connect-like provider too."""
    layout = Layout(directory)
    _prepare_dir(layout)
    with _locked(layout):
        return _start_locked(layout, list(servers), psc_settings)


def _start_locked(layout, servers, psc_settings):
    if is_up(layout):
        running = saved_servers(layout)
        running_psc = saved_psc(layout)
        psc_ok = psc_settings is None or psc_settings.same_as(running_psc)
        if set(servers) <= set(running) and psc_ok:
            return load_env(layout)
        # One more server asked for, or PSC (other lifetimes): restart with all of them
        # (keeps ports and mail).
        servers = sorted(set(servers) | set(running))
        if psc_settings is None and running_psc:
            psc_settings = psc.Settings(running_psc["access_ttl"], running_psc["refresh_ttl"])
    _stop_all(layout)  # half-started or stale: start from a clean slate

    users = Users.detect()
    msa = msa_for(users)
    pki.ensure_pki(layout.pki)
    _check_socket_dir(layout)
    for attempt in range(START_ATTEMPTS):
        extra_keys = [dns.PORT_KEY] + imap_servers.port_keys(servers)
        if psc_settings:
            extra_keys.append(psc.PORT_KEY)
        ports = portsmod.allocate(layout, force_new=attempt > 0, extra_keys=extra_keys)
        psc_conf = psc.write_config(layout, ports, psc_settings) if psc_settings else None
        _write_configs(layout, users, ports, msa, psc_conf)
        imap_servers.write_configs(layout, users, ports, servers)
        daemons = daemons_for(layout, ports, msa) + imap_servers.daemons(layout, ports, servers)
        daemons += psc_daemons(layout, ports, psc_settings)
        for d in reversed(daemons):  # slapd, dovecot, then the MTA that needs Dovecot's auth
            d.start()
        try:
            wait_ready(daemons)
            break
        except OperatorError as e:
            _settle(daemons)
            _stop_all(layout)
            # Another process may have grabbed one of our ports between choice and bind.
            if "in use" not in str(e) or attempt == START_ATTEMPTS - 1:
                raise
    try:
        env = build_env(layout, ports, msa, servers, psc_conf)
    except OperatorError:
        _stop_all(layout)
        raise
    write_file(layout.env_json, json.dumps(env, indent=2, ensure_ascii=False) + "\n")
    return env


def _settle(daemons, timeout=10.0):
    """After a failed start, let the launchers that daemonise (dovecot, postfix) finish first:
    one daemon can fail within milliseconds (dnsmasq on a taken port) while another is still
    forking its master, which the stop that follows would then miss and leave running."""
    for d in daemons:
        if d.launcher is not None and not d.foreground:
            try:
                d.launcher.wait(timeout)
            except subprocess.TimeoutExpired:
                pass


def stop(directory):
    layout = Layout(directory)
    if not os.path.isdir(layout.dir):
        return []
    with _locked(layout):
        return _stop_all(layout)


def _stop_all(layout):
    stopped = []
    for d in running_daemons(layout):
        d.stop()
        stopped.append(d.name)
    if courier.stop_gam_servers(layout):
        stopped.append("gam_server")
    strays = _strays(layout)
    if strays:
        terminate(strays + [c for p in strays for c in descendants(p)], 5.0)
        stopped.append("%d stray process(es)" % len(strays))
    return stopped


def _strays(layout):
    """Daemons of this directory whose pid file is gone (deleted or overwritten): matched by
    their exact config path argument or working directory, never by a loose name."""
    args = {layout.dovecot_conf, os.path.join(layout.ldap, "slapd.conf"),
            os.path.join(layout.run, "relay.pid"), cyrus.conf_path(layout),
            "--conf-file=" + dns.conf_path(layout), psc.conf_path(layout)}
    cwds = {layout.postfix_queue: {"master"}, layout.courier: {"couriertcpd", "authdaemond"}}
    roots = {"dovecot", "master", "slapd", "python3", "python", "couriertcpd", "authdaemond",
             "dnsmasq", "node"}
    found = []
    for pid, argv, cwd in processes():
        if pid == os.getpid() or not argv or os.path.basename(argv[0]).split(".")[0] not in roots:
            continue
        if args.intersection(argv) or os.path.basename(argv[0]) in cwds.get(cwd, ()):
            found.append(pid)
    return [p for p in found if p not in {c for q in found for c in descendants(q)}]


def status(directory):
    layout = Layout(directory)
    ports = portsmod.load(layout) or {}
    msa = saved_msa(layout) or msa_for(Users.detect())
    out = {"dir": layout.dir, "running": is_up(layout), "daemons": {},
           "imap_servers": ["dovecot"] + saved_servers(layout),
           "psc": bool(saved_psc(layout))}
    if ports:
        wanted = saved_servers(layout)
        extra = imap_servers.daemons(layout, ports, wanted)
        extra += [d for d in imap_servers.all_daemons(layout, ports)
                  if d.running() and d.name not in [x.name for x in extra]]
        extra += [d for d in psc_daemons(layout, ports, True)
                  if saved_psc(layout) or d.running()]
        for d in daemons_for(layout, ports, msa) + extra:
            out["daemons"][d.name] = {"pid": d.pid(),
                                      "ports": {k: ports.get(k) for k in d.port_keys},
                                      "ports_open": d.running() and d.ports_open(),
                                      "log": d.log_file()}
    return out


def load_env(layout):
    try:
        with open(layout.env_json) as f:
            return json.load(f)
    except OSError:
        raise OperatorError("no operator environment in %s (run `operator start` first)" % layout.dir)


def _prepare_dir(layout):
    os.makedirs(layout.dir, exist_ok=True)
    for d in (layout.logs, layout.dovecot, layout.postfix, layout.ldap):
        os.makedirs(d, exist_ok=True)
    if os.geteuid() == 0:
        _make_traversable(layout.dir)


def _make_traversable(path):
    """As root, the daemons' own users (mail, dovecot, postfix) must reach DIR: temp dirs are
    created 0700. Add o+x (traverse, not list) on DIR and on root-owned ancestors lacking it."""
    current = path
    while True:
        st = os.stat(current)
        if not st.st_mode & stat.S_IXOTH:
            if st.st_uid != 0:
                raise OperatorError("%s is not traversable by the mail daemons' users" % current)
            os.chmod(current, stat.S_IMODE(st.st_mode) | stat.S_IXOTH | stat.S_IXGRP)
            if current != path:
                print("operator: added o+x to %s so the mail daemons reach %s" % (current, path),
                      file=sys.stderr)
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent


def _check_socket_dir(layout):
    if len(layout.run) > MAX_RUN_DIR:
        raise OperatorError("operator directory path too long for Unix sockets (%s): use a "
                            "directory whose path is at most %d characters"
                            % (layout.dir, MAX_RUN_DIR - len("/run")))


def _write_configs(layout, users, ports, msa, psc_conf=None):
    # Stale sockets from an earlier run confuse Dovecot (e.g. a refused anvil socket makes
    # the first failed login wait 5 s): start from an empty run directory.
    shutil.rmtree(layout.run, ignore_errors=True)
    os.makedirs(layout.run)
    _makedirs_mail(layout, users)
    oauth2 = None
    if psc_conf:
        oauth2 = psc.dovecot_oauth2_conf(psc_conf, os.path.join(layout.pki, "ca.pem"))
    config.write_dovecot(layout, users, ports, msa, oauth2)
    config.prepare_orgboxes(layout, users)
    if msa == "postfix":
        config.write_postfix(layout, ports)
    config.write_slapd(layout)
    dns.write_config(layout, users, ports)


def _makedirs_mail(layout, users):
    for d in (layout.mail, layout.dovecot_state):
        os.makedirs(d, exist_ok=True)
    os.chmod(layout.mail, 0o750)
    if users.privileged:
        os.chown(layout.mail, users.mail_uid, users.mail_gid)


# --- env.json ------------------------------------------------------------------------------

def build_env(layout, ports, msa, servers=(), psc_conf=None):
    env = {
        "dir": layout.dir,
        "host": portsmod.HOST,
        "domain": accounts.DOMAIN,
        "patient_domain": accounts.PATIENT_DOMAIN,
        "msa": msa,
        "ca_file": os.path.join(layout.pki, "ca.pem"),
        "crl_file": os.path.join(layout.pki, "crl.pem"),
        "server_names": ["localhost", "mail.medimail.test", "127.0.0.1", "::1"],
        "ports": {k: ports[k] for k in portsmod.PORT_KEYS},
        "ldap": {"url": "ldap://%s:%d" % (portsmod.HOST, ports["ldap"]), "base_dn": BASE_DN,
                 "bind_dn": BIND_DN, "bind_password": config.LDAP_BIND_PASSWORD,
                 "people_dn": PEOPLE, "organisations_dn": ORGS, "anonymous_read": True,
                 "starttls": True},
        "message_size_limit": config.MESSAGE_SIZE_LIMIT,
        "shared_access": _shared_access_text(),
        "master_login_separator": "*",
        "shared_namespace_prefix": "Shared/",
        "directory_password": config.DIRECTORY_PASSWORD,
        "logs": {"dovecot": os.path.join(layout.logs, "dovecot.log"),
                 "postfix" if msa == "postfix" else "relay":
                     os.path.join(layout.logs, "postfix.log" if msa == "postfix" else "relay.log"),
                 "slapd": os.path.join(layout.logs, "slapd.log"),
                 "dnsmasq": os.path.join(layout.logs, "dnsmasq.log")},
        "accounts": [_account_env(layout, a) for a in accounts.demo_accounts()],
        "imap_servers": imap_servers.env_section(ports, servers, os.path.join(layout.pki, "ca.pem")),
        "dns": dns.env_section(ports),
    }
    for d in imap_servers.daemons(layout, ports, servers):
        env["logs"][d.name] = d.log_file()
    if psc_conf:
        env["psc"] = psc.env_section(layout, ports, psc_conf)
        env["ports"]["psc"] = ports[psc.PORT_KEY]
        env["logs"]["psc"] = psc.log_file(layout)
    return env


def _shared_access_text():
    return ("Members of an organisational mailbox (see accounts[].shared_with) see it under the "
            "shared namespace as 'Shared/<orgbox email>/INBOX' (and /Sent, /Drafts, /Trash, "
            "/Junk, /Archive). Over IMAP only, they can also log in to it directly as a Dovecot "
            "master user: login '<orgbox email>*<member email>' with the member's password, or "
            "SASL PLAIN/EXTERNAL with authzid '<orgbox email>'. Members submit mail as the "
            "orgbox with their own SMTP login (smtpd_sender_login_maps).")


def _account_env(layout, a):
    cert = key = p12 = None
    if a.client_cert:
        cert = os.path.join(layout.pki, a.key + ".cert.pem")
        key = os.path.join(layout.pki, a.key + ".key.pem")
        p12 = os.path.join(layout.pki, a.key + ".p12")
    out = {
        "key": a.key, "email": a.email, "login": a.email, "password": a.password, "kind": a.kind,
        "display_name": a.display_name, "given_name": a.given_name, "family_name": a.family_name,
        "profession": a.profession, "specialty": a.specialty, "rpps": a.rpps,
        "cert_cn": a.cert_cn, "subject_name_id": psc.subject_name_id(a), "client_cert": cert, "client_key": key, "client_p12": p12,
        "client_p12_password": pki.P12_PASSWORD if p12 else None,
        "city": a.city, "postal_code": a.postal_code, "organisation": a.organisation or None,
        "shared_with": list(a.shared_with),
        "in_directory": a.kind != "patient",
    }
    if a.kind == "patient":
        out["ins"] = a.ins
        out["practitioner"] = False
    if a.shared_with:
        members = {x.key: x.email for x in accounts.demo_accounts()}
        out["master_logins"] = ["%s*%s" % (a.email, members[k]) for k in a.shared_with]
    return out
