"""A Starlette app that sends its hot routes straight to their endpoints.

Under load, Starlette's per-request machinery (the two exception middlewares, the
router's matching, the endpoint wrapper) costs more than the mock's own work. For the
routes that take the load (the OpenAI-facing operations), this app does what that
machinery would do, and only when the outcome is certain to be the same: the hot routes
lead the table (so one of them would win the match; their paths differ), the method and
path are the route's own, and no middleware is installed but the access log, which it
runs itself where Starlette would (inside the server-error handler, outside the other
handlers). Everything else goes through Starlette unchanged."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from mock_realtime.web.access_log import AccessLog


class HotRouteStarlette(Starlette):
    def __init__(self, *args: Any, hot_routes: list[Route], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hot_routes = {route.path: route for route in hot_routes}
        self._logged: ASGIApp = AccessLog(self._serve)

    def _stack(self) -> ASGIApp | None:
        """The hot routes wrapped as the installed middleware would wrap them, when that is
        only the access log (or nothing); None for any other middleware."""
        if not self.user_middleware:
            return self._serve
        only_log = len(self.user_middleware) == 1 and self.user_middleware[0].cls is AccessLog  # type: ignore[comparison-overlap]
        return self._logged if only_log else None

    def takes(self, scope: Scope) -> bool:
        route = self.hot_routes.get(scope["path"]) if scope["type"] == "http" else None
        return (
            route is not None
            and scope["method"] in (route.methods or ())
            and not scope.get("root_path")
            and self._stack() is not None
            and self._lead_the_table()
        )

    def _lead_the_table(self) -> bool:
        leading = self.router.routes[:len(self.hot_routes)]
        return len(leading) == len(self.hot_routes) and all(
            r is self.hot_routes.get(getattr(r, "path", "")) for r in leading
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        stack = self._stack() if self.takes(scope) else None
        if stack is None:
            await super().__call__(scope, receive, send)
            return
        route = self.hot_routes[scope["path"]]
        scope["app"] = self
        scope.setdefault("router", self.router)
        scope.update(route=route, endpoint=route.endpoint, path_params={})
        try:
            await stack(scope, receive, send)
        except Exception as exc:
            await self._answer_server_error(Request(scope, receive, send), exc, send)

    async def _serve(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The route, with the handlers Starlette's ExceptionMiddleware would apply; any
        other exception is raised, for the server-error handler outside the access log."""
        request = Request(scope, receive, send)
        try:
            response = await scope["endpoint"](request)
        except Exception as exc:
            handler = self._handler_for(exc)
            if handler is None:
                raise
            response = await handler(request, exc)
        await response(scope, receive, send)

    def _handler_for(self, exc: Exception) -> Any:
        """The handler Starlette's ExceptionMiddleware would pick: by status code for an
        HTTPException, else by the exception's class (Exception itself excluded)."""
        if isinstance(exc, HTTPException) and exc.status_code in self.exception_handlers:
            return self.exception_handlers[exc.status_code]
        for kind in type(exc).__mro__:
            if kind is Exception:  # Exception's handler is the 500 handler, used apart
                return None
            if kind in self.exception_handlers:
                return self.exception_handlers[kind]
        return None

    async def _answer_server_error(self, request: Request, exc: Exception, send: Send) -> None:
        """As Starlette's ServerErrorMiddleware would: the 500 handler's answer, and the
        exception raised again, so the server logs it."""
        server_error = self.exception_handlers.get(500) or self.exception_handlers.get(Exception)
        if server_error is None or isinstance(exc, HTTPException):
            raise exc
        response = await server_error(request, exc)
        await response(request.scope, request.receive, send)
        raise exc
