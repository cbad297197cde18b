#!/usr/bin/python3
"""Virtual CPS3 card for the vsmartcard virtual reader (vpcd), on the virtualsmartcard framework.

Run by `dev/card/card start`; reads DIR/card-config.json. The card answers, like a CPS3 seen
through a T=0 reader: SELECT (MF/FID/path P1=08|09/AID), READ BINARY (<= 0xE7 bytes, 6Cxx),
GET RESPONSE (61xx), VERIFY (3 tries, 63Cx, 6983), MSE SET + INTERNAL AUTHENTICATE (RSA
PKCS#1 v1.5 over a DigestInfo, only in the IAS-ECC application DF and after VERIFY).
It never logs APDU data (so never the PIN): only INS and status words.

A control socket DIR/control.sock takes one line: remove | insert | unblock | state.
"""
import json
import logging
import os
import signal
import socket
import struct
import sys
import threading
import time

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, HERE)
# Debian's python3-virtualsmartcard installs its package under this non-default directory.
for _p in ("/usr/lib/python3/site-packages/virtualsmartcard",):
    if os.path.isdir(_p) and _p not in sys.path:
        sys.path.append(_p)

# Debian 12's package imports `Crypto` (PyCrypto) and falls back to Python 2's `sha` module;
# neither exists there (python3-pycryptodome installs as `Cryptodome`). The card never uses the
# framework's SAM crypto, so a stand-in `sha` module is enough to import it.
try:
    import Crypto.Hash  # noqa: F401
except ImportError:
    import hashlib
    import types
    _sha = types.ModuleType("sha")
    _sha.new = hashlib.sha1
    sys.modules.setdefault("sha", _sha)

from virtualsmartcard.VirtualSmartcard import (  # noqa: E402
    SmartcardOS, VPCD_CTRL_LEN, VPCD_CTRL_OFF, VPCD_CTRL_ON, VPCD_CTRL_RESET, VPCD_CTRL_ATR)

import der  # noqa: E402

CPS3_ATR = bytes.fromhex("3BAC00402A001225006480000310009000")
# Another issuer's card (a bank card's ATR): what a user may put in the reader by mistake.
OTHER_ATR = bytes.fromhex("3B6800000073C84000009000")
IAS_ECC_AID = bytes.fromhex("E828BD080F80250000 01FF0010".replace(" ", ""))
ANS_ISSUER = bytes.fromhex("8025000001")
MAX_READ = 0xE7

MF = 0x3F00
APP_FID = 0x0001          # the IAS-ECC application DF under the MF
PIN_REF = 0x01            # global PIN (in the MF): VERIFY 00 20 00 01
PIN_STORED_LEN = 8
PIN_PAD = 0xFF
PIN_TRIES = 3
KEY_AUT_REF = 0x81        # CPS_PRIV_AUT, MSE SET ... 84 01 81
AUT_ID = b"\x01"           # PKCS#15 iD shared by the key and its certificate
PIN_AUTH_ID = b"\x01"

SW_OK = b"\x90\x00"


def sw(v):
    return struct.pack(">H", v)


class File:
    def __init__(self, fid, data=b"", parent=None, aid=None, children=None):
        self.fid, self.data, self.parent, self.aid = fid, data, parent, aid
        self.children = children  # None for an EF
        for c in children or []:
            c.parent = self

    @property
    def is_df(self):
        return self.children is not None

    def fcp(self):
        parts = [der.tlv(0x82, b"\x38" if self.is_df else b"\x01"),
                 der.tlv(0x83, struct.pack(">H", self.fid))]
        if not self.is_df:
            parts.insert(0, der.tlv(0x80, struct.pack(">H", len(self.data))))
        if self.aid:
            parts.append(der.tlv(0x84, self.aid))
        # Life cycle "activated" and IAS-ECC access rules (A1/8C, contact): an EF is readable
        # always (AMB 01 = READ, SCB 00 = always); nothing else is offered.
        parts.append(der.tlv(0x8A, b"\x05"))
        parts.append(der.tlv(0xA1, der.tlv(0x8C, b"\x00" if self.is_df else b"\x01\x00")))
        return der.tlv(0x62, b"".join(parts))


def build_filesystem(cfg, cert_der, ca_der):
    """MF with EF.DIR and EF.SN.ICC; the IAS-ECC DF with the PKCS#15 files."""
    app_path = struct.pack(">HH", MF, APP_FID)

    def p(fid):
        return app_path + struct.pack(">H", fid)

    serial = bytes.fromhex(cfg["serial"])
    # EF.SN.ICC (3F00/D003): tag 5A, ISO 7812 number whose bytes 2..6 are 80 25 00 00 01 (ANS).
    sn_icc = der.tlv(0x5A, ANS_ISSUER + serial)
    ef_dir = der.tlv(0x61, der.tlv(0x4F, IAS_ECC_AID) + der.tlv(0x50, b"CPS3 IAS-ECC")
                     + der.tlv(0x51, app_path))

    # EF.ATR (3F00/2F01), IAS-ECC style: card service, pre-issuing data (IC/OS/IAS-ECC versions),
    # card capabilities, the application AID and the I/O buffer sizes (send/recv, plain and SM).
    io_sizes = b"".join(der.tlv(0x02, struct.pack(">H", v)) for v in (0xFF, 0xFF, MAX_READ, MAX_READ))
    ef_atr = (der.tlv(0x43, b"\x08") + der.tlv(0x46, bytes.fromhex("0000010100"))
              + der.tlv(0x47, b"\x94\x01\x80") + der.tlv(0x4F, IAS_ECC_AID)
              + der.tlv(0xE0, io_sizes))

    # Certificate files are longer than the certificate (zero padding), like a real CPS3.
    def padded(b, size):
        return b + bytes(max(0, size - len(b)))

    cert_file = padded(cert_der, max(2048, len(cert_der)))
    ca_file = padded(ca_der, max(2048, len(ca_der))) if ca_der else None

    # ODF: privateKeys [0], certificates [4], authObjects [8] (each a Path).
    odf = (der.ctx(0, der.path(p(0x7001))) + der.ctx(4, der.path(p(0x7004)))
           + der.ctx(8, der.path(p(0x7002))))
    token_info = der.seq(der.integer(0), der.octets(serial), der.utf8("ANS (virtual test card)"),
                         der.ctx(0, ("CPS3 %s %s" % (cfg["holder"]["surname"],
                                                       cfg["holder"]["given_name"])).encode(),
                                 constructed=False),
                         der.bits(1))  # tokenflags: loginRequired
    # PrKDF: CPS_PRIV_AUT, RSA 2048, sign (bit 2), private, auth by the PIN.
    prkdf = der.seq(
        der.seq(der.utf8("CPS_PRIV_AUT"), der.bits(0), der.octets(PIN_AUTH_ID)),
        der.seq(der.octets(AUT_ID), der.bits(2), der.bits(0, 3, 4), der.integer(KEY_AUT_REF)),
        der.ctx(1, der.seq(der.path(app_path), der.integer(cfg["modulus_bits"]))))
    # CDF: the authentication certificate (same iD as the key), then the issuing CA.
    cdf = der.seq(
        der.seq(der.utf8("CPS_CERT_AUT")),
        der.seq(der.octets(AUT_ID)),
        der.ctx(1, der.seq(der.path(p(0xC000)))))
    if ca_file:
        cdf += der.seq(
            der.seq(der.utf8("CPS_CERT_CA_AUT")),
            der.seq(der.octets(b"\x10"), der.boolean(True)),
            der.ctx(1, der.seq(der.path(p(0xC001)))))
    # AODF: the PIN, ASCII numeric, 4..8 digits, stored on 8 bytes padded with 0xFF.
    aodf = der.seq(
        der.seq(der.utf8("PIN CPS"), der.bits(0)),
        der.seq(der.octets(PIN_AUTH_ID)),
        der.ctx(1, der.seq(
            der.bits(0, 4, 5),  # case-sensitive, initialized, needs-padding (global: not local)
            der.enumerated(1), der.integer(4), der.integer(PIN_STORED_LEN), der.integer(8),
            der.ctx(0, der.integer(PIN_REF)[2:], constructed=False),
            der.octets(bytes([PIN_PAD])),
            der.path(struct.pack(">H", MF)))))
    app_files = [File(0x5031, odf), File(0x5032, token_info), File(0x7001, prkdf),
                 File(0x7002, aodf), File(0x7004, cdf), File(0xC000, cert_file)]
    if ca_file:
        app_files.append(File(0xC001, ca_file))
    app = File(APP_FID, aid=IAS_ECC_AID, children=app_files)
    return File(MF, children=[File(0x2F00, ef_dir), File(0x2F01, ef_atr), File(0xD003, sn_icc),
                              app])


class CPS3OS(SmartcardOS):
    """The card's operating system: state lives here, the link only feeds it APDUs."""

    def __init__(self, cfg):
        self.kind = cfg.get("kind", "cps")
        from cryptography.hazmat.primitives import serialization
        from cryptography.x509 import load_pem_x509_certificate
        with open(cfg["key"], "rb") as f:
            key = serialization.load_pem_private_key(f.read(), password=None)
        with open(cfg["cert"], "rb") as f:
            cert = load_pem_x509_certificate(f.read())
        ca_der = b""
        if cfg.get("ca_cert"):
            with open(cfg["ca_cert"], "rb") as f:
                ca_der = load_pem_x509_certificate(f.read()).public_bytes(serialization.Encoding.DER)
        nums = key.private_numbers()
        self.n, self.d = nums.public_numbers.n, nums.d
        self.k = (self.n.bit_length() + 7) // 8
        cfg = dict(cfg, modulus_bits=self.n.bit_length())
        self.pin = cfg["pin"].encode().ljust(PIN_STORED_LEN, bytes([PIN_PAD]))
        self.tries = cfg.get("tries", PIN_TRIES)
        self.mf = build_filesystem(cfg, cert.public_bytes(serialization.Encoding.DER), ca_der)
        self.lock = threading.Lock()
        self.on_tries_changed = None
        self.reset_session()

    # --- power -----------------------------------------------------------------------------
    def reset_session(self):
        self.cur_df, self.cur_ef = self.mf, None
        self.verified = False
        self.se_key = None
        self.pending = b""  # data waiting for GET RESPONSE

    def getATR(self):
        return OTHER_ATR if self.kind == "other" else CPS3_ATR

    def powerUp(self):
        self.reset_session()

    def powerDown(self):
        self.reset_session()

    def reset(self):
        self.reset_session()

    # --- APDUs -----------------------------------------------------------------------------
    def execute(self, apdu):
        with self.lock:
            try:
                resp = self._execute(bytes(apdu))
            except Exception:  # a bug must answer 6F00, not kill the card
                logging.exception("internal error on INS %02X", apdu[1] if len(apdu) > 1 else 0)
                resp = sw(0x6F00)
        logging.info("INS %02X -> %s (%d data bytes)", apdu[1] if len(apdu) > 1 else 0,
                     resp[-2:].hex().upper(), len(resp) - 2)
        return resp

    def _execute(self, a):
        if len(a) < 4:
            return sw(0x6700)
        cla, ins, p1, p2 = a[0], a[1], a[2], a[3]
        data, le = b"", None
        if len(a) == 5:
            le = a[4] or 256
        elif len(a) > 5:
            lc = a[4]
            if lc == 0 or len(a) < 5 + lc:
                return sw(0x6700)
            data = a[5:5 + lc]
            rest = a[5 + lc:]
            if len(rest) == 1:
                le = rest[0] or 256
            elif rest:
                return sw(0x6700)
        if cla & 0xFC != 0x00:
            return sw(0x6E00)
        if ins != 0xC0:
            self.pending = b""
        handler = {0xA4: self.select, 0xB0: self.read_binary, 0xC0: self.get_response,
                   0x20: self.verify, 0x22: self.mse, 0x88: self.internal_authenticate}.get(ins)
        if handler is None:
            return sw(0x6D00)
        return handler(p1, p2, data, le)

    def respond(self, payload, data, le):
        """T=0: a command that carried data (case 4) gets 61xx and the data via GET RESPONSE;
        a case 2 command with a wrong Le gets 6Cxx."""
        if not payload:
            return SW_OK
        if data:
            self.pending = payload
            return sw(0x6100 | (len(payload) & 0xFF))
        if le is None:
            return SW_OK
        if le != len(payload) and not (le == 256 and len(payload) > 256):
            return sw(0x6C00 | (len(payload) & 0xFF))
        return payload + SW_OK

    def get_response(self, p1, p2, data, le):
        if p1 or p2:
            return sw(0x6B00)
        if not self.pending:
            return sw(0x6985)
        le = le or 256
        if le > len(self.pending):
            return sw(0x6C00 | (len(self.pending) & 0xFF))
        out, self.pending = self.pending[:le], self.pending[le:]
        if self.pending:
            return out + sw(0x6100 | (len(self.pending) & 0xFF))
        return out + SW_OK

    # SELECT ------------------------------------------------------------------------------
    def _child(self, df, fid):
        for c in df.children or []:
            if c.fid == fid:
                return c
        return None

    def _walk(self, start, fids):
        f = start
        for fid in fids:
            if fid == MF and f is start and start is self.mf:
                continue
            f = self._child(f, fid) if f.is_df else None
            if f is None:
                return None
        return f

    def _all_dfs(self, df):
        yield df
        for c in df.children or []:
            if c.is_df:
                yield from self._all_dfs(c)

    def select(self, p1, p2, data, le):
        if p2 not in (0x00, 0x04, 0x0C):
            return sw(0x6A86)
        target = None
        if p1 == 0x00:
            if not data or data == b"\x3f\x00":
                target = self.mf
            elif len(data) == 2:
                fid = struct.unpack(">H", data)[0]
                target = (self._child(self.cur_df, fid)
                          or (self.cur_df.parent if self.cur_df.parent and self.cur_df.parent.fid == fid else None)
                          or (self.cur_df if self.cur_df.fid == fid else None))
            else:
                return sw(0x6A87)
        elif p1 in (0x01, 0x02) and data == b"\x3f\x00":
            target = self.mf  # OpenSC's IAS-ECC driver selects the MF this way
        elif p1 in (0x01, 0x02) and len(data) == 2:
            f = self._child(self.cur_df, struct.unpack(">H", data)[0])
            if f and f.is_df == (p1 == 0x01):
                target = f
        elif p1 == 0x03:
            target = self.cur_df.parent or self.mf
        elif p1 == 0x04:
            for df in self._all_dfs(self.mf):
                if df.aid and data and df.aid.startswith(data):
                    target = df
                    break
        elif p1 in (0x08, 0x09):
            if not data or len(data) % 2:
                return sw(0x6A87)
            fids = [struct.unpack(">H", data[i:i + 2])[0] for i in range(0, len(data), 2)]
            start = self.mf if (p1 == 0x08 or fids[0] == MF) else self.cur_df
            if fids[0] == MF:
                fids = fids[1:]
            target = self._walk(start, fids) if fids else self.mf
        else:
            return sw(0x6A86)
        if target is None:
            return sw(0x6A82)
        if target.is_df:
            self.cur_df, self.cur_ef = target, None
        else:
            self.cur_df, self.cur_ef = target.parent, target
        if p2 & 0x0C == 0x0C:
            return SW_OK
        return self.respond(target.fcp(), data, le)

    # READ BINARY -------------------------------------------------------------------------
    def read_binary(self, p1, p2, data, le):
        if data:
            return sw(0x6700)
        if p1 & 0x80:
            return sw(0x6A81)  # short EF identifiers: not offered
        ef = self.cur_ef
        if ef is None:
            return sw(0x6986)
        off = (p1 << 8) | p2
        if off >= len(ef.data):
            return sw(0x6B00)
        avail = min(MAX_READ, len(ef.data) - off)
        le = le or 256
        if le != avail and le > avail:
            return sw(0x6C00 | avail)
        return ef.data[off:off + le] + SW_OK

    # VERIFY ------------------------------------------------------------------------------
    def verify(self, p1, p2, data, le):
        if p1 != 0x00 or p2 != PIN_REF:
            return sw(0x6A88)
        if self.tries == 0:
            return sw(0x6983)
        if not data:  # status query
            return SW_OK if self.verified else sw(0x63C0 | self.tries)
        if len(data) == PIN_STORED_LEN and data == self.pin:
            self.verified = True
            self._set_tries(PIN_TRIES)
            return SW_OK
        self.verified = False
        self._set_tries(self.tries - 1)
        logging.info("wrong PIN, %d tries left", self.tries)
        return sw(0x63C0 | self.tries)

    def _set_tries(self, n):
        if n != self.tries:
            self.tries = n
            if self.on_tries_changed:
                self.on_tries_changed(n)

    def unblock(self):
        with self.lock:
            self._set_tries(PIN_TRIES)
            self.verified = False

    # MSE SET / INTERNAL AUTHENTICATE -----------------------------------------------------
    def mse(self, p1, p2, data, le):
        if p1 != 0x41 or p2 not in (0xA4, 0xB6):
            return sw(0x6A86)
        if self.cur_df.aid != IAS_ECC_AID:
            return sw(0x6A88)  # keys live in the IAS-ECC application DF
        tags, i = {}, 0
        while i + 2 <= len(data):
            t, n = data[i], data[i + 1]
            tags[t] = data[i + 2:i + 2 + n]
            i += 2 + n
        if i != len(data):
            return sw(0x6A80)
        key = tags.get(0x84)
        alg = tags.get(0x80)
        if key != bytes([KEY_AUT_REF]):
            return sw(0x6A88)
        if alg is not None and alg != b"\x02":
            return sw(0x6A80)  # RSA PKCS#1 v1.5 only
        self.se_key = KEY_AUT_REF
        return SW_OK

    def internal_authenticate(self, p1, p2, data, le):
        if p1 or p2:
            return sw(0x6A86)
        if self.cur_df.aid != IAS_ECC_AID:
            return sw(0x6A88)
        if not self.verified:
            return sw(0x6982)
        if self.se_key is None:
            return sw(0x6985)
        if not data or len(data) > self.k - 11:
            return sw(0x6A80)
        em = b"\x00\x01" + b"\xff" * (self.k - 3 - len(data)) + b"\x00" + data
        s = pow(int.from_bytes(em, "big"), self.d, self.n).to_bytes(self.k, "big")
        return self.respond(s, data, le)


class Link:
    """The vicc side of vpcd's socket protocol, with the card removable on demand."""

    def __init__(self, os_, host, port):
        self.os, self.host, self.port = os_, host, port
        self.want_inserted = True
        self.sock = None
        self.cv = threading.Condition()
        self.connected = False

    def _recv_exact(self, n):
        buf = b""
        while len(buf) < n:
            # vpcd writes the length and the APDU separately: without quick ACKs, Nagle on its
            # side plus delayed ACKs on ours cost ~40 ms per APDU.
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise ConnectionError("vpcd closed the connection")
            buf += chunk
        return buf

    def _send(self, msg):
        self.sock.sendall(struct.pack("!H", len(msg)) + msg)

    def run(self):
        while True:
            with self.cv:
                while not self.want_inserted:
                    self.cv.wait()
            try:
                s = socket.create_connection((self.host, self.port), timeout=2)
                s.settimeout(None)
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                time.sleep(0.1)
                continue
            with self.cv:
                if not self.want_inserted:
                    s.close()
                    continue
                self.sock, self.connected = s, True
                self.cv.notify_all()
            logging.info("inserted (connected to vpcd on port %d)", self.port)
            try:
                self._serve()
            except OSError as e:
                if self.want_inserted:
                    logging.info("link lost: %s", e)
            with self.cv:
                self.connected = False
                try:
                    self.sock.close()
                except OSError:
                    pass
                self.sock = None
                self.cv.notify_all()
            self.os.powerDown()
            logging.info("removed")

    def _serve(self):
        while True:
            size = struct.unpack("!H", self._recv_exact(2))[0]
            if not size:
                continue
            msg = self._recv_exact(size)
            if size == VPCD_CTRL_LEN:
                c = msg[0]
                if c == VPCD_CTRL_OFF:
                    self.os.powerDown()
                elif c == VPCD_CTRL_ON:
                    self.os.powerUp()
                elif c == VPCD_CTRL_RESET:
                    self.os.reset()
                elif c == VPCD_CTRL_ATR:
                    self._send(self.os.getATR())
            else:
                self._send(self.os.execute(msg))

    def set_inserted(self, inserted, timeout=5.0):
        with self.cv:
            self.want_inserted = inserted
            if not inserted and self.sock is not None:
                try:
                    self.sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            self.cv.notify_all()
            end = time.monotonic() + timeout
            while self.connected != inserted:
                left = end - time.monotonic()
                if left <= 0:
                    return False
                self.cv.wait(left)
            return True


def control_server(path, link, card, state_file):
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path)
    os.chmod(path, 0o600)
    srv.listen(4)

    def state():
        return {"inserted": link.connected, "want_inserted": link.want_inserted,
                "tries_left": card.tries, "pid": os.getpid()}

    def save(_=None):
        tmp = state_file + ".tmp"
        with open(tmp, "w") as f:
            json.dump({"tries_left": card.tries}, f)
        os.replace(tmp, state_file)

    card.on_tries_changed = save
    while True:
        conn, _ = srv.accept()
        with conn:
            try:
                cmd = conn.makefile("r").readline().strip()
                ok = True
                if cmd == "remove":
                    ok = link.set_inserted(False)
                elif cmd == "insert":
                    ok = link.set_inserted(True)
                elif cmd == "unblock":
                    card.unblock()
                elif cmd != "state":
                    conn.sendall(b'{"error": "unknown command"}\n')
                    continue
                out = dict(state(), ok=ok)
                conn.sendall((json.dumps(out) + "\n").encode())
            except OSError:
                pass


def main():
    d = sys.argv[sys.argv.index("--dir") + 1]
    with open(os.path.join(d, "card-config.json")) as f:
        cfg = json.load(f)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s",
                        stream=sys.stderr)
    state_file = os.path.join(d, "card-state.json")
    if os.path.exists(state_file):  # the retry counter survives a restart of the process
        with open(state_file) as f:
            cfg["tries"] = json.load(f).get("tries_left", PIN_TRIES)
    card = CPS3OS(cfg)
    link = Link(card, "127.0.0.1", cfg["port"])
    link.want_inserted = cfg.get("inserted", True)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    t = threading.Thread(target=control_server,
                         args=(os.path.join(d, "control.sock"), link, card, state_file), daemon=True)
    t.start()
    logging.info("virtual CPS3 card ready (holder RPPS %s), vpcd port %d",
                 cfg["holder"]["rpps"], cfg["port"])
    link.run()


if __name__ == "__main__":
    main()
