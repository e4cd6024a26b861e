"""Code tables: business line, product, reason and root cause, each with labels in three languages."""
