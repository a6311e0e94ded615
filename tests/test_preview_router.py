"""The preview's router on real sockets: two HTTP/1.1 servers that keep connections open (as
Zensical's does) behind it, and a client that reuses its connection."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

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
