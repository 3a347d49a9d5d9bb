"""Small, tested metrics on tidy frames, one module per topic.

* :mod:`sinorus.metrics.trade`: series, growth, balance and shares of trade;
* :mod:`sinorus.metrics.contacts`: counts, gaps and rate ratios of leaders' contacts;
* :mod:`sinorus.metrics.swaps`: lines in force, ranks and dollar values of swap lines;
* :mod:`sinorus.metrics.energy`: supplier series, rankings and deal totals.

Every function is also available here (``metrics.rate_ratio(...)``). They take a
tidy frame (one observation per row, as :func:`sinorus.load` returns) and share one
vocabulary of arguments (see the README's table): country codes are upper-case
ISO 3166-1 alpha-3 (``reporter``, ``partner``, ``exporter``, ``importer``,
``iso3_a``/``iso3_b``, ``counterparty``); ``start``/``end``/``date``/``at`` are
dates (ISO ``YYYY-MM-DD`` strings, ``datetime.date`` or naive ``Timestamp``);
``start_year``/``end_year``/``year`` are int years. Every argument is checked
up front (:mod:`sinorus._checks`): a code, category or date that the data do not
hold raises an error naming it and listing what is allowed, never an empty or
wrong answer.
"""

from __future__ import annotations

from .contacts import (
    COMPARABLE_COUNTS,
    RateRatio,
    contacts_per_period,
    counts_for_tallies,
    cumulative_count,
    dyad_contacts,
    in_person_gaps,
    longest_gap,
    rate_ratio,
    rolling_count,
)
from .energy import (
    EVENT_TYPES,
    deal_totals,
    delivered_vs_contracted,
    energy_series,
    first_overtake,
    import_share,
    supplier_ranking,
)
from .swaps import (
    SIGNING_EVENTS,
    implied_vs_market,
    lines_in_force,
    months_of_trade,
    network_size,
    swap_rank,
    swap_usd_values,
)
from .trade import cagr, growth, partner_share, trade_balance, trade_series

__all__ = [
    "COMPARABLE_COUNTS",
    "EVENT_TYPES",
    "SIGNING_EVENTS",
    "RateRatio",
    "cagr",
    "contacts_per_period",
    "counts_for_tallies",
    "cumulative_count",
    "deal_totals",
    "delivered_vs_contracted",
    "dyad_contacts",
    "energy_series",
    "first_overtake",
    "growth",
    "implied_vs_market",
    "import_share",
    "in_person_gaps",
    "lines_in_force",
    "longest_gap",
    "months_of_trade",
    "network_size",
    "partner_share",
    "rate_ratio",
    "rolling_count",
    "supplier_ranking",
    "swap_rank",
    "swap_usd_values",
    "trade_balance",
    "trade_series",
]
