"""Start, probe and stop the operator's daemons. Each daemon is one `Daemon` object."""
import os
import signal
import socket
import subprocess
import sys
import time

from .ports import HOST
from .util import (OperatorError, descendants, pid_alive, port_open, proc_cmdline, read_pid,
                   file_size, tail, terminate, tool, wait_gone)


def _signal_all(pids, sig):
    for p in pids:
        try:
            os.kill(p, sig)
        except OSError:
            pass


def _spawn(cmd, log_path, env=None, cwd=None):
    """Run detached: own session, no inherited stdio. A caller that captures our output
    (e.g. Rust's Command::output) would otherwise wait for the daemons to exit."""
    log = open(log_path, "ab")
    try:
        cmd = [tool(cmd[0])] + list(cmd[1:])
        return subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                start_new_session=True, close_fds=True, env=env, cwd=cwd)
    finally:
        log.close()


class Daemon:
    name = ""
    process_name = ""  # expected in /proc/<pid>/cmdline, to ignore recycled pids
    port_keys = ()
    # (port key, greeting prefix) read once ports accept: proves the worker processes run,
    # not only the master's listening socket (a Dovecot login process that cannot start
    # still leaves its port open).
    greeting = None
    # True when the launched process is the daemon itself (slapd -d, the relay); False when
    # the launcher daemonises and exits 0 once listeners are bound (dovecot, postfix).
    foreground = False
    # Masters stop their children themselves, but Dovecot's waits a full second for its log
    # process: after this grace period the survivors get SIGTERM directly.
    stop_grace = 0.05

    def __init__(self, layout, ports):
        self.layout = layout
        self.ports = ports
        self.launcher = None
        self.log_offsets = {}  # log file -> size before launch: errors show this run only

    def start(self):
        for path in self.logs():
            self.log_offsets[path] = file_size(path)
        self.launch()

    def logs(self):
        return [self.log_file()]

    def log_tail(self):
        return "\n".join("Last lines of %s:\n%s" % (p, tail(p, since=self.log_offsets.get(p, 0)))
                         for p in self.logs())

    # -- overridden -------------------------------------------------------------------------
    def pid_file(self):
        raise NotImplementedError

    def log_file(self):
        raise NotImplementedError

    def launch(self):
        raise NotImplementedError

    # -- common -----------------------------------------------------------------------------
    def pid(self):
        pid = read_pid(self.pid_file())
        if pid and pid_alive(pid) and self.process_name in proc_cmdline(pid):
            return pid
        return None

    def running(self):
        return self.pid() is not None

    def ports_open(self):
        if not all(port_open(HOST, self.ports[k]) for k in self.port_keys):
            return False
        return self.greeting is None or greets(self.ports[self.greeting[0]], self.greeting[1])

    def launcher_failed(self):
        if self.launcher is None:
            return False
        rc = self.launcher.poll()
        return rc is not None and (self.foreground or rc != 0)

    def failure(self, why):
        return OperatorError("%s %s.\n%s" % (self.name, why, self.log_tail()))

    def stop(self, timeout=10.0):
        pid = self.pid()
        if not pid:
            return
        family = [pid] + descendants(pid)
        _signal_all([pid], signal.SIGTERM)
        if wait_gone(family, self.stop_grace):
            return
        _signal_all([p for p in family[1:] if pid_alive(p)], signal.SIGTERM)
        if not wait_gone(family, timeout):
            terminate(family, 1.0)  # SIGKILL what still resists


class Dovecot(Daemon):
    name = "dovecot"
    process_name = "dovecot"
    port_keys = ("imap", "imaps", "lmtp", "managesieve", "submission_cert", "submissions_cert")
    greeting = ("imap", b"* OK")

    def __init__(self, layout, ports, msa):
        super().__init__(layout, ports)
        if msa == "dovecot-submission":
            self.port_keys = self.port_keys + ("submission", "submissions")

    def pid_file(self):
        return self.layout.dovecot_pid

    def log_file(self):
        return os.path.join(self.layout.logs, "dovecot.log")

    def launch(self):
        self.launcher = _spawn(["dovecot", "-c", self.layout.dovecot_conf],
                               os.path.join(self.layout.logs, "dovecot.log"))


class Postfix(Daemon):
    name = "postfix"
    process_name = "master"
    port_keys = ("smtp", "submission", "submissions")
    greeting = ("submission", b"220")

    def pid_file(self):
        return self.layout.postfix_pid

    def log_file(self):
        return os.path.join(self.layout.logs, "postfix.log")

    def launch(self):
        self.launcher = _spawn(["postfix", "-c", self.layout.postfix_etc, "start"],
                               os.path.join(self.layout.logs, "postfix-start.log"))

    def logs(self):
        return [os.path.join(self.layout.logs, "postfix-start.log"), self.log_file()]


class Slapd(Daemon):
    name = "slapd"
    process_name = "slapd"
    port_keys = ("ldap",)
    foreground = True

    def pid_file(self):
        return self.layout.slapd_pid

    def log_file(self):
        return os.path.join(self.layout.logs, "slapd.log")

    def launch(self):
        # -d keeps slapd in the foreground (its log goes to our file, not syslog).
        self.launcher = _spawn(["slapd", "-f", os.path.join(self.layout.ldap, "slapd.conf"),
                                "-h", "ldap://%s:%d/" % (HOST, self.ports["ldap"]), "-d", "stats"],
                               self.log_file())


class Relay(Daemon):
    """SMTP-to-LMTP relay standing in for Postfix when not root (see relay.py)."""
    name = "relay"
    process_name = "relay"
    port_keys = ("smtp",)
    greeting = ("smtp", b"220")
    foreground = True

    def pid_file(self):
        return os.path.join(self.layout.run, "relay.pid")

    def log_file(self):
        return os.path.join(self.layout.logs, "relay.log")

    def launch(self):
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "relay.py")
        self.launcher = _spawn([sys.executable, "-B", script, "--pid-file", self.pid_file(),
                                "--port", str(self.ports["smtp"]), "--lmtp-port",
                                str(self.ports["lmtp"])],
                               self.log_file())


def greets(port, prefix, timeout=1.0):
    try:
        with socket.create_connection((HOST, port), timeout=timeout) as s:
            return s.recv(64).startswith(prefix)
    except OSError:
        return False


def wait_ready(daemons, timeout=20.0):
    """Until every daemon's pid file names a live process and its ports answer."""
    deadline = time.monotonic() + timeout
    pending = list(daemons)
    while pending:
        for d in list(pending):
            if d.launcher_failed():
                raise d.failure("failed to start (exit %s)" % d.launcher.returncode)
            if d.running() and d.ports_open():
                pending.remove(d)
        if not pending:
            break
        if time.monotonic() > deadline:
            d = pending[0]
            raise d.failure("did not become ready within %.0f s" % timeout)
        time.sleep(0.02)
