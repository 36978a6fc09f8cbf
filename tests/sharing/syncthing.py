"""Real Syncthing daemons on 127.0.0.1 for tests: paired, one folder shared, always stopped.

`syncthing_cluster(root, ["office", "van2"])` starts two daemons with homes of their own under `root`, each
listening on a free loopback port with discovery, relays, NAT and usage reporting off, adds
each device to the others by its `tcp://127.0.0.1:PORT` address through the REST API, shares
one send-receive folder between them and yields a `Cluster`. Every wait has a deadline, and
the daemons are killed when the block ends, however it ends.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

FOLDER_ID = "tradebook-book"
START_TIMEOUT = 20.0  # seconds for a daemon to answer its REST API
CONNECT_TIMEOUT = 20.0  # seconds for every pair of devices to connect
SYNC_TIMEOUT = 30.0  # seconds for the folders to settle in step
REQUEST_TIMEOUT = 5.0  # seconds for one REST call

# Options written before a daemon first starts, so it never looks beyond the loopback: no
# global or local discovery, no relays, no NAT traversal, no usage or crash reports, no
# upgrade checks, and peers redialled every second so a restarted daemon is found at once.
# setLowPriority off: with it on, the daemon moves itself into a process group of its own and
# a kill of the group this harness started would miss it.
QUIET_OPTIONS = {
    "globalAnnounceEnabled": "false",
    "localAnnounceEnabled": "false",
    "relaysEnabled": "false",
    "natEnabled": "false",
    "urAccepted": "-1",
    "crashReportingEnabled": "false",
    "autoUpgradeIntervalH": "0",
    "startBrowser": "false",
    "reconnectionIntervalS": "1",
    "setLowPriority": "false",
}


class SyncthingError(RuntimeError):
    """A daemon did not start, answer or settle in time; the message says which and why."""


def syncthing_binary() -> str | None:
    """The syncthing program on the PATH, or None where it cannot be had."""
    return shutil.which("syncthing")


def free_ports(count: int) -> list[int]:
    """Distinct loopback ports free right now (all held open together, then released)."""
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


@dataclass
class Daemon:
    """One Syncthing instance: its home (config, keys, database), its folder and its process."""

    name: str
    binary: str
    home: Path
    folder: Path
    gui_port: int
    listen_port: int
    api_key: str = ""
    device_id: str = ""
    process: subprocess.Popen | None = None
    starts: int = 0

    @property
    def address(self) -> str:
        return f"tcp://127.0.0.1:{self.listen_port}"

    @property
    def log(self) -> Path:
        return self.home / "syncthing.log"

    def generate(self) -> None:
        """Keys and config for a new device, quietened and bound to loopback ports."""
        done = subprocess.run(
            [self.binary, "generate", f"--home={self.home}", "--no-default-folder"],
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT,
        )
        if done.returncode != 0:
            raise SyncthingError(f"{self.name}: syncthing generate failed: {done.stderr.strip()}")
        config = self.home / "config.xml"
        tree = ET.parse(config)
        gui = tree.find("gui")
        options = tree.find("options")
        if gui is None or options is None:
            raise SyncthingError(f"{self.name}: {config} has no <gui> or <options>")
        _set(gui, "address", f"127.0.0.1:{self.gui_port}")
        self.api_key = _get(gui, "apikey")
        for old in options.findall("listenAddress"):
            options.remove(old)
        ET.SubElement(options, "listenAddress").text = self.address
        for key, value in QUIET_OPTIONS.items():
            _set(options, key, value)
        tree.write(config, encoding="utf-8", xml_declaration=False)

    def start(self, timeout: float = START_TIMEOUT) -> None:
        """Run the daemon and wait until its REST API answers with its device ID."""
        if self.running:
            raise SyncthingError(f"{self.name}: already running")
        env = {**os.environ, "STNORESTART": "1", "STNOUPGRADE": "1", "STNODEFAULTFOLDER": "1"}
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    self.binary,
                    "serve",
                    f"--home={self.home}",
                    "--no-browser",
                    "--no-restart",
                    "--no-upgrade",
                    "--no-default-folder",
                    "--logflags=3",
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,  # its own process group: killed whole, never orphaned
            )
        self.starts += 1
        status = wait_for(
            lambda: self._try("GET", "/rest/system/status"),
            timeout,
            f"{self.name}: REST API on 127.0.0.1:{self.gui_port} did not answer",
            alive=self,
        )
        self.device_id = status["myID"]

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL the daemon's process group: a crash or a pulled plug, not a clean stop."""
        self._signal(signal.SIGKILL)

    def stop(self, grace: float = 5.0) -> None:
        """Ask the daemon to stop, then kill it if it has not within `grace` seconds."""
        if not self.running:
            return
        self._signal(signal.SIGTERM)
        assert self.process is not None
        try:
            self.process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.kill()

    def _signal(self, sig: int) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)
        if sig == signal.SIGKILL:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=5)

    def api(self, method: str, path: str, body: object = None, **params: str) -> object:
        """One REST call; JSON in and out. Raises SyncthingError on any failure."""
        url = f"http://127.0.0.1:{self.gui_port}{path}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("X-API-Key", self.api_key)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as response:
                text = response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode(errors="replace").strip()
            raise SyncthingError(f"{self.name}: {method} {path}: {exc.code} {detail}") from exc
        except (OSError, urllib.error.URLError) as exc:
            raise SyncthingError(f"{self.name}: {method} {path}: {exc}") from exc
        return json.loads(text) if text.strip() else None

    def _try(self, method: str, path: str, **params: str) -> object:
        """The call's answer, or None while the daemon is not (yet) answering."""
        try:
            return self.api(method, path, **params)
        except SyncthingError:
            return None

    def add_device(self, other: Daemon) -> None:
        self.api(
            "POST",
            "/rest/config/devices",
            {"deviceID": other.device_id, "name": other.name, "addresses": [other.address]},
        )

    def share_folder(self, folder_id: str, peers: list[Daemon]) -> None:
        """Share the folder, send-receive, watched with a one-second delay and rescanned often."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self.api(
            "POST",
            "/rest/config/folders",
            {
                "id": folder_id,
                "label": "tradebook",
                "path": str(self.folder),
                "type": "sendreceive",
                "fsWatcherEnabled": True,
                "fsWatcherDelayS": 1,
                "rescanIntervalS": 10,
                "devices": [{"deviceID": d.device_id} for d in [self, *peers]],
            },
        )

    def connected_to(self, other: Daemon) -> bool:
        connections = self._try("GET", "/rest/system/connections")
        if not isinstance(connections, dict):
            return False
        return bool(connections["connections"].get(other.device_id, {}).get("connected"))

    def scan(self, folder_id: str) -> None:
        """Rescan now (the call returns when the scan is done) rather than wait for the watcher."""
        self.api("POST", "/rest/db/scan", folder=folder_id)

    def folder_status(self, folder_id: str) -> dict:
        status = self.api("GET", "/rest/db/status", folder=folder_id)
        assert isinstance(status, dict)
        return status

    def completion(self, folder_id: str, device: Daemon) -> dict:
        """How complete `device`'s copy of the folder is, as this daemon knows it."""
        done = self.api("GET", "/rest/db/completion", folder=folder_id, device=device.device_id)
        assert isinstance(done, dict)
        return done

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


@dataclass
class Cluster:
    """Paired daemons sharing one folder; `folders[i]` is device i's copy of it."""

    daemons: list[Daemon]
    folder_id: str = FOLDER_ID
    settled: list[float] = field(default_factory=list)  # seconds each wait_in_sync took

    @property
    def folders(self) -> list[Path]:
        return [daemon.folder for daemon in self.daemons]

    def wait_connected(self, timeout: float = CONNECT_TIMEOUT) -> None:
        pairs = [(a, b) for a in self.daemons for b in self.daemons if a is not b]
        wait_for(
            lambda: all(a.connected_to(b) for a, b in pairs),
            timeout,
            "devices did not connect: "
            + ", ".join(f"{a.name}->{b.name}" for a, b in pairs if not a.connected_to(b)),
            cluster=self,
        )

    def wait_in_sync(self, timeout: float = SYNC_TIMEOUT) -> float:
        """Wait until every daemon is idle, needs nothing and holds the same global state.

        Each daemon rescans first, so a file written a moment ago is counted rather than
        waiting for the watcher. The state must hold on two polls in a row. Returns the
        seconds it took.
        """
        started = time.monotonic()
        for daemon in self.daemons:
            daemon.scan(self.folder_id)
        previous: list[object] = [None]

        def settled() -> bool:
            state = self._sync_state()
            ok = state is not None and previous[0] == state
            previous[0] = state
            return ok

        wait_for(settled, timeout, "folders did not come into step", cluster=self, every=0.25)
        took = time.monotonic() - started
        self.settled.append(took)
        return took

    def _sync_state(self) -> tuple | None:
        """A summary every daemon agrees on once in step, or None while any is not."""
        summaries = set()
        for daemon in self.daemons:
            try:
                status = daemon.folder_status(self.folder_id)
                if status["state"] != "idle" or status["needTotalItems"] or status["pullErrors"]:
                    return None
                for other in self.daemons:
                    if other is daemon:
                        continue
                    if not daemon.connected_to(other):
                        return None
                    done = daemon.completion(self.folder_id, other)
                    if done["completion"] < 100 or done["needItems"] or done["needDeletes"]:
                        return None
            except SyncthingError:
                return None
            summaries.add(
                (status["globalTotalItems"], status["globalBytes"], status["globalDeleted"])
            )
        return summaries.pop() if len(summaries) == 1 else None

    def restart(self, index: int, timeout: float = START_TIMEOUT) -> None:
        daemon = self.daemons[index]
        daemon.stop()
        daemon.start(timeout)

    def describe(self) -> str:
        """What each daemon reports and the end of its log, for a failure message."""
        parts = []
        for daemon in self.daemons:
            state = "running" if daemon.running else "stopped"
            parts.append(f"--- {daemon.name} ({state}, {daemon.folder})")
            with contextlib.suppress(SyncthingError):
                status = daemon.folder_status(self.folder_id)
                keys = ("state", "needTotalItems", "globalTotalItems", "pullErrors")
                parts.append(" ".join(f"{key}={status.get(key)}" for key in keys))
            parts.append(daemon.log_tail(12))
        return "\n".join(parts)


def wait_for(
    probe: Callable[[], object],
    timeout: float,
    message: str,
    *,
    every: float = 0.2,
    alive: Daemon | None = None,
    cluster: Cluster | None = None,
):
    """Poll `probe` until it returns something truthy; SyncthingError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if alive is not None and not alive.running:
            raise SyncthingError(f"{message}: the daemon exited\n{alive.log_tail()}")
        if time.monotonic() >= deadline:
            detail = cluster.describe() if cluster is not None else ""
            detail = detail or (alive.log_tail() if alive is not None else "")
            raise SyncthingError(f"{message} within {timeout:.0f} s\n{detail}")
        time.sleep(every)


@contextlib.contextmanager
def syncthing_cluster(
    root: Path,
    names: list[str] | None = None,
    *,
    folders: list[Path] | None = None,
    folder_id: str = FOLDER_ID,
) -> Iterator[Cluster]:
    """Start paired daemons under `root` sharing one folder; kill them all at the end.

    `names` names the devices (two by default); `folders` gives each device's copy of the
    folder (default `root/NAME/book`), which may already hold files.
    """
    binary = syncthing_binary()
    if binary is None:
        raise SyncthingError("syncthing is not installed")
    names = names or ["device1", "device2"]
    folders = folders or [root / name / "book" for name in names]
    if len(folders) != len(names):
        raise ValueError("one folder for each device")
    ports = free_ports(2 * len(names))
    daemons = [
        Daemon(
            name=name,
            binary=binary,
            home=root / name / "home",
            folder=folder,
            gui_port=ports[2 * i],
            listen_port=ports[2 * i + 1],
        )
        for i, (name, folder) in enumerate(zip(names, folders, strict=True))
    ]
    cluster = Cluster(daemons, folder_id)
    try:
        for daemon in daemons:
            daemon.home.mkdir(parents=True, exist_ok=True)
            daemon.generate()
            daemon.start()
        for daemon in daemons:
            peers = [other for other in daemons if other is not daemon]
            for other in peers:
                daemon.add_device(other)
            daemon.share_folder(folder_id, peers)
        cluster.wait_connected()
        yield cluster
    finally:
        for daemon in daemons:
            daemon.kill()


def _get(parent: ET.Element, tag: str) -> str:
    node = parent.find(tag)
    if node is None or not node.text:
        raise SyncthingError(f"config.xml has no <{tag}>")
    return node.text


def _set(parent: ET.Element, tag: str, value: str) -> None:
    node = parent.find(tag)
    if node is None:
        node = ET.SubElement(parent, tag)
    node.text = value
