"""What the complaints add up to: daily aggregates, spike alerts, dashboards and returns."""
