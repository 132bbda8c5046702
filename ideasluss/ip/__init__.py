"""IP principles (principer för immateriella rättigheter): versions and acknowledgements."""
