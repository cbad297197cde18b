"""Free loopback ports for one operator directory, remembered across restarts."""
import json
import os
import socket

from .util import port_free, write_file

HOST = "127.0.0.1"
PORT_KEYS = ["imaps", "imap", "submission", "submissions", "smtp", "lmtp", "managesieve", "ldap"]


def _fresh_ports(count):
    """Let the kernel pick: bind port 0. All sockets stay open until every port is
    chosen so the same port cannot come back twice."""
    socks, ports = [], []
    try:
        for _ in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind((HOST, 0))
            socks.append(s)
            ports.append(s.getsockname()[1])
    finally:
        for s in socks:
            s.close()
    return ports


def _load_any(layout):
    try:
        with open(layout.ports_json) as f:
            ports = json.load(f)
        return ports if isinstance(ports, dict) else None
    except (OSError, ValueError):
        return None


def load(layout):
    ports = _load_any(layout)
    if ports and all(isinstance(ports.get(k), int) for k in PORT_KEYS):
        return ports
    return None


def allocate(layout, force_new=False, extra_keys=()):
    """Reuse the ports saved for this directory that are still free; replace the others.
    `extra_keys`: ports of the optional IMAP servers (courier_imaps, …) started this time."""
    keys = PORT_KEYS + [k for k in extra_keys if k not in PORT_KEYS]
    saved = {} if force_new else (_load_any(layout) or {})
    ports = {k: p for k, p in saved.items() if k in keys and port_free(HOST, p)}
    missing = [k for k in keys if k not in ports]
    taken = set(ports.values())
    fresh = [p for p in _fresh_ports(len(missing) + len(taken)) if p not in taken]
    ports.update(zip(missing, fresh))
    ports = {k: ports[k] for k in keys}
    write_file(layout.ports_json, json.dumps(ports, indent=2) + "\n")
    return ports


def forget(layout):
    try:
        os.unlink(layout.ports_json)
    except FileNotFoundError:
        pass
