"""A small threaded HTTP server on 127.0.0.1 that replays recorded responses by request.

Routes match on query parameters (a route's parameters must all be present with the same
values), and optionally on the path and the method (GET or HEAD: a HEAD answer has the GET
answer's headers and no body); the most specific route wins, the last added among equals.
Faults queued with ``fail_next`` are served first: an HTTP status with ``Retry-After``, a
slow answer, a body cut short (``truncate``: the connection closes before Content-Length
bytes; ``truncate_xml``: a complete HTTP answer with half a document), or a hostile slow drip
(``drip``: headers at once, then the body one byte every ``delay`` seconds, so no single read
ever times out). A reply whose headers already name a ``Content-Encoding`` is sent as it is
(a pre-built gzip bomb, say). Every request is logged in ``requests`` (method, path, params,
headers).
"""

from __future__ import annotations

import csv
import gzip
import re
import shutil
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit


@dataclass
class Reply:
    body: bytes | Path = b""
    status: int = 200
    headers: dict = field(default_factory=dict)
    content_type: str = "text/xml; charset=utf-8"

    def data(self) -> bytes:
        return self.body.read_bytes() if isinstance(self.body, Path) else self.body


@dataclass
class Fault:
    kind: str  # "status" / "slow" / "truncate" / "truncate_xml" / "drip"
    status: int = 503
    retry_after: str | None = "1"
    delay: float = 0.0
    when: dict | None = None  # only for requests with these params


class ReplayServer:
    def __init__(self, *, gzip_responses: bool = True):
        self.routes: list[tuple[dict, Reply]] = []
        self.faults: deque[Fault] = deque()
        self.requests: list[dict] = []
        self.gzip_responses = gzip_responses
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None

    # -- configuration ----------------------------------------------------------------------
    def add(
        self, params: dict, reply: Reply | bytes | Path, path: str = "", method: str = ""
    ) -> None:
        if not isinstance(reply, Reply):
            reply = Reply(reply)
        match = dict(params)
        if path:
            match["__path__"] = path
        if method:
            match["__method__"] = method.upper()
        self.routes.append((match, reply))

    def fail_next(self, kind: str = "status", times: int = 1, **kwargs) -> None:
        for _ in range(times):
            self.faults.append(Fault(kind, **kwargs))

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/oai"

    def base(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    # -- lifecycle --------------------------------------------------------------------------
    def __enter__(self) -> ReplayServer:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):  # http.server names it
                server._handle(self)

            def do_HEAD(self):  # http.server names it
                server._handle(self)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._httpd:
            self._httpd.shutdown()
            self._httpd.server_close()

    # -- serving ----------------------------------------------------------------------------
    def _route(self, params: dict, path: str, method: str = "GET") -> Reply | None:
        best, best_len = None, -1
        for match, reply in self.routes:
            wanted = {k: v for k, v in match.items() if k not in ("__path__", "__method__")}
            if "__path__" in match and match["__path__"] != path:
                continue
            if "__method__" in match and match["__method__"] != method:
                continue
            if all(params.get(k) == v for k, v in wanted.items()) and len(match) >= best_len:
                best, best_len = reply, len(match)
        return best

    def _next_fault(self, params: dict) -> Fault | None:
        with self._lock:
            for fault in list(self.faults):
                if fault.when is None or all(params.get(k) == v for k, v in fault.when.items()):
                    self.faults.remove(fault)
                    return fault
        return None

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        split = urlsplit(handler.path)
        params = dict(parse_qsl(split.query, keep_blank_values=True))
        with self._lock:
            self.requests.append(
                {
                    "method": handler.command,
                    "path": split.path,
                    "params": params,
                    "headers": dict(handler.headers),
                }
            )
        fault = self._next_fault(params)
        if fault and fault.kind == "status":
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            return self._send(handler, fault.status, b"busy", headers, "text/plain")
        if fault and fault.kind == "slow":
            time.sleep(fault.delay)
        reply = self._route(params, split.path, handler.command)
        if reply is None:
            return self._send(handler, 404, b"no recorded response", {}, "text/plain")
        data = reply.data()
        if fault and fault.kind == "truncate_xml":
            data = data[: len(data) // 2]
        if fault and fault.kind == "truncate":
            handler.send_response(reply.status)
            handler.send_header("Content-Type", reply.content_type)
            handler.send_header("Content-Length", str(len(data)))
            handler.send_header("Connection", "close")
            handler.end_headers()
            handler.wfile.write(data[: len(data) // 2])
            handler.wfile.flush()
            handler.close_connection = True
            return None
        if fault and fault.kind == "drip":
            return self._drip(handler, reply, data, fault.delay)
        if isinstance(reply.body, Path) and not self._wants_gzip(handler):
            return self._send_file(handler, reply)
        return self._send(handler, reply.status, data, reply.headers, reply.content_type)

    def _wants_gzip(self, handler) -> bool:
        return self.gzip_responses and "gzip" in handler.headers.get("Accept-Encoding", "")

    def _drip(self, handler, reply: Reply, data: bytes, delay: float):
        handler.send_response(reply.status)
        handler.send_header("Content-Type", reply.content_type)
        handler.send_header("Content-Length", str(len(data)))
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.close_connection = True
        try:
            for n in range(len(data)):
                handler.wfile.write(data[n : n + 1])
                handler.wfile.flush()
                time.sleep(delay)
        except OSError:  # the client hung up, as it should
            pass

    def _send(self, handler, status: int, data: bytes, headers: dict, content_type: str):
        encoded = any(k.lower() == "content-encoding" for k in headers)
        if self._wants_gzip(handler) and len(data) > 512 and not encoded:
            data = gzip.compress(data, compresslevel=1)
            headers = {**headers, "Content-Encoding": "gzip"}
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        if handler.command != "HEAD":
            handler.wfile.write(data)

    def _send_file(self, handler, reply: Reply):
        path: Path = reply.body
        handler.send_response(reply.status)
        handler.send_header("Content-Type", reply.content_type)
        handler.send_header("Content-Length", str(path.stat().st_size))
        handler.end_headers()
        if handler.command == "HEAD":
            return
        with path.open("rb") as fh:
            shutil.copyfileobj(fh, handler.wfile, 1024 * 1024)


# -- recorded sets in ../shared/data/oai-pmh ------------------------------------------------
def add_pyoai_mapping(server: ReplayServer, folder: Path, ignore=("from", "until")) -> None:
    """pyoai's ``mapping.txt``: query string line, then response file line."""
    lines = [ln.strip() for ln in (folder / "mapping.txt").read_text().splitlines() if ln.strip()]
    for query, filename in zip(lines[::2], lines[1::2], strict=False):
        params = {k: v for k, v in parse_qsl(query) if k not in ignore}
        server.add(params, Reply(folder / filename))


def add_sickle_sample(server: ReplayServer, folder: Path) -> None:
    """sickle's sample data: one file per verb; tokens name the next file."""
    server.add({"verb": "Identify"}, Reply(folder / "Identify.xml"))
    server.add({"verb": "ListMetadataFormats"}, Reply(folder / "ListMetadataFormats.xml"))
    server.add({"verb": "ListSets"}, Reply(folder / "ListSets.xml"))
    for verb in ("ListRecords", "ListIdentifiers"):
        server.add({"verb": verb, "metadataPrefix": "oai_dc"}, Reply(folder / f"{verb}.xml"))
        for n in (2, 3, 4):
            name = f"{verb}{n}.xml"
            if (folder / name).exists():
                server.add({"verb": verb, "resumptionToken": name}, Reply(folder / name))


def add_zenodo_cassettes(server: ReplayServer, folder: Path) -> None:
    """The Zenodo cassettes, by their recorded request URI and HTTP status."""
    with (folder / "INDEX.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            status = row["status"]
            if not status.startswith("http "):
                continue
            params = dict(parse_qsl(urlsplit(row["request_uri"]).query))
            server.add(params, Reply(folder / row["file"], status=int(status.split()[1])))


_TOKEN = re.compile(rb"<resumptionToken[^>]*>([^<]+)</resumptionToken>")


def add_oai_folder(server: ReplayServer, folder: Path, metadata_prefix: str) -> None:
    """A folder of recorded responses: ``Identify.xml``, ``ListMetadataFormats.xml`` and
    ``ListRecords-1.xml``, ``-2``…, each later page served for the token the page before it
    names (e.g. harvesters/fixtures/nsdl, written by scripts/make_nsdl_fixture.py)."""
    server.add({"verb": "Identify"}, Reply(folder / "Identify.xml"))
    server.add({"verb": "ListMetadataFormats"}, Reply(folder / "ListMetadataFormats.xml"))
    n, params = 1, {"verb": "ListRecords", "metadataPrefix": metadata_prefix}
    while (page := folder / f"ListRecords-{n}.xml").exists():
        server.add(params, Reply(page))
        token = _TOKEN.search(page.read_bytes())
        if token is None:
            break
        n, params = n + 1, {"verb": "ListRecords", "resumptionToken": token.group(1).decode()}
