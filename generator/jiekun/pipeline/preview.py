"""One address for the live previews of both editions: a small router in front of the engine's servers.

An engine's preview server serves one configuration.  To preview the whole site as it is
published (the Chinese edition at the root, the English one under ``en/``, the language switch
leading from one to the other), ``jiekun serve`` runs one engine server per edition on a free
local port and this router on the address the user asked for.  It sends each request, by its
path, to the server of its edition, and relays the bytes both ways as they come, so the
engines' live-reload channels pass through unchanged: Zensical's WebSocket opens on the page's
own address; mkdocs' pages poll ``/livereload/…`` at the root of the host, and that poll goes to
the edition of the page that asks (its ``Referer``).

Each request is relayed on a connection of its own: the response is relayed to its end (by its
length, its chunks, or the server closing) with ``Connection: close``, and the connection is
closed, so that a browser's kept-alive connection never carries a request to the server of
the edition of an earlier one (Zensical's server keeps connections open).

For an engine that is not given every file (:mod:`jiekun.pipeline.engines`), the router serves
the files staged beside an edition's source (chart pages, embed views, chart files) itself.
"""

from __future__ import annotations

import contextlib
import dataclasses
import mimetypes
import selectors
import socket
import socketserver
import threading
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

RELOAD = "/livereload/"  # where mkdocs' pages poll for a reload, whatever their own path
HEAD_LIMIT = 64 * 1024  # a request head longer than this is refused
CHUNK = 64 * 1024
_WAIT = b"The preview of this edition is not ready yet: reload in a moment.\n"
UNAVAILABLE = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
               b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(_WAIT), _WAIT))


@dataclasses.dataclass(frozen=True)
class Backend:
    """An edition's preview server: the path it is published under on the site, the port of
    its server and the path that server mounts it at (the path of its ``site_url``)."""

    prefix: str
    port: int
    mount: str
    files: str = ""  # the folder of the files staged beside its source, served by the router ("": none)

    def holds(self, path: str) -> bool:
        """Whether ``path`` is under :attr:`prefix` (``/en`` is, as ``/en/``)."""
        return path.startswith(self.prefix) or path + "/" == self.prefix

    def local(self, path: str) -> str:
        """``path`` (under :attr:`prefix`) as this backend's server has it."""
        return self.mount + path[len(self.prefix):] if self.holds(path) else path


def finished_file(backend: Backend, path: str) -> Path | None:
    """The file of :attr:`Backend.files` that ``path`` (a decoded request path under the backend's
    prefix) names, a folder's ``index.html`` for a folder; None if there is none or the path is not
    a plain one (no ``.``, ``..`` or empty step, no backslash)."""
    if not backend.files or not backend.holds(path):
        return None
    steps = path[len(backend.prefix):].split("/")
    if steps[-1] == "":
        steps = [*steps[:-1], "index.html"]
    if any(step in ("", ".", "..") or "\\" in step or "\0" in step for step in steps):
        return None
    file = Path(backend.files, *steps)
    try:  # still inside the folder (a step such as "C:x" is a drive on Windows)
        inside = file.resolve().is_relative_to(Path(backend.files).resolve())
    except (OSError, ValueError):
        return None
    return file if inside and file.is_file() else None


def _serve_file(client: socket.socket, file: Path, method: str) -> None:
    """Answer with ``file`` itself (its body unless the request is a HEAD)."""
    body = file.read_bytes()
    kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    charset = "; charset=utf-8" if kind.startswith("text/") or kind.endswith(("+xml", "json")) else ""
    head = (f"HTTP/1.1 200 OK\r\nContent-Type: {kind}{charset}\r\nContent-Length: {len(body)}\r\n"
            f"Cache-Control: no-cache\r\nConnection: close\r\n\r\n")
    client.sendall(head.encode("latin-1") + (b"" if method == "HEAD" else body))


def pick(backends: list[Backend], path: str, referer: str | None) -> Backend:
    """The backend of a request: the one with the longest prefix of its path; for mkdocs'
    live-reload poll (:data:`RELOAD`, asked from the host's root), of the asking page's path."""
    if path.startswith(RELOAD) and referer:
        path = urlsplit(referer).path
    found = [b for b in backends if b.holds(path)]
    if not found:  # outside the site's path: the root edition's server answers (mkdocs redirects)
        return min(backends, key=lambda b: len(b.prefix))
    return max(found, key=lambda b: len(b.prefix))


class Stream:
    """A socket read in pieces: a head up to its blank line, a number of bytes, a line."""

    def __init__(self, conn: socket.socket) -> None:
        self.conn, self.buffer = conn, b""

    def _more(self) -> bool:
        chunk = self.conn.recv(CHUNK)
        self.buffer += chunk
        return bool(chunk)

    def until(self, mark: bytes, limit: int = HEAD_LIMIT) -> bytes | None:
        """The bytes up to and with ``mark``; None when the peer closed first or sent too much."""
        while mark not in self.buffer:
            if len(self.buffer) > limit or not self._more():
                return None
        found, self.buffer = self.buffer.split(mark, 1)
        return found + mark

    def copy(self, count: int | None, out: socket.socket) -> None:
        """Send ``count`` bytes (all until the peer closes: None) to ``out``."""
        while count is None or count > 0:
            if not self.buffer and not self._more():
                return
            piece = self.buffer if count is None else self.buffer[:count]
            self.buffer = self.buffer[len(piece):]
            out.sendall(piece)
            count = None if count is None else count - len(piece)


def _fields(head: bytes) -> tuple[str, list[tuple[str, str]]]:
    first, *lines = head.decode("latin-1").rstrip("\r\n").split("\r\n")
    return first, [(n.strip(), v.strip()) for n, _sep, v in (line.partition(":") for line in lines)]


def _join(first: str, headers: list[tuple[str, str]]) -> bytes:
    return "\r\n".join([first] + [f"{n}: {v}" for n, v in headers]).encode("latin-1") + b"\r\n\r\n"


def _closing(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(n, v) for n, v in headers if n.lower() not in ("connection", "keep-alive")] + [("Connection", "close")]


def rewrite(head: bytes, backends: list[Backend]) -> tuple[Backend, bytes, bool]:
    """The backend for a request head, the head to send it (its path as the backend has it;
    ``Connection: close`` unless the request asks to upgrade to a WebSocket) and whether it does."""
    first, headers = _fields(head)
    method, target, version = (first.split(" ", 2) + ["", ""])[:3]
    lower = {name.lower(): value for name, value in headers}
    backend = pick(backends, urlsplit(target).path, lower.get("referer"))
    upgrade = "upgrade" in lower
    return backend, _join(f"{method} {backend.local(target)} {version}", headers if upgrade else _closing(headers)), \
        upgrade


def _body_length(headers: list[tuple[str, str]]) -> int | None:
    lower = {name.lower(): value for name, value in headers}
    if "chunked" in lower.get("transfer-encoding", "").lower():
        return -1
    try:
        return int(lower["content-length"])
    except (KeyError, ValueError):
        return None


def _chunks(stream: Stream, out: socket.socket) -> None:
    """Relay a chunked body: each size line and its chunk, to the last (empty) one and its trailer."""
    while (line := stream.until(b"\r\n")) is not None:
        out.sendall(line)
        try:
            size = int(line.split(b";")[0].strip(), 16)
        except ValueError:
            return
        if size == 0:
            while (trailer := stream.until(b"\r\n")) is not None:
                out.sendall(trailer)
                if trailer == b"\r\n":
                    return
            return
        stream.copy(size + 2, out)


def _response(upstream: Stream, client: socket.socket, method: str) -> None:
    """Relay one response, told to close the connection after it, then stop."""
    head = upstream.until(b"\r\n\r\n")
    if head is None:
        return
    first, headers = _fields(head)
    client.sendall(_join(first, _closing(headers)))
    status = first.split(" ", 2)[1] if first.count(" ") else ""
    if method == "HEAD" or status in ("204", "304") or status.startswith("1"):
        return
    length = _body_length(headers)
    if length == -1:
        _chunks(upstream, client)
    else:
        upstream.copy(length, client)


def _relay(one: socket.socket, other: socket.socket) -> None:
    """Copy bytes both ways until one side closes (a WebSocket)."""
    with selectors.DefaultSelector() as selector:
        selector.register(one, selectors.EVENT_READ, other)
        selector.register(other, selectors.EVENT_READ, one)
        while True:
            for key, _events in selector.select():
                source: socket.socket = key.fileobj  # type: ignore[assignment]
                try:
                    data = source.recv(CHUNK)
                    if not data:
                        return
                    key.data.sendall(data)
                except OSError:
                    return


class _Handler(socketserver.BaseRequestHandler):
    server: Router

    def handle(self) -> None:
        client: socket.socket = self.request
        stream = Stream(client)
        head = stream.until(b"\r\n\r\n")
        if head is None:
            return
        backend, sent, upgrade = rewrite(head, self.server.backends)
        method, _sep, rest = head.decode("latin-1").partition(" ")
        if backend.files and method in ("GET", "HEAD"):
            path = unquote(urlsplit(rest.split(" ", 1)[0]).path)
            file = finished_file(backend, path)
            if file is not None:
                _serve_file(client, file, method)
                return
            if not path.endswith("/") and finished_file(backend, path + "/") is not None:  # a folder
                client.sendall(f"HTTP/1.1 301 Moved Permanently\r\nLocation: {quote(path)}/\r\n"
                               "Content-Length: 0\r\nConnection: close\r\n\r\n".encode("latin-1"))
                return
        try:
            upstream = socket.create_connection(("127.0.0.1", backend.port), timeout=10)
        except OSError:
            client.sendall(UNAVAILABLE)
            return
        with upstream:
            upstream.settimeout(None)
            upstream.sendall(sent)
            if upgrade:  # a WebSocket: its frames both ways, as they come
                upstream.sendall(stream.buffer)
                _relay(client, upstream)
                return
            stream.copy(max(_body_length(_fields(head)[1]) or 0, 0), upstream)
            _response(Stream(upstream), client, head.split(b" ", 1)[0].decode("latin-1"))


class Router(socketserver.ThreadingTCPServer):
    """Serves ``address`` (host, port), sending each request to its edition's backend."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], backends: list[Backend]) -> None:
        super().__init__(address, _Handler)
        self.backends = backends

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, name="preview-router", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.shutdown()
        self.server_close()


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on now (for an engine server behind the router)."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port
