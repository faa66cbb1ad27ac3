"""What schemathesis itself loads in the API fuzz (e2e/test_fuzz.py): its config and hooks."""
