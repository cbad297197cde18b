"""Free loopback ports for one operator directory, remembered across restarts."""
import json
import os
import socket

from .util import port_free, write_file

HOST = "127.0.0.1"
PORT_KEYS = ["imaps", "imap", "submission", "submissions", "smtp", "lmtp", "managesieve", "ldap",
             "submission_cert", "submissions_cert"]
# Ports served over UDP as well as TCP (DNS): the same number must be free in both.
UDP_KEYS = ("dns",)


def _fresh_ports(count, udp_count=0):
    """Let the kernel pick: bind port 0. All sockets stay open until every port is
    chosen so the same port cannot come back twice. Returns (`udp_count` ports free for both
    UDP and TCP, `count` TCP ports)."""
    socks, udp, tcp = [], [], []
    try:
        while len(udp) < udp_count:
            u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            socks.append(u)  # kept bound even when its TCP twin is taken: not offered again
            u.bind((HOST, 0))
            t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            socks.append(t)
            try:
                t.bind((HOST, u.getsockname()[1]))
            except OSError:
                continue
            udp.append(u.getsockname()[1])
        for _ in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            socks.append(s)
            s.bind((HOST, 0))
            tcp.append(s.getsockname()[1])
    finally:
        for s in socks:
            s.close()
    return udp, tcp


def _still_free(key, port):
    return port_free(HOST, port) and (key not in UDP_KEYS or port_free(HOST, port, socket.SOCK_DGRAM))


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
    `extra_keys`: the DNS port and those of the optional IMAP servers (courier_imaps, …)."""
    keys = PORT_KEYS + [k for k in extra_keys if k not in PORT_KEYS]
    saved = {} if force_new else (_load_any(layout) or {})
    ports = {k: p for k, p in saved.items() if k in keys and _still_free(k, p)}
    missing = [k for k in keys if k not in ports]
    n_udp = sum(1 for k in missing if k in UDP_KEYS)
    taken = set(ports.values())
    udp, tcp = _fresh_ports(len(missing) - n_udp + len(taken), n_udp + len(taken) if n_udp else 0)
    udp = [p for p in udp if p not in taken]
    tcp = [p for p in tcp if p not in taken]
    for k in missing:
        ports[k] = (udp if k in UDP_KEYS else tcp).pop(0)
    ports = {k: ports[k] for k in keys}
    write_file(layout.ports_json, json.dumps(ports, indent=2) + "\n")
    return ports


def forget(layout):
    try:
        os.unlink(layout.ports_json)
    except FileNotFoundError:
        pass
