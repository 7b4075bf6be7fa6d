"""Account fixtures (citizen, staff) for the test kit."""
