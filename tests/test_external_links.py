"""The --external link check against a local HTTP server: 200, a chain of redirects, 404, 500, a slow
answer past the timeout, and a refused connection. No internet is used."""
from __future__ import annotations

import http.server
import threading
import time

import pytest

from conftest import free_port
from dcg.links import check_external, fetch


class Handler(http.server.BaseHTTPRequestHandler):
    requests = 0

    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self.do_GET(body=False)

    def do_GET(self, body=True):
        Handler.requests += 1
        path = self.path
        if path == "/ok":
            self._send(200, body)
        elif path.startswith("/hop"):
            n = int(path[4:] or 0)
            self.send_response(301 if n % 2 else 302)
            self.send_header("Location", f"/hop{n + 1}" if n < 3 else "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/missing":
            self._send(404, body)
        elif path == "/broken":
            self._send(500, body)
        elif path == "/slow":
            time.sleep(2)
            self._send(200, body)
        elif path == "/nohead":
            if not body:
                self._send(405, body)
            else:
                self._send(200, body)
        else:
            self._send(404, body)

    def _send(self, code, body):
        data = b"ok" if body else b""
        self.send_response(code)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)


@pytest.fixture(scope="module")
def server():
    port = free_port()
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{port}"
    srv.shutdown()


def test_answers(server):
    assert fetch(server + "/ok").status == 200
    hop = fetch(server + "/hop0")
    assert hop.status == 200 and hop.redirected and hop.redirects == 4 and hop.final_url.endswith("/ok")
    assert fetch(server + "/missing").status == 404
    broken = fetch(server + "/broken", retries=1, backoff=0.01)
    assert broken.broken and broken.status == 500
    slow = fetch(server + "/slow", timeout=0.5, retries=0)
    assert slow.broken and slow.status is None and "timed out" in slow.error.lower()
    refused = fetch(f"http://127.0.0.1:{free_port()}/", timeout=1, retries=0)
    assert refused.broken and "refused" in refused.error.lower()
    assert fetch(server + "/nohead").status == 200  # HEAD refused, GET works


def test_report_cache_and_places(server, project, tmp_path):
    urls = {server + "/ok": [("docs/de/a.md", 3)], server + "/hop0": [("docs/de/a.md", 5)],
            server + "/missing": [("data/pages/x.yml", 7)], server + "/broken": [("profile.yml", 9)]}
    cache = tmp_path / "links.json"
    problems, results = check_external(project, cache_file=cache, timeout=2, retries=0, urls=urls)
    text = "\n".join(str(p) for p in problems)
    assert f"data/pages/x.yml:7: external link {server}/missing is broken (HTTP 404)" in text
    assert f"profile.yml:9: external link {server}/broken is broken" in text
    assert f"docs/de/a.md:5: warning: external link {server}/hop0 redirects to {server}/ok" in text
    assert "a.md:3" not in text
    assert cache.exists()
    # a second run inside the cache's lifetime asks the server nothing and gives the same answer
    before = Handler.requests
    problems2, _ = check_external(project, cache_file=cache, timeout=2, retries=0, urls=urls)
    assert [str(p) for p in problems2] == [str(p) for p in problems]
    assert Handler.requests == before
    # an expired cache asks again
    _, results3 = check_external(project, cache_file=cache, max_age_hours=0, timeout=2, retries=0, urls={server + "/ok": [("a", 1)]})
    assert results3[0].status == 200
