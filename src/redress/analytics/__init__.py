"""Analytics: what the complaints say together — facts, dashboards, spike alerts and regulator returns."""
