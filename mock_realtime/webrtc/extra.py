"""Whether the `webrtc` extra is installed, and the words for when it is not."""

from __future__ import annotations

import importlib

WEBRTC_MISSING_MESSAGE = (
    "WebRTC calls need the optional 'webrtc' extra, which is not installed: "
    "pip install 'mock-realtime[webrtc]' (missing module: {module})."
)
# What the peer imports: aiortc itself, and PyAV, which decodes and resamples its audio.
_MODULES = ("aiortc", "av")


class WebRTCUnavailable(ImportError):
    """The extra is missing; the message says what to install."""


def require_webrtc() -> None:
    """Import what the peer needs, or raise WebRTCUnavailable naming the missing module."""
    for module in _MODULES:
        try:
            importlib.import_module(module)
        except ImportError as error:
            raise WebRTCUnavailable(WEBRTC_MISSING_MESSAGE.format(module=module), name=module) from error
