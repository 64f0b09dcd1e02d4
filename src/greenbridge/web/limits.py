"""Request bodies: who may send one, and how large it may be, decided before a byte is read."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import HTTPException, Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from greenbridge.web.security import SAFE_METHODS, LoginRequired, current_user_sync

# Room for the multipart framing around the files themselves (boundaries, part headers, the
# CSRF field), so that a file of exactly the limit still fits in its upload.
FRAMING_BYTES = 64 * 1024
Refusal = Callable[[Request, HTTPException], Awaitable[Response]]


class BodyTooLarge(HTTPException):
    def __init__(self, limit: str) -> None:
        super().__init__(
            status_code=413,
            detail=f"The request body is over the {limit}; send fewer or smaller files.",
        )


class RequestBodyLimit:
    """Pure ASGI middleware in front of every route that takes a body.

    Anonymous writes are refused with 401 (except on `open_paths`, the sign-in form) before
    the body is read, so nobody can make the server spool a file without signing in. A body
    declared larger than `max_bytes` is refused with 413 at once; a streamed one is cut off with
    413 as soon as the bytes received pass the limit."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_bytes: int,
        limit_label: str,
        refuse: Refusal,
        open_paths: frozenset[str] = frozenset({"/login"}),
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes + FRAMING_BYTES
        self.limit_label = limit_label
        self.refuse = refuse
        self.open_paths = open_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        refusal = await self._refusal(request)
        if refusal is not None:
            response = await self.refuse(request, refusal)
            await response(scope, receive, send)
            return
        await self._call_counting(scope, receive, send, request)

    async def _refusal(self, request: Request) -> HTTPException | None:
        declared = request.headers.get("content-length")
        if declared is not None and not declared.strip().isdigit():
            return HTTPException(status_code=400, detail="Content-Length is not a number.")
        anonymous_allowed = request.url.path in self.open_paths
        if not anonymous_allowed and await run_in_threadpool(current_user_sync, request) is None:
            return LoginRequired()
        if declared is not None and int(declared) > self.max_bytes:
            return BodyTooLarge(self.limit_label)
        return None

    async def _call_counting(
        self, scope: Scope, receive: Receive, send: Send, request: Request
    ) -> None:
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.limit_label)
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except BodyTooLarge as exc:  # raised outside a route, where no handler turned it into 413
            if started:
                raise
            response = await self.refuse(request, exc)
            await response(scope, receive, send)
