"""`start --with psc`: the local OpenID Connect provider shaped like Pro Santé Connect
(dev/psc, Node's oidc-provider), its configuration, its Dovecot oauth2 passdb settings and
env.json's `psc`."""
import hashlib
import json
import os
import secrets
import shutil

from . import accounts
from .daemons import Daemon, _spawn
from .layout import REPO_ROOT
from .ports import HOST
from .util import OperatorError, write_file

NAME = "psc"
PORT_KEY = "psc"
PSC_DIR = os.path.join(REPO_ROOT, "dev", "psc")
SERVER = os.path.join(PSC_DIR, "server.mjs")
REALM_PATH = "/auth/realms/esante-wallet"
CLIENT_ID = "medimail-desktop"
INTROSPECTION_CLIENT_ID = "dovecot"
DEFAULT_ACCESS_TTL = 120
DEFAULT_REFRESH_TTL = 3600
# Redirect URIs registered for the app; any port is accepted on the loopback (RFC 8252).
REDIRECT_URIS = ["http://127.0.0.1/callback", "http://127.0.0.1/"]
# Profession code (TRE_G15) of a physician, and the role OID the way PSC writes SubjectRole.
ROLE_PHYSICIAN = "10^1.2.250.1.213.1.1.5.5"


def issuer(ports):
    # `localhost` is in the server certificate, and is what PSC-like redirects use.
    return "https://localhost:%d%s" % (ports[PORT_KEY], REALM_PATH)


def practitioners():
    """The demo accounts with an RPPS: the ones PSC knows."""
    return [a for a in accounts.demo_accounts() if a.rpps]


def subject_name_id(account):
    """PSC's SubjectNameID: '8' (RPPS identifier type) + RPPS, as the CPS certificate CN."""
    return account.cert_cn


def _scrypt(password):
    salt = secrets.token_bytes(16)
    # Cheap parameters: a test bed's throwaway passwords, hashed at every start.
    n, r, p = 2 ** 12, 8, 1
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, dklen=32)
    return {"salt": salt.hex(), "n": n, "r": r, "p": p, "hash": digest.hex()}


def _ref_pro(a):
    """SubjectRefPro shaped like PSC's (one exercice, one activity), from the account."""
    return {
        "codeCivilite": "",
        "exercices": [{
            "codeProfession": "10",
            "codeCategorieProfessionnelle": "E" if a.kind == "interne" else "C",
            "codeCiviliteDexercice": "DR" if a.kind != "interne" else "",
            "nomDexercice": a.family_name,
            "prenomDexercice": a.given_name,
            "codeTypeSavoirFaire": "S",
            "codeSavoirFaire": "SM54",
            "activities": [{
                "codeModeExercice": "S" if a.kind == "interne" else "L",
                "raisonSocialeSite": a.organisation,
                "codePostalCoordStructure": a.postal_code,
                "libelleCommuneCoordStructure": a.city,
            }],
        }],
    }


def _user(a):
    return {
        "subject_name_id": subject_name_id(a), "rpps": a.rpps, "email": a.email,
        "given_name": a.given_name, "family_name": a.family_name,
        "organisation": a.organisation, "roles": [ROLE_PHYSICIAN], "ref_pro": _ref_pro(a),
        "password_scrypt": _scrypt(a.password),
    }


class Settings:
    """What `start --with psc` was asked for (lifetimes in seconds)."""

    def __init__(self, access_ttl=None, refresh_ttl=None):
        self.access_ttl = int(access_ttl or DEFAULT_ACCESS_TTL)
        self.refresh_ttl = int(refresh_ttl or DEFAULT_REFRESH_TTL)
        if self.access_ttl < 1 or self.refresh_ttl < self.access_ttl:
            raise OperatorError("PSC lifetimes: access >= 1 s and refresh >= access")

    def same_as(self, saved):
        return (saved or {}).get("access_ttl") == self.access_ttl and \
            saved.get("refresh_ttl") == self.refresh_ttl


def conf_dir(layout):
    return os.path.join(layout.dir, "psc")


def conf_path(layout):
    return os.path.join(conf_dir(layout), "config.json")


def write_config(layout, ports, settings):
    """The provider's configuration (client secrets, password hashes): private to DIR."""
    if not shutil.which("node") or not os.path.isdir(os.path.join(PSC_DIR, "node_modules")):
        raise OperatorError("PSC needs node and dev/psc/node_modules: run dev/install-deps.sh")
    os.makedirs(conf_dir(layout), mode=0o700, exist_ok=True)
    conf = {
        "host": HOST, "port": ports[PORT_KEY], "issuer": issuer(ports),
        "tls_cert": os.path.join(layout.pki, "server.chain.pem"),
        "tls_key": os.path.join(layout.pki, "server.key.pem"),
        "pid_file": pid_file(layout),
        "client_id": CLIENT_ID, "redirect_uris": REDIRECT_URIS,
        "introspection_client": {"client_id": INTROSPECTION_CLIENT_ID,
                                 "client_secret": secrets.token_urlsafe(24)},
        "admin_token": secrets.token_urlsafe(24),
        "access_ttl": settings.access_ttl, "id_ttl": settings.access_ttl,
        "refresh_ttl": settings.refresh_ttl,
        "users": [_user(a) for a in practitioners()],
    }
    write_file(conf_path(layout), json.dumps(conf, indent=2, ensure_ascii=False) + "\n", mode=0o600)
    return conf


def load_config(layout):
    try:
        with open(conf_path(layout)) as f:
            return json.load(f)
    except (OSError, ValueError):
        raise OperatorError("no PSC configuration in %s (start with --with psc)" % layout.dir)


def pid_file(layout):
    # Not in DIR/run: each start empties that (Dovecot's base_dir) before the provider stops.
    return os.path.join(conf_dir(layout), "psc.pid")


def log_file(layout):
    return os.path.join(layout.logs, "psc.log")


def dovecot_oauth2_conf(conf, ca_file):
    """Dovecot's oauth2 passdb: the token is POSTed to the provider's introspection endpoint
    with Dovecot's own client credentials; `email` of the answer must be the login user."""
    client = conf["introspection_client"]
    url = "https://%s:%s@localhost:%d%s/protocol/openid-connect/token/introspect" % (
        client["client_id"], client["client_secret"], conf["port"], REALM_PATH)
    return ("# Generated by dev/operator/operator (oplib/psc.py) for `start --with psc`.\n"
            "introspection_mode = post\n"
            "introspection_url = %s\n"
            "username_attribute = email\n"
            "active_attribute = active\n"
            "active_value = true\n"
            "tls_ca_cert_file = %s\n"
            "timeout_msecs = 5000\n" % (url, ca_file))


class Psc(Daemon):
    name = NAME
    process_name = "server.mjs"
    port_keys = (PORT_KEY,)
    foreground = True

    def pid_file(self):
        return pid_file(self.layout)

    def log_file(self):
        return log_file(self.layout)

    def launch(self):
        self.launcher = _spawn(["node", SERVER, conf_path(self.layout)], self.log_file(),
                               cwd=PSC_DIR)


def env_section(layout, ports, conf):
    iss = conf["issuer"]
    return {
        "issuer": iss,
        "discovery_url": iss + "/.well-known/wallet-openid-configuration",
        "openid_configuration_url": iss + "/.well-known/openid-configuration",
        "authorization_endpoint": iss + "/protocol/openid-connect/auth",
        "token_endpoint": iss + "/protocol/openid-connect/token",
        "ciba_endpoint": iss + "/protocol/openid-connect/ext/ciba/auth",
        "client_id": conf["client_id"],
        "redirect_uris": conf["redirect_uris"],
        "scope": "openid scope_all",
        "acr_values": "eidas1",
        "access_ttl": conf["access_ttl"],
        "id_ttl": conf["id_ttl"],
        "refresh_ttl": conf["refresh_ttl"],
        "port": ports[PORT_KEY],
        "log": log_file(layout),
        "testbed_url": "https://localhost:%d/_testbed" % ports[PORT_KEY],
        "practitioners": [{"key": a.key, "login": subject_name_id(a),
                           "subject_name_id": subject_name_id(a), "email": a.email}
                          for a in practitioners()],
    }
