"""The preview's router on real sockets: two HTTP/1.1 servers that keep connections open (as
Zensical's does) behind it, and a client that reuses its connection."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from jiekun.pipeline.preview import Backend, Router, free_port, pick


def backend(name: str) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keeps the connection open after a response

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            body = f"{name}:{self.path}".encode()
            self.send_response(200)
            if self.path.endswith("/chunked"):
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for piece in (body[:3], body[3:], b""):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                return
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_HEAD = do_GET  # noqa: N815

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def router() -> Iterator[int]:
    zh, en = backend("zh"), backend("en")
    port = free_port()
    routing = Router(("127.0.0.1", port), [Backend("/", zh.server_address[1], "/"),
                                            Backend("/en/", en.server_address[1], "/")])
    routing.start()
    yield port
    routing.stop()
    for server in (zh, en):
        server.shutdown()
        server.server_close()


def get(conn: http.client.HTTPConnection, path: str, **headers: str) -> tuple[int, str, str | None]:
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    return response.status, response.read().decode(), response.getheader("Connection")


def test_each_request_reaches_its_editions_server_on_one_client_connection(router: int) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", router, timeout=10)
    assert get(conn, "/en/about/") == (200, "en:/about/", "close")  # the English server mounts it at /
    assert get(conn, "/about/")[:2] == (200, "zh:/about/")  # the same client: the router closed the first
    assert get(conn, "/en/")[:2] == (200, "en:/")
    assert get(conn, "/en/chunked")[:2] == (200, "en:/chunked")
    conn.close()


def test_the_reload_poll_goes_to_the_asking_pages_edition(router: int) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", router, timeout=10)
    assert get(conn, "/livereload/5/1", Referer=f"http://127.0.0.1:{router}/en/about/")[1] == "en:/livereload/5/1"
    assert get(conn, "/livereload/5/1", Referer=f"http://127.0.0.1:{router}/about/")[1] == "zh:/livereload/5/1"
    # any other path is routed by its own path, whatever page links to it (the language switch)
    assert get(conn, "/about/", Referer=f"http://127.0.0.1:{router}/en/about/")[1] == "zh:/about/"
    conn.close()


def test_a_server_not_up_yet_is_a_plain_503() -> None:
    port = free_port()
    routing = Router(("127.0.0.1", port), [Backend("/", free_port(), "/")])
    routing.start()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        status, body, _ = get(conn, "/")
        assert status == 503 and "not ready" in body
    finally:
        routing.stop()


def test_pick_prefers_the_longest_prefix_and_falls_back_to_the_root_edition() -> None:
    zh, en = Backend("/base/", 1, "/base/"), Backend("/base/en/", 2, "/base/en/")
    assert pick([zh, en], "/base/en/x/", None) is en
    assert pick([en, zh], "/base/x/", None) is zh
    assert pick([en, zh], "/", None) is zh  # outside the site: the root edition's server redirects
    assert pick([zh, en], "/base/en", None) is en  # the folder without its slash
    assert en.local("/base/en/x/") == "/base/en/x/" and Backend("/en/", 2, "/").local("/en/x/") == "/x/"
    assert Backend("/en/", 2, "/").local("/en") == "/"


def test_files_staged_beside_the_source_are_served_by_the_router(tmp_path: Path) -> None:
    """For an engine that is not given every file, the router serves those staged beside each
    edition's source itself (a chart page as its folder's index.html, a chart with its type),
    refuses a path that leaves the folder, and relays anything else to the engine."""
    zh_files, en_files = tmp_path / ".docs-aside", tmp_path / ".docs-en-aside"
    for folder, text in ((zh_files, "中文"), (en_files, "English")):
        (folder / "chart" / "a").mkdir(parents=True)
        (folder / "chart" / "a" / "index.html").write_text(f"<p>{text}</p>", encoding="utf-8")
        (folder / "charts").mkdir()
        (folder / "charts" / "a b.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("not served", encoding="utf-8")
    (zh_files / "charts" / "out.svg").symlink_to(tmp_path / "secret.txt")  # leads out of the folder
    zh, en, port = backend("zh"), backend("en"), free_port()
    routing = Router(("127.0.0.1", port), [Backend("/base/", zh.server_address[1], "/base/", str(zh_files)),
                                            Backend("/base/en/", en.server_address[1], "/", str(en_files))])
    routing.start()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        assert get(conn, "/base/chart/a/") == (200, "<p>中文</p>", "close")
        assert get(conn, "/base/en/chart/a/")[:2] == (200, "<p>English</p>")
        conn.request("GET", "/base/charts/a%20b.svg")
        response = conn.getresponse()
        assert (response.status, response.getheader("Content-Type"), response.read()) == (
            200, "image/svg+xml; charset=utf-8", b"<svg/>")
        conn.request("GET", "/base/chart/a")
        response = conn.getresponse()
        assert (response.status, response.getheader("Location")) == (301, "/base/chart/a/")
        response.read()
        assert get(conn, "/base/chart/../../secret.txt")[1] == "zh:/base/chart/../../secret.txt"  # the engine's
        assert get(conn, "/base/chart/%2e%2e/%2e%2e/secret.txt")[1].startswith("zh:")
        assert get(conn, "/base/charts/out.svg")[1] == "zh:/base/charts/out.svg"  # not served: the engine's
        assert get(conn, "/base/about/")[:2] == (200, "zh:/base/about/")
        assert get(conn, "/base/en/chart/b/")[:2] == (200, "en:/chart/b/")  # not there: the engine answers
        conn.close()
    finally:
        routing.stop()
        for server in (zh, en):
            server.shutdown()
            server.server_close()
