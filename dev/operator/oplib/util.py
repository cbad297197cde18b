"""Small process, file and socket helpers shared by the operator's modules."""
import errno
import os
import shutil
import signal
import socket
import subprocess
import time


class OperatorError(Exception):
    """An error the user should read; the CLI prints it and exits non-zero."""


def tool(name):
    """Absolute path of a system command; daemons live in /usr/sbin, often not in a user's PATH."""
    path = os.environ.get("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin"
    found = shutil.which(name, path=path)
    if not found:
        raise OperatorError("command %r not found: run dev/install-deps.sh" % name)
    return found


def run(cmd, env=None, input=None, check=True):
    cmd = [tool(cmd[0])] + list(cmd[1:])
    p = subprocess.run(cmd, env=env, input=input, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if check and p.returncode != 0:
        raise OperatorError("%s failed (exit %d):\n%s%s" % (
            " ".join(cmd), p.returncode, p.stdout.decode(errors="replace"),
            p.stderr.decode(errors="replace")))
    return p


def write_file(path, text, mode=0o644, mtime_back=None):
    """Write atomically; optionally back-date so daemons that watch mtimes see a settled file."""
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.chmod(tmp, mode)
    os.replace(tmp, path)
    if mtime_back:
        t = time.time() - mtime_back
        os.utime(path, (t, t))


def tail(path, lines=25, since=0):
    """Last `lines` lines of a log, ignoring what was there before offset `since`."""
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(since, size - 16384))
            data = f.read().decode(errors="replace")
    except OSError:
        return "(no log at %s)" % path
    return "\n".join(data.splitlines()[-lines:]) or "(nothing logged)"


def file_size(path):
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def read_pid(path):
    try:
        with open(path) as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def pid_alive(pid):
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except OSError as e:
        return e.errno == errno.EPERM
    # A zombie is as good as gone.
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def proc_cmdline(pid):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def processes():
    """(pid, argv, cwd) of every process we may inspect."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        pid = int(entry)
        try:
            with open("/proc/%d/cmdline" % pid, "rb") as f:
                argv = [a.decode(errors="replace") for a in f.read().split(b"\0") if a]
            cwd = os.readlink("/proc/%d/cwd" % pid)
        except OSError:
            continue
        if cwd.endswith(" (deleted)"):
            cwd = cwd[:-len(" (deleted)")]
        out.append((pid, argv, cwd))
    return out


def descendants(pid):
    """All live descendants of `pid` (from /proc), so a stop can wait for every child."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def terminate(pids, timeout=10.0):
    """SIGTERM, wait, then SIGKILL whatever is left. Returns once all are gone."""
    pids = [p for p in pids if pid_alive(p)]
    for p in pids:
        _signal(p, signal.SIGTERM)
    if wait_gone(pids, timeout):
        return
    for p in pids:
        _signal(p, signal.SIGKILL)
    wait_gone(pids, 5.0)


def _signal(pid, sig):
    try:
        os.kill(pid, sig)
    except OSError:
        pass


def wait_gone(pids, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(pid_alive(p) for p in pids):
            return True
        time.sleep(0.02)
    return not any(pid_alive(p) for p in pids)


def port_open(host, port, timeout=0.2):
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def port_free(host, port, kind=socket.SOCK_STREAM):
    """Whether `port` can be bound on `host`, for TCP (default) or UDP (SOCK_DGRAM)."""
    s = socket.socket(socket.AF_INET, kind)
    if kind == socket.SOCK_STREAM:
        # Daemons bind with SO_REUSEADDR, so a port only held by TIME_WAIT sockets is usable.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind((host, port))
        return True
    except OSError:
        return False
    finally:
        s.close()
