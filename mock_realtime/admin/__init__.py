"""The test-control surface under /__mock/: the admin routes, who may use them, faults, the
health probe and the demo page."""
