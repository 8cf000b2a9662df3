"""The conversation on a Realtime connection, free of any transport (engine.Conversation).
Client events in as dicts, server events out through a send callback; beta and GA differ
only in the protocol data under contracts/protocols/."""
