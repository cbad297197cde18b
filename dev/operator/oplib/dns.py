"""A local DNS server (dnsmasq) publishing RFC 6186 SRV records for the operator's domains,
so the app's "servers found from the address" can be tested against a real resolver.

dnsmasq answers only from its own data: no upstream servers, no /etc/hosts, and `local=`
for every name, so whatever it does not know is NXDOMAIN, never forwarded. SRV targets are
`localhost`: the server certificate names it, and the app resolves it through the system
resolver (/etc/hosts), not through this server (which has no A record for it).
"""
import os
import random
import socket
import struct

from . import accounts
from .daemons import Daemon, _spawn
from .ports import HOST
from .util import write_file

PORT_KEY = "dns"
TARGET = "localhost"
STARTTLS_DOMAIN = "starttls." + accounts.DOMAIN
REFUSED_DOMAIN = "refused." + accounts.DOMAIN


def _srv(service, port, priority, weight=1, target=TARGET):
    return {"service": service, "target": target, "port": port, "priority": priority,
            "weight": weight}


def _not_available(service):
    # RFC 2782: target "." = "service decidedly not available"; RFC 6186 writes it `0 0 0 .`.
    return _srv(service, 0, 0, 0, ".")


def domains(ports):
    """env.json `dns.domains`: each domain's SRV records. STARTTLS services always have
    priority 10, implicit TLS 0 (RFC 8314 prefers it), whatever the domain."""
    return {
        # Everything, implicit TLS preferred over STARTTLS by priority.
        accounts.DOMAIN: [_srv("_imaps._tcp", ports["imaps"], 0),
                          _srv("_imap._tcp", ports["imap"], 10),
                          _srv("_submissions._tcp", ports["submissions"], 0),
                          _srv("_submission._tcp", ports["submission"], 10),
                          # The operator's directory (LDAP, StartTLS on the one port).
                          _srv("_ldap._tcp", ports["ldap"], 0),
                          # ManageSieve (RFC 5804 §1.8), STARTTLS.
                          _srv("_sieve._tcp", ports["managesieve"], 0)],
        # STARTTLS only: the client must fall back from the missing implicit-TLS services.
        STARTTLS_DOMAIN: [_srv("_imap._tcp", ports["imap"], 10),
                          _srv("_submission._tcp", ports["submission"], 10)],
        # Implicit TLS explicitly refused (target "."), STARTTLS IMAP published.
        REFUSED_DOMAIN: [_not_available("_imaps._tcp"),
                         _srv("_imap._tcp", ports["imap"], 10),
                         _not_available("_submissions._tcp")],
    }


def env_section(ports):
    return {"host": HOST, "port": ports[PORT_KEY], "domains": domains(ports)}


def conf_dir(layout):
    return os.path.join(layout.dir, "dns")


def conf_path(layout):
    return os.path.join(conf_dir(layout), "dnsmasq.conf")


def write_config(layout, users, ports):
    lines = [
        "# Written by dev/operator (oplib/dns.py) at each start.",
        # Only this loopback address and port, UDP and TCP; nothing of the system's: no
        # resolv.conf (no upstream), no /etc/hosts, no polling of either.
        "listen-address=%s" % HOST,
        "bind-interfaces",
        "port=%d" % ports[PORT_KEY],
        "no-resolv",
        "no-hosts",
        "no-poll",
        "pid-file=%s" % Dnsmasq.pid_path(layout),
        "log-facility=%s" % os.path.join(layout.logs, "dnsmasq.log"),
        "log-queries",
    ]
    if users.privileged:
        # Else dnsmasq switches to its compiled-in user `nobody` (and group `dip` when it
        # exists), which must then own the log and reach DIR. A server on loopback for tests
        # may as well stay root.
        lines += ["user=root", "group=root"]
    # Answer from local data only: unknown names under the test domains and any other name
    # (patient.mssante.fr, example.com...) are NXDOMAIN. Without the catch-all `/#/`,
    # dnsmasq answers REFUSED for names it would have to forward.
    lines.append("local=/#/")
    for domain, records in domains(ports).items():
        lines.append("local=/%s/" % domain)
        for r in records:
            name = "%s.%s" % (r["service"], domain)
            # An empty target is dnsmasq's spelling of "." (RFC 2782 "not available"); the
            # port must then be given (0), else dnsmasq publishes its default, 1.
            target = "" if r["target"] == "." else r["target"]
            lines.append("srv-host=%s,%s,%d,%d,%d" % (name, target, r["port"], r["priority"],
                                                      r["weight"]))
    os.makedirs(conf_dir(layout), exist_ok=True)
    write_file(conf_path(layout), "\n".join(lines) + "\n")


class Dnsmasq(Daemon):
    name = "dnsmasq"
    process_name = "dnsmasq"
    port_keys = (PORT_KEY,)
    foreground = True

    @staticmethod
    def pid_path(layout):
        return os.path.join(layout.run, "dnsmasq.pid")

    def pid_file(self):
        return self.pid_path(self.layout)

    def log_file(self):
        return os.path.join(self.layout.logs, "dnsmasq.log")

    def logs(self):
        # Start-up errors (e.g. port in use) go to stderr, not to the log facility.
        return [os.path.join(self.layout.logs, "dnsmasq-start.log"), self.log_file()]

    def launch(self):
        # -k: stay in the foreground (a failure is the launcher's exit) but drop privileges
        # and write the pid file as a daemon would (-d would do neither).
        self.launcher = _spawn(["dnsmasq", "--conf-file=" + conf_path(self.layout),
                                "--keep-in-foreground"],
                               os.path.join(self.layout.logs, "dnsmasq-start.log"))

    def ports_open(self):
        """Ready when a real UDP query is answered (TCP alone could be up first)."""
        if not self.ports.get(PORT_KEY):
            return False
        try:
            rcode, _, answers = query(HOST, self.ports[PORT_KEY],
                                      "_imaps._tcp." + accounts.DOMAIN, timeout=0.5)
        except (OSError, ValueError):
            return False
        return rcode == 0 and bool(answers)


# --- a minimal DNS client (SRV over UDP or TCP), for readiness and the selftest -----------

TYPE_SRV = 33
FLAG_AA = 0x0400


def _encode_name(name):
    out = b""
    for label in name.rstrip(".").split("."):
        raw = label.encode("idna") if label else b""
        if not raw or len(raw) > 63:
            raise ValueError("bad DNS name %r" % name)
        out += bytes([len(raw)]) + raw
    return out + b"\0"


def _decode_name(msg, pos):
    """(name, position after it); follows compression pointers. The root is '.'."""
    labels, end, jumps = [], None, 0
    while True:
        length = msg[pos]
        if length & 0xC0 == 0xC0:
            if end is None:
                end = pos + 2
            pos = ((length & 0x3F) << 8) | msg[pos + 1]
            jumps += 1
            if jumps > 64:
                raise ValueError("DNS compression loop")
            continue
        pos += 1
        if length == 0:
            break
        labels.append(msg[pos:pos + length].decode("ascii"))
        pos += length
    return (".".join(labels) or "."), (end if end is not None else pos)


def query(host, port, name, qtype=TYPE_SRV, tcp=False, timeout=2.0):
    """Ask one question. Returns (rcode, flags, answers); each SRV answer is
    {"name", "ttl", "priority", "weight", "port", "target"}, other types {"name", "type"}."""
    qid = random.randrange(1 << 16)
    packet = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0) + _encode_name(name) + \
        struct.pack(">HH", qtype, 1)
    if tcp:
        with socket.create_connection((host, port), timeout=timeout) as s:
            s.sendall(struct.pack(">H", len(packet)) + packet)
            data = _recv_exact(s, struct.unpack(">H", _recv_exact(s, 2))[0])
    else:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.settimeout(timeout)
            s.sendto(packet, (host, port))
            while True:
                data = s.recv(4096)
                if data[:2] == packet[:2]:
                    break
    rid, flags, qd, an, _, _ = struct.unpack(">HHHHHH", data[:12])
    if rid != qid:
        raise ValueError("DNS answer id mismatch")
    pos = 12
    for _ in range(qd):
        pos = _decode_name(data, pos)[1] + 4
    answers = []
    for _ in range(an):
        rname, pos = _decode_name(data, pos)
        rtype, _, ttl, rdlen = struct.unpack(">HHIH", data[pos:pos + 10])
        pos += 10
        if rtype == TYPE_SRV:
            priority, weight, rport = struct.unpack(">HHH", data[pos:pos + 6])
            target = _decode_name(data, pos + 6)[0]
            answers.append({"name": rname, "ttl": ttl, "priority": priority, "weight": weight,
                            "port": rport, "target": target})
        else:
            answers.append({"name": rname, "type": rtype})
        pos += rdlen
    return flags & 0xF, flags, answers


def _recv_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise OSError("DNS connection closed early")
        buf += chunk
    return buf
