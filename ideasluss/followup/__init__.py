"""Follow-up and openness: innovation accounts, ILS indicators, exports and the open data API."""
