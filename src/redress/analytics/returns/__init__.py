"""Regulator returns and the management pack: each kind's columns, rows and totals.

`RETURNS[kind].rows(start, end)` yields the rows (dicts keyed by the columns' keys; counts are integers, money and
per cents decimal strings); `RETURNS[kind].totals(start, end, rows)` the totals. Facts are refreshed first.
"""

from __future__ import annotations

from typing import Final

from redress.analytics.returns import board_mi, cn_stats, uk_disp, us_cfpb
from redress.analytics.returns.columns import Column, Return, Row

RETURNS: Final[dict[str, Return]] = {
    "uk-disp": Return("uk-disp", uk_disp.COLUMNS, uk_disp.rows, uk_disp.totals),
    "cn-stats": Return("cn-stats", cn_stats.COLUMNS, cn_stats.rows, cn_stats.totals),
    "us-cfpb": Return("us-cfpb", us_cfpb.COLUMNS, us_cfpb.rows, us_cfpb.totals, streams=True),
    "board-mi": Return("board-mi", board_mi.COLUMNS, board_mi.rows, board_mi.totals),
}

__all__ = ["RETURNS", "Column", "Return", "Row"]
