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


def load(layout):
    try:
        with open(layout.ports_json) as f:
            ports = json.load(f)
        if all(isinstance(ports.get(k), int) for k in PORT_KEYS):
            return ports
    except (OSError, ValueError):
        pass
    return None


def allocate(layout, force_new=False):
    """Reuse the ports saved for this directory that are still free; replace the others."""
    saved = {} if force_new else (load(layout) or {})
    ports = {k: p for k, p in saved.items() if k in PORT_KEYS and port_free(HOST, p)}
    missing = [k for k in PORT_KEYS if k not in ports]
    taken = set(ports.values())
    fresh = [p for p in _fresh_ports(len(missing) + len(taken)) if p not in taken]
    ports.update(zip(missing, fresh))
    ports = {k: ports[k] for k in PORT_KEYS}
    write_file(layout.ports_json, json.dumps(ports, indent=2) + "\n")
    return ports


def forget(layout):
    try:
        os.unlink(layout.ports_json)
    except FileNotFoundError:
        pass
