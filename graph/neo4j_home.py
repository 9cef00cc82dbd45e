"""A Neo4j server installed on this machine, driven by its own tools: stop, import, start.

A home is either a Neo4j tarball (bin/neo4j, bin/neo4j-admin) or the jar folder
scripts/neo4j.sh assembles from Maven Central (lib/ and conf/, no bin/), where the
same commands are run as `java -cp lib/* <main class>`.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from graph.store import StoreError

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}
DEFAULT_BOLT_PORT = 7687
START_SECONDS = 300
# The import tool's memory; off the heap it would take up to 90 % of what is free on a
# machine others share. Scale-10 demo data needs about 1 GiB.
IMPORT_HEAP = "1g"
IMPORT_OFF_HEAP = "2G"


class HomeError(StoreError):
    """The home or its server is not in a state to import into; the message says why."""


def _setting(conf: Path, name: str) -> str | None:
    found = None
    for line in conf.read_text(encoding="utf-8", errors="replace").splitlines():
        key, _, value = line.partition("=")
        if key.strip() == name:
            found = value.strip()  # the last one wins, as in Neo4j
    return found


def _raise_open_files() -> None:
    """Neo4j wants 40,000 open files; take what the hard limit allows."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = 65536 if hard == resource.RLIM_INFINITY else min(65536, hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))


@dataclass
class Neo4jHome:
    path: Path

    def __post_init__(self) -> None:
        self.path = self.path.expanduser().resolve()
        if not self.path.is_dir():
            raise HomeError(f"Neo4j home {self.path} not found")
        if not self.conf.is_file():
            raise HomeError(f"{self.path} is not a Neo4j home: no conf/neo4j.conf")
        if not (self.path / "bin" / "neo4j-admin").is_file() and \
                not any((self.path / "lib").glob("neo4j-import-tool-*.jar")):
            raise HomeError(f"{self.path} is not a Neo4j home: neither bin/neo4j-admin nor "
                            "lib/neo4j-import-tool-*.jar")

    @property
    def conf(self) -> Path:
        return self.path / "conf" / "neo4j.conf"

    @property
    def log(self) -> Path:
        return self.path / "logs" / "tradegraph-bulk-import.log"

    def bolt_port(self) -> int:
        address = _setting(self.conf, "server.bolt.listen_address") or ""
        port = address.rpartition(":")[2]
        return int(port) if port.isdigit() else DEFAULT_BOLT_PORT

    def check_serves(self, url: str) -> None:
        """Refuse a URL this home's server does not answer: stopping it would stop nothing,
        or the wrong server."""
        parts = urlsplit(url)
        port = parts.port or DEFAULT_BOLT_PORT
        if (parts.hostname or "") not in LOCAL_HOSTS:
            raise HomeError(f"{parts.hostname} is not this machine: a bulk import stops the "
                            "server and writes its files, so it runs where the server's home is")
        if port != self.bolt_port():
            raise HomeError(f"the server of {self.path} listens on port {self.bolt_port()} "
                            f"(conf/neo4j.conf), not {port}")

    def running_pid(self) -> int | None:
        pid_file = self.path / "run" / "neo4j.pid"
        try:
            pid = int(pid_file.read_text().strip())
            os.kill(pid, 0)
        except (OSError, ValueError):
            return None
        return pid

    def _command(self, tool: str, main_class: str, *args: str,
                 jvm: tuple[str, ...] = ()) -> list[str]:
        script = self.path / "bin" / tool
        if script.is_file():
            return [str(script), *args]
        java = Path(os.environ["JAVA_HOME"]) / "bin" / "java" if os.environ.get("JAVA_HOME") \
            else shutil.which("java")
        if not java:
            raise HomeError("java not found (set JAVA_HOME): the Neo4j tools need Java 17 or 21")
        return [str(java), *jvm, "-cp", str(self.path / "lib" / "*"), main_class, *args]

    def _run(self, command: list[str], what: str, env: dict[str, str] | None = None) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        environment = {k: v for k, v in os.environ.items() if k not in ("JAVA_OPTS", "HEAP_SIZE")}
        environment.update({"NEO4J_HOME": str(self.path), "NEO4J_CONF": str(self.conf.parent)},
                           **(env or {}))
        with self.log.open("a", encoding="utf-8") as log:
            log.write(f"\n$ {' '.join(command)}\n")
            log.flush()
            # The server the launcher forks inherits these descriptors: never a pipe of ours.
            done = subprocess.run(command, cwd=self.path, env=environment,
                                  stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                  preexec_fn=_raise_open_files, check=False)
        if done.returncode != 0:
            tail = self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
            raise HomeError(f"{what} failed (exit {done.returncode}); {self.log}:\n  "
                            + "\n  ".join(tail))

    def stop(self) -> None:
        pid = self.running_pid()
        if pid is None:
            raise HomeError(f"the server of {self.path} is not running (no live process in "
                            "run/neo4j.pid): cannot stop it for the import")
        if not self._serves_from_here(pid):
            raise HomeError(f"process {pid} of {self.path}/run/neo4j.pid is not this home's "
                            "Neo4j server: will not stop it")
        # SIGTERM is all the launcher's `stop` sends (a clean shutdown with a checkpoint);
        # sent from here it spares that launcher's JVM start, about a second.
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + START_SECONDS
        while _alive(pid):
            if time.monotonic() > deadline:
                raise HomeError(f"the Neo4j server of {self.path} (pid {pid}) did not stop")
            time.sleep(0.05)
        (self.path / "run" / "neo4j.pid").unlink(missing_ok=True)

    def _serves_from_here(self, pid: int) -> bool:
        """A pid file may outlive its server and the pid be reused: check the command line."""
        try:
            args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            return True  # no /proc to ask: trust the pid file, as the launcher does
        homes = [a.partition(b"=")[2] for a in args if a.startswith(b"--home-dir=")]
        return any(Path(os.fsdecode(home)).resolve() == self.path for home in homes)

    def start(self) -> None:
        self._run(self._command("neo4j", "org.neo4j.server.startup.Neo4jCommand", "start"),
                  f"starting the Neo4j server of {self.path}")

    def _directory(self, setting: str, default: Path) -> Path:
        value = _setting(self.conf, setting)
        return self.path / value if value else default  # a relative one is under the home

    def database_files(self, database: str) -> list[Path]:
        """Where a database's store files and transaction logs live (conf/neo4j.conf)."""
        data = self._directory("server.directories.data", self.path / "data")
        logs = self._directory("server.directories.transaction_logs.root",
                               data / "transactions")
        return [data / "databases" / database, logs / database]

    def replace_database(self, database: str, imported: str) -> list[Path]:
        """Put the files of `imported`, which no server knows, in the place of `database`'s;
        the server must be stopped. Returns where the replaced files went, to be deleted."""
        moves = [(old, new, old.with_name(f"{old.name}.replaced-{os.getpid()}"))
                 for old, new in zip(self.database_files(database),
                                     self.database_files(imported), strict=True)]
        done: list[tuple[Path, Path, Path]] = []
        try:
            for old, new, aside in moves:
                if old.exists():
                    old.rename(aside)
                done.append((old, new, aside))
                new.rename(old)
        except OSError as error:
            for old, new, aside in reversed(done):  # put back what was moved
                if not new.exists() and old.exists():
                    old.rename(new)
                if aside.exists():
                    aside.rename(old)
            raise HomeError(f"could not put the imported files in place of {database!r}'s: "
                            f"{error}") from error
        return [aside for _, _, aside in moves if aside.exists()]

    def import_full(self, database: str, arguments: list[str], report: Path) -> None:
        """`neo4j-admin database import full` into a database the caller found empty."""
        args = ["database", "import", "full", database, "--overwrite-destination=true",
                f"--report-file={report}", f"--max-off-heap-memory={IMPORT_OFF_HEAP}",
                *arguments]
        self._run(self._command("neo4j-admin", "org.neo4j.cli.AdminTool", *args,
                                jvm=(f"-Xmx{IMPORT_HEAP}",)),
                  "neo4j-admin database import", env={"HEAP_SIZE": IMPORT_HEAP})


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
