"""Token fixtures (token_for, OAuth clients) for the test kit."""
