"""Demo data: the city's units, one account per role, and ideas drawn from the strategy."""
