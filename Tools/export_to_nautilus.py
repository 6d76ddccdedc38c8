#!/usr/bin/env python3
"""Turns a `backfill export` of bars into a Nautilus Trader ParquetDataCatalog, with nautilus_trader's own classes.

    backfill export --symbols AAPL --bar 1min --from 2024-03-11 --to 2024-03-15 --output exports
    python Tools/export_to_nautilus.py exports/AAPL_STK_SMART_1min_TRADES.csv --catalog ./catalog \
        --instrument AAPL.NASDAQ --bar-size 1min --price-precision 2

Reads the CSV (`--time iso` or `--time epoch`, gzipped or not) with pandas, builds the bars with
`BarDataWrangler`, and writes the instrument (an `Equity`, or a `CurrencyPair` for `EUR/USD.IDEALPRO`) and the bars
with `ParquetDataCatalog.write_data`. No Parquet is written by hand.

Nautilus stamps a bar with its close (`ts_event`); Backfill stores its open. The script moves each bar to its close
(open + bar size), so a Nautilus backtest sees a bar only once it is complete. Prices are passed through Nautilus's
`Price` at `--price-precision` digits; Backfill's export keeps IB's exact decimal text, and the precision must hold
it (2 for US stocks, 5 for most currency pairs).

Needs Python 3.12+ with `nautilus_trader` (`pip install nautilus_trader`); prints how many bars the catalog holds
for the bar type afterwards.
"""
import argparse
import sys

SECONDS = {"s": 1, "sec": 1, "secs": 1, "min": 60, "mins": 60, "h": 3600, "hour": 3600, "hours": 3600,
           "d": 86400, "day": 86400, "w": 604800, "week": 604800}
STEPS = {1: "SECOND", 60: "MINUTE", 3600: "HOUR", 86400: "DAY", 604800: "WEEK"}


def bar_size(text):
    """`1min`, `5 mins`, `1h`, `1 day` → (step count, Nautilus aggregation, seconds per bar)."""
    compact = text.replace(" ", "").lower()
    digits = "".join(ch for ch in compact if ch.isdigit())
    unit = compact[len(digits):]
    if not digits or unit not in SECONDS:
        raise SystemExit(f"--bar-size {text!r} is not a bar size such as 1min, 5min, 1h or 1day")
    unit_seconds = SECONDS[unit]
    return int(digits), STEPS[unit_seconds], int(digits) * unit_seconds


def instrument(instrument_id, precision):
    from nautilus_trader.model.currencies import USD
    from nautilus_trader.model.identifiers import InstrumentId, Symbol
    from nautilus_trader.model.instruments import CurrencyPair, Equity
    from nautilus_trader.model.objects import Currency, Price, Quantity

    identifier = InstrumentId.from_str(instrument_id)
    increment = Price(10 ** -precision, precision)
    symbol = identifier.symbol.value
    if "/" in symbol:
        base, quote = symbol.split("/", 1)
        return CurrencyPair(
            instrument_id=identifier, raw_symbol=Symbol(symbol), base_currency=Currency.from_str(base),
            quote_currency=Currency.from_str(quote), price_precision=precision, size_precision=0,
            price_increment=increment, size_increment=Quantity.from_int(1), lot_size=None, max_quantity=None,
            min_quantity=None, max_notional=None, min_notional=None, max_price=None, min_price=None,
            margin_init=0, margin_maint=0, maker_fee=0, taker_fee=0, ts_event=0, ts_init=0,
        )
    return Equity(
        instrument_id=identifier, raw_symbol=Symbol(symbol), currency=USD, price_precision=precision,
        price_increment=increment, lot_size=Quantity.from_int(1), ts_event=0, ts_init=0,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("export", help="a CSV file written by `backfill export` (bars; .csv or .csv.gz)")
    parser.add_argument("--catalog", required=True, help="the catalog's directory (created when missing)")
    parser.add_argument("--instrument", required=True, help="Nautilus instrument id, e.g. AAPL.NASDAQ")
    parser.add_argument("--bar-size", required=True, help="the export's bar size: 1min, 5min, 1h, 1day …")
    parser.add_argument("--price-type", default="LAST", help="LAST for TRADES, MID for MIDPOINT, BID, ASK")
    parser.add_argument("--price-precision", type=int, default=2)
    args = parser.parse_args()

    import pandas as pd
    from nautilus_trader.model.data import BarType
    from nautilus_trader.persistence.catalog import ParquetDataCatalog
    from nautilus_trader.persistence.wranglers import BarDataWrangler

    step, aggregation, seconds = bar_size(args.bar_size)
    frame = pd.read_csv(args.export, dtype={"time": str})
    if frame.empty:
        raise SystemExit(f"{args.export} holds no bars")
    if frame["time"].str.fullmatch(r"\d+").all():
        opens = pd.to_datetime(frame["time"].astype("int64"), unit="s", utc=True)
    else:
        opens = pd.to_datetime(frame["time"], utc=True)
    frame.index = opens + pd.Timedelta(seconds=seconds)  # Nautilus stamps a bar at its close
    frame.index.name = "timestamp"
    bars_frame = frame[["open", "high", "low", "close", "volume"]].astype("float64")
    # MIDPOINT, BID and ASK bars have no volume (stored NULL): Nautilus then takes its default.
    if bars_frame["volume"].isna().any():
        bars_frame = bars_frame.drop(columns=["volume"])

    nautilus_instrument = instrument(args.instrument, args.price_precision)
    bar_type = BarType.from_str(f"{args.instrument}-{step}-{aggregation}-{args.price_type.upper()}-EXTERNAL")
    bars = BarDataWrangler(bar_type, nautilus_instrument).process(bars_frame)
    catalog = ParquetDataCatalog(args.catalog)
    catalog.write_data([nautilus_instrument])
    catalog.write_data(bars)
    stored = catalog.bars(bar_types=[str(bar_type)])
    print(f"{len(stored)} bars of {bar_type} in {args.catalog}")
    if stored:
        first = stored[0]
        print(f"first: {first.ts_event // 1_000_000_000} {first.open} {first.high} {first.low} {first.close} "
              f"{first.volume}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
