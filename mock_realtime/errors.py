"""The APIError family. Errors carry OpenAI's status, type, param and code;
`envelope()` is the only place an error body is built."""

from __future__ import annotations

from typing import Any

PARSE_MESSAGE = (
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using "
    "your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not "
    "valid JSON. If you have trouble figuring out how to fix this, please contact us through our "
    "help center at help.openai.com.)"
)
NO_KEY_MESSAGE = (
    "You didn't provide an API key. You need to provide your API key in an Authorization header "
    "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank "
    "username) if you're accessing the API from your browser and are prompted for a username and "
    "password. You can obtain an API key from https://platform.openai.com/account/api-keys."
)
BAD_KEY_MESSAGE = (
    "Incorrect API key provided: {masked}. You can find your API key at "
    "https://platform.openai.com/account/api-keys."
)


class APIError(Exception):
    """An answer in OpenAI's error envelope."""

    status = 400
    type = "invalid_request_error"

    def __init__(
        self,
        message: str,
        *,
        param: str | None = None,
        code: str | None = None,
        status: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.param = param
        self.code = code
        if status is not None:
            self.status = status
        self.headers = headers or {}

    def envelope(self) -> dict[str, Any]:
        return {
            "error": {"message": self.message, "type": self.type, "param": self.param, "code": self.code}
        }


class InvalidRequestError(APIError):
    status = 400


class AuthenticationError(APIError):
    status = 401


class NotFoundError(APIError):
    status = 404


class MethodNotAllowedError(APIError):
    status = 405


class PayloadTooLargeError(APIError):
    status = 413


class PermissionDeniedError(APIError):
    status = 403


def routing_error(method: str, path: str, status: int, allow: str = "") -> APIError:
    """404 and 405 as OpenAI words them; `allow` is the Allow header the router computed."""
    if status == 405:
        methods = sorted(m for m in allow.split(", ") if m not in ("", "HEAD"))
        return MethodNotAllowedError(f"Only {' or '.join(methods)} requests are accepted.", code="method_not_supported")
    return NotFoundError(f"Invalid URL ({method} {path})")


SERVER_ERROR_MESSAGE = "The server had an error while processing your request. Sorry about that!"


class ServerError(APIError):
    status = 500
    type = "server_error"
