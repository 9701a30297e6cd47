"""A request body larger than the API takes is refused before it is read: the multipart parser would otherwise
spool it all to disk first. A plain ASGI middleware: it adds nothing to the requests it lets through."""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from api import problems

# Multipart envelope around a file: boundaries and part headers.
UPLOAD_OVERHEAD = 64 * 1024
# A form of the web interface sends all its documents at once (the package has five); each file is held to the
# limit by the form itself, which says so next to the file. The body as a whole may carry this many.
FILES_PER_FORM = 12


class RefuseOversizedBodies:
    """Refuses as the API does (problem+json), or, for a form of the web interface, with a page that says so."""

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int,
        page: Callable[[Request, problems.Problem], Response] | None = None,
        is_page: Callable[[Request], bool] | None = None,
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.page = page
        self.is_page = is_page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            length = next((v for k, v in scope["headers"] if k == b"content-length"), b"")
            if length.isdigit() and int(length) > self.max_bytes + UPLOAD_OVERHEAD:
                refusal = self._refusal(Request(scope, receive), int(length))
                if refusal is not None:
                    await refusal(scope, receive, send)
                    return
        await self.app(scope, receive, send)

    def _refusal(self, request: Request, length: int) -> Response | None:
        megabytes = f"{self.max_bytes / (1024 * 1024):.0f} МБ"
        if self.page is None or self.is_page is None or not self.is_page(request):
            problem = problems.Problem(
                413,
                "file_too_large",
                f"Файл больше допустимых {megabytes}.",
                [{"field": "file", "message": f"размер больше {megabytes}"}],
            )
            return problems.problem_response(problem)
        if length <= self.max_bytes * FILES_PER_FORM + UPLOAD_OVERHEAD:
            return None
        problem = problems.Problem(
            413,
            "file_too_large",
            f"Файлы формы вместе больше допустимого: каждый файл — до {megabytes}, за один раз — не больше "
            f"{FILES_PER_FORM} таких файлов. Ничего не записано.",
        )
        return self.page(request, problem)
