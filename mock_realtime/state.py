"""Everything one running mock holds: its settings, the snapshots it serves and their
endpoints, clock, ids, issued secrets and journal. Built once per app; routes read it,
tests reach it through the app."""

from __future__ import annotations

from dataclasses import dataclass, field

from mock_realtime.admin.faults import FaultQueue
from mock_realtime.clock import Clock
from mock_realtime.contract.checker import RequestChecker
from mock_realtime.contract.shape import Endpoint
from mock_realtime.contract.snapshot import Contract, load_contract
from mock_realtime.ids import IdSource
from mock_realtime.journal import Journal
from mock_realtime.rate_limit import RateLimiter, parse_rate_limit
from mock_realtime.secret_store import SecretStore
from mock_realtime.settings import Settings


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
    clock: Clock
    ids: IdSource
    secrets: SecretStore
    journal: Journal
    contracts: tuple[Contract, ...]
    served: tuple[ServedEndpoint, ...]
    faults: FaultQueue = field(default_factory=FaultQueue)
    rate_limiter: RateLimiter | None = None

    @classmethod
    def build(cls, settings: Settings, *, clock: Clock | None = None, ids: IdSource | None = None) -> MockState:
        contracts = tuple(load_contract(name) for name in settings.served_contracts)
        limit = parse_rate_limit(settings.rate_limit)
        return cls(
            settings=settings,
            contract=contracts[0],
            clock=clock or Clock(),
            ids=ids or IdSource(seed=settings.seed),
            secrets=SecretStore(capacity=settings.max_secrets, retention=settings.secret_retention),
            journal=Journal(capacity=settings.journal_size),
            contracts=contracts,
            served=served_endpoints(contracts),
            rate_limiter=None if limit is None else RateLimiter(limit),
        )

    def reset(self) -> None:
        """Back to a fresh start: empty journal, secrets and faults, real time, full quota,
        and (when seeded) the first ids again, so each test sees the same ids alone or in a run."""
        self.journal.clear()
        self.secrets.clear()
        self.faults.clear()
        self.clock.reset()
        if self.rate_limiter is not None:
            self.rate_limiter.clear()
        if self.settings.seed is not None:
            self.ids = IdSource(seed=self.settings.seed)

    def snapshot(self, name: str) -> Contract:
        """A served snapshot by name; the first one for a name it does not serve."""
        return next((c for c in self.contracts if c.name == name), self.contract)

    @property
    def checker(self) -> RequestChecker:
        """The first endpoint's request checker."""
        return self.served[0].checker
