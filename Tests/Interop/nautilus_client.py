#!/usr/bin/env python3
"""Drives the simulator with Nautilus Trader's Interactive Brokers adapter, for the interop tests.

    nautilus_client.py --port P --client-id N

Runs in its own virtual environment (nautilus_trader pins its own ibapi; Deploy/test.sh makes it). For each case
below it asks the adapter's HistoricInteractiveBrokersClient for the instrument, the bars and the ticks, and prints
one JSON object: {"cases": {name: {"instrument": {...}, "bars": [...], "ticks": [...], "errors": [...]}}}.
Prices and sizes are printed as the text Nautilus made of them; times as epoch nanoseconds. The Swift test replays
the requests the simulator saw from this client with our own client and compares.
"""
import argparse
import asyncio
import datetime
import json
import sys

UTC = datetime.timezone.utc


def now():
    return datetime.datetime.now(UTC).replace(tzinfo=None)


def hours(count):
    return datetime.timedelta(hours=count)


def cases():
    from nautilus_trader.adapters.interactive_brokers.common import IBContract

    day = datetime.datetime
    return [
        # name, contract, bar specification, bar window end, tick type, tick window start
        ("stock", IBContract(secType="STK", symbol="AAPL", exchange="SMART", primaryExchange="NASDAQ",
                             currency="USD"),
         "1-MINUTE-LAST", day(2026, 11, 24, 21, 0), "TRADES", day(2026, 11, 24, 15, 0)),
        ("fx", IBContract(secType="CASH", symbol="EUR", currency="USD", exchange="IDEALPRO"),
         "1-MINUTE-MID", day(2026, 11, 24, 21, 0), "BID_ASK", day(2026, 11, 24, 15, 0)),
        ("future", IBContract(secType="FUT", localSymbol="ESZ6", exchange="CME"),
         "1-MINUTE-LAST", day(2026, 11, 24, 21, 0), "TRADES", day(2026, 11, 24, 15, 0)),
        ("expired_future", IBContract(secType="FUT", localSymbol="ESU6", exchange="CME", includeExpired=True),
         "1-MINUTE-LAST", day(2026, 9, 10, 21, 0), "TRADES", day(2026, 9, 10, 15, 0)),
        # IB serves a continuous future up to now only; its ticks two hours back (none on a weekend).
        ("continuous_future", IBContract(secType="CONTFUT", symbol="ES", exchange="CME"),
         "1-HOUR-LAST", None, "TRADES", now().replace(minute=0, second=0, microsecond=0) - hours(2)),
        ("index", IBContract(secType="IND", symbol="SPX", exchange="CBOE", currency="USD"),
         "1-MINUTE-LAST", day(2026, 11, 24, 21, 0), "TRADES", day(2026, 11, 24, 15, 0)),
    ]


def describe(instrument):
    info = instrument.info or {}
    contract = info.get("contract", {})
    row = {
        "id": str(instrument.id),
        "type": type(instrument).__name__,
        "price_increment": str(instrument.price_increment),
        "conId": contract.get("conId"),
        "localSymbol": contract.get("localSymbol"),
        "lastTradeDateOrContractMonth": contract.get("lastTradeDateOrContractMonth"),
        "timeZoneId": info.get("timeZoneId"),
        "tradingHours": info.get("tradingHours"),
        "liquidHours": info.get("liquidHours"),
        "secIdList": info.get("secIdList") or {},
        "underConId": info.get("underConId"),
        "underSymbol": info.get("underSymbol"),
        "marketRuleIds": info.get("marketRuleIds"),
        "longName": info.get("longName"),
        "realExpirationDate": info.get("realExpirationDate"),
    }
    for name in ("isin", "multiplier", "expiration_ns", "underlying"):
        value = getattr(instrument, name, None)
        if value is not None:
            row[name] = str(value)
    return row


async def run(port, client_id):
    from nautilus_trader.adapters.interactive_brokers.historical.client import HistoricInteractiveBrokersClient

    client = HistoricInteractiveBrokersClient(port=port, client_id=client_id, log_level="ERROR")
    await client.connect()
    await asyncio.sleep(0.5)
    result = {}
    for name, contract, bar_spec, bars_end, tick_type, ticks_start in cases():
        case = {"errors": []}
        try:
            instruments = await client.request_instruments(contracts=[contract])
            case["instrument"] = describe(instruments[0]) if instruments else None
        except Exception as error:  # the test reports it; one case must not hide the others
            case["errors"].append("instruments: %r" % error)
        try:
            bars = await client.request_bars(bar_specifications=[bar_spec], end_date_time=bars_end or now(),
                                             tz_name="UTC", duration="1 D", contracts=[contract], use_rth=False)
            case["bars"] = [[bar.ts_event, str(bar.open), str(bar.high), str(bar.low), str(bar.close),
                             str(bar.volume)] for bar in bars]
        except Exception as error:
            case["errors"].append("bars: %r" % error)
        if ticks_start is not None:
            try:
                ticks = await client.request_ticks(tick_type, start_date_time=ticks_start,
                                                   end_date_time=ticks_start + datetime.timedelta(seconds=20),
                                                   tz_name="UTC", contracts=[contract], use_rth=False)
                case["ticks"] = [tick_row(tick) for tick in ticks]
                start = int(ticks_start.replace(tzinfo=UTC).timestamp())
                case["ticks_window"] = [start, start + 20]
            except Exception as error:
                case["errors"].append("ticks: %r" % error)
        result[name] = case
    return {"cases": result}


def tick_row(tick):
    if hasattr(tick, "bid_price"):
        return [tick.ts_event, str(tick.bid_price), str(tick.ask_price), str(tick.bid_size), str(tick.ask_size)]
    return [tick.ts_event, str(tick.price), str(tick.size)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--client-id", type=int, required=True)
    args = parser.parse_args()
    result = asyncio.run(run(args.port, args.client_id))
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
