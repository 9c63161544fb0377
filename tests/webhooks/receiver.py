"""A real HTTP receiver for webhook tests: a server on a free local port, in a thread, that
records every request and answers with the status the test sets."""

from __future__ import annotations

import socket
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from app.webhooks.signing import verify


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: str

    def signed_by(self, secret: str) -> bool:
        """True when the `Webhook-Signature` is this body's, signed with `secret`."""
        return verify(
            secret,
            self.headers["Webhook-Id"],
            int(self.headers["Webhook-Timestamp"]),
            self.body,
            self.headers["Webhook-Signature"],
        )


@dataclass
class Receiver:
    url: str
    status: int = 204
    received: list[Received] = field(default_factory=list)

    def only(self) -> Received:
        assert len(self.received) == 1, self.received
        return self.received[0]


def free_port() -> int:
    """A local port nothing listens on (for a receiver that is down)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def receiver():
    """A receiver listening at `Receiver.url` until the block ends."""
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length).decode()
            state.received.append(Received(self.path, dict(self.headers.items()), body))
            self.send_response(state.status)
            if 300 <= state.status < 400:
                self.send_header("Location", "http://127.0.0.1:9/elsewhere")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_port}/validera/events"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
