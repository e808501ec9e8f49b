"""A real ESDH receiver on localhost for the tests: an HTTP server in a thread that takes the multipart
POST (metadata JSON + PDF), can fail the first N requests, and keeps one copy per Idempotency-Key."""

from __future__ import annotations

import email
import email.policy
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Modtaget:
    key: str
    metadata: dict
    pdf: bytes
    status: int


@dataclass
class Receiver:
    fail_first: int = 0
    delay: float = 0.0
    started: int = 0
    requests: list[Modtaget] = field(default_factory=list)
    stored: dict[str, Modtaget] = field(default_factory=dict)

    def __post_init__(self):
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                msg = email.message_from_bytes(
                    f"Content-Type: {self.headers['Content-Type']}\r\n\r\n".encode() + body, policy=email.policy.HTTP)
                parts = {part.get_param("name", header="content-disposition"): part.get_payload(decode=True)
                         for part in msg.iter_parts()}
                key = self.headers.get("Idempotency-Key", "")
                with receiver._lock:
                    receiver.started += 1
                if receiver.delay:
                    time.sleep(receiver.delay)
                with receiver._lock:
                    failing = len(receiver.requests) < receiver.fail_first
                    status = 503 if failing else (200 if key in receiver.stored else 201)
                    modtaget = Modtaget(key, json.loads(parts["metadata"]), parts["dokument"], status)
                    receiver.requests.append(modtaget)
                    if not failing and key not in receiver.stored:
                        receiver.stored[key] = modtaget
                    nummer = list(receiver.stored).index(key) + 1 if key in receiver.stored else 0
                answer = "ESDH midlertidigt utilgængelig".encode() if failing else json.dumps(
                    {"journalnummer": f"J-2026-{nummer:05d}"}).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "text/plain" if failing else "application/json")
                    self.send_header("Content-Length", str(len(answer)))
                    self.end_headers()
                    self.wfile.write(answer)
                except OSError:  # the sender died while we answered (the worker-restart test)
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/journal"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
