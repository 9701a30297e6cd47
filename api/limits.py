"""A request body larger than the API takes is refused before it is read: the multipart parser would otherwise
spool it all to disk first. A plain ASGI middleware: it adds nothing to the requests it lets through."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from api import problems

# Multipart envelope around a file: boundaries and part headers.
UPLOAD_OVERHEAD = 64 * 1024


class RefuseOversizedBodies:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            length = next((v for k, v in scope["headers"] if k == b"content-length"), b"")
            if length.isdigit() and int(length) > self.max_bytes + UPLOAD_OVERHEAD:
                megabytes = f"{self.max_bytes / (1024 * 1024):.0f} МБ"
                problem = problems.Problem(
                    413,
                    "file_too_large",
                    f"Файл больше допустимых {megabytes}.",
                    [{"field": "file", "message": f"размер больше {megabytes}"}],
                )
                await problems.problem_response(problem)(scope, receive, send)
                return
        await self.app(scope, receive, send)
