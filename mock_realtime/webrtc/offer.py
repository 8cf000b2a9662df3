"""What makes an SDP offer answerable, checked before aiortc sees it, so that a bad offer
gets one clear reason instead of whatever aiortc happens to raise."""

from __future__ import annotations

import re

# Host candidates a browser hides behind a multicast-DNS name: resolving one means
# multicast on a real network, which the mock never does; loopback needs none of them.
_MDNS_CANDIDATE = re.compile(r"a=candidate:\S+ \d+ \S+ \d+ \S+\.local \d+ ")


class OfferRejected(ValueError):
    """The offer cannot be answered; the message says why."""


def check_offer(sdp: str) -> None:
    lines = [line.strip() for line in sdp.splitlines() if line.strip()]
    if not lines or lines[0] != "v=0":
        raise OfferRejected("The SDP offer could not be parsed: it must start with 'v=0'.")
    if not any(line.startswith("m=audio ") or line.startswith("m=application ") for line in lines):
        raise OfferRejected("The SDP offer has no audio or data channel media section.")
    if not any(line.startswith("a=ice-ufrag:") for line in lines):
        raise OfferRejected("The SDP offer has no ICE credentials (a=ice-ufrag, a=ice-pwd).")
    if not any(line.startswith("a=fingerprint:") for line in lines):
        raise OfferRejected("The SDP offer has no DTLS fingerprint (a=fingerprint).")
    has_audio = any(line.startswith("m=audio ") for line in lines)
    if has_audio and not any(line.lower().startswith("a=rtpmap:") and " opus/48000" in line.lower() for line in lines):
        raise OfferRejected("The SDP offer's audio section has no Opus codec (a=rtpmap:<pt> opus/48000/2).")


def without_mdns_candidates(sdp: str) -> str:
    kept = [line for line in sdp.splitlines() if not _MDNS_CANDIDATE.match(line)]
    return "\r\n".join(kept) + "\r\n"
