"""Shared by dev/psc/browse and dev/psc/approve: the operator's env.json and PSC settings,
and an HTTPS context trusting the operator's test CA. Python 3 standard library only."""
import json
import os
import ssl
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))


def die(message, code=1):
    print("%s: %s" % (os.path.basename(sys.argv[0]), message), file=sys.stderr)
    sys.exit(code)


def operator_dir(given):
    return os.path.abspath(given or os.environ.get("MEDIMAIL_OPERATOR_DIR")
                           or os.path.join(REPO_ROOT, ".operator"))


def load_env(directory):
    path = os.path.join(directory, "env.json")
    try:
        with open(path) as f:
            env = json.load(f)
    except (OSError, ValueError) as e:
        die("cannot read %s (is the operator started?): %s" % (path, e))
    if not env.get("psc"):
        die("the operator in %s runs without PSC (start it with --with psc)" % directory)
    return env


def load_private_config(directory):
    """The provider's own configuration (test hook token): readable by DIR's owner only."""
    path = os.path.join(directory, "psc", "config.json")
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        die("cannot read %s: %s" % (path, e))


def tls_context(env):
    return ssl.create_default_context(cafile=env["ca_file"])
