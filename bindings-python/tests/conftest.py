"""Shared fixtures: real `redis-server` processes on loopback ports, started and stopped here."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REDIS_SERVER_MISSING = (
    "redis-server is not installed; the Redis replay guard tests start their own server. "
    "Install it with `make -C bindings-python redis-server`."
)
READY_TIMEOUT_SECONDS = 5.0
STOP_TIMEOUT_SECONDS = 5.0
HOST = "127.0.0.1"


@dataclass
class RedisServer:
    """One `redis-server` process that this test run started, on a loopback port."""

    host: str
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path

    @property
    def url(self) -> str:
        """A redis-py URL for database 0."""
        return f"redis://{self.host}:{self.port}/0"

    @property
    def running(self) -> bool:
        """Whether the process is still alive."""
        return self.process.poll() is None

    def stop(self) -> None:
        """Stops the server by its pid: terminate, wait, kill if it does not exit in time."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process.wait()


@dataclass
class RedisServerFactory:
    """Starts throwaway servers for one test (for example one that goes away mid-test)."""

    log_dir: Path
    started: list[RedisServer] = field(default_factory=list)

    def __call__(self, port: int | None = None) -> RedisServer:
        """Starts a server on `port` (a free one when None) and waits until it answers."""
        server = start_redis_server(self.log_dir, port)
        self.started.append(server)
        return server

    def stop_all(self) -> None:
        """Stops every server this factory started."""
        for server in self.started:
            server.stop()


def redis_server_executable() -> str:
    """The path of `redis-server`, or a test failure saying how to install it."""
    path = shutil.which("redis-server") or shutil.which("redis-server", path="/usr/bin:/usr/sbin")
    if path is None:
        pytest.fail(REDIS_SERVER_MISSING, pytrace=False)
    return path


def free_port() -> int:
    """A loopback port that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def start_redis_server(log_dir: Path, port: int | None = None) -> RedisServer:
    """Starts `redis-server` without persistence and waits until it answers PING.

    With `port` None a free port is picked, and picked again if another process takes it
    first; with a port given (a restart on the same port), that port is used or the start
    fails.
    """
    executable = redis_server_executable()
    attempts = 1 if port is not None else 5
    problem = ""
    for _ in range(attempts):
        chosen = free_port() if port is None else port
        log_path = log_dir / f"redis-{chosen}-{time.monotonic_ns()}.log"
        # The child keeps its own copy of the log file's descriptor.
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [
                    executable,
                    "--port",
                    str(chosen),
                    "--bind",
                    HOST,
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--daemonize",
                    "no",
                    "--dir",
                    str(log_dir),
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        server = RedisServer(host=HOST, port=chosen, process=process, log_path=log_path)
        if _wait_until_ready(server):
            return server
        server.stop()
        problem = log_path.read_text(errors="replace").strip()[-2000:]
    pytest.fail(
        f"redis-server did not answer PING within {READY_TIMEOUT_SECONDS:.0f} s "
        f"(port {port if port is not None else 'free'}); its log ends with:\n{problem}",
        pytrace=False,
    )


def _wait_until_ready(server: RedisServer) -> bool:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if not server.running:
            return False
        if _answers_ping(server.host, server.port):
            return True
        time.sleep(0.02)
    return False


def _answers_ping(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """One real `redis-server` for the whole session; tests keep apart by key prefix."""
    server = start_redis_server(tmp_path_factory.mktemp("redis"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_server_factory(tmp_path: Path) -> Iterator[RedisServerFactory]:
    """Starts separate throwaway servers; all of them are stopped when the test ends."""
    factory = RedisServerFactory(tmp_path)
    try:
        yield factory
    finally:
        factory.stop_all()
