"""Everything one running mock holds: its settings, the snapshots it serves and their
endpoints, ids, and its store (clock, issued secrets, journal, faults, quota). Built once
per app; routes read it, tests reach it through the app."""

from __future__ import annotations

from dataclasses import dataclass, field

from mock_realtime.contract.checker import RequestChecker
from mock_realtime.contract.shape import Endpoint
from mock_realtime.contract.snapshot import Contract, load_contract
from mock_realtime.conversation.replies import ReplyBook
from mock_realtime.ids import IdSource
from mock_realtime.rate_limit import parse_rate_limit
from mock_realtime.settings import Settings
from mock_realtime.store import open_store
from mock_realtime.store.interface import (
    FaultSchedule,
    RequestLog,
    RequestQuota,
    SecretBook,
    Store,
    TimeSource,
)
from mock_realtime.webrtc.calls import CallRegistry


@dataclass(frozen=True)
class ServedEndpoint:
    """One endpoint of a served snapshot, with the checker of the schema it reads."""

    contract: Contract
    endpoint: Endpoint
    checker: RequestChecker

    @classmethod
    def of(cls, contract: Contract, endpoint: Endpoint) -> ServedEndpoint:
        return cls(contract, endpoint, contract.checker(endpoint.request))

    @property
    def retired(self) -> bool:
        return self.contract.retired is not None


def served_endpoints(contracts: tuple[Contract, ...]) -> tuple[ServedEndpoint, ...]:
    """Every endpoint of every snapshot served; two snapshots may not claim one path."""
    served: dict[tuple[str, str], ServedEndpoint] = {}
    for contract in contracts:
        for endpoint in contract.endpoints:
            taken = served.get((endpoint.method, endpoint.path))
            if taken is not None:
                raise ValueError(f"snapshots {taken.contract.name!r} and {contract.name!r} both serve "
                                 f"{endpoint.method} {endpoint.path}: give --contract one of them")
            served[(endpoint.method, endpoint.path)] = ServedEndpoint.of(contract, endpoint)
    return tuple(served.values())


@dataclass
class MockState:
    settings: Settings
    contract: Contract  # the first snapshot served
    ids: IdSource
    store: Store
    contracts: tuple[Contract, ...]
    served: tuple[ServedEndpoint, ...]
    # The store's parts, bound once, so that a route reaches each in one attribute lookup.
    clock: TimeSource
    secrets: SecretBook
    journal: RequestLog
    faults: FaultSchedule
    rate_limiter: RequestQuota | None
    replies: ReplyBook
    calls: CallRegistry = field(default_factory=CallRegistry)  # live WebRTC calls, this process's own

    @classmethod
    def build(
        cls, settings: Settings, *, clock: TimeSource | None = None, ids: IdSource | None = None
    ) -> MockState:
        contracts = tuple(load_contract(name) for name in settings.served_contracts)
        store = open_store(settings, limit=parse_rate_limit(settings.rate_limit), clock=clock)
        return cls(
            settings=settings,
            contract=contracts[0],
            ids=ids or IdSource(seed=settings.seed),
            store=store,
            contracts=contracts,
            served=served_endpoints(contracts),
            clock=store.clock,
            secrets=store.secrets,
            journal=store.journal,
            faults=store.faults,
            rate_limiter=store.quota,
            replies=store.replies,
        )

    def reset(self) -> None:
        """Back to a fresh start: empty journal, secrets, faults and replies, no calls, real time, full quota,
        and (when seeded) the first ids again, so each test sees the same ids alone or in a run.
        With a shared store this resets every replica's state at once."""
        self.store.reset()
        self.calls.clear()
        if self.settings.seed is not None:
            self.ids = IdSource(seed=self.settings.seed)

    def snapshot(self, name: str) -> Contract:
        """A served snapshot by name; the first one for a name it does not serve."""
        return next((c for c in self.contracts if c.name == name), self.contract)

    @property
    def checker(self) -> RequestChecker:
        """The first endpoint's request checker."""
        return self.served[0].checker
