"""A real Dovecot IMAP server on a loopback port, for the tests (and `make dovecot` for developers).

Debian's `dovecot-imapd` package, a private configuration in a temporary directory, one user
in a passwd-file, plaintext login on 127.0.0.1 only. Works as root (mail owned by `nobody`)
and as an ordinary user (everything runs as that user).
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

USER = "complaints"
PASSWORD = "intake-test-password"


@dataclass
class Dovecot:
    host: str
    port: int
    user: str
    password: str
    home: Path
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.home, ignore_errors=True)


def dovecot_binary() -> str | None:
    return shutil.which("dovecot") or ("/usr/sbin/dovecot" if os.path.exists("/usr/sbin/dovecot") else None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_dovecot(port: int | None = None) -> Dovecot:
    binary = dovecot_binary()
    if binary is None:
        raise RuntimeError("Dovecot is not installed: apt-get install -y dovecot-imapd")
    port = port or free_port()
    # Dovecot's own processes (other users) read what is written here: not redress's umask 077
    umask = os.umask(0o022)
    try:
        return _start(binary, port)
    finally:
        os.umask(umask)


def _start(binary: str, port: int) -> Dovecot:
    home = Path(tempfile.mkdtemp(prefix="redress-dovecot-"))
    home.chmod(0o755)
    if os.geteuid() == 0:
        mail_user = pwd.getpwnam("nobody")
        internal, login = "dovecot", "dovenull"
    else:
        mail_user = pwd.getpwuid(os.getuid())
        internal = login = mail_user.pw_name
    mail = home / "mail"
    mail.mkdir()
    os.chown(mail, mail_user.pw_uid, mail_user.pw_gid) if os.geteuid() == 0 else None
    (home / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
    conf = home / "dovecot.conf"
    conf.write_text(
        f"""
base_dir = {home}/run
state_dir = {home}/state
log_path = {home}/dovecot.log
info_log_path = {home}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_login_user = {login}
first_valid_uid = {mail_user.pw_uid}
mail_location = maildir:{mail}/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {home}/users
}}
userdb {{
  driver = static
  args = uid={mail_user.pw_uid} gid={mail_user.pw_gid} home={mail}/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""
    )
    process = subprocess.Popen([binary, "-F", "-c", str(conf)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode(errors="replace") if process.stdout else ""
            log = (home / "dovecot.log").read_text(errors="replace") if (home / "dovecot.log").exists() else ""
            raise RuntimeError(f"Dovecot stopped: {output}\n{log}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                if s.recv(100).startswith(b"* OK"):
                    return Dovecot("127.0.0.1", port, USER, PASSWORD, home, process)
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("Dovecot did not answer within 20 seconds")


if __name__ == "__main__":  # `make dovecot`: run one in the foreground for manual tests
    server = start_dovecot(int(os.environ.get("PORT", "1143")))
    print(f"Dovecot on {server.host}:{server.port}, user {server.user}, password {server.password} (Ctrl-C stops)")
    print(
        f"REDRESS_IMAP_HOST={server.host} REDRESS_IMAP_PORT={server.port} REDRESS_IMAP_TLS=none "
        f"REDRESS_IMAP_USER={server.user} REDRESS_IMAP_PASSWORD={server.password}"
    )
    try:
        server.process.wait()
    except KeyboardInterrupt:
        server.stop()
