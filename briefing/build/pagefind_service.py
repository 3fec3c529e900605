"""A client for ``pagefind --service``: pages indexed into in-memory indexes, their files read back.

Pagefind's own Python wrapper (``pagefind.index.PagefindIndex``) speaks the
same protocol but sleeps 0.1 s before reading each reply, so adding 10,000
pages one by one takes over 15 minutes. This client writes the requests from
one thread and reads the replies in another, so Pagefind works at its own
pace; it finds the pinned binary as the wrapper does
(:func:`pagefind_executable`).

The protocol: each message is base64 of a JSON object
``{"message_id", "payload"}`` followed by a comma, in both directions.
"""

from __future__ import annotations

import base64
import importlib
import json
import os
import subprocess
import threading

from ..plugin.search import PagefindError


def pagefind_executable():
    """Pagefind's binary, looked up as its Python wrapper does (``PAGEFIND_BINARY_PATH``, the pinned package, PATH).

    The wheels that ship the binary are asked first: the wrapper's own lookup
    imports its asyncio client, a tenth of a second of a rebuild.
    """
    if os.getenv("PAGEFIND_BINARY_PATH"):
        return os.environ["PAGEFIND_BINARY_PATH"]
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            return importlib.import_module(package).get_executable()
        except ImportError:
            continue
    from pagefind.service import get_executable

    return get_executable()


class PagefindService:
    """One ``pagefind --service`` process; use as a context manager."""

    def __init__(self) -> None:
        executable = pagefind_executable()
        if executable is None:
            raise PagefindError("pagefind is not installed (pip install pagefind[bin])")
        self._process = subprocess.Popen(
            [str(executable), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )
        self._pending = b""
        self._next_id = 0

    def __enter__(self) -> "PagefindService":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Stop the service (its indexes are discarded)."""
        if self._process.poll() is None:
            try:
                self._process.stdin.close()
            except OSError:
                pass
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()

    def _send(self, payload: dict) -> int:
        self._next_id += 1
        message = {"message_id": self._next_id, "payload": payload}
        # As UTF-8, not \u escapes: a Russian or Chinese page is then a third to a half of the bytes to send and parse.
        self._process.stdin.write(base64.b64encode(json.dumps(message, ensure_ascii=False).encode("utf-8")) + b",")
        return self._next_id

    def _receive(self) -> dict:
        while b"," not in self._pending:
            chunk = os.read(self._process.stdout.fileno(), 1 << 20)
            if not chunk:
                raise PagefindError("pagefind --service stopped unexpectedly")
            self._pending += chunk
        message, self._pending = self._pending.split(b",", 1)
        return json.loads(base64.b64decode(message))["payload"]

    def _call(self, payload: dict) -> dict:
        self._send(payload)
        self._process.stdin.flush()
        reply = self._receive()
        if reply.get("type") == "Error":
            raise PagefindError(f"pagefind: {reply.get('message')}")
        return reply

    def new_index(self) -> int:
        """A new empty index; its id."""
        return self._call({"type": "NewIndex", "config": None})["index_id"]

    def add_pages(self, index_id: int, pages: list[tuple[str, str]]) -> None:
        """Index ``(url, html)`` pairs as Pagefind indexes a site's files (``data-pagefind-*`` attributes and all).

        Requests go out from a thread while the replies are read here, so
        neither pipe fills up and blocks the other side.
        """
        failure: list[BaseException] = []

        def write() -> None:
            try:
                for url, html in pages:
                    self._send({"type": "AddFile", "index_id": index_id, "url": url,
                                "file_path": None, "file_contents": html})
                self._process.stdin.flush()
            except BaseException as error:  # noqa: BLE001 - reported in the caller's thread
                failure.append(error)

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        errors = []
        try:
            for url, _ in pages:
                reply = self._receive()
                if reply.get("type") == "Error":
                    errors.append(f"{url}: {reply.get('message')}")
        finally:
            writer.join()
        if failure:
            raise PagefindError(f"pagefind --service: could not send pages: {failure[0]}")
        if errors:
            raise PagefindError(f"pagefind could not index {len(errors)} page(s); first: {errors[0]}")

    def files(self, index_id: int, wanted=None) -> dict[str, bytes]:
        """The files Pagefind would write for the index (``{path in the bundle: bytes}``), those ``wanted`` (a test
        on the path) if given."""
        reply = self._call({"type": "GetFiles", "index_id": index_id})
        return {entry["path"]: base64.b64decode(entry["content"]) for entry in reply["files"]
                if wanted is None or wanted(entry["path"])}

    def delete_index(self, index_id: int) -> None:
        """Free the index's memory in the service."""
        self._call({"type": "DeleteIndex", "index_id": index_id})
