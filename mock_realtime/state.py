"""Everything one running mock holds: its settings, contract, clock, ids, issued
secrets and journal. Built once per app; routes read it, tests reach it through the app."""

from __future__ import annotations

from dataclasses import dataclass, field

from mock_realtime.admin.faults import FaultQueue
from mock_realtime.clock import Clock
from mock_realtime.contract.checker import RequestChecker
from mock_realtime.contract.snapshot import Contract, load_contract
from mock_realtime.conversation.replies import ReplyQueue
from mock_realtime.ids import IdSource
from mock_realtime.journal import Journal
from mock_realtime.rate_limit import RateLimiter, parse_rate_limit
from mock_realtime.secret_store import SecretStore
from mock_realtime.settings import Settings


@dataclass
class MockState:
    settings: Settings
    contract: Contract
    clock: Clock
    ids: IdSource
    secrets: SecretStore
    journal: Journal
    checker: RequestChecker  # the request schema's, built once per mock
    faults: FaultQueue = field(default_factory=FaultQueue)
    rate_limiter: RateLimiter | None = None
    replies: ReplyQueue = field(default_factory=lambda: ReplyQueue(capacity=1000))

    @classmethod
    def build(cls, settings: Settings, *, clock: Clock | None = None, ids: IdSource | None = None) -> MockState:
        contract = load_contract(settings.contract)
        limit = parse_rate_limit(settings.rate_limit)
        return cls(
            settings=settings,
            contract=contract,
            clock=clock or Clock(),
            ids=ids or IdSource(seed=settings.seed),
            secrets=SecretStore(capacity=settings.max_secrets, retention=settings.secret_retention),
            journal=Journal(capacity=settings.journal_size),
            checker=contract.checker("request"),
            rate_limiter=None if limit is None else RateLimiter(limit),
        )

    def reset(self) -> None:
        """Back to a fresh start: empty journal, secrets and faults, real time, full quota,
        and (when seeded) the first ids again, so each test sees the same ids alone or in a run."""
        self.journal.clear()
        self.secrets.clear()
        self.faults.clear()
        self.replies.clear()
        self.clock.reset()
        if self.rate_limiter is not None:
            self.rate_limiter.clear()
        if self.settings.seed is not None:
            self.ids = IdSource(seed=self.settings.seed)

    @property
    def secret_ttl(self) -> int:
        return self.settings.secret_ttl or self.contract.secret_ttl_seconds
