"""Private test PKI shaped like IGC-Santé, built with the openssl CLI.

RSA key generation dominates start-up time (~0.25 s a key here), so a finished PKI is kept
in a per-user cache and copied into each operator directory. The cache is versioned: bump
PKI_VERSION whenever names, extensions or accounts on certificates change.
"""
import fcntl
import os
import secrets
import shutil
import subprocess
import tempfile
import time

from . import accounts
from .util import OperatorError, run, tool

PKI_VERSION = "v2"
ISSUER_BASE = "/C=FR/O=ASIP-SANTE/OU=0002 187512751/OU=IGC-SANTE TEST"
ROOT_CN = "TEST AC RACINE IGC-SANTE FORT"
PERSONNES_CN = "TEST AC IGC-SANTE FORT PERSONNES"
ORGANISATIONS_CN = "TEST AC IGC-SANTE FORT ORGANISATIONS"
SERVER_NAMES = ["DNS:localhost", "DNS:mail.medimail.test", "DNS:imap.medimail.test",
                "DNS:smtp.medimail.test", "DNS:ldap.medimail.test", "IP:127.0.0.1", "IP:127.0.0.2",
                "IP:::1"]
P12_PASSWORD = "test"
CACHE_MAX_AGE = 2 * 365 * 86400

# `openssl ca` is only used for CRLs; its database paths come from the environment.
_CA_CNF = """
[ ca ]
default_ca = test_ca
[ test_ca ]
database = $ENV::CA_DB
crlnumber = $ENV::CA_CRLNUM
default_md = sha256
default_crl_days = 3650
"""

_OPENSSL_CNF = """
# Extensions and a minimal CA database, only used to issue the test PKI and its CRLs.
[ req ]
distinguished_name = req_dn
string_mask = utf8only
[ req_dn ]

[ v3_root ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[ v3_inter ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ v3_server ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
subjectAltName = @server_san

[ v3_client ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
"""


def cache_root():
    base = os.environ.get("MEDIMAIL_OPERATOR_CACHE")
    if not base:
        xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        base = os.path.join(xdg, "medimail-operator")
    return base


def client_accounts():
    return [a for a in accounts.demo_accounts() if a.client_cert]


def ensure_pki(pki_dir):
    """Make `pki_dir` hold the full PKI: keep it if complete, else copy it from the cache."""
    if os.path.exists(os.path.join(pki_dir, "COMPLETE")):
        return
    if os.path.exists(pki_dir):
        shutil.rmtree(pki_dir)
    try:
        cached = _ensure_cached_pki()
    except OSError:
        # No writable cache (e.g. a service user without a home): build in place, slower.
        os.makedirs(pki_dir)
        build_pki(pki_dir)
        return
    shutil.copytree(cached, pki_dir)


def _cache_fresh(target):
    """Client certificates live 3 years: rebuild a cache older than 2."""
    marker = os.path.join(target, "COMPLETE")
    return os.path.exists(marker) and time.time() - os.path.getmtime(marker) < CACHE_MAX_AGE


def _ensure_cached_pki():
    root = cache_root()
    target = os.path.join(root, "pki-" + PKI_VERSION)
    if _cache_fresh(target):
        return target
    os.makedirs(root, exist_ok=True)
    # Parallel test processes may all find the cache empty: one builds, the others wait.
    with open(os.path.join(root, "pki.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _cache_fresh(target):
            work = tempfile.mkdtemp(prefix="pki-build-", dir=root)
            try:
                build_pki(work)
                if os.path.exists(target):
                    shutil.rmtree(target)
                os.rename(work, target)
            finally:
                if os.path.exists(work):
                    shutil.rmtree(work, ignore_errors=True)
    return target


def _openssl(*args, env=None):
    run(["openssl"] + list(args), env=env)


def _gen_keys(work, names):
    """RSA 2048 keys generated concurrently: start-up time is mostly this."""
    procs = []
    for name in names:
        path = os.path.join(work, name + ".key.pem")
        procs.append((name, subprocess.Popen(
            [tool("openssl"), "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
             "-out", path], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)))
    for name, p in procs:
        _, err = p.communicate()
        if p.returncode != 0:
            raise OperatorError("openssl genpkey %s failed: %s" % (name, err.decode(errors="replace")))


def _serial():
    return "0x" + secrets.token_hex(8)


def _issue(work, cnf, name, subject, issuer, ext, days, multivalue=False):
    """CSR for `name` then signature by `issuer` (a basename in `work`)."""
    p = lambda n, suffix: os.path.join(work, n + suffix)  # noqa: E731
    req = ["req", "-new", "-utf8", "-config", cnf, "-key", p(name, ".key.pem"),
           "-subj", subject, "-out", p(name, ".csr")]
    if multivalue:
        req.insert(2, "-multivalue-rdn")
    _openssl(*req)
    _openssl("x509", "-req", "-in", p(name, ".csr"), "-CA", p(issuer, ".cert.pem"),
             "-CAkey", p(issuer, ".key.pem"), "-set_serial", _serial(), "-days", str(days),
             "-sha256", "-extfile", cnf, "-extensions", ext, "-out", p(name, ".cert.pem"))
    os.unlink(p(name, ".csr"))


def _cat(out, parts):
    with open(out, "w") as f:
        for part in parts:
            with open(part) as src:
                f.write(src.read())


def _gen_crl(work, ca):
    """An empty CRL per CA, so clients that insist on revocation data can have it."""
    db = os.path.join(work, "ca-db", ca)
    os.makedirs(db, exist_ok=True)
    cnf = os.path.join(work, "ca-db", "ca.cnf")
    with open(cnf, "w") as f:
        f.write(_CA_CNF)
    open(os.path.join(db, "index.txt"), "w").close()
    with open(os.path.join(db, "crlnumber"), "w") as f:
        f.write("1000\n")
    env = dict(os.environ, CA_DB=os.path.join(db, "index.txt"),
               CA_CRLNUM=os.path.join(db, "crlnumber"))
    _openssl("ca", "-batch", "-config", cnf, "-gencrl", "-keyfile",
             os.path.join(work, ca + ".key.pem"), "-cert", os.path.join(work, ca + ".cert.pem"),
             "-out", os.path.join(work, ca + ".crl.pem"), env=env)


def build_pki(work):
    cnf = os.path.join(work, "openssl.cnf")
    with open(cnf, "w") as f:
        f.write(_OPENSSL_CNF)
        f.write("\n[ server_san ]\n")
        for i, n in enumerate(SERVER_NAMES):
            kind, value = n.split(":", 1)
            f.write("%s.%d = %s\n" % (kind, i + 1, value))
    clients = client_accounts()
    _gen_keys(work, ["root", "personnes", "organisations", "server"] + [a.key for a in clients])

    _openssl("req", "-x509", "-new", "-utf8", "-config", cnf, "-key",
             os.path.join(work, "root.key.pem"), "-subj", "%s/CN=%s" % (ISSUER_BASE, ROOT_CN),
             "-set_serial", _serial(), "-days", "7300", "-sha256", "-extensions", "v3_root",
             "-out", os.path.join(work, "root.cert.pem"))
    inter_base = "%s/OU=%s" % (ISSUER_BASE, ROOT_CN)
    _issue(work, cnf, "personnes", "%s/CN=%s" % (inter_base, PERSONNES_CN), "root", "v3_inter", 5475)
    _issue(work, cnf, "organisations", "%s/CN=%s" % (inter_base, ORGANISATIONS_CN), "root",
           "v3_inter", 5475)
    _issue(work, cnf, "server", "/C=FR/O=MEDIMAIL TEST/OU=Opérateur MSSanté de test/CN=mail.medimail.test",
           "organisations", "v3_server", 3650)
    for a in clients:
        # CPS authentication certificate: one multi-valued RDN CN=8+RPPS + SN + GN.
        subject = "/C=FR/title=%s/CN=%s+SN=%s+GN=%s" % (a.profession, a.cert_cn, a.family_name,
                                                        a.given_name)
        _issue(work, cnf, a.key, subject, "personnes", "v3_client", 1095, multivalue=True)
        _openssl("pkcs12", "-export", "-in", os.path.join(work, a.key + ".cert.pem"),
                 "-inkey", os.path.join(work, a.key + ".key.pem"),
                 "-certfile", os.path.join(work, "personnes.cert.pem"),
                 "-name", a.display_name, "-passout", "pass:" + P12_PASSWORD,
                 "-out", os.path.join(work, a.key + ".p12"))
    for ca in ("root", "personnes", "organisations"):
        _gen_crl(work, ca)
    shutil.rmtree(os.path.join(work, "ca-db"))

    _cat(os.path.join(work, "ca.pem"),
         [os.path.join(work, n + ".cert.pem") for n in ("root", "personnes", "organisations")])
    _cat(os.path.join(work, "crl.pem"),
         [os.path.join(work, n + ".crl.pem") for n in ("root", "personnes", "organisations")])
    _cat(os.path.join(work, "ca-with-crl.pem"),
         [os.path.join(work, "ca.pem"), os.path.join(work, "crl.pem")])
    _cat(os.path.join(work, "server.chain.pem"),
         [os.path.join(work, "server.cert.pem"), os.path.join(work, "organisations.cert.pem")])
    _set_modes(work, clients)
    with open(os.path.join(work, "COMPLETE"), "w") as f:
        f.write(PKI_VERSION + "\n")


def _set_modes(work, clients):
    """CA and server keys stay private; client keys are test material any local test may read."""
    client_keys = {a.key + ".key.pem" for a in clients} | {a.key + ".p12" for a in clients}
    for name in os.listdir(work):
        path = os.path.join(work, name)
        if name.endswith(".key.pem") and name not in client_keys:
            os.chmod(path, 0o600)
        else:
            os.chmod(path, 0o644)
    os.chmod(work, 0o755)
